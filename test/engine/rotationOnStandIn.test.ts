/**
 * Zero-downtime rotation of the lab's JWT credential (docs/rotation.md), through the real Pulumi
 * engine running the project's index.ts against the Kong stand-in (a test double of Kong's Admin
 * API and proxy, run as a process of its own) with a small maximum_expiration.
 *
 * Per algorithm (HS256 with a generated secret, RS256 with a generated key pair), one stack goes:
 * single credential (the stack as earlier versions made it: jwtKey/jwtAlgorithm) → step (a): both
 * credentials listed, the new one current → wait until the rotation plan says retiring is safe →
 * step (b): the old one removed. A load loop runs across both steps: at least 20 authenticated
 * requests per second through the stand-in's proxy, each with a token minted (scripts/lib
 * mintToken, as `npm run token -- --stack` does) from the latest stack outputs read (read
 * continuously), a new token every second. It must count 0 failed requests. After step (b) a token signed with the
 * retired key gets 401, one signed with the new key 200. The loop runs in a process of its own
 * (test/support/rotationLoad.ts).
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import { after, before, describe, test, type TestContext } from "node:test";
import { EngineStack, REPO_ROOT, engineSuite, freshProgram } from "../support/engineHarness";
import type { LoadLoopConfig, LoadLoopResult } from "../support/rotationLoad";
import {
  formatRotationPlan,
  planRotation,
  type HistoryEntry,
} from "../../scripts/lib/rotationPlan";
import { signToken, type SigningKey } from "../../scripts/lib/signToken";
import { signingKeyFromFlags } from "../../scripts/lib/signingKeyFlags";
import { parseStackOutputs, type LabStackOutputs } from "../../scripts/lib/stackOutputs";
import type { JwtAlgorithm } from "../../config";

/** The jwt plugin's maximum_expiration here: step (b) is safe this many seconds after step (a). */
const MAXIMUM_EXPIRATION = 5;
const REQUESTS_PER_SECOND = 40;
const ROUTE = "/kong/healthy";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The upstream: answers {"status":"Healthy"} and prints its URL. */
const UPSTREAM_PROGRAM = `
const http = require("node:http");
const server = http.createServer((req, res) => {
  res.writeHead(200, { "content-type": "application/json" }).end('{"status":"Healthy"}');
});
server.listen(0, "127.0.0.1", () => console.log("http://127.0.0.1:" + server.address().port));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
`;

/** A process started here, its stdout lines as they come. */
interface Child {
  readonly process: ChildProcess;
  readonly lines: string[];
  /** Resolves with the first line matching `match`. */
  waitFor(match: (line: string) => boolean, timeoutMs: number): Promise<string>;
}

function startChild(args: string[]): Child {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], {
    cwd: REPO_ROOT,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines: string[] = [];
  const waiters: (() => void)[] = [];
  let buffer = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      lines.push(buffer.slice(0, nl));
      buffer = buffer.slice(nl + 1);
    }
    waiters.splice(0).forEach((w) => w());
  });
  return {
    process: child,
    lines,
    async waitFor(match, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = lines.find(match);
        if (found !== undefined) return found;
        if (Date.now() > deadline || child.exitCode !== null) {
          throw new Error(`no such line from ${args.join(" ")} (exit ${String(child.exitCode)})`);
        }
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
    },
  };
}

async function stopChild(child: Child | undefined): Promise<void> {
  if (!child || child.process.exitCode !== null) return;
  const exited = new Promise((resolve) => child.process.once("exit", resolve));
  child.process.kill("SIGTERM");
  await exited;
}

/** Keys of the JWT credentials the stand-in holds, through its Admin API. */
async function credentialKeys(adminUrl: string): Promise<string[]> {
  const res = await fetch(`${adminUrl}/jwts`);
  const body = (await res.json()) as { data: { key: string }[] };
  return body.data.map((c) => c.key);
}

