/** runBounded: the bounded parallel loop of the consumer set's writes and ownership look-ups. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { runBounded } from "../../components/kong/boundedParallel";

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("runBounded", () => {
  test("runs every item with at most `limit` in flight and returns no failure", async () => {
    let inFlight = 0;
    let most = 0;
    const done: number[] = [];
    const failures = await runBounded([1, 2, 3, 4, 5, 6, 7], 3, async (i) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await tick();
      done.push(i);
      inFlight--;
    });
    assert.deepEqual(failures, []);
    assert.deepEqual([...done].sort(), [1, 2, 3, 4, 5, 6, 7]);
    assert.equal(most, 3);
  });

  test("after the first failure no new item starts; the ones in flight finish; failures returned in order", async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const failures = await runBounded([1, 2, 3, 4, 5, 6], 2, async (i) => {
      started.push(i);
      await tick();
      if (i === 1) throw new Error("one failed");
      await tick();
      finished.push(i);
    });
    assert.deepEqual(started, [1, 2]);
    assert.deepEqual(finished, [2], "the item in flight finished");
    assert.equal(failures.length, 1);
    assert.equal((failures[0] as Error).message, "one failed");
  });
});
