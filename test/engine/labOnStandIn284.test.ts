/**
 * The project's real program on the real Pulumi engine against the Kong stand-in in its 2.8.4 mode
 * (a test double; Kong 2.8 has no plugin instance_name and fewer prometheus flags). Shorter than the
 * 3.9.3 life cycle in labOnStandIn.test.ts: up, an up that changes nothing, destroy. It checks that
 * the version gating reaches the user as CLI warnings and that nothing leaks a secret.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import * as path from "node:path";
import { after, before, describe, test } from "node:test";
import { destroyLeavesStandInEmpty } from "../support/destroyOnStandIn";
import { EngineStack, REPO_ROOT, engineSuite, freshProgram } from "../support/engineHarness";
import { KongStandIn, startKongStandIn } from "../kong-standin";

type Entity = Record<string, unknown>;

engineSuite("lab program on the Kong stand-in, 2.8.4 mode", () => {
  describe("lab program on the Kong stand-in, 2.8.4 mode (real engine)", () => {
    const secret = `engine-284-${randomBytes(12).toString("hex")}`;
    let standIn: KongStandIn;
    let engine: EngineStack;

    before(async () => {
      standIn = await startKongStandIn({ version: "2.8.4" });
      engine = await EngineStack.create({
        stackName: "engine-284",
        program: freshProgram(path.join(REPO_ROOT, "index.ts")),
        config: {
          "kong-jwt-lab:containersEnabled": { value: "false" },
          "kong-jwt-lab:kongAdminUrl": { value: standIn.adminUrl },
          // never called: this test does not go through the proxy
          "kong-jwt-lab:upstreamUrl": { value: "http://127.0.0.1:9/healthy" },
          "kong-jwt-lab:jwtSecret": { value: secret, secret: true },
        },
      });
    });

    after(async () => {
      await engine?.dispose();
      await standIn?.close();
    });

    test("up creates the entities without instance_name and warns about it", async () => {
      const result = await engine.up();
      assert.equal(result.summary.result, "succeeded");
      const plugins = standIn.snapshot().plugins as Entity[];
      const jwtPlugin = plugins.find((p) => p.name === "jwt");
      assert.ok(jwtPlugin, "jwt plugin");
      assert.equal(jwtPlugin.instance_name ?? null, null);
      assert.equal((jwtPlugin.config as Entity).maximum_expiration, 600);
      const credential = (standIn.snapshot().jwt_secrets as Entity[]).find(
        (c) => c.key === "jwttoken",
      );
      assert.equal(credential?.secret, secret);
      assert.match(result.stdout, /warning: .*instance_name/);
    });

    test("a second up changes nothing and writes nothing to the Admin API", async () => {
      standIn.clearRequests();
      const result = await engine.up();
      assert.deepEqual(Object.keys(result.summary.resourceChanges ?? {}), ["same"]);
      const counts = standIn.countsByMethod("admin");
      for (const method of ["POST", "PUT", "PATCH", "DELETE"])
        assert.equal(counts[method] ?? 0, 0, method);
    });

    test("destroy empties the stand-in; neither state nor CLI output showed the secret", async () => {
      const state = await engine.exportState();
      assert.equal(
        state.includes(secret),
        false,
        "JWT secret in plaintext in `pulumi stack export`",
      );
      await destroyLeavesStandInEmpty(engine, standIn);
      assert.equal(engine.transcriptText().includes(secret), false, "JWT secret in the CLI output");
    });
  });
});
