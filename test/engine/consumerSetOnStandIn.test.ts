/**
 * KongConsumerSet on the real Pulumi engine against the Kong stand-in (a test double of Kong's
 * Admin API): 30 consumers with JWT credentials through up, an unchanged preview, a hand edit
 * caught by refresh and repaired by up, one rotated secret, and destroy. Checks the writes each
 * step costs and that no secret reaches the state or the CLI output.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { KongConsumerSet } from "../../components/kong/ConsumerSet";
import { destroyLeavesStandInEmpty } from "../support/destroyOnStandIn";
import { EngineStack, engineSuite } from "../support/engineHarness";
import { type KongStandIn, startKongStandIn } from "../kong-standin";

const N = 30;
const OWNER = "kong-jwt-lab.engine";
const WRITES = ["POST", "PUT", "PATCH", "DELETE"];

type Entity = Record<string, unknown>;
const pad = (i: number) => String(i).padStart(2, "0");

function writesOf(standIn: KongStandIn): Record<string, number> {
  const counts = standIn.countsByMethod("admin");
  return Object.fromEntries(WRITES.filter((m) => counts[m]).map((m) => [m, counts[m]!]));
}

engineSuite("KongConsumerSet on the Kong stand-in", () => {
  describe("KongConsumerSet on the Kong stand-in (real engine)", () => {
    const salt = randomBytes(8).toString("hex");
    const secrets = Array.from({ length: N }, (_, i) => `set-secret-${salt}-${pad(i)}`);
    let standIn: KongStandIn;
    let engine: EngineStack;

    before(async () => {
      standIn = await startKongStandIn({ version: "3.9.3" });
      engine = await EngineStack.create({
        stackName: "consumer-set",
        program: async () => {
          const set = new KongConsumerSet("team", {
            adminUrl: standIn.adminUrl,
            ownerTag: OWNER,
            consumers: secrets.map((_, i) => ({
              username: `user-${pad(i)}`,
              credentials: [{ key: `key-${pad(i)}`, algorithm: "HS256" as const }],
            })),
            secrets: pulumi.secret(Object.fromEntries(secrets.map((s, i) => [`key-${pad(i)}`, s]))),
          });
          return { consumerCount: set.consumerCount, drift: set.drift };
        },
      });
    });

    after(async () => {
      await engine?.dispose();
      await standIn?.close();
    });

    /** The set resource's outputs as the state holds them. */
    async function setOutputs(): Promise<Entity> {
      const deployment = await engine.stack.exportStack();
      const resources = (deployment.deployment as { resources: Entity[] }).resources;
      const set = resources.find((r) => String(r.type).endsWith(":KongConsumerSet"));
      assert.ok(set, "the set in the state");
      return set.outputs as Entity;
    }

    const secretOf = (key: string) =>
      (standIn.snapshot().jwt_secrets as Entity[]).find((c) => c.key === key)?.secret;

    test("up writes each consumer and credential once; the state holds no secret", async () => {
      const result = await engine.up();
      assert.equal(result.summary.result, "succeeded");
      assert.deepEqual(writesOf(standIn), { PUT: 2 * N });
      assert.equal((standIn.snapshot().consumers as Entity[]).length, N);
      assert.equal(secretOf("key-07"), secrets[7]);
      assert.equal(result.outputs.consumerCount?.value, N);
      const state = await engine.exportState();
      for (const s of secrets) assert.equal(state.includes(s), false, "a secret in the state");
    });

    test("an unchanged preview reports no changes and writes nothing", async () => {
      standIn.clearRequests();
      const result = await engine.preview();
      assert.deepEqual(Object.keys(result.changeSummary), ["same"]);
      assert.deepEqual(writesOf(standIn), {});
    });

    test("a hand edit is caught by refresh (drift by username) and repaired by up", async () => {
      await fetch(`${standIn.adminUrl}/consumers/user-03`, { method: "DELETE" });
      await fetch(`${standIn.adminUrl}/consumers/user-04/jwt/key-04`, {
        method: "PATCH",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ secret: `edited-by-hand-${salt}` }),
      });
      const refreshed = await engine.refresh();
      assert.equal(refreshed.summary.result, "succeeded");
      // refresh updates the resource's state (stack outputs change only on the next up)
      const outputs = await setOutputs();
      assert.deepEqual(outputs.drift, {
        missing: ["user-03"],
        unexpected: [],
        fieldsChanged: [],
        secretsChanged: ["user-04"],
      });
      assert.equal(outputs.consumerCount, N - 1);

      const preview = await engine.preview({ diff: true });
      assert.equal(preview.changeSummary.update, 1);
      assert.match(preview.stdout, /consumers/);
      standIn.clearRequests();
      const repaired = await engine.up();
      assert.equal(repaired.summary.resourceChanges?.update, 1);
      assert.deepEqual(writesOf(standIn), { PUT: 3 });
      assert.equal(secretOf("key-04"), secrets[4]);
      assert.equal((standIn.snapshot().consumers as Entity[]).length, N);
      assert.deepEqual((await setOutputs()).drift, {
        missing: [],
        unexpected: [],
        fieldsChanged: [],
        secretsChanged: [],
      });

      standIn.clearRequests();
      assert.deepEqual(Object.keys((await engine.preview()).changeSummary), ["same"]);
    });

    test("one rotated secret costs one write", async () => {
      secrets[12] = `set-secret-${salt}-rotated`;
      standIn.clearRequests();
      const result = await engine.up();
      assert.equal(result.summary.resourceChanges?.update, 1);
      assert.deepEqual(writesOf(standIn), { PUT: 1 });
      assert.equal(secretOf("key-12"), secrets[12]);
    });

    test("destroy empties the stand-in; no CLI output showed a secret", async () => {
      await destroyLeavesStandInEmpty(engine, standIn);
      const output = engine.transcriptText();
      for (const s of [...secrets, `edited-by-hand-${salt}`]) {
        assert.equal(output.includes(s), false, "a secret in the CLI output");
      }
    });
  });
});
