/**
 * The smoke check run as users run it (`node --import tsx scripts/smokeCheck.ts`, what `npm run
 * smoke` runs) against the Kong stand-in's proxy (a test double of Kong's Admin API and proxy) in
 * front of the real FastAPI app under uvicorn, and against gateways that let bad tokens through.
 */
import assert from "node:assert/strict";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, beforeEach, describe, it } from "node:test";
import { startKongStandIn, type KongStandIn, type StandInOptions } from "../kong-standin";
import { mintToken } from "../../scripts/lib/mintTokenCli";
import { formatResultsTable, runSmokeCheck } from "../../scripts/lib/smokeCheck";
import { runSmokeCheckCli } from "../../scripts/lib/smokeCheckCli";
import { installFakePulumi } from "./support/fakePulumi";
import { startLabApp, type RunningLabApp } from "./support/labApp";
import { createLabEntities, createLabJwtPlugin, createLabRoute } from "./support/labEntities";
import { runScript, type ProcessResult } from "./support/runProcess";

const SECRET = "!Qwaszxerdfcv";
const CASES = [
  "no token",
  "fresh token",
  "wrong signature",
  "expired token",
  "over maximum_expiration",
  "unknown issuer",
];

/**
 * Starts a Kong stand-in (a test double) for the enclosing describe, empties it and its request
 * log before each test, and closes it after the describe; the returned getter gives it to tests.
 */
function standInPerDescribe(options?: StandInOptions): () => KongStandIn {
  let standIn: KongStandIn | undefined;
  before(async () => {
    standIn = await startKongStandIn(options);
  });
  after(async () => {
    await standIn?.close();
  });
  beforeEach(() => {
    standIn?.reset();
    standIn?.clearRequests();
  });
  return () => {
    assert.ok(standIn, "the stand-in did not start");
    return standIn;
  };
}

/** The table's rows as {case name → PASS/FAIL/SKIP}. */
function outcomes(stdout: string): Record<string, string> {
  const rows: Record<string, string> = {};
  for (const line of stdout.split("\n")) {
    const cells = line.split(" | ").map((c) => c.trim());
    if (cells.length === 5 && CASES.includes(cells[0])) rows[cells[0]] = cells[4];
  }
  return rows;
}

function assertNoSecrets(result: ProcessResult): void {
  const all = result.stdout + result.stderr;
  assert.ok(!all.includes(SECRET), "the secret appears in the output");
  assert.doesNotMatch(all, /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/, "a full token appears in the output");
}

function smokeArgs(proxyUrl: string, ...extra: string[]): string[] {
  return [
    "--proxy-url",
    proxyUrl,
    "--route-path",
    "/kong/healthy",
    "--issuer",
    "jwttoken",
    "--secret",
    SECRET,
    ...extra,
  ];
}

/** A "gateway" on 127.0.0.1 that answers 200 to everything, echoing the Authorization header. */
async function startOpenGateway(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ status: "Healthy", authorization: req.headers.authorization }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let app: RunningLabApp;
before(async () => {
  app = await startLabApp();
});
after(async () => {
  await app?.close();
});

