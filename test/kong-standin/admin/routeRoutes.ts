/**
 * Admin API routes of `routes` in the stand-in (a TEST DOUBLE reproducing recorded Kong behaviour,
 * not Kong): top level and nested under /services/{name or id}/routes (404 for an unknown service).
 */
import { beforeDeleteRoute } from "../cascade";
import { routesDef } from "../entities/routes";
import { servicesDef } from "../entities/services";
import { JsonObject } from "../json";
import { Scope, crudRoutes, mustFind } from "./crud";
import { AdminRequest, RouteSpec } from "./router";

function serviceScope(req: AdminRequest): Scope {
  return { field: "service", parent: mustFind(servicesDef, req.ctx, req.params.service) };
}

const beforeDelete = (req: AdminRequest, row: JsonObject) => beforeDeleteRoute(req.ctx, row);

export const routeRoutes: RouteSpec[] = [
  ...crudRoutes(routesDef, "/routes", "route", { beforeDelete }),
  ...crudRoutes(routesDef, "/services/:service/routes", "route", {
    scope: serviceScope,
    beforeDelete,
  }),
];
