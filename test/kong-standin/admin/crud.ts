/**
 * Generic Admin API CRUD of the stand-in (a TEST DOUBLE reproducing recorded Kong behaviour, not
 * Kong): lookups by id or endpoint key, POST 201, PUT upsert 200 (replaces), PATCH 200 (merges; 404
 * with a {code, name, message} body when missing), GET 404 {"message":"Not found"}, top-level DELETE
 * 204 even when missing, nested lookups scoped to their parent.
 */
import { invalidPrimaryKey, notFound, notFoundEntity } from "../errors";
import { JsonObject, isObject } from "../json";
import { listPage } from "../pagination";
import { StandInContext } from "../standInContext";
import { EntityDef, patchEntity, requireObjectBody, saveEntity } from "../entityOperations";
import { isUuid } from "../store";
import { AdminRequest, AdminResponse, RouteSpec, route } from "./router";

export function endpointKey(def: EntityDef, ctx: StandInContext): string | undefined {
  if (def.kind === "plugins") return ctx.traits.pluginInstanceName ? "instance_name" : undefined;
  return def.endpointKey;
}

export function lookup(def: EntityDef, ctx: StandInContext, key: string): JsonObject | undefined {
  return ctx.store.lookup(def.kind, key, endpointKey(def, ctx));
}

export function mustFind(def: EntityDef, ctx: StandInContext, key: string): JsonObject {
  const row = lookup(def, ctx, key);
  if (!row) throw notFound();
  return row;
}

/** A parent reference such as {"id": ...} pointing at `parent`. */
export function refersTo(row: JsonObject, field: string, parent: JsonObject): boolean {
  const ref = row[field];
  return isObject(ref) && ref.id === parent.id;
}

export interface Scope {
  /** The foreign field of the child that points at the parent, e.g. "service". */
  readonly field: string;
  readonly parent: JsonObject;
}

function inScope(row: JsonObject, scope?: Scope): boolean {
  return !scope || refersTo(row, scope.field, scope.parent);
}

export function forcedScope(scope?: Scope): JsonObject {
  return scope ? { [scope.field]: { id: scope.parent.id } } : {};
}

export function listEntities(
  def: EntityDef,
  req: AdminRequest,
  scope?: Scope,
  extraFilter?: (row: JsonObject) => boolean,
): AdminResponse {
  const rows = req.ctx.store
    .all(def.kind)
    .filter((row) => inScope(row, scope) && (!extraFilter || extraFilter(row)));
  return {
    status: 200,
    body: listPage(
      rows,
      { basePath: req.path, query: req.query },
      req.ctx.store,
      req.ctx.traits,
      (r) => r,
    ),
  };
}

export function createEntity(def: EntityDef, req: AdminRequest, scope?: Scope): AdminResponse {
  const input = requireObjectBody(req.body ?? {});
  return { status: 201, body: saveEntity(def, req.ctx, input, undefined, forcedScope(scope)) };
}

export function getEntity(
  def: EntityDef,
  req: AdminRequest,
  key: string,
  scope?: Scope,
): AdminResponse {
  const row = lookup(def, req.ctx, key);
  if (!row || !inScope(row, scope)) throw notFound();
  return { status: 200, body: row };
}

export function putEntity(
  def: EntityDef,
  req: AdminRequest,
  key: string,
  scope?: Scope,
): AdminResponse {
  const input = requireObjectBody(req.body ?? {});
  const existing = lookup(def, req.ctx, key);
  if (existing && !inScope(existing, scope)) throw notFound();
  const forced: JsonObject = forcedScope(scope);
  const keyField = endpointKey(def, req.ctx);
  if (isUuid(key)) {
    if (!existing) forced.id = key.toLowerCase();
  } else if (keyField) {
    forced[keyField] = key;
  } else {
    throw invalidPrimaryKey(key);
  }
  return { status: 200, body: saveEntity(def, req.ctx, input, existing, forced) };
}

export function patchOne(
  def: EntityDef,
  req: AdminRequest,
  key: string,
  scope?: Scope,
): AdminResponse {
  const input = requireObjectBody(req.body ?? {});
  const existing = lookup(def, req.ctx, key);
  if (!existing || !inScope(existing, scope))
    throw notFoundEntity(isUuid(key) ? "id" : (endpointKey(def, req.ctx) ?? "id"), key);
  return { status: 200, body: patchEntity(def, req.ctx, existing, input) };
}

/** DELETE: 204 when missing at top level; nested (scoped) deletes answer 404 when missing. */
export function deleteEntity(
  def: EntityDef,
  req: AdminRequest,
  key: string,
  scope?: Scope,
  beforeDelete?: (row: JsonObject) => void,
): AdminResponse {
  const row = lookup(def, req.ctx, key);
  if (!row || !inScope(row, scope)) {
    if (scope) throw notFound();
    return { status: 204 };
  }
  if (beforeDelete) beforeDelete(row);
  req.ctx.store.delete(def.kind, String(row.id));
  return { status: 204 };
}

/** GET of the entity a row refers to through `field` (e.g. /routes/{r}/service); 404 when either is missing. */
export function getReferenced(
  def: EntityDef,
  req: AdminRequest,
  key: string,
  field: string,
  referencedDef: EntityDef,
): AdminResponse {
  const ref = mustFind(def, req.ctx, key)[field];
  const referenced =
    isObject(ref) && typeof ref.id === "string"
      ? req.ctx.store.get(referencedDef.kind, ref.id)
      : undefined;
  if (!referenced) throw notFound();
  return { status: 200, body: referenced };
}

export type CrudOperation = "list" | "create" | "get" | "put" | "patch" | "delete";

export interface CrudRoutesOptions {
  /** Scopes every operation under a parent (nested endpoints such as /services/{s}/routes). */
  readonly scope?: (req: AdminRequest) => Scope;
  /** Runs before a row is deleted (cascades). */
  readonly beforeDelete?: (req: AdminRequest, row: JsonObject) => void;
  /** The operations this endpoint answers (default: all). */
  readonly only?: readonly CrudOperation[];
}

/**
 * The CRUD routes of `collection` (e.g. "/services/:service/routes": GET lists, POST creates) and
 * of its entities at `${collection}/:${param}` (GET, PUT, PATCH, DELETE).
 */
export function crudRoutes(
  def: EntityDef,
  collection: string,
  param: string,
  options: CrudRoutesOptions = {},
): RouteSpec[] {
  const { scope, beforeDelete, only } = options;
  const scopeOf = (req: AdminRequest) => (scope ? scope(req) : undefined);
  const one = `${collection}/:${param}`;
  const routes: [CrudOperation, RouteSpec][] = [
    ["list", route("GET", collection, (req) => listEntities(def, req, scopeOf(req)))],
    ["create", route("POST", collection, (req) => createEntity(def, req, scopeOf(req)))],
    ["get", route("GET", one, (req) => getEntity(def, req, req.params[param], scopeOf(req)))],
    ["put", route("PUT", one, (req) => putEntity(def, req, req.params[param], scopeOf(req)))],
    ["patch", route("PATCH", one, (req) => patchOne(def, req, req.params[param], scopeOf(req)))],
    [
      "delete",
      route("DELETE", one, (req) =>
        deleteEntity(
          def,
          req,
          req.params[param],
          scopeOf(req),
          beforeDelete && ((row) => beforeDelete(req, row)),
        ),
      ),
    ],
  ];
  return routes.filter(([op]) => !only || only.includes(op)).map(([, spec]) => spec);
}