for (const version of ["3.9.3", "2.8.4"] as const) {
  describe(`smoke check against the stand-in (${version}) and the real app`, () => {
    const standIn = standInPerDescribe({ version });

    it("passes every case and exits 0, printing neither the secret nor a token", async () => {
      await createLabEntities(standIn().adminUrl, {
        upstreamUrl: app.url,
        secret: SECRET,
        instanceName: version !== "2.8.4",
      });
      const result = await runScript("smokeCheck", smokeArgs(standIn().proxyUrl));
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.deepEqual(outcomes(result.stdout), Object.fromEntries(CASES.map((c) => [c, "PASS"])));
      assert.match(result.stdout, /Result: 6 of 6 cases as expected\n$/);
      assertNoSecrets(result);
      // Six proxy requests, one per case; the app answered the fresh token.
      assert.equal(standIn().requests.filter((r) => r.target === "proxy").length, 6);
    });

    it("lets a minted token reach the app's whoami through the proxy as fastapi-consumer", async () => {
      await createLabEntities(standIn().adminUrl, {
        upstreamUrl: app.url,
        secret: SECRET,
        instanceName: version !== "2.8.4",
      });
      const { token } = mintToken({
        issuer: "jwttoken",
        algorithm: "HS256",
        key: { kind: "secret", secret: SECRET },
        lifetimeSeconds: 60,
        maximumExpiration: 600,
        extraClaims: {},
      });
      const response = await fetch(`${standIn().proxyUrl}/kong/healthy/whoami`, {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(response.status, 200);
      const body = (await response.json()) as Record<string, unknown>;
      assert.equal(body.consumer_username, "fastapi-consumer");
      assert.equal(body.credential_identifier, "jwttoken");
      assert.match(String(body.consumer_id), /^[0-9a-f-]{36}$/);
    });
  });
}

describe("smoke check against gateways that let bad tokens through", () => {
  const standIn = standInPerDescribe();

  it("fails (exit 1) on a gateway answering 200 to everything, naming each failing case", async () => {
    const open = await startOpenGateway();
    try {
      const result = await runScript("smokeCheck", smokeArgs(open.url, "--wait", "1"));
      assert.equal(result.code, 1, result.stdout + result.stderr);
      assert.deepEqual(outcomes(result.stdout), {
        "fresh token": "PASS",
        "no token": "FAIL",
        "wrong signature": "FAIL",
        "expired token": "FAIL",
        "over maximum_expiration": "FAIL",
        "unknown issuer": "FAIL",
      });
      assert.match(
        result.stdout,
        /Result: 1 of 6 cases as expected; failing: no token, wrong signature, expired token, over maximum_expiration, unknown issuer/,
      );
      // The echoed Authorization headers are shown redacted, never as tokens.
      assert.match(result.stdout, /"authorization":"Bearer <redacted>"/);
      assertNoSecrets(result);
    } finally {
      await open.close();
    }
  });

  it("fails when the jwt plugin was deleted from the stand-in", async () => {
    const pluginId = await createLabEntities(standIn().adminUrl, {
      upstreamUrl: app.url,
      secret: SECRET,
    });
    const deleted = await fetch(`${standIn().adminUrl}/plugins/${pluginId}`, { method: "DELETE" });
    assert.equal(deleted.status, 204);
    const result = await runScript("smokeCheck", smokeArgs(standIn().proxyUrl, "--wait", "1"));
    assert.equal(result.code, 1);
    const rows = outcomes(result.stdout);
    assert.equal(rows["fresh token"], "PASS");
    for (const c of CASES.filter((name) => name !== "fresh token"))
      assert.equal(rows[c], "FAIL", c);
    assert.match(
      result.stdout,
      /no token +\| no Authorization header +\| 401 \{"message":"Unauthorized"\} +\| 200 \{"status":"Healthy"\}/,
    );
  });

  it("fails the over-maximum case when the plugin has a larger maximum_expiration than expected", async () => {
    await createLabEntities(standIn().adminUrl, {
      upstreamUrl: app.url,
      secret: SECRET,
      maximumExpiration: 3600,
    });
    const result = await runScript(
      "smokeCheck",
      smokeArgs(standIn().proxyUrl, "--max-expiration", "600"),
    );
    assert.equal(result.code, 1);
    const rows = outcomes(result.stdout);
    assert.equal(rows["over maximum_expiration"], "FAIL");
    assert.equal(Object.values(rows).filter((o) => o === "PASS").length, 5);
  });

  it("fails every case when the credential's secret differs", async () => {
    await createLabEntities(standIn().adminUrl, { upstreamUrl: app.url, secret: "another-secret" });
    const results = await runSmokeCheck({
      proxyUrl: standIn().proxyUrl,
      routePath: "/kong/healthy",
      issuer: "jwttoken",
      algorithm: "HS256",
      key: { kind: "secret", secret: SECRET },
      maximumExpiration: 600,
      waitSeconds: 0,
    });
    // Every token is now signed with a wrong secret: fresh, expired and over-max get Invalid signature.
    assert.deepEqual(
      results.map((r) => r.outcome),
      ["PASS", "FAIL", "PASS", "FAIL", "FAIL", "PASS"],
      formatResultsTable(results),
    );
    assert.equal(results[1].name, "fresh token");
    assert.match(results[1].got, /^401 \{"message":"Invalid signature"\}/);
  });
});

/**
 * Resolves once the smoke check has sent its first request to the stand-in's proxy (so the test
 * changes the gateway only after the check has seen it unready, however slowly the script starts).
 */
async function firstProxyRequest(standIn: () => KongStandIn, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!standIn().requests.some((r) => r.target === "proxy")) {
    if (Date.now() > deadline) throw new Error(`no proxy request within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("smoke check waiting for the route", () => {
  const standIn = standInPerDescribe();

  it("retries the first request while the proxy answers 404 no Route matched, then passes", async () => {
    await createLabEntities(standIn().adminUrl, {
      upstreamUrl: app.url,
      secret: SECRET,
      withRoute: false,
    });
    const started = Date.now();
    const smoke = runScript("smokeCheck", smokeArgs(standIn().proxyUrl, "--wait", "15"));
    await firstProxyRequest(standIn);
    await createLabRoute(standIn().adminUrl);
    const result = await smoke;
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stderr, /waiting up to 15 s for .*\/kong\/healthy to be routed/);
    const proxied = standIn().requests.filter((r) => r.target === "proxy");
    assert.ok(proxied.filter((r) => r.status === 404).length >= 1, "no 404 was retried");
    assert.equal(proxied.filter((r) => r.status !== 404).length, 6);
    assert.ok(Date.now() - started < 15_000);
  });

  it("retries while the route answers without the jwt plugin (applied later), then passes", async () => {
    await createLabEntities(standIn().adminUrl, {
      upstreamUrl: app.url,
      secret: SECRET,
      withPlugin: false,
    });
    const smoke = runScript("smokeCheck", smokeArgs(standIn().proxyUrl, "--wait", "15"));
    await firstProxyRequest(standIn);
    await createLabJwtPlugin(standIn().adminUrl, {});
    const result = await smoke;
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const proxied = standIn().requests.filter((r) => r.target === "proxy");
    assert.ok(proxied[0].status === 200, "the first request was not let through");
    assert.deepEqual(outcomes(result.stdout), Object.fromEntries(CASES.map((c) => [c, "PASS"])));
  });

  it("gives up after --wait seconds and reports the 404", async () => {
    await createLabEntities(standIn().adminUrl, {
      upstreamUrl: app.url,
      secret: SECRET,
      withRoute: false,
    });
    const started = Date.now();
    const result = await runScript("smokeCheck", smokeArgs(standIn().proxyUrl, "--wait", "1"));
    const elapsed = Date.now() - started;
    assert.equal(result.code, 1);
    assert.match(
      result.stdout,
      /no token +\|.*\| 404 \{"message":"no Route matched with those values"/,
    );
    assert.ok(elapsed >= 1000 && elapsed < 10_000, `took ${elapsed} ms`);
  });
});

describe("smoke check --stack and bad input", () => {
  const standIn = standInPerDescribe();

  it("reads the proxy URL, route and credential from the stack outputs", async () => {
    standIn().reset();
    await createLabEntities(standIn().adminUrl, { upstreamUrl: app.url, secret: SECRET });
    const pulumi = installFakePulumi({
      proxyUrl: standIn().proxyUrl,
      routePath: "/kong/healthy",
      jwtKey: "jwttoken",
      jwtAlgorithm: "HS256",
      jwtSecret: SECRET,
      jwtMaximumExpiration: 600,
    });
    try {
      const result = await runScript("smokeCheck", ["--stack", "dev"], { env: pulumi.env });
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.deepEqual(pulumi.calls(), [
        ["stack", "output", "--json", "--show-secrets", "--stack", "dev"],
      ]);
      assertNoSecrets(result);
    } finally {
      pulumi.remove();
    }
  });

  it("exits 2 with a message naming the flag on bad input", async () => {
    const cases: [string[], RegExp][] = [
      [["--issuer", "jwttoken", "--secret", SECRET], /--proxy-url is required/],
      [smokeArgs("not a url"), /--proxy-url "not a url" is not a URL/],
      [smokeArgs("ftp://127.0.0.1"), /must be http:\/\/ or https:\/\//],
      [["--proxy-url", "http://127.0.0.1:1", "--secret", SECRET], /--issuer is required/],
      [
        ["--proxy-url", "http://127.0.0.1:1", "--issuer", "jwttoken"],
        /--secret or --secret-file is required/,
      ],
      [smokeArgs("http://127.0.0.1:1", "--wait", "soon"), /--wait must be a whole number/],
      [
        smokeArgs("http://127.0.0.1:1", "--route-path", "kong"),
        /--route-path "kong" must start with \//,
      ],
      [
        smokeArgs("http://127.0.0.1:1", "--alg", "HS999"),
        /--alg "HS999" is not a supported algorithm/,
      ],
    ];
    // In process (scripts/smokeCheck.ts only wires runSmokeCheckCli to the process) ...
    for (const [args, message] of cases) {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runSmokeCheckCli(args, {
        stdout: (t) => out.push(t),
        stderr: (t) => err.push(t),
        readStackOutputs: () => Promise.reject(new Error("not called")),
      });
      assert.equal(code, 2, `${args.join(" ")}: ${err.join("")}`);
      assert.equal(out.join(""), "");
      assert.match(err.join(""), message);
      assert.ok(!err.join("").includes(SECRET));
    }
    // ... and once through the real CLI, for its exit code.
    const result = await runScript("smokeCheck", cases[0][0]);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, "");
    assert.match(result.stderr, /^error: --proxy-url is required/);
  });
});
