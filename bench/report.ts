/** Turns step records into the result table, the ours/decK ratios and the design-target checks. */
import type { StepRecord } from "./measure";
import type { StateSize } from "./stateSize";
import { type Summary, formatRatio, formatSummary, ratio, summarize } from "./stats";

export interface StepSummary {
  readonly scenario: string;
  readonly step: string;
  readonly tool: string;
  readonly runs: number;
  readonly wallSeconds: Summary;
  /** Pulumi steps: the whole Automation API call, CLI follow-ups included. */
  readonly automationApiSeconds?: Summary;
  readonly requests: Summary;
  readonly writes: Summary;
  /** Requests per method, per run (in run order). */
  readonly byMethodPerRun: Record<string, number>[];
  /** Requests per "METHOD /pattern" of the last run. */
  readonly byPatternLastRun: Record<string, number>;
  readonly expectedWrites?: number;
  readonly comparesTo?: string;
  /** Peak resident set of the dynamic-provider process, MB (steps measured with it). */
  readonly providerPeakMegabytes?: Summary;
  /** Terminal steps: CPU time of the command's process tree, seconds. */
  readonly cpuSeconds?: Summary;
}

export interface RatioRow {
  readonly scenario: string;
  readonly step: string;
  readonly wallOursOverDeck?: number;
  readonly requestsOursOverDeck?: number;
  readonly writesOursOverDeck?: number;
}

export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly pass: boolean;
  readonly note?: string;
}

export function summarizeStep(r: StepRecord): StepSummary {
  return {
    scenario: r.scenario,
    step: r.step,
    tool: r.tool,
    runs: r.samples.length,
    wallSeconds: summarize(r.samples.map((s) => s.wallMs / 1000)),
    ...(r.samples.length > 0 && r.samples.every((s) => s.automationApiMs !== undefined)
      ? { automationApiSeconds: summarize(r.samples.map((s) => s.automationApiMs! / 1000)) }
      : {}),
    requests: summarize(r.samples.map((s) => s.counts.total)),
    writes: summarize(r.samples.map((s) => s.counts.writes)),
    byMethodPerRun: r.samples.map((s) => s.counts.byMethod),
    byPatternLastRun: r.samples[r.samples.length - 1]?.counts.byPattern ?? {},
    ...(r.expectedWrites !== undefined ? { expectedWrites: r.expectedWrites } : {}),
    ...(r.comparesTo !== undefined ? { comparesTo: r.comparesTo } : {}),
    ...(r.samples.length > 0 && r.samples.every((s) => s.providerPeakBytes !== undefined)
      ? {
          providerPeakMegabytes: summarize(
            r.samples.map((s) => s.providerPeakBytes! / (1024 * 1024)),
          ),
        }
      : {}),
    ...(r.samples.length > 0 && r.samples.every((s) => s.cpuMs !== undefined)
      ? { cpuSeconds: summarize(r.samples.map((s) => s.cpuMs! / 1000)) }
      : {}),
  };
}

/** ours / decK per step of every scenario both tools ran (medians over medians). */
export function ratios(steps: readonly StepSummary[]): RatioRow[] {
  const rows: RatioRow[] = [];
  for (const ours of steps.filter((s) => s.tool === "pulumi")) {
    const deck = steps.find(
      (s) =>
        s.tool === "deck" &&
        s.scenario === (ours.comparesTo ?? ours.scenario) &&
        s.step === ours.step,
    );
    if (!deck) continue;
    rows.push({
      scenario: ours.scenario,
      step: ours.step,
      wallOursOverDeck: ratio(ours.wallSeconds.median, deck.wallSeconds.median),
      requestsOursOverDeck: ratio(ours.requests.median, deck.requests.median),
      writesOursOverDeck: ratio(ours.writes.median, deck.writes.median),
    });
  }
  return rows;
}

const methods = (m: Record<string, number>) =>
  Object.entries(m)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");

/** Writes per method, when every run agrees; otherwise the per-run list. */
function methodsText(perRun: Record<string, number>[]): string {
  const texts = perRun.map(methods);
  return texts.every((t) => t === texts[0])
    ? texts[0] || "-"
    : texts.map((t) => `[${t}]`).join(" ");
}

