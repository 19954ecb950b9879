/**
 * The engine's fixed cost: `up` and `preview` of a program with no resources. Every engine step
 * pays it (CLI start, language runtime, plugin start, state read/write); it explains most of the
 * wall-time gap to decK for small changes.
 */
import { EngineStack } from "../../localEngine";
import { clockEngineCommands } from "../engineClock";
import { measureStep } from "../measure";
import { emptyProgram } from "../programs/emptyProgram";
import { type ScenarioContext, minimalProjectFile } from "./context";

export const BASELINE_SCENARIO = "engine baseline (no resources)";

export async function runBaselineScenario(ctx: ScenarioContext): Promise<void> {
  const projectFile = await minimalProjectFile();
  for (let run = 1; run <= ctx.runs; run++) {
    const engine = await EngineStack.create({
      stackName: `bench-empty-${run}`,
      projectFile,
      program: emptyProgram(),
    });
    const clock = clockEngineCommands(engine.stack);
    try {
      for (const [step, fn] of [
        ["up", () => engine.up()],
        ["preview", () => engine.preview()],
      ] as const) {
        const s = await measureStep(ctx.proxy, fn, clock);
        ctx.recorder.add(BASELINE_SCENARIO, step, "pulumi", s);
        ctx.log(
          `  [pulumi] ${BASELINE_SCENARIO} run ${run}: ${step}: ${(s.wallMs / 1000).toFixed(2)} s`,
        );
      }
    } finally {
      await engine.dispose();
    }
  }
}
