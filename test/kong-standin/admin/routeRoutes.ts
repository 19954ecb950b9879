/**
 * Admin API routes of `routes` in the stand-in (a TEST DOUBLE reproducing recorded Kong behaviour,
 * not Kong): top level and nested under /services/{name or id}/routes (404 for an unknown service).
 */
import { beforeDeleteRoute } from "../cascade";
import { routesDef } from "../entities/routes";
import { servicesDef } from "../entities/services";
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

function serviceScope(req: AdminRequest): Scope {
  return { field: "service", parent: mustFind(servicesDef, req.ctx, req.params.service) };
}

export const routeRoutes: RouteSpec[] = [
  route("GET", "/routes", (req) => listEntities(routesDef, req)),
  route("POST", "/routes", (req) => createEntity(routesDef, req)),
  route("GET", "/routes/:route", (req) => getEntity(routesDef, req, req.params.route)),
  route("PUT", "/routes/:route", (req) => putEntity(routesDef, req, req.params.route)),
  route("PATCH", "/routes/:route", (req) => patchOne(routesDef, req, req.params.route)),
  route("DELETE", "/routes/:route", (req) =>
    deleteEntity(routesDef, req, req.params.route, undefined, (row) =>
      beforeDeleteRoute(req.ctx, row),
    ),
  ),
  route("GET", "/services/:service/routes", (req) =>
    listEntities(routesDef, req, serviceScope(req)),
  ),
  route("POST", "/services/:service/routes", (req) =>
    createEntity(routesDef, req, serviceScope(req)),
  ),
  route("GET", "/services/:service/routes/:route", (req) =>
    getEntity(routesDef, req, req.params.route, serviceScope(req)),
  ),
  route("PUT", "/services/:service/routes/:route", (req) =>
    putEntity(routesDef, req, req.params.route, serviceScope(req)),
  ),
  route("PATCH", "/services/:service/routes/:route", (req) =>
    patchOne(routesDef, req, req.params.route, serviceScope(req)),
  ),
  route("DELETE", "/services/:service/routes/:route", (req) =>
    deleteEntity(routesDef, req, req.params.route, serviceScope(req), (row) =>
      beforeDeleteRoute(req.ctx, row),
    ),
  ),
];
