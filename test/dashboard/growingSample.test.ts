/**
 * growingSample, the scrape target's growing counters: for any scrape number, counters and
 * histograms are the recording times that number, gauges are the recording, every histogram stays
 * cumulative, and the text keeps its lines (so Prometheus parses it as it parses the recording).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { growingSample } from "./support/growingSample";

const DATA = path.join(__dirname, "data");
const SAMPLES = ["kong-3.9.3-status-metrics.txt", "kong-2.8.4-admin-metrics.txt"].map((f) =>
  fs.readFileSync(path.join(DATA, f), "utf8"),
);

const valueOf = (line: string) => Number(line.slice(line.lastIndexOf(" ") + 1));
const seriesOf = (line: string) => line.slice(0, line.lastIndexOf(" "));

for (const [index, recorded] of SAMPLES.entries()) {
  const lines = recorded.split("\n");
  const gaugeNames = new Set(lines.flatMap((l) => /^# TYPE (\S+) gauge$/.exec(l)?.slice(1) ?? []));

  test(`sample ${index + 1}: counters grow with the scrape number, gauges stay`, () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), (factor) => {
        const grown = growingSample(recorded, factor).split("\n");
        assert.equal(grown.length, lines.length);
        lines.forEach((line, i) => {
          if (line === "" || line.startsWith("#")) {
            assert.equal(grown[i], line);
            return;
          }
          assert.equal(seriesOf(grown[i]), seriesOf(line));
          const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0] ?? "";
          const expected = gaugeNames.has(name) ? valueOf(line) : valueOf(line) * factor;
          assert.equal(valueOf(grown[i]), expected, line);
        });
      }),
      { numRuns: 50 },
    );
  });

  test(`sample ${index + 1}: every histogram's buckets stay cumulative`, () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), (factor) => {
        const last = new Map<string, number>();
        for (const line of growingSample(recorded, factor).split("\n")) {
          if (!/_bucket\{/.test(line)) continue;
          const series = seriesOf(line).replace(/,?le="[^"]*"/, "");
          const value = valueOf(line);
          assert.ok(value >= (last.get(series) ?? 0), line);
          last.set(series, value);
        }
        assert.ok(last.size > 0);
      }),
      { numRuns: 50 },
    );
  });
}

test("a line that is not a sample is refused, not passed through", () => {
  assert.throws(() => growingSample('# TYPE x counter\nx{a="1"}', 2), /not a sample line/);
});
