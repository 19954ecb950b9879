/** bench/engineClock.ts: times the engine command's CLI process, not the follow-up CLI calls. */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { automation } from "@pulumi/pulumi";
import { clockEngineCommands } from "../../bench/engineClock";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A stand-in for automation.Stack whose runPulumiCmd takes `ms[command]` milliseconds. */
function fakeStack(ms: Record<string, number>) {
  const calls: string[] = [];
  const stack = {
    async runPulumiCmd(args: string[]) {
      calls.push(args[0]!);
      await sleep(ms[args[0]!] ?? 0);
      return { stdout: args[0] };
    },
    async up() {
      const result = await this.runPulumiCmd(["up", "--yes"]);
      await this.runPulumiCmd(["stack", "history"]);
      return result;
    },
  };
  return { stack, calls };
}

test("times the first engine command only, and passes calls and results through", async () => {
  const { stack, calls } = fakeStack({ up: 30, stack: 120 });
  const clock = clockEngineCommands(stack as unknown as automation.Stack);
  assert.equal(clock.wrapped, true);
  assert.equal(clock.engineCommandMs(), undefined);
  assert.deepEqual(await stack.up(), { stdout: "up" });
  assert.deepEqual(calls, ["up", "stack"]);
  const ms = clock.engineCommandMs()!;
  assert.ok(ms >= 25 && ms < 110, `engine command timed ${ms} ms, expected about 30`);
  clock.reset();
  assert.equal(clock.engineCommandMs(), undefined);
  await stack.runPulumiCmd(["stack", "output"]);
  assert.equal(clock.engineCommandMs(), undefined, "bookkeeping commands are not timed");
});

test("a stack without runPulumiCmd is left alone (not wrapped)", () => {
  const clock = clockEngineCommands({} as unknown as automation.Stack);
  assert.equal(clock.wrapped, false);
  assert.equal(clock.engineCommandMs(), undefined);
});
