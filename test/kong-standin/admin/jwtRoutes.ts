/**
 * Admin API routes of JWT credentials in the stand-in (a TEST DOUBLE reproducing recorded Kong
 * behaviour, not Kong): /consumers/{c}/jwt (nested: 404 for an unknown consumer or a missing
 * credential, DELETE included), /jwts, /jwts/{key or id}, /jwts/{key}/consumer.
 */
import { notFound } from "../errors";
import { isObject } from "../json";
import { consumersDef } from "../entities/consumers";
import { jwtCredentialsDef } from "../entities/jwtCredentials";
import {
  Scope,
  createEntity,
  deleteEntity,
  getEntity,
  listEntities,
  mustFind,
  patchOne,
  putEntity,
} from "./crud";
import { AdminRequest, RouteSpec, route } from "./router";

function consumerScope(req: AdminRequest): Scope {
  return { field: "consumer", parent: mustFind(consumersDef, req.ctx, req.params.consumer) };
}

const def = jwtCredentialsDef;

export const jwtRoutes: RouteSpec[] = [
  route("GET", "/consumers/:consumer/jwt", (req) => listEntities(def, req, consumerScope(req))),
  route("POST", "/consumers/:consumer/jwt", (req) => createEntity(def, req, consumerScope(req))),
  route("GET", "/consumers/:consumer/jwt/:key", (req) =>
    getEntity(def, req, req.params.key, consumerScope(req)),
  ),
  route("PUT", "/consumers/:consumer/jwt/:key", (req) =>
    putEntity(def, req, req.params.key, consumerScope(req)),
  ),
  route("PATCH", "/consumers/:consumer/jwt/:key", (req) =>
    patchOne(def, req, req.params.key, consumerScope(req)),
  ),
  route("DELETE", "/consumers/:consumer/jwt/:key", (req) =>
    deleteEntity(def, req, req.params.key, consumerScope(req)),
  ),
  route("GET", "/jwts", (req) => listEntities(def, req)),
  route("GET", "/jwts/:key", (req) => getEntity(def, req, req.params.key)),
  route("PATCH", "/jwts/:key", (req) => patchOne(def, req, req.params.key)),
  route("DELETE", "/jwts/:key", (req) => deleteEntity(def, req, req.params.key)),
  route("GET", "/jwts/:key/consumer", (req) => {
    const credential = mustFind(def, req.ctx, req.params.key);
    const ref = credential.consumer;
    const consumer =
      isObject(ref) && typeof ref.id === "string"
        ? req.ctx.store.get("consumers", ref.id)
        : undefined;
    if (!consumer) throw notFound();
    return { status: 200, body: consumer };
  }),
];
