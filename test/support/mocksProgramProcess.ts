/**
 * Runs the program under mocks in THIS process and prints one JSON line
 * `{"registered": [names...], "errors": [messages...]}`; for tests that expect the program to fail
 * (the failure surfaces as an unhandled rejection, which node's test runner would claim).
 * Input: env MOCKS_PROGRAM_INPUT = JSON {config, secretKeys?, stack?, runCommands?}.
 *   node --import tsx test/support/mocksProgramProcess.ts
 */
import { spawn, spawnSync } from "child_process";
import * as path from "path";
import { runAsCommandProvider } from "./commandProvider";
import { CommandAnswer, runProgram } from "./mocks";

export interface ProgramProcessInput {
  config: Record<string, string>;
  secretKeys?: string[];
  stack?: string;
  /**
   * Commands (by resource name) that the mocks RUN as the command provider would, with `path`
   * (when given) first on PATH and `env` added (e.g. a fake `docker` and its settings); other
   * commands succeed without running.
   */
  runCommands?: { names: string[]; path?: string; env?: Record<string, string> };
  /** See RunProgramOptions.realisticIds. */
  realisticIds?: boolean;
}

export interface ProgramProcessResult {
  registered: string[];
  errors: string[];
  /** Inputs of each `command:local:Command` by name, as the engine received them (secrets marked). */
  commands: Record<string, Record<string, unknown>>;
}

/** Spawns this file with `input`; returns what the program registered and every error it raised. */
export function runProgramInChildProcess(input: ProgramProcessInput): ProgramProcessResult {
  const child = spawnSync(process.execPath, ["--import", "tsx", __filename], {
    env: { ...process.env, MOCKS_PROGRAM_INPUT: JSON.stringify(input) },
    encoding: "utf8",
    timeout: 60_000,
  });
  return parseResult(child.stdout, child.status, child.stderr);
}

/**
 * The same, without blocking this process: for tests whose commands reach servers running here
 * (e.g. the Kong stand-in).
 */
export function runProgramInChildProcessAsync(
  input: ProgramProcessInput,
): Promise<ProgramProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", __filename], {
      env: { ...process.env, MOCKS_PROGRAM_INPUT: JSON.stringify(input) },
      timeout: 120_000,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (status) => {
      try {
        resolve(parseResult(stdout, status, stderr));
      } catch (err) {
        reject(err);
      }
    });
  });
}

function parseResult(stdout: string, status: number | null, stderr: string): ProgramProcessResult {
  const line = stdout.trim().split("\n").pop() ?? "";
  try {
    return JSON.parse(line) as ProgramProcessResult;
  } catch {
    throw new Error(`no result from the child process (status ${status}):\n${stderr}`);
  }
}

function commandAnswer(run: ProgramProcessInput["runCommands"]): CommandAnswer | undefined {
  if (run === undefined) return undefined;
  return (name, inputs) =>
    run.names.includes(name)
      ? runAsCommandProvider(inputs, {
          ...run.env,
          ...(run.path !== undefined
            ? { PATH: `${run.path}${path.delimiter}${process.env.PATH ?? ""}` }
            : {}),
        })
      : { stdout: "", stderr: "" };
}

async function main(): Promise<void> {
  const input = JSON.parse(process.env.MOCKS_PROGRAM_INPUT ?? "{}") as ProgramProcessInput;
  const errors: string[] = [];
  const record = (err: unknown) => errors.push(String((err as Error)?.message ?? err));
  process.on("unhandledRejection", record);
  process.on("uncaughtException", record);
  let registered: string[] = [];
  let commands: ProgramProcessResult["commands"] = {};
  try {
    const run = await runProgram(input.config, {
      secretKeys: input.secretKeys,
      stack: input.stack,
      programPath: path.join(__dirname, "..", "..", "index"),
      commands: commandAnswer(input.runCommands),
      realisticIds: input.realisticIds,
      awaitOutputs: false,
    });
    registered = run.resources.map((r) => r.name) ?? [];
    commands = Object.fromEntries(
      run.ofType("command:local:Command").map((r) => [r.name, r.inputs]),
    );
  } catch (err) {
    record(err);
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
  process.stdout.write(`${JSON.stringify({ registered, errors, commands })}\n`);
  process.exit(0);
}

if (require.main === module) void main();
