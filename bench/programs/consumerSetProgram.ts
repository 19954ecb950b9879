/**
 * Benchmark program: N consumers with JWT credentials as ONE KongConsumerSet. Runs inline through
 * the Automation API; `params()` is read on every engine run, so a scenario changes the desired
 * state between runs (e.g. rotates one secret) without writing files.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { KongConsumerSet } from "../../components/kong";
import { type BenchConsumer, consumerSetSpecs } from "../consumerFixtures";

export interface ConsumerSetProgramParams {
  readonly adminUrl: string;
  readonly ownerTag: string;
  readonly consumers: readonly BenchConsumer[];
  readonly concurrency: number;
}

export function consumerSetProgram(params: () => ConsumerSetProgramParams): PulumiFn {
  return async () => {
    const p = params();
    const specs = consumerSetSpecs(p.consumers);
    const set = new KongConsumerSet("bench-consumers", {
      adminUrl: p.adminUrl,
      ownerTag: p.ownerTag,
      concurrency: p.concurrency,
      consumers: specs.consumers,
      secrets: pulumi.secret(specs.secrets),
    });
    return { consumerCount: set.consumerCount, lastApply: set.lastApply };
  };
}
