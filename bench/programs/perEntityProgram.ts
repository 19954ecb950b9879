/**
 * Benchmark program for comparison: the same N consumers with JWT credentials as one resource PER
 * ENTITY (KongConsumer + KongJwtCredential each), i.e. one engine step per entity. Shows why
 * KongConsumerSet exists.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { KongConsumer, KongJwtCredential } from "../../components/kong";
import type { BenchConsumer } from "../consumerFixtures";

export interface PerEntityProgramParams {
  readonly adminUrl: string;
  readonly ownerTag: string;
  readonly consumers: readonly BenchConsumer[];
}

export function perEntityProgram(params: () => PerEntityProgramParams): PulumiFn {
  return async () => {
    const p = params();
    for (const c of p.consumers) {
      const consumer = new KongConsumer(c.username, {
        adminUrl: p.adminUrl,
        ownerTag: p.ownerTag,
        username: c.username,
      });
      new KongJwtCredential(c.key, {
        adminUrl: p.adminUrl,
        ownerTag: p.ownerTag,
        consumerId: consumer.kongId,
        key: c.key,
        algorithm: "HS256",
        secret: pulumi.secret(c.secret),
      });
    }
    return {};
  };
}
