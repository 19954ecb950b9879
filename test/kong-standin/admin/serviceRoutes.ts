/**
 * Admin API routes of `services` in the stand-in (a TEST DOUBLE reproducing recorded Kong
 * behaviour, not Kong), including the route's service (/routes/{r}/service).
 */
import { beforeDeleteService } from "../cascade";
import { routesDef } from "../entities/routes";
import { servicesDef } from "../entities/services";
import { crudRoutes, getReferenced } from "./crud";
import { RouteSpec, route } from "./router";

export const serviceRoutes: RouteSpec[] = [
  ...crudRoutes(servicesDef, "/services", "service", {
    beforeDelete: (req, row) => beforeDeleteService(req.ctx, row),
  }),
  route("GET", "/routes/:route/service", (req) =>
    getReferenced(routesDef, req, req.params.route, "service", servicesDef),
  ),
];