/** Rows of cells as aligned text columns (the first row is the header). */
export function padColumns(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

export function renderSteps(steps: readonly StepSummary[]): string {
  const rows = [
    [
      "scenario",
      "step",
      "tool",
      "runs",
      "wall median (min–max)",
      "requests",
      "writes",
      "requests by method",
      "provider peak RSS",
    ],
  ];
  for (const s of steps) {
    rows.push([
      s.scenario,
      s.step,
      s.tool,
      String(s.runs),
      formatSummary(s.wallSeconds, "s"),
      formatSummary(s.requests, "req"),
      formatSummary(s.writes, "req"),
      methodsText(s.byMethodPerRun),
      s.providerPeakMegabytes ? formatSummary(s.providerPeakMegabytes, "MB") : "",
    ]);
  }
  return padColumns(rows);
}

export function renderRatios(rows: readonly RatioRow[]): string {
  const table = [["scenario", "step", "wall ours/decK", "requests ours/decK", "writes ours/decK"]];
  for (const r of rows) {
    table.push([
      r.scenario,
      r.step,
      formatRatio(r.wallOursOverDeck),
      formatRatio(r.requestsOursOverDeck),
      formatRatio(r.writesOursOverDeck),
    ]);
  }
  return padColumns(table);
}

export function renderTargets(checks: readonly TargetCheck[]): string {
  const rows = [["", "target", "measured"]];
  for (const c of checks)
    rows.push([c.pass ? "PASS" : "FAIL", c.target, c.measured + (c.note ? ` — ${c.note}` : "")]);
  return padColumns(rows);
}

/** "12" or "12 (11–14)". */
const count = (s: Summary) => (s.min === s.max ? `${s.median}` : `${s.median} (${s.min}–${s.max})`);

/** "1 write", "2000 writes", "0 (0–1) writes". */
const writesText = (s: Summary) => `${count(s)} write${s.min === 1 && s.max === 1 ? "" : "s"}`;

const find = (steps: readonly StepSummary[], scenario: string, step: string, tool: string) =>
  steps.find((s) => s.scenario === scenario && s.step === step && s.tool === tool);

/** Writes of every run of `s` equal `want` (max and min both). */
const allRuns = (s: StepSummary, want: number) => s.writes.min === want && s.writes.max === want;

/** The step name both tools share for "apply again, nothing changed" (pulumi up / deck sync). */
export const UNCHANGED_SYNC = "unchanged up/sync";

/** Consumer counts whose create's write phase must not exceed decK's whole create (issue 15). */
export const WRITE_PHASE_SIZES: readonly number[] = [1000];
/** From this many consumers up, the create must stay within this ratio of decK's (issue 15). */
export const CREATE_RATIO_LIMITS: readonly { minSize: number; ratio: number }[] = [
  { minSize: 10000, ratio: 1.2 },
];
export const LAB_STATE_MAX_BYTES = 250_000;
export const PROVIDER_MAX_BYTES = 20_000;
export const LAB_UNCHANGED_UP_MAX_SECONDS = 1.3;

export interface TargetInputs {
  readonly labScenario?: string;
  /** The lab's state after its first up (run 1). */
  readonly labState?: StateSize;
  readonly consumerScenario?: (n: number) => string;
  readonly sizes: readonly number[];
  readonly baselineScenario?: string;
}

/** The design targets of the issue, checked on every run (min and max, not only the median). */
export function checkTargets(steps: readonly StepSummary[], t: TargetInputs): TargetCheck[] {
  const checks: TargetCheck[] = [];
  if (t.labScenario) {
    const first = find(steps, t.labScenario, "first up", "pulumi");
    if (first) {
      const want = first.expectedWrites;
      checks.push({
        target: "lab first up: one write per entity, no more",
        measured: `${writesText(first.writes)} for ${want ?? "?"} entities (${methodsText(first.byMethodPerRun)})`,
        pass: want !== undefined && want > 0 && allRuns(first, want),
      });
    }
    for (const step of ["unchanged up", "unchanged preview"]) {
      const s = find(steps, t.labScenario, step, "pulumi");
      if (s)
        checks.push({
          target: `lab ${step}: 0 writes`,
          measured: `${writesText(s.writes)}`,
          pass: allRuns(s, 0),
        });
    }
  }
  for (const n of t.sizes) {
    const scenario = t.consumerScenario?.(n);
    if (!scenario) continue;
    const create = find(steps, scenario, "create", "pulumi");
    if (create) {
      checks.push({
        target: `${n} consumers create: one write per entity (${2 * n})`,
        measured: `${writesText(create.writes)}`,
        pass: allRuns(create, 2 * n),
      });
    }
    for (const step of [UNCHANGED_SYNC, "unchanged preview"]) {
      const s = find(steps, scenario, step, "pulumi");
      if (s)
        checks.push({
          target: `${n} consumers ${step}: 0 writes`,
          measured: `${writesText(s.writes)}`,
          pass: allRuns(s, 0),
        });
    }
    const one = find(steps, scenario, "one credential changed", "pulumi");
    if (one) {
      checks.push({
        target: `one credential changed among ${n}: 1 write`,
        measured: `${writesText(one.writes)} (${methodsText(one.byMethodPerRun)})`,
        pass: allRuns(one, 1),
      });
    }
  }
  for (const n of t.sizes) {
    const scenario = t.consumerScenario?.(n);
    if (!scenario) continue;
    const ours = find(steps, scenario, "create", "pulumi");
    const deck = find(steps, scenario, "create", "deck");
    if (!ours || !deck) continue;
    const sec = (x: number) => `${x.toFixed(2)} s`;
    const deckCreate = deck.wallSeconds.median;
    const unchanged = find(steps, scenario, UNCHANGED_SYNC, "pulumi");
    if (WRITE_PHASE_SIZES.includes(n) && unchanged && unchanged.requests.max === 0) {
      // An unchanged up of the same set sends no request: it is the engine's cost of a run with
      // this resource (plugin start, the set's inputs and state through the engine). What the
      // create adds to it is the write phase: listing, the PUTs, the new state.
      const writePhase = Math.max(0, ours.wallSeconds.median - unchanged.wallSeconds.median);
      const base = t.baselineScenario ? find(steps, t.baselineScenario, "up", "pulumi") : undefined;
      checks.push({
        target: `${n} consumers: create's write phase (create − unchanged up) at or below decK's whole create`,
        measured:
          `write phase ${sec(writePhase)} (create ${sec(ours.wallSeconds.median)} − unchanged up ` +
          `${sec(unchanged.wallSeconds.median)}) vs decK ${sec(deckCreate)} = ` +
          formatRatio(ratio(writePhase, deckCreate)),
        pass: writePhase <= deckCreate,
        ...(base
          ? { note: `engine fixed cost (empty program up) ${sec(base.wallSeconds.median)}` }
          : {}),
      });
    }
    const limit = CREATE_RATIO_LIMITS.find((l) => n >= l.minSize)?.ratio;
    if (limit !== undefined) {
      const r = ratio(ours.wallSeconds.median, deckCreate)!;
      checks.push({
        target: `${n} consumers create: within ${limit}x of decK's`,
        measured: `ours ${sec(ours.wallSeconds.median)} vs decK ${sec(deckCreate)} = ${formatRatio(r)}`,
        pass: r <= limit,
      });
    }
  }
  if (t.labScenario && t.labState) {
    checks.push({
      target: `lab state at most ${kiloBytes(LAB_STATE_MAX_BYTES)}`,
      measured: `${kiloBytes(t.labState.stateBytes)} (${t.labState.resources} resources)`,
      pass: t.labState.stateBytes <= LAB_STATE_MAX_BYTES,
    });
    checks.push({
      target: `each dynamic resource's serialized provider at most ${kiloBytes(PROVIDER_MAX_BYTES)}`,
      measured: `largest ${kiloBytes(t.labState.largestProviderBytes)}`,
      pass: t.labState.largestProviderBytes <= PROVIDER_MAX_BYTES,
    });
  }
  if (t.labScenario) {
    const s = find(steps, t.labScenario, "unchanged up", "pulumi");
    if (s) {
      checks.push({
        target: `lab unchanged up within ${LAB_UNCHANGED_UP_MAX_SECONDS.toFixed(1)} s (median)`,
        measured: `${s.wallSeconds.median.toFixed(2)} s`,
        pass: s.wallSeconds.median <= LAB_UNCHANGED_UP_MAX_SECONDS,
      });
    }
  }
  return checks;
}

const kiloBytes = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

export function renderStateSizes(sizes: readonly StateSize[]): string {
  const rows = [
    ["scenario", "state", "resources", "dynamic", "largest provider", "all provider copies"],
    ...sizes.map((s) => [
      s.scenario,
      kiloBytes(s.stateBytes),
      String(s.resources),
      String(s.dynamicResources),
      kiloBytes(s.largestProviderBytes),
      kiloBytes(s.providerBytesTotal),
    ]),
  ];
  return padColumns(rows);
}
