/**
 * Listings of entity kinds the stand-in (a TEST DOUBLE of Kong's Admin API, not Kong) does not
 * model: GET /certificates, /ca_certificates, /snis and /upstreams always answer an empty page
 * (`{"data":[],"next":null}`), as a Kong holding none of them would. `size`, `offset` and `tags`
 * are validated like every other listing. decK reads these four on every sync. NOT covered by the
 * recorded transcripts: the answer's shape is the stand-in's own listing format.
 */
import { listPage } from "../pagination";
import { RouteSpec, route } from "./router";

export const EMPTY_LISTINGS = ["/certificates", "/ca_certificates", "/snis", "/upstreams"] as const;

export const emptyListingRoutes: RouteSpec[] = EMPTY_LISTINGS.map((collection) =>
  route("GET", collection, (req) => ({
    status: 200,
    body: listPage(
      [],
      { basePath: req.path, query: req.query },
      req.ctx.store,
      req.ctx.traits,
      (r) => r,
    ),
  })),
);
