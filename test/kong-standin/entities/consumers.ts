/**
 * Kong `consumers` as the stand-in (a TEST DOUBLE of Kong's Admin API, not Kong) reproduces them
 * from the recordings: username / custom_id (at least one, both unique), tags, updated_at on 3.9.3.
 */
import { uniqueViolation } from "../errors";
import { Schema } from "../schema";
import { EntityDef, uniqueOn } from "../entityOperations";

export const CONSUMER_SCHEMA: Schema = {
  username: { type: "string" },
  custom_id: { type: "string" },
  tags: { type: "set", elements: { type: "string" } },
};

export const consumersDef: EntityDef = {
  kind: "consumers",
  endpointKey: "username",
  foreignKeys: [],
  schema: () => CONSUMER_SCHEMA,
  hasUpdatedAt: (ctx) => ctx.traits.consumerUpdatedAt,
  entityChecks(entity, _ctx, errors) {
    const set = (v: unknown) => typeof v === "string" && v.length > 0;
    if (!set(entity.username) && !set(entity.custom_id)) {
      return {
        ...errors,
        "@entity": ["at least one of these fields must be non-empty: 'custom_id', 'username'"],
      };
    }
    return errors;
  },
  checkUnique(entity, ctx) {
    if (uniqueOn(ctx, "consumers", entity, "username")) {
      throw uniqueViolation({ username: entity.username });
    }
    if (uniqueOn(ctx, "consumers", entity, "custom_id")) {
      throw uniqueViolation({ custom_id: entity.custom_id });
    }
  },
};
