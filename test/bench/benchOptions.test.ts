import assert from "node:assert/strict";
import { test } from "node:test";
import { parseArgs } from "../../bench/run";

test("--only knows the terminal scenario; --language-host is kept as given", () => {
  const opts = parseArgs([
    "--runs",
    "3",
    "--only",
    "lab,terminal",
    "--language-host",
    "test/language-host/launcher/pulumi-language-nodejs",
  ]);
  assert.deepEqual([...opts.only].sort(), ["lab", "terminal"]);
  assert.equal(opts.languageHost, "test/language-host/launcher/pulumi-language-nodejs");
  assert.equal(opts.runs, 3);
});

test("by default every scenario runs, the terminal one included, and the host comes from PATH", () => {
  const opts = parseArgs([]);
  assert.ok(opts.only.has("terminal"));
  assert.equal(opts.languageHost, undefined);
});

test("--language-host without a path, and an unknown scenario, are refused", () => {
  assert.throws(() => parseArgs(["--language-host"]), /--language-host needs a value/);
  assert.throws(() => parseArgs(["--only", "terminl"]), /unknown scenario "terminl".*terminal/);
});
