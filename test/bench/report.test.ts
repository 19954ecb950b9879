import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { StepRecord, StepSample } from "../../bench/measure";
import { countRequests } from "../../bench/recordingProxy";
import { checkTargets, ratios, summarizeStep } from "../../bench/report";

/** A sample of `wallMs` whose requests are `gets` GETs and `puts` PUTs. */
function sample(wallMs: number, gets: number, puts: number): StepSample {
  const reqs = [
    ...Array.from({ length: gets }, () => ({ method: "GET", path: "/consumers" })),
    ...Array.from({ length: puts }, () => ({ method: "PUT", path: "/consumers/x" })),
  ];
  return { wallMs, counts: countRequests(reqs) };
}

const rec = (
  scenario: string,
  step: string,
  tool: "pulumi" | "deck",
  samples: StepSample[],
  extra: Partial<StepRecord> = {},
): StepRecord => ({
  scenario,
  step,
  tool,
  samples,
  ...extra,
});

const S = (n: number) => `${n} consumers`;

describe("ratios", () => {
  test("medians over medians, per step, only where both tools ran", () => {
    const steps = [
      rec(S(10), "create", "pulumi", [
        sample(3000, 2, 20),
        sample(5000, 2, 20),
        sample(4000, 2, 20),
      ]),
      rec(S(10), "create", "deck", [
        sample(1000, 16, 20),
        sample(2000, 16, 20),
        sample(3000, 16, 20),
      ]),
      rec(S(10), "unchanged preview", "pulumi", [sample(500, 2, 0)]),
    ].map(summarizeStep);
    const rows = ratios(steps);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.wallOursOverDeck, 2);
    assert.equal(rows[0]!.requestsOursOverDeck, 22 / 36);
    assert.equal(rows[0]!.writesOursOverDeck, 1);
  });

  test("comparesTo points a scenario at another scenario's decK figures", () => {
    const steps = [
      rec("per entity", "create", "pulumi", [sample(9000, 0, 20)], { comparesTo: S(10) }),
      rec(S(10), "create", "deck", [sample(3000, 16, 20)]),
    ].map(summarizeStep);
    assert.equal(ratios(steps)[0]!.wallOursOverDeck, 3);
  });
});

describe("checkTargets", () => {
  const base = (over: Partial<Record<string, StepSample[]>> = {}) =>
    [
      rec("lab", "first up", "pulumi", over.first ?? [sample(1, 0, 7), sample(1, 0, 7)], {
        expectedWrites: 7,
      }),
      rec("lab", "unchanged up", "pulumi", over.unchanged ?? [sample(1, 9, 0), sample(1, 9, 0)]),
      rec(S(1000), "create", "pulumi", [sample(2500, 2, 2000)]),
      rec(S(1000), "create", "deck", [sample(1200, 16, 2000)]),
      rec(S(1000), "one credential changed", "pulumi", over.one ?? [sample(1, 2, 1)]),
      rec("baseline", "up", "pulumi", [sample(1500, 0, 0)]),
    ].map(summarizeStep);
  const t = {
    labScenario: "lab",
    consumerScenario: S,
    sizes: [1000],
    baselineScenario: "baseline",
  };

  test("each target checked; 2.08x decK's wall time fails the 2x target, with the engine's fixed cost noted", () => {
    const checks = checkTargets(base(), t);
    assert.deepEqual(
      checks.map((c) => [c.target, c.pass]),
      [
        ["lab first up: one write per entity, no more", true],
        ["lab unchanged up: 0 writes", true],
        ["1000 consumers create: one write per entity (2000)", true],
        ["one credential changed among 1000: 1 write", true],
        ["1000 consumers create: wall time within 2x of decK's", false],
      ],
    );
    assert.match(checks[4]!.measured, /2\.08x/);
    assert.match(checks[4]!.note ?? "", /engine fixed cost .*1\.50 s/);
  });

  test("with an unchanged up of the set that sent no request, the note splits the create", () => {
    const steps = [
      ...base(),
      summarizeStep(rec(S(1000), "unchanged up/sync", "pulumi", [sample(1400, 0, 0)])),
    ];
    const note = checkTargets(steps, t).find((c) => c.target.includes("within 2x"))?.note ?? "";
    // 2.50 s create − 1.40 s unchanged up (0 requests) = 1.10 s against decK's 1.20 s.
    assert.match(note, /engine fixed cost .*1\.50 s/);
    assert.match(note, /unchanged up of the same set \(0 requests\) 1\.40 s/);
    assert.match(
      note,
      /rest of the create \(1\.10 s: listing, 2000 PUTs, new state\) is 0\.92x decK's/,
    );
  });

  test("every run counts, not only the median: one extra write in one run fails", () => {
    const checks = checkTargets(
      base({ first: [sample(1, 0, 7), sample(1, 0, 8), sample(1, 0, 7)] }),
      t,
    );
    assert.equal(checks[0]!.pass, false);
    const unchanged = checkTargets(base({ unchanged: [sample(1, 9, 0), sample(1, 9, 1)] }), t);
    assert.equal(unchanged[1]!.pass, false);
    const one = checkTargets(base({ one: [sample(1, 2, 2)] }), t);
    assert.equal(one[3]!.pass, false);
  });
});
