/**
 * Admin API routes of `plugins` in the stand-in (a TEST DOUBLE reproducing recorded Kong behaviour,
 * not Kong): global /plugins, and scoped under /services/{s}, /routes/{r}, /consumers/{c} (no PUT).
 */
import { consumersDef } from "../entities/consumers";
import { pluginsDef } from "../entities/plugins";
import { routesDef } from "../entities/routes";
import { servicesDef } from "../entities/services";
import { EntityDef } from "../entityOperations";
import { crudRoutes, mustFind } from "./crud";
import { RouteSpec } from "./router";

const SCOPES: { prefix: string; param: string; field: string; def: EntityDef }[] = [
  { prefix: "/services/:service", param: "service", field: "service", def: servicesDef },
  { prefix: "/routes/:route", param: "route", field: "route", def: routesDef },
  { prefix: "/consumers/:consumer", param: "consumer", field: "consumer", def: consumersDef },
];

export const pluginRoutes: RouteSpec[] = [
  ...crudRoutes(pluginsDef, "/plugins", "plugin"),
  ...SCOPES.flatMap((s) =>
    crudRoutes(pluginsDef, `${s.prefix}/plugins`, "plugin", {
      scope: (req) => ({ field: s.field, parent: mustFind(s.def, req.ctx, req.params[s.param]) }),
      only: ["list", "create", "get", "patch", "delete"],
    }),
  ),
];
