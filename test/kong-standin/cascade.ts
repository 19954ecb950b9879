/**
 * What deleting an entity takes with it in the stand-in (a TEST DOUBLE reproducing recorded Kong
 * behaviour, not Kong): a service still referenced by a route is refused (400 foreign key
 * violation); plugins scoped to a deleted service / route / consumer go with it, and so do a
 * deleted consumer's credentials.
 */
import { referencedBy } from "./errors";
import { JsonObject, isObject } from "./json";
import { StandInContext } from "./standInContext";
import { EntityKind } from "./store";

function refs(row: JsonObject, field: string, target: JsonObject): boolean {
  const ref = row[field];
  return isObject(ref) && ref.id === target.id;
}

function removeWhere(
  ctx: StandInContext,
  kind: EntityKind,
  keep: (row: JsonObject) => boolean,
): void {
  for (const row of ctx.store.all(kind)) if (!keep(row)) ctx.store.delete(kind, String(row.id));
}

export function beforeDeleteService(ctx: StandInContext, service: JsonObject): void {
  if (ctx.store.all("routes").some((r) => refs(r, "service", service))) {
    throw referencedBy("routes", "services");
  }
  removeWhere(ctx, "plugins", (p) => !refs(p, "service", service));
}

export function beforeDeleteRoute(ctx: StandInContext, route: JsonObject): void {
  removeWhere(ctx, "plugins", (p) => !refs(p, "route", route));
}

export function beforeDeleteConsumer(ctx: StandInContext, consumer: JsonObject): void {
  removeWhere(ctx, "jwt_secrets", (c) => !refs(c, "consumer", consumer));
  removeWhere(ctx, "plugins", (p) => !refs(p, "consumer", consumer));
}
