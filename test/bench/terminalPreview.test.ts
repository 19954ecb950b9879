/**
 * The terminal ruler against a stand-in `pulumi` (a shell script on PATH): what counts as a sample,
 * what fails one, and that the CPU figure covers the command's descendants.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, test } from "node:test";
import { parseBashTimes, reportsChanges, runUnchanged } from "../../bench/terminalPreview";

describe("parseBashTimes", () => {
  test("the children's user + system time (second line), in milliseconds", () => {
    assert.equal(parseBashTimes("0m0.004s 0m0.002s\n1m2.500s 0m0.250s\n"), 62_750);
  });
  test("no second line, no figure", () => {
    assert.equal(parseBashTimes("0m0.004s 0m0.002s\n"), undefined);
    assert.equal(parseBashTimes(""), undefined);
  });
});

describe("reportsChanges", () => {
  test("a preview's planned steps and an up's done steps are changes; 'unchanged' is not", () => {
    assert.equal(reportsChanges("Resources:\n    + 8 to create\n"), true);
    assert.equal(reportsChanges("Resources:\n    ~ 1 to update\n    7 unchanged\n"), true);
    assert.equal(reportsChanges("Resources:\n    ~ 1 updated\n    7 unchanged\n"), true);
    assert.equal(reportsChanges("Resources:\n    +-1 replaced\n"), true);
    assert.equal(reportsChanges("Resources:\n    8 unchanged\n\nDuration: 3s\n"), false);
  });
});

describe("runUnchanged (a stand-in pulumi on PATH)", () => {
  let dir: string;
  const env = (behaviour: string): NodeJS.ProcessEnv => ({
    ...process.env,
    PATH: `${dir}${path.delimiter}${process.env.PATH ?? ""}`,
    FAKE_PULUMI: behaviour,
  });

  before(async () => {
    dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "terminal-ruler-"));
    // Burns CPU in a grandchild (node), then prints what FAKE_PULUMI asks for.
    await fs.promises.writeFile(
      path.join(dir, "pulumi"),
      [
        "#!/bin/sh",
        `echo "$@" > ${JSON.stringify(path.join("$PWD", "args"))}`,
        // 300 ms of CPU, not of wall time: on a busy machine a wall-clock loop gets less CPU.
        `node -e 'const t = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; }; while (t() < 300) {}'`,
        'case "$FAKE_PULUMI" in',
        '  unchanged) echo "Resources:"; echo "    8 unchanged" ;;',
        '  changes) echo "Resources:"; echo "    + 1 to create" ;;',
        '  fails) echo "error: boom" >&2; exit 3 ;;',
        "esac",
      ].join("\n") + "\n",
      { mode: 0o755 },
    );
  });
  after(() => fs.promises.rm(dir, { recursive: true, force: true }));

  test("an unchanged run is a sample: wall from spawn to exit, CPU of the descendants too", async () => {
    const run = await runUnchanged("up", { cwd: dir, stack: "s", env: env("unchanged") });
    assert.equal(fs.readFileSync(path.join(dir, "args"), "utf8").trim(), "up --yes --stack s");
    // bash prints user and system time to the millisecond each: allow for the two roundings.
    assert.ok(run.cpuMs >= 298, `CPU ${run.cpuMs} ms misses the grandchild's 300 ms of CPU`);
    assert.ok(run.wallMs >= 300, `wall ${run.wallMs} ms`);
  });

  test("up --skip-preview is the Automation API's up: --yes --skip-preview", async () => {
    await runUnchanged("up --skip-preview", { cwd: dir, stack: "s", env: env("unchanged") });
    assert.equal(
      fs.readFileSync(path.join(dir, "args"), "utf8").trim(),
      "up --yes --skip-preview --stack s",
    );
  });

  test("a run that finds changes is not a sample", async () => {
    await assert.rejects(
      runUnchanged("preview", { cwd: dir, stack: "s", env: env("changes") }),
      /not up to date; pulumi preview found changes/,
    );
    assert.equal(fs.readFileSync(path.join(dir, "args"), "utf8").trim(), "preview --stack s");
  });

  test("a failed run is not a sample, and says what the CLI printed", async () => {
    await assert.rejects(
      runUnchanged("preview", { cwd: dir, stack: "s", env: env("fails") }),
      /exited 3:[\s\S]*error: boom/,
    );
  });
});
