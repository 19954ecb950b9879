import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { test } from "node:test";
import { parentPid, peakResidentBytes, watchProviderPeakMemory } from "../../bench/providerMemory";

const STATUS =
  "Name:\tnode\nPPid:\t4242\nVmPeak:\t 900000 kB\nVmHWM:\t  123456 kB\nVmRSS:\t 100000 kB\n";

test("the peak resident set and the parent pid are read from /proc/<pid>/status", () => {
  assert.equal(peakResidentBytes(STATUS), 123456 * 1024);
  assert.equal(parentPid(STATUS), 4242);
  assert.equal(peakResidentBytes("Name:\tnode\n"), undefined);
});

test("a child process running a dynamic-provider script is seen; unrelated ones are not", async (t) => {
  if (process.platform !== "linux") return t.skip("needs /proc");
  const watch = watchProviderPeakMemory(10);
  // A child whose command line names dynamic-provider, holding ~30 MB for a moment.
  const child = spawn(process.execPath, [
    "-e",
    "const b = Buffer.alloc(30 * 1024 * 1024, 1); setTimeout(() => b.length, 300);",
    "cmd/dynamic-provider",
  ]);
  await new Promise((r) => child.on("exit", r));
  const peak = watch.stop();
  assert.ok(peak !== undefined && peak > 30 * 1024 * 1024, `peak ${peak}`);
  assert.equal(watchProviderPeakMemory(10).stop(), undefined);
});
