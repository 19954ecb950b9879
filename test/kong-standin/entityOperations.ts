/**
 * Create / upsert / patch of one entity in the stand-in (a TEST DOUBLE reproducing recorded Kong
 * Admin API behaviour, not Kong): shorthand input resolved, fields validated with Kong's error texts,
 * defaults filled in, entity checks, foreign keys and unique constraints, ids (UUID v4) and
 * created_at / updated_at in seconds. PUT replaces (omitted fields back to defaults), PATCH merges.
 */
import { ApiError, FieldErrors, foreignKeyMissing, schemaViolation } from "./errors";
import { JsonObject, deepMerge, isObject } from "./json";
import { Schema, fillDefaults, validateFields } from "./schema";
import { StandInContext } from "./standInContext";
import { EntityKind, isUuid, newId, nowSeconds } from "./store";

export interface ForeignKey {
  readonly field: string;
  readonly kind: EntityKind;
}

export interface EntityDef {
  readonly kind: EntityKind;
  /** The field a path segment may name instead of the id (name, username, key). */
  readonly endpointKey?: string;
  readonly foreignKeys: readonly ForeignKey[];
  schema(ctx: StandInContext, input: JsonObject): Schema;
  hasUpdatedAt(ctx: StandInContext): boolean;
  /** Shorthands (a service `url`, a route's service by name) turned into schema fields. */
  normalizeInput?(input: JsonObject, ctx: StandInContext): JsonObject;
  /** Entity-level checks on the entity with defaults filled in. */
  entityChecks?(entity: JsonObject, ctx: StandInContext, fieldErrors: FieldErrors): FieldErrors;
  /** Values Kong generates when omitted (credential key / secret). */
  generate?(entity: JsonObject): void;
  /** Throws the 409 when the entity collides with another one. */
  checkUnique(entity: JsonObject, ctx: StandInContext): void;
}

const META = ["id", "created_at", "updated_at"];

function withoutMeta(row: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(row)) if (!META.includes(k)) out[k] = v;
  return out;
}

export function uniqueOn(
  ctx: StandInContext,
  kind: EntityKind,
  entity: JsonObject,
  field: string,
): JsonObject | undefined {
  const value = entity[field];
  if (value === null || value === undefined) return undefined;
  return ctx.store.allBy(kind, field, value).find((row) => row.id !== entity.id);
}

/** Validates and stores an entity built from a whole input (POST, PUT, or a merged PATCH). */
export function saveEntity(
  def: EntityDef,
  ctx: StandInContext,
  rawInput: JsonObject,
  existing: JsonObject | undefined,
  forced: JsonObject = {},
): JsonObject {
  const input = def.normalizeInput ? def.normalizeInput({ ...rawInput }, ctx) : { ...rawInput };
  Object.assign(input, forced);
  const givenId = input.id;
  const givenCreatedAt = input.created_at;
  for (const key of META) delete input[key];

  const schema = def.schema(ctx, input);
  let errors = validateFields(schema, input, true);
  if (
    givenId !== undefined &&
    givenId !== null &&
    (typeof givenId !== "string" || !isUuid(givenId))
  ) {
    errors.id = "expected a valid UUID";
  }
  const entity = fillDefaults(schema, input);
  if (def.entityChecks) errors = def.entityChecks(entity, ctx, errors);
  if (Object.keys(errors).length > 0) throw schemaViolation(errors);

  if (def.generate) def.generate(entity);
  for (const fk of def.foreignKeys) {
    const ref = entity[fk.field];
    if (isObject(ref) && typeof ref.id === "string" && !ctx.store.get(fk.kind, ref.id)) {
      throw foreignKeyMissing(fk.field, { id: ref.id }, fk.kind);
    }
  }
  const now = nowSeconds();
  const row: JsonObject = {
    id: existing ? existing.id : typeof givenId === "string" ? givenId.toLowerCase() : newId(),
    created_at: existing
      ? existing.created_at
      : typeof givenCreatedAt === "number"
        ? givenCreatedAt
        : now,
    ...entity,
  };
  if (def.hasUpdatedAt(ctx)) row.updated_at = now;
  def.checkUnique(row, ctx);
  return ctx.store.save(def.kind, row);
}

export function patchEntity(
  def: EntityDef,
  ctx: StandInContext,
  existing: JsonObject,
  patch: JsonObject,
): JsonObject {
  const normalized = def.normalizeInput ? def.normalizeInput({ ...patch }, ctx) : patch;
  const merged = deepMerge(withoutMeta(existing), normalized);
  return saveEntity(def, ctx, merged, existing);
}

export function requireObjectBody(body: unknown): JsonObject {
  if (!isObject(body)) {
    throw new ApiError(400, { message: "Cannot parse JSON body" });
  }
  return body;
}
