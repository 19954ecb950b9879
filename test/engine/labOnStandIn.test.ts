/**
 * The project's real program (index.ts) on the real Pulumi engine, with containers off and the Kong
 * configuration pointed at the Kong stand-in (a test double of Kong's Admin API and proxy, running in
 * this process) and at an upstream server started here. One stack goes through the whole life cycle
 * in order: preview, up, an up that changes nothing, drift made through the Admin API (an edit and a
 * deletion) seen by preview, refresh and repaired by up, a config change (new JWT secret, new
 * maximum_expiration), destroy. The state and every line the CLI printed are searched for secrets.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { after, before, describe, test } from "node:test";
import * as jwt from "jsonwebtoken";
import { destroyLeavesStandInEmpty } from "../support/destroyOnStandIn";
import { standInStackConfig } from "../support/standInStackConfig";
import { EngineStack, REPO_ROOT, engineSuite, freshProgram } from "../support/engineHarness";
import { KongStandIn, startKongStandIn } from "../kong-standin";

const WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"];

type Entity = Record<string, unknown>;

/** Admin API writes (POST/PUT/PATCH/DELETE) the stand-in received since the last clearRequests(). */
function adminWrites(standIn: KongStandIn): Record<string, number> {
  const counts = standIn.countsByMethod("admin");
  return Object.fromEntries(WRITE_METHODS.filter((m) => counts[m]).map((m) => [m, counts[m]]));
}

function byName(list: object[], field: string, value: string): Entity | undefined {
  return (list as Entity[]).find((e) => e[field] === value);
}

function jwtPlugin(standIn: KongStandIn): Entity {
  const plugin = byName(standIn.snapshot().plugins, "name", "jwt");
  assert.ok(plugin, "no jwt plugin in the stand-in");
  return plugin;
}

function pluginConfig(plugin: Entity): Entity {
  return plugin.config as Entity;
}

/** Admin API call as an operator (or Kong Manager) would make it, outside Pulumi. */
async function admin(
  standIn: KongStandIn,
  method: string,
  urlPath: string,
  body?: object,
): Promise<number> {
  const res = await fetch(`${standIn.adminUrl}${urlPath}`, {
    method,
    headers: body ? { "content-type": "application/json" } : undefined,
    body: body ? JSON.stringify(body) : undefined,
  });
  await res.arrayBuffer();
  return res.status;
}

/** GET through the stand-in's proxy with a token signed by `secret`; retries briefly for 3.x's async apply. */
async function proxyStatus(
  standIn: KongStandIn,
  routePath: string,
  secret: string | undefined,
): Promise<number> {
  const now = Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {};
  if (secret !== undefined) {
    const token = jwt.sign({ iss: "jwttoken", iat: now, exp: now + 300 }, secret, {
      algorithm: "HS256",
    });
    headers.authorization = `Bearer ${token}`;
  }
  const res = await fetch(`${standIn.proxyUrl}${routePath}`, { headers });
  await res.arrayBuffer();
  return res.status;
}

/** Polls `check` until it returns `want` (bounded: Kong 3.x applies route/plugin changes asynchronously). */
async function eventually<T>(check: () => Promise<T>, want: T, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await check();
  while (last !== want && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    last = await check();
  }
  return last;
}

