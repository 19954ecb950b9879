/**
 * The one-shot commands' script, run by sh exactly as the command provider runs it
 * (`sh -c <script> kong-jwt-lab <create>`): what a user reads on failure, and that a redacted
 * value never leaves the script.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import fc from "fast-check";
import { SCRIPT_NAME, reportingScript, shellQuote } from "../../../components/command";

function runScript(
  script: string,
  create: string,
  env: Record<string, string> = {},
): { status: number | null; stdout: string; stderr: string } {
  const child = spawnSync("/bin/sh", ["-c", script, SCRIPT_NAME, create], {
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

/** A step printing `lines` numbered lines (stdout and stderr alternating), then exiting `code`. */
const printingStep = (lines: number, code: number) =>
  `i=1; while [ $i -le ${lines} ]; do if [ $((i % 2)) -eq 0 ]; then echo "line $i" >&2; else echo "line $i"; fi; i=$((i + 1)); done; exit ${code}`;

test("success: exit 0, every line of output (stdout and stderr) on stdout, no failure header", () => {
  const script = reportingScript({ what: "step", run: printingStep(4, 0), redact: [] });
  const r = runScript(script, "ignored");
  assert.equal(r.status, 0);
  assert.equal(r.stdout, "line 1\nline 2\nline 3\nline 4\n");
  assert.equal(r.stderr, "");
});

test("failure: the first line says what failed and the exit code, then the last lines, and the exit code is kept", () => {
  const script = reportingScript({
    what: "kong migrations bootstrap",
    run: printingStep(50, 3),
    redact: [],
    lastLines: 5,
  });
  const r = runScript(script, "ignored");
  assert.equal(r.status, 3);
  const lines = r.stdout.trimEnd().split("\n");
  assert.equal(lines[0], "kong migrations bootstrap failed (exit 3); last lines of its output:");
  assert.deepEqual(lines.slice(1), ["line 46", "line 47", "line 48", "line 49", "line 50"]);
});

test('the create text reaches the step as "$1", unexpanded by the outer shell', () => {
  const script = reportingScript({ what: "step", run: 'printf "%s" "$1"', redact: [] });
  const create = "kong migrations up && kong migrations finish $HOME `id`";
  assert.equal(runScript(script, create).stdout, `${create}\n`);
});

test("a `what` with quotes and $ is printed literally", () => {
  const what = `it's "$HOME"`;
  const r = runScript(reportingScript({ what, run: "exit 1", redact: [] }), "x");
  assert.equal(r.stdout.split("\n")[0], `${what} failed (exit 1); last lines of its output:`);
});

test("a missing program: sh's own message, named after the script, is among the last lines", () => {
  const r = runScript(
    reportingScript({ what: "docker run", run: "no-such-program-kong-jwt-lab", redact: [] }),
    "x",
  );
  assert.equal(r.status, 127);
  assert.match(r.stdout, /^docker run failed \(exit 127\)/);
  assert.match(r.stdout, /kong-jwt-lab: .*no-such-program-kong-jwt-lab/);
});

test("redacted values never appear in the output, on success or failure, wherever the step prints them", () => {
  // Values from the generated password's alphabet and beyond (spaces, quotes, regex and awk
  // metacharacters, backslashes), printed alone, repeated, and inside other text.
  const value = fc.string({ minLength: 1, maxLength: 24 }).filter((s) => !/[\n\r\0]/.test(s));
  fc.assert(
    fc.property(value, fc.boolean(), fc.integer({ min: 0, max: 2 }), (secret, fail, where) => {
      const [print, printed] = [
        ['printf "%s\\n" "$SECRET_A"', secret],
        ['printf "x%sy%sz\\n" "$SECRET_A" "$SECRET_A" >&2', `x${secret}y${secret}z`],
        ['printf "%s\\n" "before $SECRET_A after"', `before ${secret} after`],
      ][where];
      const script = reportingScript({
        what: "step",
        run: `${print}; exit ${fail ? 1 : 0}`,
        redact: ["SECRET_A", "UNSET_SECRET_B"],
      });
      const r = runScript(script, "x", { SECRET_A: secret });
      const redacted = printed.split(secret).join("<redacted>");
      const header = fail ? "step failed (exit 1); last lines of its output:\n" : "";
      assert.equal(r.status, fail ? 1 : 0);
      assert.equal(r.stdout, `${header}${redacted}\n`);
      assert.equal(r.stderr, "");
    }),
    { numRuns: 60 },
  );
});

test("an unset redacted variable redacts nothing", () => {
  const script = reportingScript({ what: "s", run: "echo plain text", redact: ["UNSET_X"] });
  assert.equal(runScript(script, "x").stdout, "plain text\n");
});

test("names that are not environment variable names are refused", () => {
  assert.throws(() => reportingScript({ what: "s", run: "true", redact: ["A B"] }), /A B/);
  assert.throws(() => reportingScript({ what: "s", run: "true", redact: [], lastLines: 0 }));
});

test("shellQuote: sh reads back exactly the quoted text", () => {
  fc.assert(
    fc.property(
      fc.string({ maxLength: 40 }).filter((s) => !s.includes("\0")),
      (text) => {
        const r = spawnSync("/bin/sh", ["-c", `printf '%s' ${shellQuote(text)}`], {
          encoding: "utf8",
        });
        assert.equal(r.stdout, text);
      },
    ),
    { numRuns: 60 },
  );
});
