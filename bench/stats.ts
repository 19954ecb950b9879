/** Summary statistics and ratios for benchmark samples. */

export interface Summary {
  readonly runs: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** Median (mean of the two middle values for an even count), min and max of the samples. */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error("summarize: no samples");
  for (const s of samples) {
    if (!Number.isFinite(s)) throw new Error(`summarize: not a finite number: ${s}`);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { runs: sorted.length, median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

/** ours / theirs; undefined when theirs is 0 (no meaningful ratio). */
export function ratio(ours: number, theirs: number): number | undefined {
  if (theirs === 0) return undefined;
  return ours / theirs;
}

/** "1.23x", or "n/a" when there is no ratio. */
export function formatRatio(r: number | undefined): string {
  return r === undefined ? "n/a" : `${r.toFixed(2)}x`;
}

/** "median (min–max)" with a unit, e.g. "1.20 s (1.10–1.31)". */
export function formatSummary(
  s: Summary,
  unit: "s" | "req" | "MB",
  digits = unit === "s" ? 2 : 0,
): string {
  const f = (n: number) => n.toFixed(digits);
  return s.min === s.max
    ? `${f(s.median)} ${unit}`
    : `${f(s.median)} ${unit} (${f(s.min)}–${f(s.max)})`;
}
