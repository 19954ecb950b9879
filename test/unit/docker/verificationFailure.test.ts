/**
 * The verification's failure path, with the program's real command text run as the command
 * provider runs it (test/support/commandProvider.ts) against a stand-in `node` first on PATH that
 * answers like a failing smoke check: the `up` fails with the smoke table, the secret reaches the
 * check on stdin only and is never printed.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ProgramProcessResult, runProgramInChildProcess } from "../../support/mocksProgramProcess";
import { stackConfig } from "../../support/mocksStackConfig";

const SECRET_KEY = "kong-jwt-lab:jwtSecret";
const SECRET = "configured-secret-that-must-never-print";
const VERIFICATION = "lab-verification-smoke-check";

let dir: string;
let failed: ProgramProcessResult;
let passed: ProgramProcessResult;

/** A `node` that records argv and stdin, prints a table (leaking the secret), exits $FAKE_EXIT. */
const FAKE_NODE = `#!/bin/sh
printf '%s\\n' "$*" > "$FAKE_DIR/argv"
cat > "$FAKE_DIR/stdin"
echo "case          | result"
echo "no token      | PASS"
echo "fresh token   | FAIL got 401 for secret $(cat "$FAKE_DIR/stdin")"
echo "Result: 1 of 2 cases as expected; failing: fresh token"
exit "\${FAKE_EXIT:-0}"
`;

function upWith(exitCode: number): ProgramProcessResult {
  return runProgramInChildProcess({
    config: { ...stackConfig("dev"), [SECRET_KEY]: SECRET },
    secretKeys: [SECRET_KEY],
    runCommands: {
      names: [VERIFICATION],
      path: dir,
      env: { FAKE_DIR: dir, FAKE_EXIT: String(exitCode) },
    },
  });
}

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "kong-jwt-lab-fake-node-"));
  fs.writeFileSync(path.join(dir, "node"), FAKE_NODE, { mode: 0o755 });
  failed = upWith(1);
  passed = upWith(0);
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test("a failing case fails the up: the message names the check and carries the smoke table", () => {
  assert.ok(failed.errors.length > 0, "the up failed");
  const message = failed.errors[0];
  const [first, second] = message.split("\n");
  assert.match(
    first,
    /^(failed to register new resource lab-verification-smoke-check \[command:local:Command\]: )?exit status 1: running "node --import tsx scripts\/smokeCheck\.ts --proxy-url 'http:\/\/127\.0\.0\.1:8000' .*--secret-file '\/dev\/stdin'":$/,
  );
  assert.equal(second, "the smoke check failed (exit 1); last lines of its output:");
  assert.match(message, /fresh token {3}\| FAIL got 401 for secret <redacted>/);
  assert.match(message, /Result: 1 of 2 cases as expected; failing: fresh token/);
  assert.doesNotMatch(message, /error serializing/);
});

test("the secret reaches the smoke check on stdin, never on its command line, never in a message", () => {
  assert.equal(fs.readFileSync(path.join(dir, "stdin"), "utf8"), SECRET);
  const argv = fs.readFileSync(path.join(dir, "argv"), "utf8");
  assert.match(argv, /^--import tsx scripts\/smokeCheck\.ts /);
  assert.ok(!argv.includes(SECRET));
  for (const message of failed.errors) assert.ok(!message.includes(SECRET));
});

test("all cases as expected: the up succeeds", () => {
  assert.deepEqual(passed.errors, []);
  assert.ok(passed.registered.includes(VERIFICATION));
});
