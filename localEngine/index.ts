/**
 * The local engine: a Pulumi program run through the real Pulumi CLI on a throw-away local
 * backend. Used by the engine tests (test/engine, through test/support/engineHarness.ts) and by
 * the benchmarks (bench/), which must not import test/.
 */
export { EngineStack, type EngineStackOptions } from "./EngineStack";
export { REPO_ROOT, freshProgram } from "./freshProgram";
export { locatePulumiCli } from "./pulumiCli";
