import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { formatRatio, formatSummary, ratio, summarize } from "../../bench/stats";

describe("summarize", () => {
  test("odd count: the middle value", () => {
    assert.deepEqual(summarize([3, 1, 2]), { runs: 3, median: 2, min: 1, max: 3 });
  });
  test("even count: mean of the two middle values, input left unsorted", () => {
    const samples = [4, 1, 3, 2];
    assert.deepEqual(summarize(samples), { runs: 4, median: 2.5, min: 1, max: 4 });
    assert.deepEqual(samples, [4, 1, 3, 2]);
  });
  test("rejects no samples and non-finite samples", () => {
    assert.throws(() => summarize([]), /no samples/);
    assert.throws(() => summarize([1, NaN]), /finite/);
  });
});

describe("ratio", () => {
  test("ours / theirs, undefined when theirs is zero", () => {
    assert.equal(ratio(3, 1.5), 2);
    assert.equal(ratio(0, 4), 0);
    assert.equal(ratio(5, 0), undefined);
    assert.equal(formatRatio(ratio(2.4, 1.2)), "2.00x");
    assert.equal(formatRatio(undefined), "n/a");
  });
  test("formatSummary shows min–max only when they differ", () => {
    assert.equal(
      formatSummary({ runs: 3, median: 1.2, min: 1.1, max: 1.31 }, "s"),
      "1.20 s (1.10–1.31)",
    );
    assert.equal(formatSummary({ runs: 3, median: 16, min: 16, max: 16 }, "req"), "16 req");
  });
});
