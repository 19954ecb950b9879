/**
 * Shared by the KongConsumerSet provider tests: for the describe block it is called in, starts the
 * Kong stand-in (a test double, acting as 3.9.3) and the set's provider as the dynamic-provider
 * host loads it, empties the stand-in and its request log before each test, closes it after.
 */
import { after, before, beforeEach } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { KongConsumerSet } from "../../components/kong/ConsumerSet";
import { type KongStandIn, startKongStandIn } from "../kong-standin";
import { type HostedProvider, hostedProviderOf } from "../support/dynamicProvider";

export interface StandInConsumerSet {
  readonly standIn: KongStandIn;
  /** The set's serialized provider, loaded as the host loads it. */
  readonly provider: HostedProvider;
}

/** `capturedSecret`: the secret of the set the provider is taken from (tests look for it). */
export function standInConsumerSetPerDescribe(
  ownerTag: string,
  capturedSecret: string,
): StandInConsumerSet {
  const fixture = {} as { standIn: KongStandIn; provider: HostedProvider };
  before(async () => {
    fixture.standIn = await startKongStandIn({ version: "3.9.3" });
    ({ provider: fixture.provider } = await hostedProviderOf(
      () =>
        new KongConsumerSet("team", {
          adminUrl: fixture.standIn.adminUrl,
          ownerTag,
          consumers: [{ username: "u", credentials: [{ key: "k", algorithm: "HS256" }] }],
          secrets: pulumi.secret({ k: capturedSecret }),
        }),
    ));
  });
  after(() => fixture.standIn?.close());
  beforeEach(() => {
    fixture.standIn.reset();
    fixture.standIn.clearRequests();
  });
  return fixture;
}
