/** One assertion shared by the engine tests: `pulumi destroy` succeeds and leaves the stand-in empty. */
import assert from "node:assert/strict";
import type { KongStandIn } from "../kong-standin";
import type { EngineStack } from "./engineHarness";

/** Runs `pulumi destroy`; asserts it succeeded and the stand-in holds no entity of any kind. */
export async function destroyLeavesStandInEmpty(
  engine: EngineStack,
  standIn: KongStandIn,
): Promise<void> {
  const result = await engine.destroy();
  assert.equal(result.summary.result, "succeeded");
  assertStandInEmpty(standIn);
}

/** Asserts the stand-in holds no entity of any kind. */
export function assertStandInEmpty(standIn: KongStandIn): void {
  assert.deepEqual(standIn.snapshot(), {
    services: [],
    routes: [],
    consumers: [],
    jwt_secrets: [],
    plugins: [],
  });
}
