import assert from "node:assert/strict";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { countRequests, pathPattern, startRecordingProxy } from "../../bench/recordingProxy";

describe("pathPattern", () => {
  test("keeps endpoint words and collapses names and ids", () => {
    assert.equal(pathPattern("/consumers/alice/jwt/k1"), "/consumers/{}/jwt/{}");
    assert.equal(pathPattern("/consumers?tags=x&size=1000"), "/consumers");
    assert.equal(pathPattern("/jwts"), "/jwts");
    assert.equal(pathPattern("/schemas/plugins/jwt"), "/schemas/plugins/jwt");
    assert.equal(pathPattern("/plugins/0b4c-11"), "/plugins/{}");
    assert.equal(pathPattern("/schemas/consumers"), "/schemas/consumers");
    assert.equal(pathPattern("/"), "/");
  });
});

describe("countRequests", () => {
  test("counts per method and pattern; only GET/HEAD/OPTIONS are reads", () => {
    const c = countRequests([
      { method: "get", path: "/" },
      { method: "GET", path: "/consumers" },
      { method: "PUT", path: "/consumers/a" },
      { method: "PUT", path: "/consumers/b" },
      { method: "DELETE", path: "/consumers/b" },
      { method: "OPTIONS", path: "/consumers" },
      { method: "POST", path: "/consumers/a/jwt" },
    ]);
    assert.equal(c.total, 7);
    assert.equal(c.writes, 4);
    assert.equal(c.reads, 3);
    assert.deepEqual(c.byMethod, { GET: 2, PUT: 2, DELETE: 1, OPTIONS: 1, POST: 1 });
    assert.equal(c.byPattern["PUT /consumers/{}"], 2);
    assert.equal(c.byPattern["POST /consumers/{}/jwt"], 1);
  });
});

describe("startRecordingProxy", () => {
  let upstream: http.Server;
  let upstreamUrl: string;
  const seen: { method: string; url: string; body: string; host: string }[] = [];

  before(async () => {
    upstream = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        seen.push({ method: req.method!, url: req.url!, body, host: req.headers.host ?? "" });
        const status = req.url?.startsWith("/missing") ? 404 : req.method === "POST" ? 201 : 200;
        res.writeHead(status, { "content-type": "application/json", "x-upstream": "yes" });
        res.end(JSON.stringify({ echoed: body, url: req.url }));
      });
    });
    await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", () => r()));
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => upstream.close(() => r())));

  test("forwards method, path, query, body and headers; counts each answered request", async () => {
    const proxy = await startRecordingProxy(upstreamUrl);
    try {
      assert.match(proxy.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const r1 = await fetch(`${proxy.url}/consumers?tags=t1&size=1000`);
      assert.equal(r1.status, 200);
      assert.equal(r1.headers.get("x-upstream"), "yes");
      assert.deepEqual(await r1.json(), { echoed: "", url: "/consumers?tags=t1&size=1000" });

      const r2 = await fetch(`${proxy.url}/consumers/a/jwt`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ key: "k" }),
      });
      assert.equal(r2.status, 201);
      assert.deepEqual(await r2.json(), { echoed: '{"key":"k"}', url: "/consumers/a/jwt" });
      const r3 = await fetch(`${proxy.url}/missing/x`, { method: "DELETE" });
      assert.equal(r3.status, 404);
      await r3.text();

      assert.equal(seen.at(-1)?.host, new URL(upstreamUrl).host);
      assert.deepEqual(
        proxy.requests.map((r) => [r.method, r.path, r.status]),
        [
          ["GET", "/consumers", 200],
          ["POST", "/consumers/a/jwt", 201],
          ["DELETE", "/missing/x", 404],
        ],
      );
      const counts = proxy.counts();
      assert.deepEqual(counts.byMethod, { GET: 1, POST: 1, DELETE: 1 });
      assert.equal(counts.writes, 2);
      proxy.reset();
      assert.equal(proxy.counts().total, 0);
    } finally {
      await proxy.close();
    }
  });

  test("answers 502 with a message and counts it when the target is unreachable", async () => {
    const dead = http.createServer();
    await new Promise<void>((r) => dead.listen(0, "127.0.0.1", () => r()));
    const deadUrl = `http://127.0.0.1:${(dead.address() as AddressInfo).port}`;
    await new Promise<void>((r) => dead.close(() => r()));
    const proxy = await startRecordingProxy(deadUrl);
    try {
      const r = await fetch(`${proxy.url}/status`);
      assert.equal(r.status, 502);
      assert.match(((await r.json()) as { message: string }).message, /unreachable/);
      assert.deepEqual(proxy.counts().byMethod, { GET: 1 });
    } finally {
      await proxy.close();
    }
  });

  test("keeps a base path of the target URL", async () => {
    const proxy = await startRecordingProxy(`${upstreamUrl}/admin-api/`);
    try {
      const r = await fetch(`${proxy.url}/services`);
      assert.equal(((await r.json()) as { url: string }).url, "/admin-api/services");
    } finally {
      await proxy.close();
    }
  });
});
