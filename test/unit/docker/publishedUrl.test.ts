import { test } from "node:test";
import assert from "node:assert/strict";
import { publishedUrl } from "../../../components/docker/publishedUrl";
import { sampleRequest } from "../../../components/docker/sampleRequest";

test("a browser on this machine reaches wildcard binds on loopback; IPv6 is bracketed", () => {
  assert.equal(publishedUrl("127.0.0.1", 8000), "http://127.0.0.1:8000");
  assert.equal(publishedUrl("0.0.0.0", 8000), "http://127.0.0.1:8000");
  assert.equal(publishedUrl("::", 8000), "http://[::1]:8000");
  assert.equal(publishedUrl("fd00::5", 8000), "http://[fd00::5]:8000");
  assert.equal(publishedUrl("192.168.1.20", 18000), "http://192.168.1.20:18000");
});

test("the sample request: bearer token placeholder, route, and how to get a token", () => {
  assert.equal(
    sampleRequest("http://127.0.0.1:8000/", "/kong/healthy", "dev"),
    'curl -i -H "Authorization: Bearer <token>" http://127.0.0.1:8000/kong/healthy   # <token>: npm run token -- --stack dev',
  );
});
