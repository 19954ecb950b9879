/**
 * The real Pulumi engine for the benchmarks: finds the CLI (PATH, or the project's
 * scripts/setup-pulumi-cli.sh, which builds and caches it) and times engine operations.
 * Stacks come from the local engine (localEngine/): local file backend in
 * a temp dir, passphrase secrets, throw-away PULUMI_HOME.
 */
import { execFile } from "node:child_process";
import * as path from "node:path";
import { REPO_ROOT, locatePulumiCli } from "../localEngine";

/** Puts `pulumi` on this process's PATH (running the setup script when needed); returns its version. */
export async function ensurePulumiCli(): Promise<string> {
  if (!locatePulumiCli()) {
    const script = path.join(REPO_ROOT, "scripts", "setup-pulumi-cli.sh");
    const envPath = await new Promise<string>((resolve, reject) => {
      execFile(
        "bash",
        ["-c", `set -e; eval "$(bash ${JSON.stringify(script)})"; printf %s "$PATH"`],
        { maxBuffer: 16 * 1024 * 1024, timeout: 3_600_000 },
        (err, stdout, stderr) =>
          err
            ? reject(new Error(`no Pulumi CLI: scripts/setup-pulumi-cli.sh failed\n${stderr}`))
            : resolve(stdout),
      );
    });
    process.env.PATH = envPath;
    process.env.PULUMI_SKIP_UPDATE_CHECK = "true";
  }
  return new Promise((resolve, reject) => {
    execFile("pulumi", ["version"], (err, stdout) => (err ? reject(err) : resolve(stdout.trim())));
  });
}

/** Wall time of `fn` in milliseconds. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ wallMs: number; result: T }> {
  const start = process.hrtime.bigint();
  const result = await fn();
  return { wallMs: Number(process.hrtime.bigint() - start) / 1e6, result };
}
