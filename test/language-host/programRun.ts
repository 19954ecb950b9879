/**
 * The `Run` call of pulumi-language-nodejs: which node command line and environment run the user's
 * program, and how the program's exit becomes the RunResponse. Read from the real host
 * (execRuntime, constructArguments, constructConfig in sdk/nodejs/cmd/pulumi-language-nodejs/main.go):
 *
 *   node [nodeargs] <@pulumi/pulumi/cmd/run resolved from the program dir> --monitor A --engine E
 *     --organization O --project P --root-directory R --stack S --pwd <program dir> [--dry-run]
 *     --parallel N [--tracing T] <entry point> [args...]
 *
 * each `--flag value` only when the value is non-empty (--parallel always: "0" is non-empty).
 * PULUMI_CONFIG holds the config as `namespace:config:name` → value, PULUMI_CONFIG_SECRET_KEYS the
 * secret keys as the engine sent them; `typescript` → PULUMI_NODEJS_TYPESCRIPT=true, `tsconfig` →
 * PULUMI_NODEJS_TSCONFIG_PATH. Exit code 32 (the program already showed the user an actionable
 * message) → `bail`; other non-zero codes → "Program exited with non-zero exit code: N".
 *
 * Two differences, both invisible to the commands the tests run: the real host puts its own proxy of
 * the resource monitor between the engine and node and serves synchronous invokes over pipes
 * (`--sync`); this double passes the engine's monitor address and no `--sync` (the lab makes no
 * synchronous invoke).
 */
import { ChildProcess, execFile, spawn } from "node:child_process";
import { NodeRuntimeOptions, splitShellWords } from "./runtimeOptions";

/** What `Run` needs from the RunRequest, as plain values. */
export interface RunSpec {
  readonly monitorAddress: string;
  readonly engineAddress: string;
  readonly tracing: string;
  readonly organization: string;
  readonly project: string;
  readonly rootDirectory: string;
  readonly stack: string;
  readonly programDirectory: string;
  readonly entryPoint: string;
  readonly dryRun: boolean;
  readonly parallel: number;
  readonly args: readonly string[];
  /** Keys as the engine sends them: "project:name". */
  readonly config: ReadonlyMap<string, string>;
  readonly configSecretKeys: readonly string[];
  readonly options: NodeRuntimeOptions;
}

/** The run program's arguments after node's own (the run path first). */
export function runArguments(spec: RunSpec, runPath: string): string[] {
  const args = [runPath];
  const maybe = (flag: string, value: string): void => {
    if (value !== "") args.push(`--${flag}`, value);
  };
  maybe("monitor", spec.monitorAddress);
  maybe("engine", spec.engineAddress);
  maybe("organization", spec.organization);
  maybe("project", spec.project);
  maybe("root-directory", spec.rootDirectory);
  maybe("stack", spec.stack);
  maybe("pwd", spec.programDirectory);
  if (spec.dryRun) args.push("--dry-run");
  maybe("parallel", String(Math.trunc(spec.parallel)));
  maybe("tracing", spec.tracing);
  args.push(spec.entryPoint, ...spec.args);
  return args;
}

export class ConfigKeyError extends Error {
  constructor(readonly key: string) {
    super(`failed to serialize configuration: invalid config key "${key}": want namespace:name`);
    this.name = "ConfigKeyError";
  }
}

/** PULUMI_CONFIG's JSON: "ns:name" and "ns:config:name" keys both become "ns:config:name". */
export function configJson(config: ReadonlyMap<string, string>): string {
  const out: Record<string, string> = {};
  for (const [key, value] of config) {
    const parts = key.split(":");
    let namespace: string;
    let name: string;
    if (parts.length === 2) {
      [namespace, name] = parts;
    } else if (parts.length === 3 && parts[1] === "config") {
      [namespace, , name] = parts;
    } else {
      throw new ConfigKeyError(key);
    }
    if (!namespace || !name) throw new ConfigKeyError(key);
    out[`${namespace}:config:${name}`] = value;
  }
  return JSON.stringify(out);
}

