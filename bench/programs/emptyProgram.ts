/**
 * Benchmark program with no resources: what one engine run costs by itself (CLI start, language
 * runtime, state read/write), the fixed part of every `pulumi up`.
 */
import type { PulumiFn } from "@pulumi/pulumi/automation";

export function emptyProgram(): PulumiFn {
  return async () => ({});
}
