/**
 * The failure path of the migrations, with the program's real command text run as the command
 * provider runs it (test/support/commandProvider.ts) against a stand-in `docker` first on PATH
 * (no Docker here): a failing first step fails the `up` with a message naming the command, its
 * exit code and its last lines; the second step, the gateway and everything after it never run;
 * the next `up`, the cause fixed, runs the same commands and converges. The provider keeps no state
 * for a failed create (pulumi-go-provider returns partial state only for ResourceInitFailedError),
 * so that next `up` creates the step again: no `--replace`.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ProgramProcessResult, runProgramInChildProcess } from "../../support/mocksProgramProcess";
import { stackConfig } from "../../support/mocksStackConfig";
import { MIGRATIONS_UP } from "../../../components/docker/KongMigrations";

const PASSWORD = "mock-generated-lab-postgres-password";
const STEPS = ["lab-migrations-bootstrap", "lab-migrations-up"];

let dir: string;
let log: string;

/** A `docker` that records its arguments, prints like a failing Kong would, exits $FAKE_DOCKER_EXIT. */
const FAKE_DOCKER = `#!/bin/sh
printf '%s\\n' "$*" >> "$FAKE_DOCKER_LOG"
i=1
while [ $i -le 40 ]; do echo "migration output line $i"; i=$((i + 1)); done
echo "Error: [PostgreSQL error] failed to connect as $KONG_PG_USER with password $KONG_PG_PASSWORD" >&2
exit "\${FAKE_DOCKER_EXIT:-0}"
`;

function upWith(exitCode: number): ProgramProcessResult {
  return runProgramInChildProcess({
    config: stackConfig("dev"),
    runCommands: {
      names: STEPS,
      path: dir,
      env: { FAKE_DOCKER_LOG: log, FAKE_DOCKER_EXIT: String(exitCode) },
    },
  });
}

const dockerCalls = () =>
  fs.existsSync(log) ? fs.readFileSync(log, "utf8").trimEnd().split("\n") : [];

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "kong-jwt-lab-fake-docker-"));
  log = path.join(dir, "calls.log");
  fs.writeFileSync(path.join(dir, "docker"), FAKE_DOCKER, { mode: 0o755 });
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("a failing `kong migrations bootstrap`, then the cause fixed", () => {
  let failed: ProgramProcessResult;
  let fixed: ProgramProcessResult;
  let callsWhenFailed: string[];
  before(() => {
    failed = upWith(1);
    callsWhenFailed = dockerCalls();
    fs.rmSync(log, { force: true });
    fixed = upWith(0);
  });

  test("the up fails with a message that starts with what ran, says what failed and its exit code", () => {
    assert.ok(failed.errors.length > 0, "the up failed");
    for (const message of failed.errors) {
      const [first, second] = message.split("\n");
      // The engine prints the provider's text under the resource; the program (here, and in the
      // CLI's stack error) reads it after the SDK's "failed to register new resource" prefix.
      assert.match(
        first,
        /^(failed to register new resource lab-migrations-bootstrap \[command:local:Command\]: )?exit status 1: running "kong migrations bootstrap":$/,
      );
      assert.equal(second, "kong migrations bootstrap failed (exit 1); last lines of its output:");
      assert.doesNotMatch(message, /error serializing/);
    }
  });

  test("the message carries the last lines of output, the password redacted", () => {
    const message = failed.errors.join("\n");
    assert.match(message, /migration output line 40/);
    assert.match(message, /failed to connect as kong with password <redacted>/);
    assert.doesNotMatch(message, /migration output line 1\n/, "only the last lines");
    assert.ok(!message.includes(PASSWORD), "the password is never in the message");
  });

  test("the second step, the gateway and the Kong configuration never ran", () => {
    assert.equal(callsWhenFailed.length, 1, callsWhenFailed.join("\n"));
    assert.match(callsWhenFailed[0], /sh -c kong migrations bootstrap$/);
    for (const name of ["lab-migrations-up", "lab-kong-container", "lab-service"]) {
      assert.ok(!failed.registered.includes(name), `${name} registered after a failed bootstrap`);
    }
  });

  test("the next up, the cause fixed, runs both steps in order and creates the gateway", () => {
    assert.deepEqual(fixed.errors, []);
    const calls = dockerCalls();
    assert.equal(calls.length, 2, calls.join("\n"));
    assert.match(calls[0], /sh -c kong migrations bootstrap$/);
    assert.ok(calls[1].endsWith(`sh -c ${MIGRATIONS_UP}`), calls[1]);
    for (const name of [...STEPS, "lab-kong-container", "lab-service"]) {
      assert.ok(fixed.registered.includes(name), name);
    }
  });

  test("the failed step and the retried one are the same resource with the same inputs (no --replace)", () => {
    assert.deepEqual(
      failed.commands["lab-migrations-bootstrap"],
      fixed.commands["lab-migrations-bootstrap"],
    );
  });

  test("docker run: --rm, the lab network, the database settings by name only, the Kong image", () => {
    const calls = dockerCalls();
    for (const call of calls) {
      assert.match(call, /^run --rm --network kong-jwt-lab-dev-net /);
      for (const name of ["KONG_DATABASE", "KONG_PG_HOST", "KONG_PG_PASSWORD", "KONG_PG_USER"]) {
        assert.match(call, new RegExp(`-e ${name} `), name);
      }
      assert.match(call, / sha256:mock-lab-kong-image sh -c /);
      assert.ok(!call.includes(PASSWORD), "the password is never on docker's command line");
    }
  });
});
