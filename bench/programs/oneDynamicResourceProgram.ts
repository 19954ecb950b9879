/**
 * Benchmark program with one dynamic resource whose provider does no I/O (a generated password):
 * what any program with a dynamic resource pays on every `up` beyond the engine's fixed cost,
 * mostly the start of Pulumi's dynamic-provider process.
 */
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { GeneratedPassword } from "../../components/secrets";

export function oneDynamicResourceProgram(): PulumiFn {
  return async () => {
    new GeneratedPassword("floor-password", { length: 16 });
    return {};
  };
}
