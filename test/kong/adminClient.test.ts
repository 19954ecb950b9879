/**
 * The Admin API client against a tiny scripted HTTP server (so each answer, reset and delay is
 * under the test's control): retries, backoff bounds, error messages, redaction, pagination.
 */
import assert from "node:assert/strict";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, beforeEach, describe, test } from "node:test";
import {
  createAdminClient,
  KongAdminError,
  proxyFromEnvironment,
  versionAtLeast,
} from "../../components/kong/adminClient";

type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;

describe("Kong Admin API client", () => {
  let server: http.Server;
  let baseUrl = "";
  let connections = 0;
  let handler: Handler = (_req, _body, res) => res.writeHead(500).end();
  const seen: { method: string; url: string; headers: http.IncomingHttpHeaders }[] = [];

  before(async () => {
    server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
        bodies.push(body);
        handler(req, body, res);
      });
    });
    server.on("connection", () => connections++);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const bodies: string[] = [];
  beforeEach(() => {
    seen.length = 0;
    bodies.length = 0;
    connections = 0;
  });

  const json = (res: http.ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));

  test("retries 503, 429 and connection resets, then returns the answer", async () => {
    let n = 0;
    handler = (req, _body, res) => {
      n++;
      if (n === 1) json(res, 503, { message: "unavailable" });
      else if (n === 2) req.socket.destroy();
      else if (n === 3) json(res, 429, { message: "slow down" });
      else json(res, 200, { id: "abc" });
    };
    const kong = createAdminClient({ baseUrl, retryBaseDelayMs: 1, maxRetries: 5 });
    const res = await kong.request<{ id: string }>({
      method: "GET",
      path: "/services/x",
      entity: 'service "x"',
    });
    assert.equal(res.status, 200);
    assert.equal(res.data.id, "abc");
    assert.equal(seen.length, 4);
  });

  test("gives up after maxRetries with a KongAdminError naming entity, request and answer", async () => {
    handler = (_req, _body, res) => json(res, 502, { message: "Bad Gateway" });
    const kong = createAdminClient({ baseUrl, retryBaseDelayMs: 1, maxRetries: 2 });
    await assert.rejects(
      kong.request({ method: "DELETE", path: "/services/x", entity: 'service "x"' }),
      (e: KongAdminError) => {
        assert.ok(e instanceof KongAdminError, "an instance of the KongAdminError class");
        assert.ok(e instanceof Error);
        assert.match(e.message, /service "x"/);
        assert.match(e.message, /DELETE \/services\/x/);
        assert.match(e.message, /502: Bad Gateway/);
        assert.match(e.message, /after 3 attempts/);
        assert.equal(e.status, 502);
        assert.equal(e.attempts, 3);
        return true;
      },
    );
    assert.equal(seen.length, 3);
  });

  test("a 400 is not retried; the error carries Kong's fields and never the request body", async () => {
    handler = (_req, _body, res) =>
      json(res, 400, {
        code: 2,
        name: "schema violation",
        message: "schema violation (algorithm: expected one of: HS256)",
        fields: { algorithm: "expected one of: HS256" },
      });
    const kong = createAdminClient({ baseUrl, retryBaseDelayMs: 1 });
    await assert.rejects(
      kong.request({
        method: "POST",
        path: "/consumers/c/jwt",
        body: { key: "k", secret: "s3cr3t-value", algorithm: "none" },
        entity: 'JWT credential "k"',
      }),
      (e: KongAdminError) => {
        assert.match(e.message, /JWT credential "k"/);
        assert.match(e.message, /POST \/consumers\/c\/jwt/);
        assert.match(e.message, /400: schema violation/);
        assert.match(e.message, /"algorithm":"expected one of: HS256"/);
        assert.doesNotMatch(e.message, /s3cr3t-value/);
        assert.equal(e.kongCode, 2);
        assert.deepEqual(e.fields, { algorithm: "expected one of: HS256" });
        return true;
      },
    );
    assert.equal(seen.length, 1);
  });

  test("strings listed in redact never appear in an error message", async () => {
    handler = (_req, _body, res) => json(res, 400, { message: "bad value s3cr3t-value" });
    const kong = createAdminClient({ baseUrl });
    await assert.rejects(
      kong.request({
        method: "PUT",
        path: "/x",
        body: {},
        entity: "thing",
        redact: ["s3cr3t-value"],
      }),
      (e: Error) => !e.message.includes("s3cr3t-value") && /\[redacted\]/.test(e.message),
    );
  });

  test("okStatuses returns a 404 instead of throwing; headers are sent", async () => {
    handler = (_req, _body, res) => json(res, 404, { message: "Not found" });
    const kong = createAdminClient({ baseUrl, headers: { "Kong-Admin-Token": "tok" } });
    const res = await kong.request({
      method: "GET",
      path: "/consumers/nobody",
      entity: "consumer",
      okStatuses: [200, 404],
    });
    assert.equal(res.status, 404);
    assert.equal(seen[0].headers["kong-admin-token"], "tok");
    assert.equal(seen[0].headers["content-type"], undefined, "no body, no content type");
  });

  test("connection refused is retried (Kong not up yet) and then reported", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const kong = createAdminClient({
      baseUrl: `http://127.0.0.1:${port}`,
      retryBaseDelayMs: 1,
      maxRetries: 2,
      headers: { "Kong-Admin-Token": "tok-secret" },
    });
    await assert.rejects(
      kong.request({ method: "GET", path: "/", entity: "Kong node information" }),
      (e: KongAdminError) => {
        assert.match(e.message, /ECONNREFUSED/);
        assert.equal(e.attempts, 3);
        assert.doesNotMatch(e.message, /tok-secret/);
        return true;
      },
    );
  });

  test("a timeout is retried", async () => {
    let n = 0;
    handler = (_req, _body, res) => {
      n++;
      if (n === 1) setTimeout(() => json(res, 200, { late: true }), 300);
      else json(res, 200, { late: false });
    };
    const kong = createAdminClient({ baseUrl, timeoutMs: 50, retryBaseDelayMs: 1 });
    const res = await kong.request<{ late: boolean }>({ method: "GET", path: "/", entity: "x" });
    assert.equal(res.data.late, false);
  });

  for (const keepsSize of [false, true]) {
    test(`list follows next and re-adds size only when missing (next ${keepsSize ? "keeps" : "drops"} size)`, async () => {
      const all = ["a", "b", "c"];
      handler = (req, _body, res) => {
        const url = new URL(req.url ?? "/", "http://x");
        if (url.searchParams.getAll("size").length > 1) {
          json(res, 500, { message: "An unexpected error occurred" });
          return;
        }
        const size = Number(url.searchParams.get("size") ?? 100);
        const offset = Number(url.searchParams.get("offset") ?? 0);
        const data = all.slice(offset, offset + size).map((name) => ({ name }));
        const more = offset + size < all.length;
        const next = more
          ? `/services?offset=${offset + size}${keepsSize ? `&size=${size}` : ""}`
          : null;
        json(res, 200, { data, next, ...(more ? { offset: String(offset + size) } : {}) });
      };
      const kong = createAdminClient({ baseUrl, maxRetries: 0 });
      const items = await kong.list<{ name: string }>("/services", { entity: "services", size: 1 });
      assert.deepEqual(
        items.map((i) => i.name),
        all,
      );
      assert.deepEqual(
        seen.map((s) => s.url),
        ["/services?size=1", "/services?offset=1&size=1", "/services?offset=2&size=1"],
      );
    });
  }

  test("a request on the wire: method, path below the base URL's prefix, headers, JSON body", async () => {
    handler = (_req, _body, res) => json(res, 200, { id: "c1" });
    const kong = createAdminClient({
      baseUrl: `${baseUrl}/admin/`,
      headers: { "Kong-Admin-Token": "tok" },
    });
    const res = await kong.request<{ id: string }>({
      method: "PUT",
      path: "/consumers/a%20b?x=1",
      body: { username: "a b", tags: ["t"] },
      entity: 'consumer "a b"',
    });
    assert.deepEqual(res, { status: 200, data: { id: "c1" } });
    const [wire] = seen;
    assert.equal(wire?.method, "PUT");
    assert.equal(wire?.url, "/admin/consumers/a%20b?x=1");
    assert.equal(wire?.headers["content-type"], "application/json");
    assert.equal(wire?.headers["kong-admin-token"], "tok");
    assert.equal(wire?.headers["content-length"], String(bodies[0]?.length));
    assert.match(String(wire?.headers["user-agent"]), /^axios\//);
    assert.deepEqual(JSON.parse(bodies[0] ?? ""), { username: "a b", tags: ["t"] });
  });

  test("an answer that is not JSON is reported as its text", async () => {
    handler = (_req, _body, res) =>
      res.writeHead(502, { "content-type": "text/html" }).end("bad gateway");
    const kong = createAdminClient({ baseUrl, maxRetries: 0 });
    await assert.rejects(
      kong.request({ method: "GET", path: "/status", entity: "status" }),
      (e: KongAdminError) => e.status === 502 && / → 502: bad gateway$/.test(e.message),
    );
  });

  test("connections are kept alive: 30 requests, 10 at a time, over at most 10 connections", async () => {
    handler = (_req, _body, res) => json(res, 200, {});
    const kong = createAdminClient({ baseUrl });
    for (let round = 0; round < 3; round++) {
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          kong.request({ method: "GET", path: `/consumers/${round}-${i}`, entity: "c" }),
        ),
      );
    }
    assert.equal(seen.length, 30);
    assert.ok(connections <= 10, `${connections} connections`);
  });

  test("a proxy named in http_proxy carries the requests (axios's own adapter honours it)", async () => {
    const proxied: string[] = [];
    const proxy = http.createServer((req, res) => {
      proxied.push(`${req.method} ${req.url}`);
      json(res, 200, { via: "proxy" });
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    const saved = { http_proxy: process.env.http_proxy, no_proxy: process.env.no_proxy };
    process.env.http_proxy = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    delete process.env.no_proxy;
    try {
      const kong = createAdminClient({ baseUrl: "http://kong-admin.invalid:8001" });
      const res = await kong.request<{ via: string }>({ method: "GET", path: "/", entity: "x" });
      assert.equal(res.data.via, "proxy");
      assert.deepEqual(proxied, ["GET http://kong-admin.invalid:8001/"]);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });

  test("proxyFromEnvironment: http_proxy or all_proxy, any case or npm_config_ form, set and not empty", () => {
    assert.equal(proxyFromEnvironment({}), false);
    assert.equal(proxyFromEnvironment({ https_proxy: "http://p:1", no_proxy: "*" }), false);
    assert.equal(proxyFromEnvironment({ http_proxy: "" }), false);
    for (const key of [
      "http_proxy",
      "HTTP_PROXY",
      "npm_config_http_proxy",
      "all_proxy",
      "ALL_PROXY",
      "npm_config_all_proxy",
    ]) {
      assert.equal(proxyFromEnvironment({ [key]: "http://p:1" }), true, key);
    }
  });

  test("version reads GET /", async () => {
    handler = (_req, _body, res) => json(res, 200, { version: "2.8.4", tagline: "Welcome" });
    assert.equal(await createAdminClient({ baseUrl }).version(), "2.8.4");
  });

  test("versionAtLeast compares numerically", () => {
    assert.equal(versionAtLeast("3.9.3", "3.2"), true);
    assert.equal(versionAtLeast("3.2.0", "3.2"), true);
    assert.equal(versionAtLeast("3.10.0", "3.2"), true);
    assert.equal(versionAtLeast("2.8.4", "3.2"), false);
    assert.equal(versionAtLeast("3.1.9", "3.2"), false);
    assert.equal(versionAtLeast("3.4.3.12-enterprise", "3.2"), true);
  });
});
