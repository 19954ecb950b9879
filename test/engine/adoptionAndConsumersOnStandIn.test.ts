/**
 * The project's program (index.ts) on the real Pulumi engine against the Kong stand-in (a test
 * double of Kong's Admin API and proxy, in this process), through one stack's life:
 *
 * 1. a lab built by hand (untagged service, route, consumer, HS256 credential, global jwt plugin,
 *    as the write-up leaves them) is adopted with `adoptExisting`: preview says what it adopts,
 *    authenticated requests sent through the proxy in a loop during the `up` all answer 200, the
 *    entities keep their ids, get the owner tag, and the credential keeps its secret;
 * 2. three configured consumers (HS256 with a set secret, HS512 generated, RS256 with a public
 *    key) come up; the smoke check passes for all four consumers;
 * 3. removing one from the config makes its token 401 and leaves the others working;
 * 4. a foreign consumer of the same name as a configured one stops the `up` with the ownership
 *    message and receives no write;
 * 5. destroy leaves only the foreign entities.
 */
import assert from "node:assert/strict";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, test } from "node:test";
import * as jwt from "jsonwebtoken";
import { runSmokeCheckCli } from "../../scripts/lib/smokeCheckCli";
import { parseStackOutputs } from "../../scripts/lib/stackOutputs";
import { EngineStack, REPO_ROOT, engineSuite, freshProgram } from "../support/engineHarness";
import { standInStackConfig } from "../support/standInStackConfig";
import { type KongStandIn, startKongStandIn } from "../kong-standin";

type Entity = Record<string, unknown> & { id: string };
const OWNER = "kong-jwt-lab.engine";
const WRITES = ["POST", "PUT", "PATCH", "DELETE"];

