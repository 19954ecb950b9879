/**
 * The terminal ruler: an unchanged `pulumi preview` or `pulumi up --yes` run the way a user runs it
 * (the `pulumi` CLI on PATH, from the project directory), timed from spawn to exit. Used by the
 * user-command tests (test/cli) and by the benchmark's terminal scenario. The stack must be up to
 * date: a command that finds changes, or fails, is an error, not a sample.
 *
 * CPU time: the command runs under `bash -c 'pulumi ...; times'`. Bash's `times` prints the user and
 * system time of its terminated, waited-for children, and the kernel adds to a child's figure those
 * of its own waited-for descendants (getrusage RUSAGE_CHILDREN): the CLI, the language host, the
 * program's node, the dynamic-provider plugin. A descendant that is never waited for (orphaned,
 * reaped by init) is not counted, so the figure is a lower bound. The wall time includes bash's own
 * start (a few milliseconds).
 */
import { spawn } from "node:child_process";
import type { Readable } from "node:stream";
import { Summary, summarize } from "./stats";

export interface TerminalPreviewOptions {
  /** The project directory (where Pulumi.yaml is). */
  readonly cwd: string;
  readonly stack: string;
  /** The CLI's environment (backend, passphrase, PATH); default: this process's. */
  readonly env?: NodeJS.ProcessEnv;
  /** How many runs (default 3). */
  readonly runs?: number;
}

export interface TerminalPreviewTiming {
  /** Wall-clock milliseconds of each run, in run order. */
  readonly samples: readonly number[];
  readonly summary: Summary;
}

/**
 * The unchanged commands the ruler knows: `pulumi preview`, `pulumi up --yes` (a preview, then the
 * update: the program runs twice) and `pulumi up --yes --skip-preview` (the program runs once, as
 * the Automation API's `up()` runs it).
 */
export type TerminalCommand = "preview" | "up" | "up --skip-preview";

export interface TerminalRun {
  /** Wall-clock milliseconds from spawn to exit. */
  readonly wallMs: number;
  /** CPU milliseconds (user + system) of the command's process tree; see the file's comment. */
  readonly cpuMs: number;
}

const ARGS: Record<TerminalCommand, readonly string[]> = {
  preview: ["preview"],
  up: ["up", "--yes"],
  "up --skip-preview": ["up", "--yes", "--skip-preview"],
};

/** What a preview prints when it would change something, and what an up prints when it did. */
const CHANGES = /\bto (create|update|delete|replace)\b|\b\d+ (created|updated|deleted|replaced)\b/;

/** Whether the output of `pulumi preview` / `pulumi up` reports a change. */
export function reportsChanges(output: string): boolean {
  return CHANGES.test(output);
}

/**
 * The children's user and system times of bash's `times` (its second line, "0m5.310s 0m1.204s"),
 * in milliseconds; undefined when the text has no such line.
 */
export function parseBashTimes(text: string): number | undefined {
  const line = text.trim().split("\n")[1];
  const parts = [...(line ?? "").matchAll(/(\d+)m(\d+(?:\.\d+)?)s/g)];
  if (parts.length !== 2) return undefined;
  return parts.reduce((ms, m) => ms + (Number(m[1]) * 60 + Number(m[2])) * 1000, 0);
}

const collect = (stream: Readable | null): (() => string) => {
  let text = "";
  stream?.on("data", (d: Buffer) => (text += d.toString()));
  return () => text;
};

/** Runs one unchanged `pulumi <command>` and returns its wall and CPU time. */
export function runUnchanged(
  command: TerminalCommand,
  opts: Omit<TerminalPreviewOptions, "runs">,
): Promise<TerminalRun> {
  const args = [...ARGS[command], "--stack", opts.stack];
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(
      "bash",
      ["-c", 'pulumi "$@"; code=$?; times >&3; exit $code', "bash", ...args],
      {
        cwd: opts.cwd,
        env: opts.env ?? process.env,
        stdio: ["ignore", "pipe", "pipe", "pipe"],
      },
    );
    const stdout = collect(child.stdout);
    const stderr = collect(child.stderr);
    const times = collect(child.stdio[3] as Readable | null);
    child.once("error", reject);
    child.once("close", (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      const out = stdout() + stderr();
      const cpuMs = parseBashTimes(times());
      if (code !== 0) reject(new Error(`pulumi ${args.join(" ")} exited ${String(code)}:\n${out}`));
      else if (reportsChanges(out)) {
        reject(new Error(`the stack is not up to date; pulumi ${command} found changes:\n${out}`));
      } else if (cpuMs === undefined) {
        reject(new Error(`no CPU time from bash's times: ${JSON.stringify(times())}`));
      } else resolve({ wallMs, cpuMs });
    });
  });
}

/** Runs `runs` unchanged previews one after the other and summarizes their wall-clock times. */
export async function timeUnchangedPreview(
  opts: TerminalPreviewOptions,
): Promise<TerminalPreviewTiming> {
  const samples: number[] = [];
  for (let i = 0; i < (opts.runs ?? 3); i++) {
    samples.push((await runUnchanged("preview", opts)).wallMs);
  }
  return { samples, summary: summarize(samples) };
}
