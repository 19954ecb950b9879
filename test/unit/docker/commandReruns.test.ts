/**
 * Which configuration changes run which one-shot command again. The program runs under mocks once
 * per configuration (a child process each); a command runs again on the next `pulumi up` when its
 * inputs differ: a changed trigger replaces it (a new resource runs its create text), any other
 * changed input updates it (without an `update` text, the provider runs the create text again).
 * Ids in the mocks change where the real providers' ids change (a replaced container, a command
 * whose triggers changed), so chains of triggers are followed too.
 */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { ProgramProcessResult, runProgramInChildProcess } from "../../support/mocksProgramProcess";
import { stackConfig } from "../../support/mocksStackConfig";

const MIGRATIONS = ["lab-migrations-bootstrap", "lab-migrations-up"];

const stableJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );

function runWith(overrides: Record<string, string>): ProgramProcessResult {
  const result = runProgramInChildProcess({
    config: { ...stackConfig("dev"), ...overrides },
    realisticIds: true,
  });
  assert.deepEqual(result.errors, []);
  return result;
}

/** Names of the commands whose inputs differ between two runs (and that exist in both). */
function rerun(before: ProgramProcessResult, after: ProgramProcessResult): string[] {
  return Object.keys(before.commands)
    .filter((name) => name in after.commands)
    .filter((name) => stableJson(before.commands[name]) !== stableJson(after.commands[name]))
    .sort();
}

let base: ProgramProcessResult;
before(() => {
  base = runWith({});
});

describe("migrations", () => {
  test("the same configuration twice runs nothing again", () => {
    assert.deepEqual(rerun(base, runWith({})), []);
  });

  test("a new Kong image runs both steps again, by trigger", () => {
    const after = runWith({ "kong-jwt-lab:kongImage": "kong:3.9.2" });
    assert.deepEqual(
      rerun(base, after).filter((n) => MIGRATIONS.includes(n)),
      MIGRATIONS,
    );
    for (const name of MIGRATIONS) {
      assert.notDeepEqual(
        stableJson(base.commands[name].triggers),
        stableJson(after.commands[name].triggers),
        `${name}: replaced (its triggers changed)`,
      );
    }
  });

  test("a new database (the Postgres container replaced) runs both steps again", () => {
    const after = runWith({ "kong-jwt-lab:postgresImage": "postgres:16.10-alpine" });
    assert.deepEqual(
      rerun(base, after).filter((n) => MIGRATIONS.includes(n)),
      MIGRATIONS,
    );
  });

  test("changes that touch neither Kong's image nor its database run no migration", () => {
    for (const [key, value] of [
      ["kong-jwt-lab:prometheusPort", "9091"],
      ["kong-jwt-lab:jwtMaximumExpiration", "300"],
      ["kong-jwt-lab:routePath", "/other"],
    ]) {
      const after = runWith({ [key]: value });
      assert.deepEqual(
        rerun(base, after).filter((n) => MIGRATIONS.includes(n)),
        [],
        key,
      );
    }
  });
});
