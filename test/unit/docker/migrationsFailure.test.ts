/** A failed migration step: the gateway container is never created, and the reason is reported. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { runProgramInChildProcess } from "../../support/mocksProgramProcess";
import { stackConfig } from "../../support/mocksStackConfig";

test("`kong migrations up && finish` exiting 1: no gateway, no Kong configuration, a clear reason", () => {
  const result = runProgramInChildProcess({
    config: stackConfig("dev"),
    exitCodes: { "lab-migrations-up": 1 },
  });
  const messages = result.errors.join("\n");
  assert.match(messages, /`kong migrations up && kong migrations finish` exited with code 1/);
  assert.match(messages, /docker logs kong-jwt-lab-dev-migrations-up/);
  assert.ok(result.registered.includes("lab-migrations-up"), "the step itself ran");
  assert.ok(!result.registered.includes("lab-kong-container"), result.registered.join());
});

test("both steps exiting 0: the gateway is created (the same runner, the control case)", () => {
  const result = runProgramInChildProcess({ config: stackConfig("dev") });
  assert.deepEqual(result.errors, []);
  assert.ok(result.registered.includes("lab-kong-container"));
});
