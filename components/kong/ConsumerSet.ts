/**
 * KongConsumerSet: ONE dynamic resource managing a whole set of Kong consumers, each with an
 * optional HMAC JWT credential. Where one resource per entity costs one engine step per entity,
 * this resource lists Kong's state under its member tag and applies only what differs, in
 * parallel (see consumerSetProvider.ts). The secrets map is a secret input; the state keeps no
 * copy of the consumers or secrets in the outputs, only a per-consumer fingerprint (a secret output).
 */
import * as pulumi from "../../pulumiSdk";
import type { ConsumerSpec, FingerprintDifference } from "./consumerSetPlan";
import type { ConsumerSetApplyStats } from "./consumerSetProvider";
import { ModuleDynamicResource, providerReference } from "../dynamicResource";
import { encodeConsumers, encodeSecrets } from "./consumerSetWire";

export type { ConsumerSpec, ConsumerCredentialSpec, HmacAlgorithm } from "./consumerSetPlan";

export interface KongConsumerSetArgs {
  /** Admin API base URL, e.g. http://127.0.0.1:8001. */
  readonly adminUrl: pulumi.Input<string>;
  /** Extra headers for every Admin API request; kept secret. */
  readonly adminHeaders?: pulumi.Input<Record<string, string>>;
  /** The stack's ownership tag, put on every consumer and credential of the set. */
  readonly ownerTag: pulumi.Input<string>;
  /**
   * The tag that marks membership of THIS set (default `<ownerTag>.set.<name>`). Every consumer
   * carrying it that is not in `consumers` is deleted; changing it replaces the set.
   */
  readonly memberTag?: pulumi.Input<string>;
  readonly consumers: pulumi.Input<pulumi.Input<ConsumerSpec>[]>;
  /** Credential key → HMAC secret. Pass it as a secret (pulumi.secret / config secret). */
  readonly secrets: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Parallel Admin API writes, 1..64 (default 10). */
  readonly concurrency?: pulumi.Input<number>;
  /**
   * Take over existing UNTAGGED consumers and credentials of the wanted usernames and keys (they
   * get the set's tags and keep their ids); without it they stop the apply. Default false.
   */
  readonly adoptExisting?: pulumi.Input<boolean>;
}

export class KongConsumerSet extends ModuleDynamicResource {
  declare readonly adminUrl: pulumi.Output<string>;
  declare readonly ownerTag: pulumi.Output<string>;
  declare readonly memberTag: pulumi.Output<string>;
  /** How many consumers the set holds (after a refresh: how many Kong holds under the tag). */
  declare readonly consumerCount: pulumi.Output<number>;
  /** What the last refresh found changed by hand, by username; empty after an up. */
  declare readonly drift: pulumi.Output<FingerprintDifference>;
  /** What the last create or update wrote (writes per kind). */
  declare readonly lastApply: pulumi.Output<ConsumerSetApplyStats>;

  constructor(name: string, args: KongConsumerSetArgs, opts?: pulumi.CustomResourceOptions) {
    const memberTag =
      args.memberTag ?? pulumi.output(args.ownerTag).apply((owner) => `${owner}.set.${name}`);
    super(
      providerReference(require.resolve("./consumerSetProvider"), "consumerSetProvider"),
      name,
      {
        adminUrl: args.adminUrl,
        adminHeaders: args.adminHeaders ? pulumi.secret(args.adminHeaders) : undefined,
        ownerTag: args.ownerTag,
        memberTag,
        // One JSON row per consumer, the secrets as one JSON text: cheap for the engine to carry.
        consumers: pulumi.output(args.consumers).apply(encodeConsumers),
        secrets: pulumi.secret(pulumi.output(args.secrets).apply(encodeSecrets)),
        concurrency: args.concurrency,
        adoptExisting: args.adoptExisting,
        consumerCount: undefined,
        fingerprints: undefined,
        drift: undefined,
        lastApply: undefined,
      },
      {
        ...opts,
        additionalSecretOutputs: [
          ...(opts?.additionalSecretOutputs ?? []),
          "fingerprints",
          "adminHeaders",
        ],
      },
      "kong",
      "KongConsumerSet",
    );
  }
}