async function admin(standIn: KongStandIn, method: string, urlPath: string, body?: object) {
  const res = await fetch(`${standIn.adminUrl}${urlPath}`, {
    method,
    headers: body ? { "content-type": "application/json" } : undefined,
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  assert.ok(res.status < 300, `${method} ${urlPath}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : {}) as Entity;
}

function sign(iss: string, algorithm: jwt.Algorithm, key: string): string {
  const now = Math.floor(Date.now() / 1000);
  return jwt.sign({ iss, iat: now, exp: now + 300 }, key, { algorithm });
}

/** A configured consumer as the test sets it with `pulumi config set --path`. */
interface TestConsumer {
  readonly username: string;
  readonly customId?: string;
  readonly key: string;
  readonly algorithm: string;
  readonly secret?: string;
  readonly rsaPublicKey?: string;
}

/** The path-form config entries (`kong-jwt-lab:consumers[i]...`) of `consumers`. */
function consumersConfig(consumers: readonly TestConsumer[], from = 0) {
  const entries: Record<string, { value: string; secret?: boolean }> = {};
  consumers.forEach((c, n) => {
    const at = `kong-jwt-lab:consumers[${from + n}]`;
    entries[`${at}.username`] = { value: c.username };
    if (c.customId) entries[`${at}.customId`] = { value: c.customId };
    entries[`${at}.credentials[0].key`] = { value: c.key };
    entries[`${at}.credentials[0].algorithm`] = { value: c.algorithm };
    if (c.secret) entries[`${at}.credentials[0].secret`] = { value: c.secret, secret: true };
    if (c.rsaPublicKey) entries[`${at}.credentials[0].rsaPublicKey`] = { value: c.rsaPublicKey };
  });
  return entries;
}

async function proxyStatus(standIn: KongStandIn, token: string): Promise<number> {
  const res = await fetch(`${standIn.proxyUrl}/kong/healthy`, {
    headers: { authorization: `Bearer ${token}` },
  });
  await res.arrayBuffer();
  return res.status;
}

engineSuite("adoption and configured consumers on the Kong stand-in", () => {
  describe("a hand-made lab adopted, consumers from the config (real engine)", () => {
    const handMadeSecret = `hand-made-${randomBytes(10).toString("hex")}`;
    const aliceSecret = `alice-${randomBytes(10).toString("hex")}`;
    const carolKeys = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const carolPublic = carolKeys.publicKey.export({ type: "spki", format: "pem" }).toString();
    const carolPrivate = carolKeys.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    let tmpDir = "";
    let standIn: KongStandIn;
    let upstream: http.Server;
    let engine: EngineStack;
    const handMade: Record<string, Entity> = {};
    let foreign: Entity;

    before(async () => {
      tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "kong-jwt-lab-adopt-"));
      standIn = await startKongStandIn({ version: "3.9.3" });
      upstream = http.createServer((_req, res) =>
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ status: "Healthy" })),
      );
      await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
      const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/healthy`;

      // The lab as the write-up builds it in Kong Manager: nothing tagged.
      handMade.service = await admin(standIn, "POST", "/services", {
        name: "fastapi-service",
        url: upstreamUrl,
      });
      handMade.route = await admin(standIn, "POST", `/services/${handMade.service.id}/routes`, {
        name: "fastapi-route",
        paths: ["/kong/healthy"],
        methods: ["GET", "POST"],
        strip_path: true,
      });
      handMade.consumer = await admin(standIn, "POST", "/consumers", {
        username: "fastapi-consumer",
      });
      handMade.credential = await admin(standIn, "POST", `/consumers/${handMade.consumer.id}/jwt`, {
        key: "jwttoken",
        algorithm: "HS256",
        secret: handMadeSecret,
      });
      handMade.plugin = await admin(standIn, "POST", "/plugins", {
        name: "jwt",
        instance_name: "jwt-authentication",
        config: { claims_to_verify: ["exp"], key_claim_name: "iss", maximum_expiration: 600 },
      });
      // Someone else's consumer on the same Kong, tagged by its owner.
      foreign = await admin(standIn, "POST", "/consumers", {
        username: "dave",
        custom_id: "ops-7",
        tags: ["someone-else"],
      });

      engine = await EngineStack.create({
        stackName: "engine",
        program: freshProgram(path.join(REPO_ROOT, "index.ts")),
        config: {
          ...standInStackConfig(standIn, upstreamUrl),
          "kong-jwt-lab:adoptExisting": { value: "true" },
        },
      });
    });

    /**
     * An inline program whose `up` fails keeps registering outputs after the engine stopped its
     * resource monitor; those late calls reject with exactly "Resource monitor is terminating" (a
     * CLI run's program process simply ends). The test runner counts every unhandled rejection
     * that no test owns as a failure of the file, so while `tolerateLateMonitorCalls` runs, its
     * listeners are set aside: that rejection is counted, any other is rethrown (and fails the run
     * as an uncaught exception). It returns once no late call has come for `quietMs`.
     */
    let lateMonitorCalls = 0;
    const monitorTerminating = (reason: unknown) => {
      if (!/Resource monitor is terminating/.test(String(reason))) throw reason;
      lateMonitorCalls += 1;
    };
    async function tolerateLateMonitorCalls<T>(
      run: () => Promise<T>,
      quietMs = 1500,
      limitMs = 15_000,
    ): Promise<T> {
      const runnerListeners = process.listeners("unhandledRejection");
      process.removeAllListeners("unhandledRejection");
      process.on("unhandledRejection", monitorTerminating);
      try {
        return await run();
      } finally {
        const deadline = Date.now() + limitMs;
        let seen = -1;
        while (seen !== lateMonitorCalls && Date.now() < deadline) {
          seen = lateMonitorCalls;
          await new Promise((resolve) => setTimeout(resolve, quietMs));
        }
        process.off("unhandledRejection", monitorTerminating);
        for (const listener of runnerListeners) process.on("unhandledRejection", listener);
      }
    }

    after(async () => {
      await engine?.dispose();
      await new Promise<void>((resolve) =>
        upstream ? upstream.close(() => resolve()) : resolve(),
      );
      await standIn?.close();
      fs.rmSync(tmpDir, { recursive: true, force: true });
    });

    const entityById = (kind: keyof ReturnType<KongStandIn["snapshot"]>, id: string) =>
      (standIn.snapshot()[kind] as Entity[]).find((e) => e.id === id);

    test("preview names each entity it adopts and what changes, and writes nothing", async () => {
      standIn.clearRequests();
      const result = await engine.preview({ diff: true });
      const writes = standIn.requests.filter(
        (r) => r.target === "admin" && WRITES.includes(r.method),
      );
      assert.deepEqual(writes, []);
      // Each hand-made entity: its id, the tag added, and what else changes (nothing here).
      for (const [what, entity] of Object.entries(handMade)) {
        assert.ok(
          result.stdout.includes(`adopts untagged ${entity.id}: + tag ${OWNER}, no other change`),
          `preview says the ${what} will be adopted:\n${result.stdout}`,
        );
      }
      assert.equal(result.stdout.includes("GeneratedPassword"), false, "no new secret generated");
      assert.doesNotMatch(engine.transcriptText(), new RegExp(handMadeSecret));
    });

    test("the adopting up: 0 failed proxy requests, ids kept, owner tag added, secret kept", async (t) => {
      const token = sign("jwttoken", "HS256", handMadeSecret);
      assert.equal(await proxyStatus(standIn, token), 200, "the hand-made lab works before");
      let running = true;
      const statuses: number[] = [];
      const loop = (async () => {
        while (running) {
          statuses.push(await proxyStatus(standIn, token).catch(() => 0));
          await new Promise((r) => setTimeout(r, 5));
        }
      })();
      const result = await engine.up();
      running = false;
      await loop;
      assert.equal(result.summary.result, "succeeded");
      const failed = statuses.filter((s) => s !== 200);
      t.diagnostic(
        `proxy requests during the adopting up: ${statuses.length}, not 200: ${failed.length}`,
      );
      assert.ok(statuses.length >= 20, `requests sent during the up: ${statuses.length}`);
      assert.deepEqual(failed, [], "every request during the adoption answered 200");

      for (const [kind, key] of [
        ["services", "service"],
        ["routes", "route"],
        ["consumers", "consumer"],
        ["jwt_secrets", "credential"],
        ["plugins", "plugin"],
      ] as const) {
        const entity = entityById(kind, handMade[key]!.id);
        assert.ok(entity, `${key} keeps its id`);
        assert.ok((entity.tags as string[]).includes(OWNER), `${key} tagged ${OWNER}`);
      }
      assert.equal(entityById("jwt_secrets", handMade.credential!.id)!.secret, handMadeSecret);
      const outputs = await engine.stack.outputs();
      assert.equal(outputs.jwtSecret!.value, handMadeSecret, "the kept secret is the stack's");
      assert.equal(outputs.jwtSecret!.secret, true);
      // A second up changes nothing.
      standIn.clearRequests();
      const again = await engine.preview();
      assert.deepEqual(
        Object.keys(again.changeSummary),
        ["same"],
        JSON.stringify(again.changeSummary),
      );
    });

    let bobSecret = "";
    const alice = {
      username: "alice",
      customId: "hr-42",
      key: "alice-key",
      algorithm: "HS256",
      secret: aliceSecret,
    };
    const bob = { username: "bob", key: "bob-key", algorithm: "HS512" };
    const carol = {
      username: "carol",
      key: "carol-key",
      algorithm: "RS256",
      rsaPublicKey: carolPublic,
    };

    test("three configured consumers (HS256, HS512, RS256) come up; the smoke check passes for all four", async () => {
      await engine.stack.setAllConfig(consumersConfig([alice, bob, carol]), true);
      const result = await engine.up();
      assert.equal(result.summary.result, "succeeded");
      const outputs = await engine.stack.outputs();
      assert.deepEqual(outputs.consumers!.value, [
        { username: "alice", credentials: [{ key: "alice-key", algorithm: "HS256" }] },
        { username: "bob", credentials: [{ key: "bob-key", algorithm: "HS512" }] },
        { username: "carol", credentials: [{ key: "carol-key", algorithm: "RS256" }] },
      ]);
      assert.equal(outputs.consumerSecrets!.secret, true);
      bobSecret = (outputs.consumerSecrets!.value as Record<string, string>)["bob-key"]!;
      assert.ok(bobSecret.length >= 32, "bob's secret was generated");

      const keyFile = path.join(tmpDir, "carol.pem");
      fs.writeFileSync(keyFile, carolPrivate, { mode: 0o600 });
      const plain = Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.value]));
      let out = "";
      let err = "";
      const code = await runSmokeCheckCli(
        ["--stack", "engine", "--wait", "5", "--consumer-key-file", `carol-key=${keyFile}`],
        {
          stdout: (s: string) => (out += s),
          stderr: (s: string) => (err += s),
          readStackOutputs: async (stack: string) =>
            parseStackOutputs(JSON.stringify(plain), stack),
        } as never,
      );
      assert.equal(code, 0, `${out}\n${err}`);
      assert.match(out, /and 3 credential\(s\) of configured consumers: alice, bob, carol/);
      for (const name of ["fresh token", "consumer alice", "consumer bob", "consumer carol"]) {
        assert.match(out, new RegExp(`^${name} .*\\| PASS$`, "m"), `${name} passes:\n${out}`);
      }
      for (const secret of [aliceSecret, bobSecret, handMadeSecret]) {
        assert.equal(out.includes(secret) || err.includes(secret), false, "no secret printed");
      }
      const state = await engine.exportState();
      for (const secret of [aliceSecret, bobSecret, handMadeSecret]) {
        assert.equal(state.includes(secret), false, "no plaintext secret in the state");
      }
      assert.doesNotMatch(engine.transcriptText(), new RegExp(`${aliceSecret}|${bobSecret}`));
    });

    test("removing a consumer from the config: its token 401, the others still 200", async () => {
      await engine.stack.removeConfig("kong-jwt-lab:consumers");
      await engine.stack.setAllConfig(consumersConfig([alice, carol]), true);
      const result = await engine.up();
      assert.equal(result.summary.result, "succeeded");
      assert.equal(await proxyStatus(standIn, sign("bob-key", "HS512", bobSecret)), 401);
      assert.equal(await proxyStatus(standIn, sign("alice-key", "HS256", aliceSecret)), 200);
      assert.equal(await proxyStatus(standIn, sign("carol-key", "RS256", carolPrivate)), 200);
      assert.equal(await proxyStatus(standIn, sign("jwttoken", "HS256", handMadeSecret)), 200);
    });

    test("a foreign consumer of a configured name stops the up with the ownership message, untouched", async () => {
      const dave = { username: "dave", key: "dave-key", algorithm: "HS256" };
      await engine.stack.setAllConfig(consumersConfig([dave], 2), true);
      const before = entityById("consumers", foreign.id);
      standIn.clearRequests();
      await assert.rejects(
        tolerateLateMonitorCalls(() => engine.up()),
        (e: Error) => {
          assert.match(e.message, /consumer "dave" already exists in Kong/);
          assert.match(
            e.message,
            /not tagged "kong-jwt-lab\.engine" \(its tags: \["someone-else"\]\)/,
          );
          assert.match(
            e.message,
            /Refusing to modify, move or delete an entity this stack does not own/,
          );
          return true;
        },
      );
      const writesToDave = standIn.requests.filter(
        (r) =>
          r.target === "admin" &&
          WRITES.includes(r.method) &&
          (r.path.includes("/dave") || r.path.includes(foreign.id)),
      );
      assert.deepEqual(writesToDave, [], "no write to the foreign consumer");
      assert.deepEqual(entityById("consumers", foreign.id), before);
      assert.equal(await proxyStatus(standIn, sign("alice-key", "HS256", aliceSecret)), 200);
    });

    test("destroy removes everything the stack owns, adopted entities included, and only that", async () => {
      const result = await engine.destroy();
      assert.equal(result.summary.result, "succeeded");
      const snap = standIn.snapshot();
      assert.deepEqual(
        (snap.consumers as Entity[]).map((c) => c.username),
        ["dave"],
      );
      assert.deepEqual(snap.services, []);
      assert.deepEqual(snap.routes, []);
      assert.deepEqual(snap.plugins, []);
      assert.deepEqual(snap.jwt_secrets, []);
    });
  });
});