/** The variables the real host adds to its own environment for the program. */
export function runEnvironment(spec: RunSpec): Record<string, string> {
  const env: Record<string, string> = {
    PULUMI_CONFIG: configJson(spec.config),
    PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(spec.configSecretKeys),
  };
  if (spec.options.typescript) env.PULUMI_NODEJS_TYPESCRIPT = "true";
  if (spec.options.tsconfigPath) env.PULUMI_NODEJS_TSCONFIG_PATH = spec.options.tsconfigPath;
  return env;
}

export interface RunOutcome {
  /** Empty when the program succeeded or bailed. */
  readonly error: string;
  /** The program already told the user what went wrong (exit code 32): print nothing more. */
  readonly bail: boolean;
}

/** The exit code cmd/run uses after logging an actionable message itself. */
export const EXIT_AFTER_ACTIONABLE_MESSAGE = 32;

/** RunResponse for a finished program, as the real host words it. */
export function outcomeOfExit(code: number | null, signal: NodeJS.Signals | null): RunOutcome {
  if (code === 0 && signal === null) return { error: "", bail: false };
  if (code === EXIT_AFTER_ACTIONABLE_MESSAGE) return { error: "", bail: true };
  // Go's ExitCode() is -1 for a process ended by a signal.
  const shown = code === null ? -1 : code;
  if (shown === 0) return { error: "Program exited unexpectedly: exit status 0", bail: false };
  return { error: `Program exited with non-zero exit code: ${shown}`, bail: false };
}

/**
 * Resolves `module` from `programDirectory` with a separate `node -e require.resolve(...)`, as the
 * real host does (locateModule), with its message when @pulumi/pulumi is not installed.
 */
export function locateModule(
  nodeBin: string,
  module: string,
  programDirectory: string,
): Promise<string> {
  const script =
    `try { console.log(require.resolve(${JSON.stringify(module)})); } catch (error) {` +
    ` if (error.code === 'MODULE_NOT_FOUND') { console.error("It looks like the Pulumi SDK has not been installed. Have you run pulumi install?") }` +
    ` else { console.error(error.message); } process.exit(1); }`;
  return new Promise((resolve, reject) => {
    execFile(nodeBin, ["-e", script], { cwd: programDirectory }, (err, stdout, stderr) => {
      if (err) reject(new Error(String(stderr) || err.message));
      else resolve(String(stdout).trim());
    });
  });
}

/** A started program: `outcome` settles when it exits; `interrupt` asks it to stop (SIGINT, then SIGKILL). */
export interface RunningProgram {
  readonly child: ChildProcess;
  readonly outcome: Promise<RunOutcome>;
  interrupt(): void;
}

/** How long an interrupted program gets before SIGKILL (the real host's WaitDelay). */
const INTERRUPT_GRACE_MS = 5_000;

/**
 * Starts node with the program; its stdout and stderr go to this process's (the CLI reads the
 * host's output), like the real host wires them.
 */
export function startProgram(nodeBin: string, runPath: string, spec: RunSpec): RunningProgram {
  const nodeArgs = [...splitShellWords(spec.options.nodeargs), ...runArguments(spec, runPath)];
  const child = spawn(nodeBin, nodeArgs, {
    env: { ...process.env, ...runEnvironment(spec) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(process.stdout, { end: false });
  child.stderr?.pipe(process.stderr, { end: false });
  const outcome = new Promise<RunOutcome>((resolve) => {
    child.once("error", (err) =>
      resolve({
        error: `Problem executing program (could not run language executor): ${err.message}`,
        bail: false,
      }),
    );
    child.once("close", (code, signal) => resolve(outcomeOfExit(code, signal)));
  });
  let interrupted = false;
  return {
    child,
    outcome,
    interrupt() {
      if (interrupted || child.exitCode !== null || child.signalCode !== null) return;
      interrupted = true;
      child.kill("SIGINT");
      const timer = setTimeout(() => child.kill("SIGKILL"), INTERRUPT_GRACE_MS);
      timer.unref();
      void outcome.then(() => clearTimeout(timer));
    },
  };
}
