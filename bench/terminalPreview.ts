/**
 * The terminal ruler: an unchanged `pulumi preview` run the way a user runs it (the `pulumi` CLI on
 * PATH, from the project directory), timed from spawn to exit. Used by the user-command tests
 * (test/cli) and available to the benchmarks. The stack must be up to date: a preview that finds
 * changes, or fails, is an error, not a sample.
 */
import { spawn } from "node:child_process";
import { Summary, summarize } from "./stats";

export interface TerminalPreviewOptions {
  /** The project directory (where Pulumi.yaml is). */
  readonly cwd: string;
  readonly stack: string;
  /** The CLI's environment (backend, passphrase, PATH); default: this process's. */
  readonly env?: NodeJS.ProcessEnv;
  /** How many previews (default 3). */
  readonly runs?: number;
}

export interface TerminalPreviewTiming {
  /** Wall-clock milliseconds of each preview, in run order. */
  readonly samples: readonly number[];
  readonly summary: Summary;
}

function previewOnce(opts: TerminalPreviewOptions): Promise<number> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn("pulumi", ["preview", "--stack", opts.stack], {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.once("error", reject);
    child.once("close", (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) reject(new Error(`pulumi preview exited ${String(code)}:\n${out}`));
      else if (/\bto (create|update|delete|replace)\b/.test(out)) {
        reject(new Error(`the stack is not up to date; pulumi preview found changes:\n${out}`));
      } else resolve(ms);
    });
  });
}

/** Runs `runs` unchanged previews one after the other and summarizes their wall-clock times. */
export async function timeUnchangedPreview(
  opts: TerminalPreviewOptions,
): Promise<TerminalPreviewTiming> {
  const samples: number[] = [];
  for (let i = 0; i < (opts.runs ?? 3); i++) samples.push(await previewOnce(opts));
  return { samples, summary: summarize(samples) };
}
