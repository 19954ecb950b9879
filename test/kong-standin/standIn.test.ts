/**
 * Behaviours of the Kong stand-in (a TEST DOUBLE of Kong's Admin API and proxy, not Kong) that the
 * recorded transcripts do not cover but the project's clients and tests rely on: injected faults,
 * the request log, tag filters, nested deletes, proxy forwarding with strip_path, RS256 tokens,
 * snapshot / reset and the standalone runner.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHmac, createSign, generateKeyPairSync } from "node:crypto";
import http from "node:http";
import { AddressInfo } from "node:net";
import path from "node:path";
import { after, before, beforeEach, describe, test } from "node:test";
import { KongStandIn, startKongStandIn } from "./index";

interface Echo {
  port: number;
  close(): Promise<void>;
}

async function echoUpstream(): Promise<Echo> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          method: req.method,
          url: req.url,
          headers: req.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

async function admin(s: KongStandIn, method: string, p: string, body?: unknown) {
  const res = await fetch(`${s.adminUrl}${p}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
  };
}

function hs256(secret: string, claims: Record<string, unknown>): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const input = `${b64({ typ: "JWT", alg: "HS256" })}.${b64(claims)}`;
  return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
}

const now = () => Math.floor(Date.now() / 1000);

describe("Kong stand-in (test double)", () => {
  let s: KongStandIn;
  let echo: Echo;

  before(async () => {
    [s, echo] = await Promise.all([startKongStandIn({ version: "3.9.3" }), echoUpstream()]);
  });
  after(async () => {
    await s.close();
    await echo.close();
  });
  beforeEach(() => {
    s.reset();
    s.clearRequests();
  });

  test("injectFault answers the given status to the next matching admin requests only", async () => {
    s.injectFault({
      times: 2,
      status: 503,
      match: (m, p) => m === "POST" && p.startsWith("/consumers"),
    });
    assert.equal((await admin(s, "GET", "/consumers")).status, 200, "GET does not match");
    assert.equal((await admin(s, "POST", "/consumers", { username: "a" })).status, 503);
    assert.equal((await admin(s, "POST", "/consumers", { username: "a" })).status, 503);
    assert.equal((await admin(s, "POST", "/consumers", { username: "a" })).status, 201);
    assert.deepEqual(
      s.requests.map((r) => [r.method, r.status]),
      [
        ["GET", 200],
        ["POST", 503],
        ["POST", 503],
        ["POST", 201],
      ],
    );
    assert.equal(s.snapshot().consumers.length, 1);
  });

  test("injectFault with reset destroys the connection, then the stand-in answers again", async () => {
    s.injectFault({ times: 1, reset: true });
    await assert.rejects(fetch(`${s.adminUrl}/services`));
    assert.equal((await admin(s, "GET", "/services")).status, 200);
    assert.deepEqual(
      s.requests.map((r) => r.status),
      [0, 200],
    );
  });

  test("countsByMethod counts per target; clearRequests empties the log", async () => {
    await admin(s, "POST", "/services", { name: "svc", url: `http://127.0.0.1:${echo.port}` });
    await admin(s, "GET", "/services/svc");
    await admin(s, "GET", "/services/svc");
    await fetch(`${s.proxyUrl}/nothing-here`);
    assert.deepEqual(s.countsByMethod("admin"), { POST: 1, GET: 2 });
    assert.deepEqual(s.countsByMethod("proxy"), { GET: 1 });
    assert.deepEqual(s.countsByMethod(), { POST: 1, GET: 3 });
    s.clearRequests();
    assert.deepEqual(s.countsByMethod(), {});
  });

  test("tag filters: a,b keeps entities with all the tags, a/b those with any", async () => {
    await admin(s, "POST", "/consumers", { username: "ab", tags: ["a", "b"] });
    await admin(s, "POST", "/consumers", { username: "a", tags: ["a"] });
    await admin(s, "POST", "/consumers", { username: "c", tags: ["c"] });
    const names = async (q: string) =>
      ((await admin(s, "GET", `/consumers?tags=${q}`)).body!.data as { username: string }[]).map(
        (c) => c.username,
      );
    assert.deepEqual(await names("a,b"), ["ab"]);
    assert.deepEqual(await names("b/c"), ["ab", "c"]);
    assert.deepEqual(await names("a"), ["ab", "a"]);
  });

  test("nested DELETE of a missing credential is 404; top-level DELETE of a missing entity is 204", async () => {
    await admin(s, "POST", "/consumers", { username: "c" });
    assert.equal((await admin(s, "DELETE", "/consumers/c/jwt/nope")).status, 404);
    assert.equal((await admin(s, "DELETE", "/consumers/nobody/jwt/nope")).status, 404);
    assert.equal((await admin(s, "DELETE", "/jwts/nope")).status, 204);
    assert.equal((await admin(s, "DELETE", "/consumers/nobody")).status, 204);
    const patched = await admin(s, "PATCH", "/consumers/nobody", { custom_id: "x" });
    assert.equal(patched.status, 404);
    assert.equal(patched.body!.name, "not found");
  });

  test("snapshot lists every entity; reset empties them all", async () => {
    await admin(s, "POST", "/services", { name: "svc", url: "http://127.0.0.1:1/x" });
    await admin(s, "POST", "/services/svc/routes", { name: "r", paths: ["/r"] });
    await admin(s, "POST", "/consumers", { username: "c" });
    await admin(s, "POST", "/consumers/c/jwt", {});
    await admin(s, "POST", "/plugins", { name: "prometheus" });
    const snap = s.snapshot();
    assert.deepEqual(Object.fromEntries(Object.entries(snap).map(([k, v]) => [k, v.length])), {
      services: 1,
      routes: 1,
      consumers: 1,
      jwt_secrets: 1,
      plugins: 1,
    });
    s.reset();
    assert.deepEqual(s.snapshot(), {
      services: [],
      routes: [],
      consumers: [],
      jwt_secrets: [],
      plugins: [],
    });
  });

  test("a global basic-auth plugin gets defaults (the conflicting-auth guard can find it)", async () => {
    const res = await admin(s, "POST", "/plugins", { name: "basic-auth" });
    assert.equal(res.status, 201);
    assert.deepEqual(res.body!.config, {
      anonymous: null,
      hide_credentials: false,
      realm: "service",
    });
    assert.equal((await admin(s, "POST", "/plugins", { name: "no-such-plugin" })).status, 400);
  });

  describe("proxy", () => {
    const secret = "proxy-test-secret";

    async function lab(stripPath: boolean) {
      await admin(s, "POST", "/services", {
        name: "svc",
        url: `http://127.0.0.1:${echo.port}/healthy`,
      });
      await admin(s, "POST", "/services/svc/routes", {
        name: "r",
        paths: ["/kong/healthy"],
        strip_path: stripPath,
      });
      await admin(s, "POST", "/consumers", { username: "fastapi-consumer", custom_id: "cid-1" });
      await admin(s, "POST", "/consumers/fastapi-consumer/jwt", { key: "jwttoken", secret });
      await admin(s, "POST", "/plugins", {
        name: "jwt",
        config: { claims_to_verify: ["exp"], maximum_expiration: 600 },
      });
    }

    test("forwards to the upstream with strip_path, query and body, adding consumer headers", async () => {
      await lab(true);
      const token = hs256(secret, { iss: "jwttoken", exp: now() + 600 });
      const res = await fetch(`${s.proxyUrl}/kong/healthy/extra?x=1`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ hello: "world" }),
      });
      assert.equal(res.status, 200);
      const seen = (await res.json()) as {
        method: string;
        url: string;
        headers: Record<string, string>;
        body: string;
      };
      assert.equal(seen.method, "POST");
      assert.equal(seen.url, "/healthy/extra?x=1");
      assert.equal(seen.body, '{"hello":"world"}');
      assert.equal(seen.headers["x-consumer-username"], "fastapi-consumer");
      assert.equal(seen.headers["x-consumer-custom-id"], "cid-1");
      assert.equal(seen.headers["x-credential-identifier"], "jwttoken");
      assert.equal(seen.headers["x-forwarded-prefix"], "/kong/healthy");
      assert.equal(seen.headers.host, `127.0.0.1:${echo.port}`);
      const exact = await fetch(`${s.proxyUrl}/kong/healthy`, {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(((await exact.json()) as { url: string }).url, "/healthy");
    });

    test("strip_path false appends the whole request path to the service path", async () => {
      await lab(false);
      const token = hs256(secret, { iss: "jwttoken", exp: now() + 60 });
      const res = await fetch(`${s.proxyUrl}/kong/healthy/x`, {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(((await res.json()) as { url: string }).url, "/healthy/kong/healthy/x");
    });

    test("expired, too-long and unsigned tokens are refused with the recorded bodies", async () => {
      await lab(true);
      const get = (token: string) =>
        fetch(`${s.proxyUrl}/kong/healthy`, { headers: { authorization: `Bearer ${token}` } });
      let res = await get(hs256(secret, { iss: "jwttoken", exp: now() - 1 }));
      assert.equal(res.status, 401);
      assert.deepEqual(await res.json(), { exp: "token expired" });
      res = await get(hs256(secret, { iss: "jwttoken", exp: now() + 601 + 5 }));
      assert.deepEqual(await res.json(), { exp: "exceeds maximum allowed expiration" });
      assert.equal(res.headers.get("www-authenticate"), 'Bearer error="invalid_token"');
    });

    test("RS256 credentials verify tokens signed with the matching private key only", async () => {
      await lab(true);
      const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
      const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
      const pem = publicKey.export({ type: "spki", format: "pem" }).toString();
      const created = await admin(s, "POST", "/consumers/fastapi-consumer/jwt", {
        key: "rsa-key",
        algorithm: "RS256",
        rsa_public_key: pem,
      });
      assert.equal(created.status, 201);
      const sign = (key: typeof privateKey) => {
        const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
        const input = `${b64({ typ: "JWT", alg: "RS256" })}.${b64({ iss: "rsa-key", exp: now() + 60 })}`;
        return `${input}.${createSign("RSA-SHA256").update(input).sign(key).toString("base64url")}`;
      };
      const get = (token: string) =>
        fetch(`${s.proxyUrl}/kong/healthy`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal((await get(sign(privateKey))).status, 200);
      const bad = await get(sign(other));
      assert.equal(bad.status, 401);
      assert.deepEqual(await bad.json(), { message: "Invalid signature" });
    });

    test("no matching route → 404 with a request_id (3.9.3)", async () => {
      const res = await fetch(`${s.proxyUrl}/elsewhere`);
      assert.equal(res.status, 404);
      const body = (await res.json()) as Record<string, string>;
      assert.equal(body.message, "no Route matched with those values");
      assert.match(body.request_id, /^[0-9a-f]{32}$/);
    });

    test("an unreachable upstream → 502", async () => {
      await admin(s, "POST", "/services", { name: "dead", url: "http://127.0.0.1:1/" });
      await admin(s, "POST", "/services/dead/routes", { paths: ["/dead"] });
      const res = await fetch(`${s.proxyUrl}/dead`);
      assert.equal(res.status, 502);
    });
  });
});

test("the standalone runner prints one JSON line with both URLs and serves the Admin API", async () => {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(__dirname, "main.ts"), "--version", "2.8.4"],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  try {
    const line = await new Promise<string>((resolve, reject) => {
      let out = "";
      const timer = setTimeout(
        () => reject(new Error("no output from main.ts within 20 s")),
        20000,
      );
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const nl = out.indexOf("\n");
        if (nl >= 0) {
          clearTimeout(timer);
          resolve(out.slice(0, nl));
        }
      });
      child.on("exit", (code) => reject(new Error(`main.ts exited with ${code}`)));
    });
    const info = JSON.parse(line) as { adminUrl: string; proxyUrl: string; version: string };
    assert.equal(info.version, "2.8.4");
    assert.match(info.proxyUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    const root = (await (await fetch(`${info.adminUrl}/`)).json()) as { version: string };
    assert.equal(root.version, "2.8.4");
  } finally {
    child.kill("SIGTERM");
  }
});
