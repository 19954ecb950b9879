/**
 * The second migration step's script (MIGRATIONS_UP), run by `sh` as the Kong container runs it,
 * against a stand-in `kong` first on PATH that records its arguments and answers
 * `kong migrations list` with the exit code Kong gives for each state of the database
 * (kong/cmd/migrations.lua: 0 up to date, 3 not bootstrapped, 4 pending, 5 new migrations).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, test } from "node:test";
import { MIGRATIONS_UP } from "../../../components/docker/KongMigrations";

/** A `kong` that logs "$*", prints a listing for `migrations list`, and exits as told. */
const FAKE_KONG = `#!/bin/sh
printf '%s\\n' "$*" >> "$FAKE_KONG_LOG"
case "$*" in
  "migrations list") echo "executed migrations: core: 000_base"; exit "\${LIST_EXIT:-0}" ;;
  "migrations up") exit "\${UP_EXIT:-0}" ;;
  *) exit 0 ;;
esac
`;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kong-jwt-lab-fake-kong-"));
fs.writeFileSync(path.join(dir, "kong"), FAKE_KONG, { mode: 0o755 });

function runStep(env: Record<string, string>): {
  status: number | null;
  calls: string[];
  stdout: string;
  stderr: string;
} {
  const log = path.join(dir, `calls-${Math.random().toString(36).slice(2)}.log`);
  const child = spawnSync("sh", ["-c", MIGRATIONS_UP], {
    env: { PATH: `${dir}:${process.env.PATH ?? ""}`, FAKE_KONG_LOG: log, ...env },
    encoding: "utf8",
  });
  const calls = fs.existsSync(log) ? fs.readFileSync(log, "utf8").trimEnd().split("\n") : [];
  return { status: child.status, calls, stdout: child.stdout, stderr: child.stderr };
}

describe("the migrations' second step: what `kong migrations list` asks for", () => {
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("a database just bootstrapped (list exits 0): one Kong start, no up or finish, exit 0", () => {
    const r = runStep({ LIST_EXIT: "0" });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.calls, ["migrations list"]);
    assert.doesNotMatch(r.stdout, /executed migrations/, "the listing is not printed");
  });

  test("new migrations (list exits 5): up, then finish", () => {
    const r = runStep({ LIST_EXIT: "5" });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.calls, ["migrations list", "migrations up", "migrations finish"]);
  });

  test("pending migrations (list exits 4): finish first (up refuses while any are pending), then up and finish", () => {
    const r = runStep({ LIST_EXIT: "4" });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.calls, [
      "migrations list",
      "migrations finish",
      "migrations up",
      "migrations finish",
    ]);
  });

  test("a failing up stops the step with its exit status; finish does not run", () => {
    const r = runStep({ LIST_EXIT: "5", UP_EXIT: "1" });
    assert.equal(r.status, 1);
    assert.deepEqual(r.calls, ["migrations list", "migrations up"]);
  });

  for (const code of ["1", "3"]) {
    test(`list exiting ${code} (database unreadable, or not bootstrapped) fails the step with that status and says so`, () => {
      const r = runStep({ LIST_EXIT: code });
      assert.equal(r.status, Number(code));
      assert.deepEqual(r.calls, ["migrations list"]);
      assert.match(r.stderr, new RegExp(`kong migrations list failed \\(exit status ${code}\\)`));
    });
  }
});
