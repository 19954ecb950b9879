/**
 * The floor of every dynamic-resource program: an unchanged `up` of one dynamic resource whose
 * provider does no I/O. Above the engine baseline, it is the start of Pulumi's dynamic-provider
 * process (its start script, `node`, the SDK's provider host); the lab's unchanged `up` cannot be
 * shorter than this.
 */
import { EngineStack } from "../../localEngine";
import { clockEngineCommands } from "../engineClock";
import { measureStep } from "../measure";
import { oneDynamicResourceProgram } from "../programs/oneDynamicResourceProgram";
import { type ScenarioContext } from "./context";

export const DYNAMIC_FLOOR_SCENARIO = "engine floor (one dynamic resource)";

export async function runDynamicFloorScenario(ctx: ScenarioContext): Promise<void> {
  for (let run = 1; run <= ctx.runs; run++) {
    const engine = await EngineStack.create({
      stackName: `bench-floor-${run}`,
      program: oneDynamicResourceProgram(),
    });
    const clock = clockEngineCommands(engine.stack);
    try {
      await engine.up();
      const s = await measureStep(ctx.proxy, () => engine.up(), clock);
      ctx.recorder.add(DYNAMIC_FLOOR_SCENARIO, "unchanged up", "pulumi", s);
      ctx.log(
        `  [pulumi] ${DYNAMIC_FLOOR_SCENARIO} run ${run}: unchanged up: ${(s.wallMs / 1000).toFixed(2)} s`,
      );
      await engine.destroy();
    } finally {
      await engine.dispose();
    }
  }
}
