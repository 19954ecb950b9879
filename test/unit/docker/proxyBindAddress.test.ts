/** Only the proxy listens wider, and only when config says so: dev config with proxyBindAddress 0.0.0.0. */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { ProgramRun, plain, runProgram } from "../../support/mocks";
import { stackConfig } from "../../support/mocksStackConfig";

type Port = { internal: number; external?: number; ip?: string };
let run: ProgramRun;
before(async () => {
  run = await runProgram(
    {
      ...stackConfig("dev"),
      "kong-jwt-lab:proxyBindAddress": "0.0.0.0",
      "kong-jwt-lab:proxyHttpPort": "18000",
    },
    { stack: "dev" },
  );
});

test("the proxy ports follow proxyBindAddress; every other port stays on 127.0.0.1", () => {
  const published = run
    .ofType("docker:index/container:Container")
    .flatMap((r) => (plain<Port[]>(r.inputs.ports) ?? []).map((p) => ({ name: r.name, ...p })));
  const wide = published.filter((p) => p.ip !== "127.0.0.1");
  assert.deepEqual(wide.map((p) => `${p.name}:${p.internal}->${p.ip}:${p.external}`).sort(), [
    "lab-kong-container:8000->0.0.0.0:18000",
    "lab-kong-container:8443->0.0.0.0:8443",
  ]);
  assert.equal(published.length, 10);
});

test("the proxy URL output stays usable from this machine", () => {
  assert.equal(run.outputs.proxyUrl, "http://127.0.0.1:18000");
  assert.match(String(run.outputs.sampleRequest), / http:\/\/127\.0\.0\.1:18000\/kong\/healthy /);
});
