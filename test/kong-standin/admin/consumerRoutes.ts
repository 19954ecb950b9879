/**
 * Admin API routes of `consumers` in the stand-in (a TEST DOUBLE reproducing recorded Kong
 * behaviour, not Kong), with the `?custom_id=` filter.
 */
import { beforeDeleteConsumer } from "../cascade";
import { consumersDef } from "../entities/consumers";
import { crudRoutes, listEntities } from "./crud";
import { RouteSpec, route } from "./router";

export const consumerRoutes: RouteSpec[] = [
  route("GET", "/consumers", (req) => {
    const customId = req.query.get("custom_id");
    return listEntities(
      consumersDef,
      req,
      undefined,
      customId === null ? undefined : (row) => row.custom_id === customId,
    );
  }),
  ...crudRoutes(consumersDef, "/consumers", "consumer", {
    beforeDelete: (req, row) => beforeDeleteConsumer(req.ctx, row),
    only: ["create", "get", "put", "patch", "delete"],
  }),
];
