/**
 * Kong `routes` as the stand-in (a TEST DOUBLE of Kong's Admin API, not Kong) reproduces them from
 * the recordings: every default, the service referenced by {"id"} or {"name"} (answered as {"id"}),
 * the "must set one of ..." entity check, foreign key violations.
 */
import { foreignKeyMissing, uniqueViolation } from "../errors";
import { JsonObject, isObject } from "../json";
import { Schema } from "../schema";
import { StandInContext } from "../standInContext";
import { EntityDef, uniqueOn } from "../entityOperations";
import { PROTOCOLS } from "./services";

const STRINGS = { type: "array", elements: { type: "string" } } as const;

export const ROUTE_SCHEMA: Schema = {
  name: { type: "string" },
  protocols: {
    type: "set",
    required: true,
    default: ["http", "https"],
    elements: { type: "string", oneOf: PROTOCOLS },
  },
  methods: { type: "set", elements: { type: "string" } },
  hosts: STRINGS,
  paths: STRINGS,
  headers: { type: "map" },
  https_redirect_status_code: {
    type: "integer",
    required: true,
    default: 426,
  },
  regex_priority: { type: "integer", default: 0 },
  strip_path: { type: "boolean", required: true, default: true },
  path_handling: { type: "string", oneOf: ["v0", "v1"], default: "v0" },
  preserve_host: { type: "boolean", required: true, default: false },
  request_buffering: { type: "boolean", required: true, default: true },
  response_buffering: { type: "boolean", required: true, default: true },
  snis: STRINGS,
  sources: { type: "set", elements: { type: "record" } },
  destinations: { type: "set", elements: { type: "record" } },
  tags: { type: "set", elements: { type: "string" } },
  service: { type: "foreign" },
};

/** A service given by {"name": ...} becomes {"id": ...}; an unknown name is a foreign key violation. */
export function resolveServiceRef(input: JsonObject, ctx: StandInContext): JsonObject {
  const ref = input.service;
  if (isObject(ref) && typeof ref.name === "string" && ref.id === undefined) {
    const service = ctx.store.findBy("services", "name", ref.name);
    if (!service) throw foreignKeyMissing("service", { name: ref.name }, "services");
    input.service = { id: service.id };
  }
  return input;
}

function nonEmpty(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (isObject(value)) return Object.keys(value).length > 0;
  return false;
}

export const routesDef: EntityDef = {
  kind: "routes",
  endpointKey: "name",
  foreignKeys: [{ field: "service", kind: "services" }],
  schema: () => ROUTE_SCHEMA,
  hasUpdatedAt: () => true,
  normalizeInput: (input, ctx) => resolveServiceRef(input, ctx),
  entityChecks(entity, _ctx, errors) {
    if (Object.keys(errors).length > 0) return errors;
    const protocols = Array.isArray(entity.protocols) ? entity.protocols : [];
    const http = protocols.includes("http") || protocols.includes("https");
    if (!http) return errors;
    const https = protocols.includes("https");
    const fields = https
      ? ["methods", "hosts", "headers", "paths", "snis"]
      : ["methods", "hosts", "headers", "paths"];
    if (!fields.some((f) => nonEmpty(entity[f]))) {
      const list = fields.map((f) => `'${f}'`).join(", ");
      const proto = https ? "https" : "http";
      return { ...errors, "@entity": [`must set one of ${list} when 'protocols' is '${proto}'`] };
    }
    return errors;
  },
  checkUnique(entity, ctx) {
    if (uniqueOn(ctx, "routes", entity, "name")) throw uniqueViolation({ name: entity.name });
  },
};