/** Status of one request signed with `key` for `issuer`. */
async function statusWith(
  proxyUrl: string,
  issuer: string,
  algorithm: JwtAlgorithm,
  key: SigningKey,
): Promise<number> {
  const now = Math.floor(Date.now() / 1000);
  const token = signToken({ iat: now, exp: now + MAXIMUM_EXPIRATION, iss: issuer }, algorithm, key);
  const res = await fetch(`${proxyUrl}${ROUTE}`, { headers: { authorization: `Bearer ${token}` } });
  await res.arrayBuffer();
  return res.status;
}

function rotationSuite(algorithm: "HS256" | "RS256"): void {
  describe(`rotation of an ${algorithm} credential with generated key material (real engine, stand-in)`, () => {
    let standInProcess: Child | undefined;
    let upstreamProcess: Child | undefined;
    let standIn: { adminUrl: string; proxyUrl: string };
    let engine: EngineStack;
    let initial: LabStackOutputs;

    const readOutputs = async (): Promise<LabStackOutputs> => {
      const { stdout } = await engine.cli(
        ["stack", "output", "--json", "--show-secrets", "--stack", engine.stackName],
        { record: false },
      );
      return parseStackOutputs(stdout, engine.stackName);
    };
    const readHistory = async (): Promise<HistoryEntry[]> => {
      const { stdout } = await engine.cli([
        "stack",
        "history",
        "--json",
        "--stack",
        engine.stackName,
      ]);
      return JSON.parse(stdout) as HistoryEntry[];
    };
    const keyOf = (o: LabStackOutputs): SigningKey =>
      signingKeyFromFlags(algorithm, {}, { secret: o.jwtSecret, privateKey: o.jwtPrivateKey });

    before(async () => {
      // The stand-in and the upstream run as processes of their own: the engine's work in this
      // process must not delay the answers the load loop measures.
      standInProcess = startChild(["test/kong-standin/main.ts", "--version", "3.9.3"]);
      standIn = JSON.parse(await standInProcess.waitFor((l) => l.startsWith("{"), 60_000)) as {
        adminUrl: string;
        proxyUrl: string;
      };
      upstreamProcess = startChild(["-e", UPSTREAM_PROGRAM]);
      const upstreamUrl = (
        await upstreamProcess.waitFor((l) => l.startsWith("http"), 60_000)
      ).trim();
      engine = await EngineStack.create({
        stackName: `rotation-${algorithm.toLowerCase()}`,
        program: freshProgram(path.join(REPO_ROOT, "index.ts")),
        config: {
          "kong-jwt-lab:containersEnabled": { value: "false" },
          "kong-jwt-lab:kongAdminUrl": { value: standIn.adminUrl },
          "kong-jwt-lab:kongProxyUrl": { value: standIn.proxyUrl },
          "kong-jwt-lab:upstreamUrl": { value: `${upstreamUrl}/healthy` },
          "kong-jwt-lab:jwtMaximumExpiration": { value: String(MAXIMUM_EXPIRATION) },
          ...(algorithm === "HS256" ? {} : { "kong-jwt-lab:jwtAlgorithm": { value: algorithm } }),
        },
      });
    });

    after(async () => {
      await engine?.dispose();
      await stopChild(upstreamProcess);
      await stopChild(standInProcess);
    });

    test("the single credential: generated key material, outputs name it, a re-run previews no changes", async () => {
      const up = await engine.up();
      assert.equal(up.summary.result, "succeeded");
      initial = await readOutputs();
      assert.equal(initial.jwtKey, "jwttoken");
      assert.deepEqual(initial.jwtKeys, ["jwttoken"]);
      assert.equal(initial.jwtAlgorithm, algorithm);
      if (algorithm === "HS256") {
        assert.ok((initial.jwtSecret ?? "").length >= 32, "generated secret in the outputs");
        assert.equal(initial.jwtPrivateKey, undefined);
      } else {
        assert.match(initial.jwtPrivateKey ?? "", /^-----BEGIN PRIVATE KEY-----/);
        assert.equal(initial.jwtSecret, undefined);
      }
      assert.equal(await statusWith(standIn.proxyUrl, "jwttoken", algorithm, keyOf(initial)), 200);
      const preview = await engine.preview();
      assert.deepEqual(Object.keys(preview.changeSummary), ["same"]);
    });

    test("steps (a) and (b) under load: 0 failed requests; then the retired key gets 401 and the new one 200", async (t: TestContext) => {
      const load = startChild([
        "test/support/rotationLoad.ts",
        JSON.stringify({
          url: `${standIn.proxyUrl}${ROUTE}`,
          stack: engine.stackName,
          cwd: engine.workDir,
          env: engine.env,
          requestsPerSecond: REQUESTS_PER_SECOND,
        } satisfies LoadLoopConfig),
      ]);
      let result: LoadLoopResult | undefined;
      try {
        await load.waitFor((l) => l.startsWith('{"minted"'), 60_000);
        await sleep(1500);

        // Step (a): list the existing credential first (same key), add the next one, make it current.
        if (algorithm !== "HS256") await engine.stack.removeConfig("kong-jwt-lab:jwtAlgorithm");
        await engine.stack.setAllConfig(
          {
            "kong-jwt-lab:jwtCredentials[0].key": { value: "jwttoken" },
            "kong-jwt-lab:jwtCredentials[0].algorithm": { value: algorithm },
            "kong-jwt-lab:jwtCredentials[1].key": { value: "jwttoken-2" },
            "kong-jwt-lab:jwtCredentials[1].algorithm": { value: algorithm },
            "kong-jwt-lab:jwtCurrentKey": { value: "jwttoken-2" },
          },
          true,
        );
        const previewA = await engine.preview();
        t.diagnostic(`step (a) preview: ${JSON.stringify(previewA.changeSummary)}`);
        const material = algorithm === "HS256" ? "jwt-secret" : "jwt-keypair";
        assert.match(previewA.stdout, /\+ .*JwtCredential lab-credential-jwttoken-2 create/);
        assert.match(previewA.stdout, new RegExp(`\\+ .*lab-${material}-jwttoken-2 create`));
        assert.doesNotMatch(previewA.stdout, /lab-credential-jwttoken (update|replace|delete)/);
        assert.match(
          previewA.stdout,
          /"jwttoken" \(retiring\), "jwttoken-2" \(current\)\. Remove the retiring ones once 5 s/,
        );
        assert.deepEqual(previewA.changeSummary, { create: 2, same: previewA.changeSummary.same });
        const upA = await engine.up();
        assert.equal(upA.summary.result, "succeeded");
        const afterA = await readOutputs();
        assert.equal(afterA.jwtKey, "jwttoken-2");
        assert.deepEqual(afterA.jwtKeys, ["jwttoken", "jwttoken-2"]);
        assert.equal(
          await statusWith(standIn.proxyUrl, "jwttoken", algorithm, keyOf(initial)),
          200,
        );
        assert.equal(
          await statusWith(standIn.proxyUrl, "jwttoken-2", algorithm, keyOf(afterA)),
          200,
        );

        // Wait until the plan (npm run rotate) says step (b) is safe, and the loop's last token of
        // the old key has expired (it re-reads the outputs continuously, so that is soon after).
        const plan = planRotation(engine.stackName, afterA, await readHistory());
        assert.equal(plan.next, "retire");
        assert.deepEqual(plan.retiring, ["jwttoken"]);
        assert.ok(plan.safeFrom, "the plan knows from when retiring is safe");
        t.diagnostic(`npm run rotate would print:\n${formatRotationPlan(plan, new Date())}`);
        const lastOld = () =>
          Math.max(
            0,
            ...load.lines
              .filter((l) => l.startsWith('{"minted"'))
              .map((l) => (JSON.parse(l) as { minted: { key: string; exp: number } }).minted)
              .filter((m) => m.key === "jwttoken")
              .map((m) => m.exp * 1000),
          );
        while (Date.now() < plan.safeFrom.getTime() || Date.now() < lastOld() + 1000) {
          await sleep(200);
        }
        t.diagnostic(
          `step (b) ${((Date.now() - (plan.currentSince?.getTime() ?? 0)) / 1000).toFixed(1)} s after step (a) ended`,
        );

        // Step (b): remove the retiring credential.
        await engine.stack.removeConfig("kong-jwt-lab:jwtCredentials[0]", true);
        const previewB = await engine.preview();
        t.diagnostic(`step (b) preview: ${JSON.stringify(previewB.changeSummary)}`);
        assert.match(previewB.stdout, /- .*JwtCredential lab-credential-jwttoken delete/);
        assert.match(previewB.stdout, new RegExp(`- .*lab-${material}-jwttoken delete`));
        assert.doesNotMatch(previewB.stdout, /lab-credential-jwttoken-2 (update|replace|delete)/);
        const upB = await engine.up();
        assert.equal(upB.summary.result, "succeeded");
        await sleep(1500);
      } finally {
        load.process.stdin?.write("stop\n");
        result = (
          JSON.parse(await load.waitFor((l) => l.startsWith('{"result"'), 60_000)) as {
            result: LoadLoopResult;
          }
        ).result;
        await stopChild(load);
      }
      const line = `rotation: ${result.requests} requests, ${result.failures.length} failed`;
      console.log(`${algorithm} ${line} in ${result.seconds.toFixed(1)} s`);
      t.diagnostic(`${algorithm} ${line} in ${result.seconds.toFixed(1)} s`);
      if (result.outputReadFailures.length > 0) {
        t.diagnostic(
          `stack outputs not readable ${result.outputReadFailures.length} time(s) during the ups (tokens minted from the last outputs read): ${result.outputReadFailures[0]}`,
        );
      }
      assert.deepEqual(result.failures, []);
      assert.ok(
        result.requests >= 20 * result.seconds * 0.9,
        `${result.requests} requests in ${result.seconds} s: under 20 per second`,
      );
      assert.deepEqual(result.keysUsed, ["jwttoken", "jwttoken-2"]);

      const final = await readOutputs();
      assert.equal(final.jwtKey, "jwttoken-2");
      assert.deepEqual(final.jwtKeys, ["jwttoken-2"]);
      assert.deepEqual(await credentialKeys(standIn.adminUrl), ["jwttoken-2"]);
      assert.equal(await statusWith(standIn.proxyUrl, "jwttoken", algorithm, keyOf(initial)), 401);
      assert.equal(await statusWith(standIn.proxyUrl, "jwttoken-2", algorithm, keyOf(final)), 200);
      const settled = await engine.preview();
      assert.deepEqual(Object.keys(settled.changeSummary), ["same"]);
    });

    test("destroy leaves the stand-in empty; no key material in the CLI output", async () => {
      const held = await engine.secretPlaintexts();
      assert.ok(held.length > 0);
      const destroyed = await engine.destroy();
      assert.equal(destroyed.summary.result, "succeeded");
      for (const kind of ["services", "routes", "consumers", "jwts", "plugins"]) {
        const res = await fetch(`${standIn.adminUrl}/${kind}`);
        assert.deepEqual(((await res.json()) as { data: unknown[] }).data, [], kind);
      }
      const output = engine.transcriptText();
      for (const secret of held)
        assert.equal(output.includes(secret), false, "a secret in the CLI output");
      assert.doesNotMatch(output, /PRIVATE KEY/);
    });
  });
}

engineSuite("JWT credential rotation on the Kong stand-in", () => {
  rotationSuite("HS256");
  rotationSuite("RS256");
});
