/**
 * N consumers with JWT credentials as one resource per entity (2N engine steps): create, unchanged
 * up, one credential changed, destroy. For comparison with KongConsumerSet and decK.
 */
import { EngineStack } from "../../localEngine";
import { type BenchConsumer, benchConsumers } from "../consumerFixtures";
import { clockEngineCommands } from "../engineClock";
import { measureStep } from "../measure";
import { measureStateSize } from "../stateSize";
import { UNCHANGED_SYNC } from "../report";
import { perEntityProgram } from "../programs/perEntityProgram";
import { type ScenarioContext, minimalProjectFile } from "./context";
import { consumerScenarioName } from "./consumerSetScenario";
import { countTagged, deleteTaggedConsumers } from "./kongState";

export const PER_ENTITY_OWNER_TAG = "kong-jwt-lab.bench-per-entity";
export const perEntityScenarioName = (n: number) =>
  `${n} consumers + JWT credentials, one resource per entity`;

export async function runPerEntityScenario(ctx: ScenarioContext, n: number): Promise<void> {
  const scenario = perEntityScenarioName(n);
  const projectFile = await minimalProjectFile();
  for (let run = 1; run <= ctx.runs; run++) {
    await deleteTaggedConsumers(ctx.targetAdminUrl, PER_ENTITY_OWNER_TAG);
    let consumers: BenchConsumer[] = benchConsumers(n, ctx.salt);
    const engine = await EngineStack.create({
      stackName: `bench-per-entity-${n}-${run}`,
      projectFile,
      program: perEntityProgram(() => ({
        adminUrl: ctx.proxy.url,
        ownerTag: PER_ENTITY_OWNER_TAG,
        consumers,
      })),
    });
    const clock = clockEngineCommands(engine.stack);
    try {
      const add = (step: string, s: Awaited<ReturnType<typeof measureStep>>) => {
        const rec = ctx.recorder.add(scenario, step, "pulumi", s);
        rec.comparesTo = consumerScenarioName(n);
        ctx.log(
          `  [pulumi] ${scenario} run ${run}: ${step}: ${(s.wallMs / 1000).toFixed(2)} s, ${s.counts.total} requests (${s.counts.writes} writes)`,
        );
        return rec;
      };
      add("create", await measureStep(ctx.proxy, () => engine.up(), clock)).expectedWrites = 2 * n;
      const held = await countTagged(ctx.targetAdminUrl, PER_ENTITY_OWNER_TAG);
      if (held.consumers !== n || held.jwts !== n) {
        throw new Error(
          `after create the Admin API holds ${held.consumers} consumers and ${held.jwts} credentials, expected ${n}`,
        );
      }
      if (run === 1) ctx.stateSizes.push(measureStateSize(scenario, await engine.exportState()));
      add(UNCHANGED_SYNC, await measureStep(ctx.proxy, () => engine.up(), clock));
      consumers = benchConsumers(n, ctx.salt, [Math.floor(n / 2)]);
      add("one credential changed", await measureStep(ctx.proxy, () => engine.up(), clock));
      add("destroy", await measureStep(ctx.proxy, () => engine.destroy(), clock));
    } finally {
      await engine.dispose();
    }
  }
}