engineSuite("lab program on the Kong stand-in", () => {
  describe("lab program on the Kong stand-in (real engine)", () => {
    // Secrets unique to this run, so a match in state or output cannot be a coincidence.
    const firstSecret = `engine-first-${randomBytes(12).toString("hex")}`;
    const secondSecret = `engine-second-${randomBytes(12).toString("hex")}`;
    let standIn: KongStandIn;
    let upstream: http.Server;
    let upstreamUrl = "";
    let engine: EngineStack;
    const upstreamHits: string[] = [];

    const stackFilesInRepo = (): string[] =>
      fs.readdirSync(REPO_ROOT).filter((f) => /^Pulumi\..+\.ya?ml$/.test(f) && f !== "Pulumi.yaml");
    const stackFilesBefore = stackFilesInRepo();

    before(async () => {
      standIn = await startKongStandIn({ version: "3.9.3" });
      upstream = http.createServer((req, res) => {
        upstreamHits.push(`${req.method} ${req.url}`);
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ status: "Healthy" }));
      });
      await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
      upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
      engine = await EngineStack.create({
        stackName: "engine",
        program: freshProgram(path.join(REPO_ROOT, "index.ts")),
        config: {
          ...standInStackConfig(standIn, `${upstreamUrl}/healthy`),
          "kong-jwt-lab:jwtSecret": { value: firstSecret, secret: true },
        },
      });
    });

    after(async () => {
      await engine?.dispose();
      await new Promise<void>((resolve) =>
        upstream ? upstream.close(() => resolve()) : resolve(),
      );
      await standIn?.close();
    });

    /** No plaintext secret in `pulumi stack export`: ours, and every value the state holds as a secret. */
    async function assertStateHasNoPlaintextSecrets(): Promise<void> {
      const state = await engine.exportState();
      for (const secret of [firstSecret, secondSecret]) {
        assert.equal(
          state.includes(secret),
          false,
          "a JWT secret in plaintext in `pulumi stack export`",
        );
      }
      const held = await engine.secretPlaintexts();
      for (const value of held) {
        assert.equal(
          state.includes(value),
          false,
          "a secret value in plaintext in `pulumi stack export`",
        );
      }
      assert.doesNotMatch(state, /-----BEGIN [A-Z ]*PRIVATE KEY-----/);
    }

    test("preview shows the creates and writes nothing to the Admin API", async (t) => {
      standIn.clearRequests();
      const result = await engine.preview();
      t.diagnostic(`preview: ${JSON.stringify(result.changeSummary)}`);
      assert.ok((result.changeSummary.create ?? 0) >= 7, JSON.stringify(result.changeSummary));
      assert.deepEqual(Object.keys(result.changeSummary).sort(), ["create"]);
      assert.deepEqual(adminWrites(standIn), {});
      for (const type of [
        "KongJwtConfiguration",
        "kong:Service",
        "kong:Route",
        "kong:Consumer",
        "kong:JwtCredential",
        "kong:Plugin",
      ]) {
        assert.ok(result.stdout.includes(type), `preview lists ${type}`);
      }
    });

    test("up creates the lab's entities in the stand-in", async () => {
      const result = await engine.up();
      assert.equal(result.summary.result, "succeeded");
      const snap = standIn.snapshot();
      const service = byName(snap.services, "name", "fastapi-service");
      assert.ok(service, "service fastapi-service");
      const upstreamPort = Number(new URL(upstreamUrl).port);
      assert.equal(service.port, upstreamPort);
      assert.equal(service.path, "/healthy");
      const route = byName(snap.routes, "name", "fastapi-route");
      assert.ok(route, "route fastapi-route");
      assert.deepEqual(route.paths, ["/kong/healthy"]);
      assert.equal(route.strip_path, true);
      assert.ok(
        byName(snap.consumers, "username", "fastapi-consumer"),
        "consumer fastapi-consumer",
      );
      const credential = byName(snap.jwt_secrets, "key", "jwttoken");
      assert.ok(credential, "jwt credential jwttoken");
      assert.equal(credential.algorithm, "HS256");
      assert.equal(credential.secret, firstSecret);
      const plugin = jwtPlugin(standIn);
      assert.equal(plugin.instance_name, "jwt-authentication");
      assert.deepEqual(pluginConfig(plugin).claims_to_verify, ["exp"]);
      assert.equal(pluginConfig(plugin).key_claim_name, "iss");
      assert.equal(pluginConfig(plugin).maximum_expiration, 600);
      assert.ok(byName(snap.plugins, "name", "prometheus"), "prometheus plugin");
      // the configured gateway works end to end: a token signed with the secret reaches the upstream
      assert.equal(
        await eventually(() => proxyStatus(standIn, "/kong/healthy", firstSecret), 200),
        200,
      );
      assert.equal(await proxyStatus(standIn, "/kong/healthy", undefined), 401);
      assert.ok(upstreamHits.includes("GET /healthy"), upstreamHits.join(", "));
    });

    test("after up, the exported state holds no plaintext secret", async () => {
      // the decrypted view holds the configured secret, so the scan below searches for real values
      assert.ok(
        (await engine.secretPlaintexts()).includes(firstSecret),
        "JWT secret not held as a secret",
      );
      await assertStateHasNoPlaintextSecrets();
    });

    test("a second up changes nothing and writes nothing to the Admin API", async (t) => {
      standIn.clearRequests();
      const result = await engine.up();
      t.diagnostic(`second up: ${JSON.stringify(result.summary.resourceChanges)}`);
      assert.deepEqual(Object.keys(result.summary.resourceChanges ?? {}), ["same"]);
      assert.deepEqual(adminWrites(standIn), {});
    });

    test("drift made through the Admin API shows in preview, refresh, and up repairs it", async (t) => {
      const plugin = jwtPlugin(standIn);
      assert.equal(
        await admin(standIn, "PATCH", `/plugins/${String(plugin.id)}`, {
          config: { maximum_expiration: 3600 },
        }),
        200,
      );
      assert.equal(await admin(standIn, "DELETE", "/routes/fastapi-route"), 204);

      const preview = await engine.preview({ refresh: true });
      t.diagnostic(`preview --refresh: ${JSON.stringify(preview.changeSummary)}`);
      assert.ok(
        (preview.changeSummary.create ?? 0) >= 1,
        `route re-created: ${JSON.stringify(preview.changeSummary)}`,
      );
      assert.ok(
        (preview.changeSummary.update ?? 0) >= 1,
        `plugin updated: ${JSON.stringify(preview.changeSummary)}`,
      );

      const refresh = await engine.refresh();
      const seen = refresh.summary.resourceChanges ?? {};
      t.diagnostic(`refresh: ${JSON.stringify(seen)}`);
      assert.ok((seen.update ?? 0) >= 1 && (seen.delete ?? 0) >= 1, JSON.stringify(seen));

      standIn.clearRequests();
      const up = await engine.up();
      t.diagnostic(
        `repairing up: ${JSON.stringify(up.summary.resourceChanges)}, admin requests ${JSON.stringify(standIn.countsByMethod("admin"))}`,
      );
      assert.equal(up.summary.result, "succeeded");
      const route = byName(standIn.snapshot().routes, "name", "fastapi-route");
      assert.ok(route, "route re-created");
      assert.deepEqual(route.paths, ["/kong/healthy"]);
      assert.equal(pluginConfig(jwtPlugin(standIn)).maximum_expiration, 600);
      assert.equal(
        await eventually(() => proxyStatus(standIn, "/kong/healthy", firstSecret), 200),
        200,
      );

      const settled = await engine.preview();
      assert.deepEqual(Object.keys(settled.changeSummary), ["same"]);
    });

    test("a new secret and maximum_expiration apply as an update, other entities untouched", async (t) => {
      const previous = standIn.snapshot();
      const idsOf = (snap: typeof previous) => ({
        service: byName(snap.services, "name", "fastapi-service")?.id,
        route: byName(snap.routes, "name", "fastapi-route")?.id,
        consumer: byName(snap.consumers, "username", "fastapi-consumer")?.id,
      });
      await engine.setConfig({
        "kong-jwt-lab:jwtSecret": { value: secondSecret, secret: true },
        "kong-jwt-lab:jwtMaximumExpiration": { value: "900" },
      });
      const result = await engine.up();
      const changes = result.summary.resourceChanges ?? {};
      t.diagnostic(`config change up: ${JSON.stringify(changes)}`);
      assert.ok((changes.update ?? 0) + (changes.replace ?? 0) >= 2, JSON.stringify(changes));
      assert.equal(changes.create ?? 0, 0, JSON.stringify(changes));
      assert.equal(changes.delete ?? 0, 0, JSON.stringify(changes));
      const now = standIn.snapshot();
      assert.deepEqual(idsOf(now), idsOf(previous));
      const credential = byName(now.jwt_secrets, "key", "jwttoken");
      assert.equal(credential?.secret, secondSecret);
      assert.equal(pluginConfig(jwtPlugin(standIn)).maximum_expiration, 900);
      assert.equal(
        await eventually(() => proxyStatus(standIn, "/kong/healthy", secondSecret), 200),
        200,
      );
      assert.equal(await proxyStatus(standIn, "/kong/healthy", firstSecret), 401);
      await assertStateHasNoPlaintextSecrets();
    });

    test("destroy leaves the stand-in empty, and no CLI output of the run showed a secret", async () => {
      const held = await engine.secretPlaintexts();
      await destroyLeavesStandInEmpty(engine, standIn);

      const output = engine.transcriptText();
      assert.match(output, /### destroy/); // the transcript really holds the whole run
      assert.deepEqual(
        stackFilesInRepo(),
        stackFilesBefore,
        "a stack config file was written into the repo",
      );
      for (const secret of [firstSecret, secondSecret, ...held]) {
        assert.equal(output.includes(secret), false, "a secret in the CLI output");
      }
    });
  });
});
