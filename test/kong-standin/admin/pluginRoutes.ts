/**
 * Admin API routes of `plugins` in the stand-in (a TEST DOUBLE reproducing recorded Kong behaviour,
 * not Kong): global /plugins, and scoped under /services/{s}, /routes/{r}, /consumers/{c}.
 */
import { consumersDef } from "../entities/consumers";
import { pluginsDef } from "../entities/plugins";
import { routesDef } from "../entities/routes";
import { servicesDef } from "../entities/services";
import { EntityDef } from "../entityOperations";
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

const SCOPES: { prefix: string; param: string; field: string; def: EntityDef }[] = [
  { prefix: "/services/:service", param: "service", field: "service", def: servicesDef },
  { prefix: "/routes/:route", param: "route", field: "route", def: routesDef },
  { prefix: "/consumers/:consumer", param: "consumer", field: "consumer", def: consumersDef },
];

function scoped(req: AdminRequest, s: (typeof SCOPES)[number]): Scope {
  return { field: s.field, parent: mustFind(s.def, req.ctx, req.params[s.param]) };
}

export const pluginRoutes: RouteSpec[] = [
  route("GET", "/plugins", (req) => listEntities(pluginsDef, req)),
  route("POST", "/plugins", (req) => createEntity(pluginsDef, req)),
  route("GET", "/plugins/:plugin", (req) => getEntity(pluginsDef, req, req.params.plugin)),
  route("PUT", "/plugins/:plugin", (req) => putEntity(pluginsDef, req, req.params.plugin)),
  route("PATCH", "/plugins/:plugin", (req) => patchOne(pluginsDef, req, req.params.plugin)),
  route("DELETE", "/plugins/:plugin", (req) => deleteEntity(pluginsDef, req, req.params.plugin)),
  ...SCOPES.flatMap((s) => [
    route("GET", `${s.prefix}/plugins`, (req) => listEntities(pluginsDef, req, scoped(req, s))),
    route("POST", `${s.prefix}/plugins`, (req) => createEntity(pluginsDef, req, scoped(req, s))),
    route("GET", `${s.prefix}/plugins/:plugin`, (req) =>
      getEntity(pluginsDef, req, req.params.plugin, scoped(req, s)),
    ),
    route("PATCH", `${s.prefix}/plugins/:plugin`, (req) =>
      patchOne(pluginsDef, req, req.params.plugin, scoped(req, s)),
    ),
    route("DELETE", `${s.prefix}/plugins/:plugin`, (req) =>
      deleteEntity(pluginsDef, req, req.params.plugin, scoped(req, s)),
    ),
  ]),
];
