/**
 * N consumers with JWT credentials through the real engine, as ONE KongConsumerSet: create, an
 * unchanged up and preview, one credential changed, destroy. Each run on a fresh stack.
 */
import { DEFAULT_CONSUMER_SET_CONCURRENCY } from "../../components/kong";
import { EngineStack } from "../../localEngine";
import { type BenchConsumer, benchConsumers } from "../consumerFixtures";
import { clockEngineCommands } from "../engineClock";
import { measureStep } from "../measure";
import { UNCHANGED_SYNC } from "../report";
import { consumerSetProgram } from "../programs/consumerSetProgram";
import { measureStateSize } from "../stateSize";
import { type ScenarioContext, minimalProjectFile } from "./context";
import { countTagged, deleteTaggedConsumers } from "./kongState";

export const CONSUMER_SET_OWNER_TAG = "kong-jwt-lab.bench";
/** The set's member tag (KongConsumerSet's default: `<ownerTag>.set.<name>`). */
export const CONSUMER_SET_MEMBER_TAG = `${CONSUMER_SET_OWNER_TAG}.set.bench-consumers`;

/**
 * The scenario's name; at a parallelism other than the default (10, as in the decK figure)
 * the name says so, so ours and decK pair up per parallelism in the ratios.
 */
export const consumerScenarioName = (
  n: number,
  parallelism: number = DEFAULT_CONSUMER_SET_CONCURRENCY,
) =>
  `${n} consumers + JWT credentials` +
  (parallelism === DEFAULT_CONSUMER_SET_CONCURRENCY ? "" : `, parallelism ${parallelism}`);

export async function runConsumerSetScenario(ctx: ScenarioContext, n: number): Promise<void> {
  const scenario = consumerScenarioName(n, ctx.parallelism);
  const projectFile = await minimalProjectFile();
  for (let run = 1; run <= ctx.runs; run++) {
    await deleteTaggedConsumers(ctx.targetAdminUrl, CONSUMER_SET_MEMBER_TAG);
    let consumers: BenchConsumer[] = benchConsumers(n, ctx.salt);
    const engine = await EngineStack.create({
      stackName: `bench-set-${n}-p${ctx.parallelism}-${run}`,
      projectFile,
      program: consumerSetProgram(() => ({
        adminUrl: ctx.proxy.url,
        ownerTag: CONSUMER_SET_OWNER_TAG,
        consumers,
        concurrency: ctx.parallelism,
      })),
    });
    const clock = clockEngineCommands(engine.stack);
    try {
      const add = (step: string, s: Awaited<ReturnType<typeof measureStep>>) => {
        const rec = ctx.recorder.add(scenario, step, "pulumi", s);
        ctx.log(
          `  [pulumi] ${scenario} run ${run}: ${step}: ${(s.wallMs / 1000).toFixed(2)} s` +
            (s.automationApiMs !== undefined
              ? ` (Automation API call ${(s.automationApiMs / 1000).toFixed(2)} s)`
              : "") +
            `, ${s.counts.total} requests (${s.counts.writes} writes)` +
            (s.providerPeakBytes !== undefined
              ? `, provider peak RSS ${(s.providerPeakBytes / (1024 * 1024)).toFixed(0)} MB`
              : ""),
        );
        return rec;
      };
      const created = add(
        "create",
        await measureStep(ctx.proxy, () => engine.up(), clock, { providerMemory: true }),
      );
      created.expectedWrites = 2 * n;
      const held = await countTagged(ctx.targetAdminUrl, CONSUMER_SET_MEMBER_TAG);
      if (held.consumers !== n || held.jwts !== n) {
        throw new Error(
          `after create the Admin API holds ${held.consumers} consumers and ${held.jwts} credentials, expected ${n} of each`,
        );
      }
      if (run === 1) {
        // Not measured: the state must hold no secret in plaintext (the secrets map is a secret output).
        const state = await engine.exportState();
        ctx.stateSizes.push(measureStateSize(scenario, state));
        if (!state.includes(consumers[0]!.username)) {
          throw new Error(
            "the exported state does not hold the set's consumers: cannot check it for secrets",
          );
        }
        const leaked = consumers.filter((c) => state.includes(c.secret)).length;
        if (leaked > 0)
          throw new Error(`the exported state holds ${leaked} JWT secrets in plaintext`);
        if (engine.transcriptText().includes(consumers[0]!.secret)) {
          throw new Error("the CLI output shows a JWT secret");
        }
      }
      add(
        UNCHANGED_SYNC,
        await measureStep(ctx.proxy, () => engine.up(), clock, { providerMemory: true }),
      );
      add(
        "unchanged preview",
        await measureStep(ctx.proxy, () => engine.preview(), clock, { providerMemory: true }),
      );
      consumers = benchConsumers(n, ctx.salt, [Math.floor(n / 2)]);
      add(
        "one credential changed",
        await measureStep(ctx.proxy, () => engine.up(), clock, { providerMemory: true }),
      );
      add(
        "refresh",
        await measureStep(ctx.proxy, () => engine.refresh(), clock, { providerMemory: true }),
      );
      add(
        "destroy",
        await measureStep(ctx.proxy, () => engine.destroy(), clock, { providerMemory: true }),
      );
      const left = await countTagged(ctx.targetAdminUrl, CONSUMER_SET_MEMBER_TAG);
      if (left.consumers !== 0 || left.jwts !== 0) {
        throw new Error(
          `after destroy ${left.consumers} consumers and ${left.jwts} credentials are left`,
        );
      }
    } finally {
      await engine.dispose();
    }
  }
}
