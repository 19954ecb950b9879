/**
 * Admin API routes of `services` in the stand-in (a TEST DOUBLE reproducing recorded Kong
 * behaviour, not Kong), including the route's service (/routes/{r}/service).
 */
import { beforeDeleteService } from "../cascade";
import { notFound } from "../errors";
import { isObject } from "../json";
import { routesDef } from "../entities/routes";
import { servicesDef } from "../entities/services";
import {
  createEntity,
  deleteEntity,
  getEntity,
  listEntities,
  mustFind,
  patchOne,
  putEntity,
} from "./crud";
import { RouteSpec, route } from "./router";

export const serviceRoutes: RouteSpec[] = [
  route("GET", "/services", (req) => listEntities(servicesDef, req)),
  route("POST", "/services", (req) => createEntity(servicesDef, req)),
  route("GET", "/services/:service", (req) => getEntity(servicesDef, req, req.params.service)),
  route("PUT", "/services/:service", (req) => putEntity(servicesDef, req, req.params.service)),
  route("PATCH", "/services/:service", (req) => patchOne(servicesDef, req, req.params.service)),
  route("DELETE", "/services/:service", (req) =>
    deleteEntity(servicesDef, req, req.params.service, undefined, (row) =>
      beforeDeleteService(req.ctx, row),
    ),
  ),
  route("GET", "/routes/:route/service", (req) => {
    const r = mustFind(routesDef, req.ctx, req.params.route);
    const ref = r.service;
    const service =
      isObject(ref) && typeof ref.id === "string"
        ? req.ctx.store.get("services", ref.id)
        : undefined;
    if (!service) throw notFound();
    return { status: 200, body: service };
  }),
];
