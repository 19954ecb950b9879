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

  test("each target checked; the lab's unchanged up over 1.3 s fails", () => {
    const checks = checkTargets(base(), t);
    assert.deepEqual(
      checks.map((c) => [c.target, c.pass]),
      [
        ["lab first up: one write per entity, no more", true],
        ["lab unchanged up: 0 writes", true],
        ["1000 consumers create: one write per entity (2000)", true],
        ["one credential changed among 1000: 1 write", true],
        ["lab unchanged up within 1.3 s (median)", true],
      ],
    );
    const slow = base({ unchanged: [sample(1400, 9, 0)] });
    const lab = checkTargets(slow, t).find((c) => c.target.startsWith("lab unchanged up within"));
    assert.equal(lab?.pass, false);
  });

  test("1000 consumers: the create's write phase (create − unchanged up) is held against decK's create", () => {
    const withUnchanged = (ms: number) => [
      ...base(),
      summarizeStep(rec(S(1000), "unchanged up/sync", "pulumi", [sample(ms, 0, 0)])),
    ];
    // 2.50 s create − 1.40 s unchanged up (0 requests) = 1.10 s against decK's 1.20 s: met.
    const met = checkTargets(withUnchanged(1400), t).find((c) => c.target.includes("write phase"));
    assert.equal(met?.pass, true);
    assert.match(met?.measured ?? "", /write phase 1\.10 s .* vs decK 1\.20 s = 0\.92x/);
    assert.match(met?.note ?? "", /engine fixed cost .*1\.50 s/);
    // 2.50 − 1.20 = 1.30 s: missed.
    const missed = checkTargets(withUnchanged(1200), t).find((c) =>
      c.target.includes("write phase"),
    );
    assert.equal(missed?.pass, false);
  });

  test("10000 consumers: the create within 1.2x of decK's", () => {
    const steps = (oursMs: number) =>
      [
        rec(S(10000), "create", "pulumi", [sample(oursMs, 2, 20000)]),
        rec(S(10000), "create", "deck", [sample(10000, 16, 20000)]),
      ].map(summarizeStep);
    const t10 = { consumerScenario: S, sizes: [10000] };
    const check = (ms: number) =>
      checkTargets(steps(ms), t10).find(
        (c) => c.target === "10000 consumers create: within 1.2x of decK's",
      );
    assert.equal(check(12000)?.pass, true);
    assert.equal(check(12100)?.pass, false);
  });

  test("the lab's state: at most 250 kB, each serialized provider at most 20 kB", () => {
    const labState = (stateBytes: number, largestProviderBytes: number) => ({
      scenario: "lab",
      stateBytes,
      resources: 9,
      dynamicResources: 6,
      largestProviderBytes,
      providerBytesTotal: 12 * largestProviderBytes,
    });
    const passes = (state: ReturnType<typeof labState>) =>
      checkTargets(base(), { ...t, labState: state })
        .filter((c) => /state|serialized provider/.test(c.target))
        .map((c) => c.pass);
    assert.deepEqual(passes(labState(250_000, 20_000)), [true, true]);
    assert.deepEqual(passes(labState(250_001, 20_001)), [false, false]);
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
