/**
 * Which configuration changes run which one-shot command again. The program runs under mocks once
 * per configuration (a child process each); a command runs again on the next `pulumi up` when its
 * inputs differ: a changed trigger replaces it (a new resource runs its create text), any other
 * changed input updates it (without an `update` text, the provider runs the create text again).
 * Ids in the mocks change where the real providers' ids change (a replaced container, a command
 * whose triggers changed), so chains of triggers are followed too.
 */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { ProgramProcessResult, runProgramInChildProcess } from "../../support/mocksProgramProcess";
import { stableJson } from "../../support/mocks";
import { stackConfig } from "../../support/mocksStackConfig";

const MIGRATIONS = ["lab-migrations-bootstrap", "lab-migrations-up"];
const VERIFICATION = "lab-verification-smoke-check";
const ALL = [...MIGRATIONS, VERIFICATION].sort();

function runWith(
  overrides: Record<string, string>,
  secretKeys: string[] = [],
): ProgramProcessResult {
  const result = runProgramInChildProcess({
    config: { ...stackConfig("dev"), ...overrides },
    secretKeys,
    realisticIds: true,
  });
  assert.deepEqual(result.errors, []);
  assert.deepEqual(Object.keys(result.commands).sort(), ALL, "every command is there");
  return result;
}

/** Names of the commands whose inputs differ between two runs. */
function rerun(before: ProgramProcessResult, after: ProgramProcessResult): string[] {
  return ALL.filter(
    (name) => stableJson(before.commands[name]) !== stableJson(after.commands[name]),
  );
}

const triggersChanged = (a: ProgramProcessResult, b: ProgramProcessResult, name: string) =>
  stableJson(a.commands[name].triggers) !== stableJson(b.commands[name].triggers);

let base: ProgramProcessResult;
before(() => {
  base = runWith({});
});

test("the same configuration twice runs nothing again", () => {
  assert.deepEqual(rerun(base, runWith({})), []);
});

test("a new Kong image: both migration steps and the verification run again, by trigger", () => {
  const after = runWith({ "kong-jwt-lab:kongImage": "kong:3.9.2" });
  assert.deepEqual(rerun(base, after), ALL);
  for (const name of ALL) assert.ok(triggersChanged(base, after, name), name);
});

test("a new database (the Postgres container replaced): both migration steps, not the verification", () => {
  const after = runWith({ "kong-jwt-lab:postgresImage": "postgres:16.10-alpine" });
  assert.deepEqual(rerun(base, after), MIGRATIONS);
});

test("a changed Kong configuration (route, jwt plugin): the verification only", () => {
  const after = runWith({
    "kong-jwt-lab:jwtMaximumExpiration": "300",
    "kong-jwt-lab:routePath": "/other",
    "kong-jwt-lab:jwtClaimsToVerify": '["exp","nbf"]',
  });
  assert.deepEqual(rerun(base, after), [VERIFICATION]);
});

test("a changed credential secret: the verification only", () => {
  const secret = "kong-jwt-lab:jwtSecret";
  const one = runWith({ [secret]: "first-secret-0123456789abcdef" }, [secret]);
  const other = runWith({ [secret]: "other-secret-0123456789abcdef" }, [secret]);
  assert.deepEqual(rerun(one, other), [VERIFICATION]);
});

test("a change outside Kong and its database (Prometheus' port): nothing runs again", () => {
  assert.deepEqual(rerun(base, runWith({ "kong-jwt-lab:prometheusPort": "9091" })), []);
});
