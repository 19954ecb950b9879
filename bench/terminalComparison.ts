/**
 * The terminal scenario next to the inline lab scenario of the same run: an unchanged preview and
 * up, inline (the Automation API's CLI process, the program in the benchmark's process) and from the
 * project directory (`pulumi` with its language host, the program in a node of its own).
 */
import { padColumns, type StepSummary } from "./report";
import { type Summary, formatRatio, formatSummary, ratio } from "./stats";
import type { TerminalCommand } from "./terminalPreview";

/**
 * Each terminal step and the inline step it is set against. The inline `up` (the Automation API's)
 * is `pulumi up --yes --skip-preview`: one program run, like the terminal's `--skip-preview` step;
 * a plain `pulumi up --yes` at the terminal runs the program twice (preview, then update).
 */
export const COMPARED_STEPS: readonly { readonly terminal: string; readonly inline: string }[] = [
  { terminal: "unchanged preview", inline: "unchanged preview" },
  { terminal: "unchanged up", inline: "unchanged up" },
  { terminal: "unchanged up --skip-preview", inline: "unchanged up" },
];

export interface TerminalComparisonRow {
  /** The terminal scenario's step. */
  readonly step: string;
  /** The inline lab scenario's step it is set against. */
  readonly inlineStep: string;
  /** The inline lab scenario's wall time, seconds (absent when the lab scenario did not run). */
  readonly inlineSeconds?: Summary;
  readonly terminalSeconds: Summary;
  /** CPU time of the terminal command's process tree, seconds. */
  readonly terminalCpuSeconds?: Summary;
  /** terminal / inline, medians. */
  readonly terminalOverInline?: number;
  readonly terminalWrites: Summary;
}

export function terminalComparison(
  steps: readonly StepSummary[],
  inlineScenario: string,
  terminalScenario: string,
): TerminalComparisonRow[] {
  const rows: TerminalComparisonRow[] = [];
  for (const pair of COMPARED_STEPS) {
    const find = (scenario: string, step: string) =>
      steps.find((s) => s.scenario === scenario && s.step === step && s.tool === "pulumi");
    const terminal = find(terminalScenario, pair.terminal);
    if (!terminal) continue;
    const inline = find(inlineScenario, pair.inline);
    rows.push({
      step: pair.terminal,
      inlineStep: pair.inline,
      terminalSeconds: terminal.wallSeconds,
      terminalWrites: terminal.writes,
      ...(terminal.cpuSeconds ? { terminalCpuSeconds: terminal.cpuSeconds } : {}),
      ...(inline
        ? {
            inlineSeconds: inline.wallSeconds,
            terminalOverInline: ratio(terminal.wallSeconds.median, inline.wallSeconds.median),
          }
        : {}),
    });
  }
  return rows;
}

export function renderTerminalComparison(rows: readonly TerminalComparisonRow[]): string {
  const table = [
    [
      "terminal step",
      "inline step",
      "inline (Automation API)",
      "terminal (pulumi CLI)",
      "terminal/inline",
      "terminal CPU (process tree)",
      "terminal writes",
    ],
  ];
  for (const r of rows) {
    table.push([
      r.step,
      r.inlineStep,
      r.inlineSeconds ? formatSummary(r.inlineSeconds, "s") : "not run",
      formatSummary(r.terminalSeconds, "s"),
      formatRatio(r.terminalOverInline),
      r.terminalCpuSeconds ? formatSummary(r.terminalCpuSeconds, "s") : "",
      formatSummary(r.terminalWrites, "req"),
    ]);
  }
  return padColumns(table);
}

export interface LanguageHostReport {
  readonly testDouble: boolean;
  /** How the host was found, e.g. "test/language-host/launcher/pulumi-language-nodejs (from PATH)". */
  readonly description: string;
  /** The host's start, spawn to serving, milliseconds. */
  readonly startMs?: Summary;
  /** How often the CLI started the host per unchanged command. */
  readonly startsPerCommand: Partial<Record<TerminalCommand, number>>;
}

/** The line under the table that says which language host ran the terminal commands. */
export function languageHostNote(h: LanguageHostReport): string {
  if (!h.testDouble) return `language host: ${h.description}`;
  const counted = Object.entries(h.startsPerCommand) as [TerminalCommand, number][];
  if (!h.startMs || counted.length === 0) {
    return `language host: test double (test/language-host), not Pulumi's host; its start cost was not measured`;
  }
  const start = h.startMs.median / 1000;
  const list = (f: (command: TerminalCommand, starts: number) => string) =>
    counted.map(([command, starts]) => f(command, starts)).join(", ");
  return (
    `language host: test double (test/language-host), adds about ` +
    list((c, n) => `${(n * start).toFixed(2)} s per ${c}`) +
    ` compared with Pulumi's compiled host: it takes ${start.toFixed(2)} s from spawn to serving ` +
    `(median of ${h.startMs.runs}) and the CLI started it ` +
    list((c, n) => `${n} times per ${c}`) +
    `; the compiled host starts in milliseconds (not measured here)`
  );
}
