/** The remote-kong example stack: containers off, an existing Kong by URL, no Docker resources. */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { ProgramRun, runProgram } from "../../support/mocks";
import { stackConfig } from "../../support/mocksStackConfig";

let run: ProgramRun;
before(async () => {
  run = await runProgram(stackConfig("remote-kong"), { stack: "remote-kong" });
});

test("creates no Docker resources and no container components", () => {
  const docker = run.resources.filter(
    (r) => r.type.startsWith("docker:") || r.type.startsWith("kong-jwt-lab:docker:"),
  );
  assert.deepEqual(
    docker.map((r) => r.name),
    [],
  );
  assert.ok(!run.resources.some((r) => r.name === "lab-postgres-password"), "no database password");
});

test("still configures Kong: the KongJwtConfiguration component exists, depending on nothing local", () => {
  const kong = run.ofType("kong-jwt-lab:kong:KongJwtConfiguration");
  assert.equal(kong.length, 1);
  assert.deepEqual(kong[0].dependsOn, []);
});

test("outputs: the existing Kong's URLs; URLs of services that do not exist are left out", () => {
  const o = run.outputs;
  assert.equal(o.adminUrl, "http://127.0.0.1:8001");
  assert.equal(o.proxyUrl, "http://127.0.0.1:8000");
  assert.equal(
    o.sampleRequest,
    'curl -i -H "Authorization: Bearer <token>" http://127.0.0.1:8000/kong/healthy   # <token>: npm run token -- --stack remote-kong',
  );
  for (const absent of ["managerUrl", "prometheusUrl", "zipkinUrl", "upstreamDirectUrl"]) {
    assert.equal(o[absent], undefined, absent);
  }
  assert.equal(o.jwtKey, "jwttoken");
  assert.equal(o.routePath, "/kong/healthy");
});

test("creates no command resource: the stack never needs the command provider's plugin", () => {
  assert.deepEqual(
    run.resources.filter((r) => r.type.startsWith("command:")).map((r) => r.name),
    [],
  );
  assert.ok(!run.resources.some((r) => r.type.startsWith("kong-jwt-lab:verification:")));
});
