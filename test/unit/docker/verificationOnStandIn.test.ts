/**
 * The verification end to end, without Docker: the program's real smoke-check command, run as the
 * command provider runs it (test/support/commandProvider.ts), against the Kong stand-in (a test
 * double replaying recorded Kong behaviour, not Kong) holding the lab's entities, in front of a
 * small upstream that answers like the FastAPI app's /healthy. The dev stack's proxy port points at
 * the stand-in's proxy.
 */
import { after, before, beforeEach, test } from "node:test";
import assert from "node:assert/strict";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { startKongStandIn, type KongStandIn } from "../../kong-standin";
import { runProgramInChildProcessAsync } from "../../support/mocksProgramProcess";
import { stackConfig } from "../../support/mocksStackConfig";
import { createLabEntities } from "../../scripts/support/labEntities";

const SECRET_KEY = "kong-jwt-lab:jwtSecret";
const SECRET = "verification-secret-0123456789";
const VERIFICATION = "lab-verification-smoke-check";

let standIn: KongStandIn;
let upstream: http.Server;
let upstreamUrl: string;

before(async () => {
  standIn = await startKongStandIn();
  upstream = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ status: "Healthy" }));
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
after(async () => {
  await standIn?.close();
  await new Promise((resolve) => upstream?.close(resolve));
});
beforeEach(() => standIn.reset());

function upAgainstStandIn() {
  const proxyPort = new URL(standIn.proxyUrl).port;
  return runProgramInChildProcessAsync({
    config: {
      ...stackConfig("dev"),
      "kong-jwt-lab:proxyHttpPort": proxyPort,
      [SECRET_KEY]: SECRET,
    },
    secretKeys: [SECRET_KEY],
    runCommands: { names: [VERIFICATION] },
  });
}

test("a gateway that enforces the lab's JWT setup: the up succeeds", async () => {
  await createLabEntities(standIn.adminUrl, { upstreamUrl, secret: SECRET });
  const result = await upAgainstStandIn();
  assert.deepEqual(result.errors, []);
  assert.ok(result.registered.includes(VERIFICATION));
  assert.equal(standIn.requests.filter((r) => r.target === "proxy").length, 6, "six cases");
});

test("a gateway that does not (maximum_expiration 3600, not 600): the up fails with the smoke table", async () => {
  await createLabEntities(standIn.adminUrl, {
    upstreamUrl,
    secret: SECRET,
    maximumExpiration: 3600,
  });
  const result = await upAgainstStandIn();
  const message = result.errors.join("\n");
  assert.match(message, /the smoke check failed \(exit 1\); last lines of its output:/);
  assert.match(message, /over maximum_expiration +\|.*\| FAIL/);
  assert.match(message, /Result: 5 of 6 cases as expected; failing: over maximum_expiration/);
  assert.ok(!message.includes(SECRET), "the secret is never in the message");
  assert.doesNotMatch(message, /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/, "no token in the message");
});
