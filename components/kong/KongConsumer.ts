/**
 * A Kong consumer (Admin API `/consumers`): who a credential belongs to.
 *
 * Fields: `username` (natural key, used for adoption), optional `customId`, `tags`.
 */
import * as pulumi from "../../pulumiSdk";
import { providerReference } from "../dynamicResource";
import { KongEntityResource } from "./KongEntityResource";
import { buildEntityProvider, keyedCollection, Props } from "./entityProvider";
import {
  checkOptional,
  checkRequired,
  checkTags,
  KongConnectionArgs,
  sameTags,
  withoutOwnerTag,
  withOwnerTag,
} from "./providerSupport";

export interface KongConsumerArgs extends KongConnectionArgs {
  readonly username: pulumi.Input<string>;
  readonly customId?: pulumi.Input<string>;
  readonly tags?: pulumi.Input<pulumi.Input<string>[]>;
}

export const kongConsumerProvider = buildEntityProvider({
  kind: "consumer",
  fields: ["username", "customId", "tags"],
  equal: { tags: sameTags },

  validate(news, failures) {
    checkRequired(news, failures, "username", "string");
    checkOptional(news, failures, "customId", "string");
    checkTags(news, failures);
  },

  ...keyedCollection("consumer", "/consumers", "username"),

  body(p) {
    const body: Props = { username: p.username, tags: withOwnerTag(p.tags, String(p.ownerTag)) };
    if (p.customId !== undefined) body.custom_id = p.customId;
    return body;
  },

  observe(recorded, entity) {
    const out: Props = { username: entity.username };
    if (recorded.customId !== undefined) out.customId = entity.custom_id;
    if (recorded.tags !== undefined) out.tags = withoutOwnerTag(entity.tags, recorded.ownerTag);
    return out;
  },
});

export class KongConsumer extends KongEntityResource {
  declare readonly username: pulumi.Output<string>;

  constructor(name: string, args: KongConsumerArgs, opts?: pulumi.CustomResourceOptions) {
    super(providerReference(__filename, "kongConsumerProvider"), "Consumer", name, args, opts);
  }
}
