/**
 * Harness for the user-command tests (test/cli): runs what a user types (`pulumi ...`, `npm run ...`,
 * `bash scripts/lab.sh`) as child processes, from a copy of the project directory, through the real
 * Pulumi CLI and the test double of its Node.js language host (test/language-host).
 *
 * - The CLI install is laid out as the CLI's release archive has it: `pulumi`, the language host
 *   `pulumi-language-nodejs` and the dynamic-provider shim `pulumi-resource-pulumi-nodejs` side by side
 *   in one directory (a hard link to the CLI found on PATH, a link to the test double's launcher, a
 *   copy of @pulumi/pulumi's shim), first on PATH. The CLI then finds both plugins "bundled" and
 *   prints no ambient-plugin warning.
 * - The project copy holds the repo's files as a clone has them (without .git, test/, bench/ and
 *   tools/), with their timestamps, and a link to the repo's node_modules (so `lab.sh` sees the dependencies as installed and never runs `npm ci`); no stack
 *   file or state is ever written into the repo.
 * - The copy, the CLI install and the environment are built with the benchmark's terminal-project
 *   pieces (bench/terminalProject.ts), so tests and benchmark run the CLI the same way.
 * - State: a temp file backend and passphrase by default; `backend: "none"` leaves the CLI with no
 *   login and no passphrase (a fresh PULUMI_HOME), as on a fresh machine.
 * - Every command's output is kept in `transcript` (to search for leaked secrets).
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { copyProject, layOutCliInstall, terminalEnv } from "../../bench/terminalProject";
import { LANGUAGE_HOST_LAUNCHER } from "../language-host";
import { REPO_ROOT } from "./engineHarness";

export interface CommandResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall-clock milliseconds from spawn to exit. */
  readonly ms: number;
}

export interface RunOptions {
  /** Extra environment for this command only. */
  readonly env?: Record<string, string | undefined>;
  readonly timeoutMs?: number;
  /** Keep this command's output out of the transcript (e.g. --show-secrets). */
  readonly record?: boolean;
  /** Keep the command line (not the output) out of the transcript, e.g. a secret typed as an argument. */
  readonly recordCommandLine?: boolean;
  /** Called once the process is spawned (for tests that interrupt it). */
  readonly onSpawn?: (pid: number) => void;
  /** Start the command in its own process group (so a test can signal the whole group). */
  readonly detached?: boolean;
}

export interface CliProjectOptions {
  /** "file": temp file backend + passphrase (default); "none": no login, no passphrase. */
  readonly backend?: "file" | "none";
  /** The project directory to copy (default: the repo); its node_modules is the repo's. */
  readonly projectSource?: string;
}

/**
 * Makes the copy's package-lock.json not newer than node_modules/.package-lock.json, so that
 * lab.sh sees the linked dependencies as installed: an `npm ci` in the copy would rebuild the
 * repo's node_modules through the link.
 */
async function markDependenciesInstalled(projectDir: string): Promise<void> {
  const installed = path.join(projectDir, "node_modules", ".package-lock.json");
  const lock = path.join(projectDir, "package-lock.json");
  let stamp = new Date(0);
  try {
    stamp = new Date((await fs.promises.stat(installed)).mtimeMs - 1000);
  } catch {
    // no record of an install: the oldest time
  }
  await fs.promises.utimes(lock, stamp, stamp);
}

/** A copy of the project with its own CLI install, state and PULUMI_HOME; `dispose()` removes it. */
export class CliProject {
  readonly transcript: string[] = [];

  private constructor(
    readonly rootDir: string,
    readonly projectDir: string,
    readonly binDir: string,
    readonly env: Record<string, string>,
  ) {}

  static async create(opts: CliProjectOptions = {}): Promise<CliProject> {
    const rootDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "kong-jwt-lab-cli-"));
    try {
      const projectDir = path.join(rootDir, "project");
      const binDir = path.join(rootDir, "cli-bin");
      const homeDir = path.join(rootDir, "pulumi-home");
      await fs.promises.mkdir(projectDir);
      await fs.promises.mkdir(homeDir);
      await fs.promises.mkdir(binDir);
      await copyProject(opts.projectSource ?? REPO_ROOT, projectDir);
      await markDependenciesInstalled(projectDir);
      await layOutCliInstall(binDir, LANGUAGE_HOST_LAUNCHER);

      let backend: { stateDir: string; passphrase: string } | undefined;
      if ((opts.backend ?? "file") === "file") {
        backend = {
          stateDir: path.join(rootDir, "state"),
          passphrase: `cli-test-passphrase-${path.basename(rootDir)}`,
        };
        await fs.promises.mkdir(backend.stateDir);
      }
      const env = terminalEnv(process.env, { binDir, homeDir }, backend);
      return new CliProject(rootDir, projectDir, binDir, env);
    } catch (err) {
      await fs.promises.rm(rootDir, { recursive: true, force: true });
      throw err;
    }
  }

  /** Runs `command args...` in the project copy, as a user would type it; never rejects. */
  run(command: string, args: readonly string[], opts: RunOptions = {}): Promise<CommandResult> {
    const record = opts.record ?? true;
    const env: Record<string, string> = { ...this.env };
    for (const [k, v] of Object.entries(opts.env ?? {})) {
      if (v === undefined) delete env[k];
      else env[k] = v;
    }
    if (record) {
      const line =
        (opts.recordCommandLine ?? true) ? `${command} ${args.join(" ")}` : `${command} ...`;
      this.transcript.push(`\n$ ${line}\n`);
    }
    const started = Date.now();
    return new Promise((resolve) => {
      const child = spawn(command, args, {
        cwd: this.projectDir,
        env,
        stdio: ["ignore", "pipe", "pipe"],
        detached: opts.detached ?? false,
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 180_000);
      if (child.pid !== undefined) opts.onSpawn?.(child.pid);
      const finish = (code: number | null, signal: NodeJS.Signals | null): void => {
        clearTimeout(timer);
        if (record) this.transcript.push(stdout, stderr);
        resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
      };
      child.once("error", (err) => {
        stderr += String(err);
        finish(127, null);
      });
      child.once("close", finish);
    });
  }

  /** `pulumi args...` */
  pulumi(args: readonly string[], opts?: RunOptions): Promise<CommandResult> {
    return this.run("pulumi", args, opts);
  }

  /** Everything every command printed so far. */
  transcriptText(): string {
    return this.transcript.join("");
  }

  /** Files of the project copy (relative paths), e.g. to find a stack file. */
  projectFile(relative: string): string {
    return path.join(this.projectDir, relative);
  }

  async dispose(): Promise<void> {
    await fs.promises.rm(this.rootDir, { recursive: true, force: true });
  }
}

/** A failed command as one readable message (for assertion messages). */
export function describeResult(label: string, result: CommandResult): string {
  return `${label}: exit ${String(result.code)}${result.signal ? ` (${result.signal})` : ""} after ${result.ms} ms\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}
