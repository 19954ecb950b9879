/**
 * A process of its own that drives KongConsumerSet's provider without the engine, as Pulumi's
 * dynamic-provider process would run it: started fresh, it loads the project's modules with the
 * project's loader, then answers one line per command on stdin:
 *
 *   create <adminUrl> <n> <tag>   creates a set of n new consumers (names, keys and member tag
 *                                 made from <tag>); answers `done <wall ms> <cpu ms>`
 *   delete                        deletes every set it created (unmeasured clean-up); `done 0 0`
 *
 * and `error <message>` when a command fails. Started by providerApartScenario.ts.
 */
import * as readline from "node:readline";
import {
  type ConsumerSetInputs,
  consumerSetProvider,
  encodeConsumers,
  encodeSecrets,
} from "../components/kong";
import { benchConsumers, consumerSetSpecs } from "./consumerFixtures";

/** The owner tag of every set, given by the scenario. */
const OWNER_TAG = process.env.BENCH_OWNER_TAG ?? "kong-jwt-lab.bench-apart";

const created: { id: string; outs?: unknown }[] = [];

function setInputs(adminUrl: string, n: number, tag: string): ConsumerSetInputs {
  const specs = consumerSetSpecs(
    benchConsumers(n, tag).map((c) => ({
      username: `${tag}-${c.username}`,
      key: `${tag}-${c.key}`,
      secret: c.secret,
    })),
  );
  return {
    adminUrl,
    ownerTag: OWNER_TAG,
    memberTag: `${OWNER_TAG}.set.${tag}`,
    consumers: encodeConsumers(specs.consumers),
    secrets: encodeSecrets(specs.secrets),
    concurrency: Number(process.env.BENCH_PARALLELISM ?? 10),
  };
}

async function handle(line: string): Promise<string> {
  const [command, ...rest] = line.trim().split(/\s+/);
  if (command === "create") {
    const [adminUrl, n, tag] = rest;
    const inputs = setInputs(adminUrl ?? "", Number(n), tag ?? "");
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    const result = await consumerSetProvider.create!(inputs);
    const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
    const used = process.cpuUsage(cpu);
    created.push(result);
    return `done ${wallMs.toFixed(1)} ${((used.user + used.system) / 1000).toFixed(1)}`;
  }
  if (command === "delete") {
    for (const set of created.splice(0)) {
      await consumerSetProvider.delete!(set.id, set.outs as never);
    }
    return "done 0 0";
  }
  throw new Error(`unknown command ${JSON.stringify(line)}`);
}

const lines = readline.createInterface({ input: process.stdin });
let queue = Promise.resolve();
lines.on("line", (line) => {
  queue = queue.then(async () => {
    let answer: string;
    try {
      answer = await handle(line);
    } catch (err) {
      answer = `error ${String((err as Error).message ?? err).replace(/\s+/g, " ")}`;
    }
    process.stdout.write(`${answer}\n`);
  });
});
process.stdout.write("ready\n");
