/**
 * Admin API routes of `consumers` in the stand-in (a TEST DOUBLE reproducing recorded Kong
 * behaviour, not Kong), with the `?custom_id=` filter.
 */
import { beforeDeleteConsumer } from "../cascade";
import { consumersDef } from "../entities/consumers";
import { createEntity, deleteEntity, getEntity, listEntities, patchOne, putEntity } from "./crud";
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
  route("POST", "/consumers", (req) => createEntity(consumersDef, req)),
  route("GET", "/consumers/:consumer", (req) => getEntity(consumersDef, req, req.params.consumer)),
  route("PUT", "/consumers/:consumer", (req) => putEntity(consumersDef, req, req.params.consumer)),
  route("PATCH", "/consumers/:consumer", (req) => patchOne(consumersDef, req, req.params.consumer)),
  route("DELETE", "/consumers/:consumer", (req) =>
    deleteEntity(consumersDef, req, req.params.consumer, undefined, (row) =>
      beforeDeleteConsumer(req.ctx, row),
    ),
  ),
];
