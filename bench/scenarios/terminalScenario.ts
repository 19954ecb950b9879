/**
 * The lab through the `pulumi` CLI from the project directory, as a user runs it at a terminal: a
 * stack of a temp copy of the project (containers off, pointed at the same Admin API as the lab
 * scenario, through the recording proxy), a first `pulumi up --yes` (set-up, not a sample), then
 * runs of an unchanged `pulumi preview`, `pulumi up --yes` and `pulumi up --yes --skip-preview`, in
 * turn; then destroy and `stack rm`. Each unchanged run must report no change, or the scenario fails.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { type LanguageHost, timeLanguageHostStart } from "../languageHost";
import type { StepSample } from "../measure";
import type { Summary } from "../stats";
import { type TerminalCommand, runUnchanged } from "../terminalPreview";
import { createTerminalProject, type TerminalProject } from "../terminalProject";
import type { ScenarioContext } from "./context";
import { countTagged } from "./kongState";
import { startUpstream } from "./labScenario";

export const TERMINAL_SCENARIO = "lab via the pulumi CLI (project dir)";
const STACK = "bench-terminal";
/** Measured in this order in every run; step names are "unchanged <command>". */
const TERMINAL_COMMANDS: readonly TerminalCommand[] = ["preview", "up", "up --skip-preview"];

/** What the scenario learnt about the language host (the benchmark reports it). */
export interface LanguageHostFigures {
  /** Spawn to serving, milliseconds (measured for a test double only). */
  readonly startMs?: Summary;
  /** How often the CLI started the host for one unchanged command (one counted run each). */
  readonly startsPerCommand: Partial<Record<TerminalCommand, number>>;
}

/** Runs `pulumi args...` in the project copy; rejects with its output when it fails. */
function pulumi(project: TerminalProject, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("pulumi", args, {
      cwd: project.projectDir,
      env: project.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.once("error", reject);
    child.once("close", (code) =>
      code === 0
        ? resolve(out)
        : reject(new Error(`pulumi ${args[0]} ${args[1] ?? ""} exited ${String(code)}:\n${out}`)),
    );
  });
}

/**
 * One unchanged run of each command with a wrapper in place of the host that counts its starts
 * (not timed: the wrapper is not part of a user's install); doubles as the warm-up.
 */
async function countHostStarts(
  project: TerminalProject,
  host: LanguageHost,
): Promise<Partial<Record<TerminalCommand, number>>> {
  const counter = path.join(project.binDir, "..", "host-starts");
  const wrapper = path.join(project.binDir, "..", "counting-language-host");
  await fs.promises.writeFile(
    wrapper,
    `#!/bin/sh\necho start >> ${JSON.stringify(counter)}\nexec ${JSON.stringify(host.path)} "$@"\n`,
    { mode: 0o755 },
  );
  const starts: Partial<Record<TerminalCommand, number>> = {};
  await project.useLanguageHost(wrapper);
  try {
    for (const command of TERMINAL_COMMANDS) {
      await fs.promises.writeFile(counter, "");
      await runUnchanged(command, { cwd: project.projectDir, stack: STACK, env: project.env });
      starts[command] = (await fs.promises.readFile(counter, "utf8")).split("\n").length - 1;
    }
  } finally {
    await project.useLanguageHost(host.path);
  }
  return starts;
}

export async function runTerminalScenario(
  ctx: ScenarioContext,
  host: LanguageHost,
): Promise<LanguageHostFigures> {
  const upstream = await startUpstream();
  const project = await createTerminalProject(host);
  let created = false;
  let failure: unknown;
  try {
    await pulumi(project, ["stack", "init", STACK]);
    const config: [string, string][] = [
      ["containersEnabled", "false"],
      ["kongAdminUrl", ctx.proxy.url],
      ...(ctx.targetProxyUrl ? [["kongProxyUrl", ctx.targetProxyUrl] as [string, string]] : []),
      ["upstreamUrl", `${upstream.url}/healthy`],
    ];
    for (const [key, value] of config) await pulumi(project, ["config", "set", key, value]);
    await pulumi(project, [
      "config",
      "set",
      "--secret",
      "jwtSecret",
      `bench-terminal-secret-${ctx.salt}`,
    ]);

    created = true;
    await pulumi(project, ["up", "--yes", "--stack", STACK]);
    const held = await countTagged(ctx.targetAdminUrl, `kong-jwt-lab.${STACK}`);
    ctx.log(
      `  [pulumi] terminal set-up: first pulumi up created ${held.services} service, ${held.routes} route, ${held.consumers} consumer, ${held.jwts} credential, ${held.plugins} plugins`,
    );

    const startsPerCommand = await countHostStarts(project, host);
    ctx.log(
      `  [pulumi] terminal warm-up (not a sample): language host started ${startsPerCommand.preview} times per preview, ${startsPerCommand.up} per up, ${startsPerCommand["up --skip-preview"]} per up --skip-preview`,
    );
    const startMs = host.testDouble ? await timeLanguageHostStart(host) : undefined;

    for (let run = 1; run <= ctx.runs; run++) {
      for (const command of TERMINAL_COMMANDS) {
        const step = `unchanged ${command}`;
        ctx.proxy.reset();
        const timing = await runUnchanged(command, {
          cwd: project.projectDir,
          stack: STACK,
          env: project.env,
        });
        const sample: StepSample = { ...timing, counts: ctx.proxy.counts() };
        ctx.recorder.add(TERMINAL_SCENARIO, step, "pulumi", sample);
        ctx.log(
          `  [pulumi] terminal run ${run}: ${step}: ${(sample.wallMs / 1000).toFixed(2)} s wall, ${(timing.cpuMs / 1000).toFixed(2)} s CPU, ${sample.counts.total} requests (${sample.counts.writes} writes)`,
        );
      }
    }
    return { ...(startMs ? { startMs } : {}), startsPerCommand };
  } catch (e) {
    failure = e;
    throw e;
  } finally {
    try {
      if (created) {
        await pulumi(project, ["destroy", "--yes", "--stack", STACK]);
        await pulumi(project, ["stack", "rm", "--yes", STACK]);
      }
    } catch (e) {
      // A failed clean-up after a failed measurement must not hide why the measurement failed.
      if (failure === undefined) throw e;
      ctx.log(
        `  [pulumi] terminal clean-up failed too: ${e instanceof Error ? e.message : String(e)}`,
      );
    } finally {
      await project.dispose();
      await upstream.close();
    }
  }
}
