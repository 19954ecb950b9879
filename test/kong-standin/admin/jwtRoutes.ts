/**
 * Admin API routes of JWT credentials in the stand-in (a TEST DOUBLE reproducing recorded Kong
 * behaviour, not Kong): /consumers/{c}/jwt (nested: 404 for an unknown consumer or a missing
 * credential, DELETE included), /jwts, /jwts/{key or id}, /jwts/{key}/consumer.
 */
import { consumersDef } from "../entities/consumers";
import { jwtCredentialsDef } from "../entities/jwtCredentials";
import { Scope, crudRoutes, getReferenced, mustFind } from "./crud";
import { AdminRequest, RouteSpec, route } from "./router";

function consumerScope(req: AdminRequest): Scope {
  return { field: "consumer", parent: mustFind(consumersDef, req.ctx, req.params.consumer) };
}

const def = jwtCredentialsDef;

export const jwtRoutes: RouteSpec[] = [
  ...crudRoutes(def, "/consumers/:consumer/jwt", "key", { scope: consumerScope }),
  ...crudRoutes(def, "/jwts", "key", { only: ["list", "get", "patch", "delete"] }),
  route("GET", "/jwts/:key/consumer", (req) =>
    getReferenced(def, req, req.params.key, "consumer", consumersDef),
  ),
];
