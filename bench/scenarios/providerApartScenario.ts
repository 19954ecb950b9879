/**
 * KongConsumerSet's provider alone, without the engine: per run, a fresh process
 * (bench/providerApartWorker.ts, started like Pulumi's dynamic-provider process, with the
 * project's loader) creates three sets of N new consumers in a row, through the recording proxy.
 * The first create is what every `pulumi up` pays (Pulumi starts a new provider process for each);
 * the second and third show the same code once Node has warmed up. The first is paired with
 * decK's create of N consumers in the ratios.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import * as readline from "node:readline";
import { REPO_ROOT } from "../../localEngine";
import { measureStep } from "../measure";
import { type ScenarioContext } from "./context";
import { consumerScenarioName } from "./consumerSetScenario";

/** The owner tag of the worker's sets. */
export const PROVIDER_APART_OWNER_TAG = "kong-jwt-lab.bench-apart";

export const providerApartScenarioName = (n: number) =>
  `${n} consumers, the set's provider alone (no engine)`;

/** The steps, in the order a worker runs them; the first is compared with decK's create. */
export const PROVIDER_APART_STEPS = [
  "create",
  "create, second in the same process",
  "create, third in the same process",
] as const;

/** A started worker: send a command line, get its answer line. */
interface Worker {
  ask(line: string): Promise<string>;
  close(): void;
}

function startWorker(parallelism: number): Promise<Worker> {
  const child = spawn(
    process.execPath,
    [
      "-r",
      path.join(REPO_ROOT, "loader", "registerTypeScript.js"),
      path.join(REPO_ROOT, "bench", "providerApartWorker.ts"),
    ],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        NODE_OPTIONS: "",
        BENCH_PARALLELISM: String(parallelism),
        BENCH_OWNER_TAG: PROVIDER_APART_OWNER_TAG,
      },
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const nextLine = async () => {
    const line = await lines.next();
    if (line.done) throw new Error(`provider worker exited (${String(child.exitCode)})`);
    return line.value;
  };
  return nextLine().then((first) => {
    if (first !== "ready") {
      child.kill();
      throw new Error(`provider worker: ${first}`);
    }
    return {
      ask: (line: string) => {
        child.stdin.write(`${line}\n`);
        return nextLine();
      },
      close: () => child.kill(),
    };
  });
}

/** Parses a worker's `done <wall ms> <cpu ms>`; throws its `error ...`. */
function parseDone(answer: string): { wallMs: number; cpuMs: number } {
  const m = /^done (\S+) (\S+)$/.exec(answer);
  if (!m) throw new Error(`provider worker: ${answer}`);
  return { wallMs: Number(m[1]), cpuMs: Number(m[2]) };
}

export async function runProviderApartScenario(ctx: ScenarioContext, n: number): Promise<void> {
  const scenario = providerApartScenarioName(n);
  for (let run = 1; run <= ctx.runs; run++) {
    const worker = await startWorker(ctx.parallelism);
    try {
      for (const [i, step] of PROVIDER_APART_STEPS.entries()) {
        let done = { wallMs: 0, cpuMs: 0 };
        const sample = await measureStep(ctx.proxy, async () => {
          done = parseDone(
            await worker.ask(`create ${ctx.proxy.url} ${n} r${run}c${i}${ctx.salt}`),
          );
        });
        // The worker's own clock: the create itself, without the command's round trip.
        const rec = ctx.recorder.add(scenario, step, "pulumi", {
          ...sample,
          wallMs: done.wallMs,
          cpuMs: done.cpuMs,
        });
        if (i === 0) rec.comparesTo = consumerScenarioName(n, ctx.parallelism);
        rec.expectedWrites = 2 * n;
        ctx.log(
          `  [pulumi] ${scenario} run ${run}: ${step}: ${(done.wallMs / 1000).toFixed(2)} s, ` +
            `provider CPU ${(done.cpuMs / 1000).toFixed(2)} s, ${sample.counts.total} requests (${sample.counts.writes} writes)`,
        );
      }
      parseDone(await worker.ask("delete"));
    } finally {
      worker.close();
    }
  }
}
