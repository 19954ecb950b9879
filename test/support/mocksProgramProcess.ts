/**
 * Runs the program under mocks in THIS process and prints one JSON line
 * `{"registered": [names...], "errors": [messages...]}`; for tests that expect the program to fail
 * (the failure surfaces as an unhandled rejection, which node's test runner would claim).
 * Input: env MOCKS_PROGRAM_INPUT = JSON {config, secretKeys?, stack?, exitCodes?}.
 *   node --import tsx test/support/mocksProgramProcess.ts
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { runProgram } from "./mocks";

export interface ProgramProcessInput {
  config: Record<string, string>;
  secretKeys?: string[];
  stack?: string;
  exitCodes?: Record<string, number>;
}

export interface ProgramProcessResult {
  registered: string[];
  errors: string[];
}

/** Spawns this file with `input`; returns what the program registered and every error it raised. */
export function runProgramInChildProcess(input: ProgramProcessInput): ProgramProcessResult {
  const child = spawnSync(process.execPath, ["--import", "tsx", __filename], {
    env: { ...process.env, MOCKS_PROGRAM_INPUT: JSON.stringify(input) },
    encoding: "utf8",
    timeout: 60_000,
  });
  const line = child.stdout.trim().split("\n").pop() ?? "";
  try {
    return JSON.parse(line) as ProgramProcessResult;
  } catch {
    throw new Error(`no result from the child process (status ${child.status}):\n${child.stderr}`);
  }
}

async function main(): Promise<void> {
  const input = JSON.parse(process.env.MOCKS_PROGRAM_INPUT ?? "{}") as ProgramProcessInput;
  const errors: string[] = [];
  const record = (err: unknown) => errors.push(String((err as Error)?.message ?? err));
  process.on("unhandledRejection", record);
  process.on("uncaughtException", record);
  let registered: string[] = [];
  try {
    const run = await runProgram(input.config, {
      secretKeys: input.secretKeys,
      stack: input.stack,
      programPath: path.join(__dirname, "..", "..", "index"),
      exitCodes: input.exitCodes,
      awaitOutputs: false,
    });
    registered = run.resources.map((r) => r.name) ?? [];
  } catch (err) {
    record(err);
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
  process.stdout.write(`${JSON.stringify({ registered, errors })}\n`);
  process.exit(0);
}

if (require.main === module) void main();
