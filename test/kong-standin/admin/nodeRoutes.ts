/**
 * Node-level Admin API routes of the stand-in (a TEST DOUBLE reproducing recorded Kong behaviour,
 * not Kong): GET /, GET /status, GET /plugins/enabled, GET /schemas/plugins/{name},
 * POST /schemas/plugins/validate.
 */
import { randomUUID } from "node:crypto";
import { ApiError, schemaViolation } from "../errors";
import { Json, JsonObject } from "../json";
import { availablePlugins, recordedJwtSchema, rootInfo, statusInfo } from "../nodeInfo";
import { pluginDef } from "../pluginConfigs";
import { FieldSpec, Schema, fillDefaults } from "../schema";
import { pluginChecks, pluginSchema, validatePluginInput } from "../entities/plugins";
import { requireObjectBody } from "../entityOperations";
import { RouteSpec, route } from "./router";

function kongField(spec: FieldSpec): JsonObject {
  const out: JsonObject = { type: spec.type === "foreign" ? "foreign" : spec.type };
  if (spec.default !== undefined) out.default = spec.default as Json;
  if (spec.required) out.required = true;
  if (spec.oneOf) out.one_of = [...spec.oneOf];
  if (spec.between) out.between = [...spec.between];
  if (spec.elements) out.elements = kongField(spec.elements);
  if (spec.fields) out.fields = kongFields(spec.fields);
  return out;
}

function kongFields(schema: Schema): Json[] {
  return Object.entries(schema).map(([name, spec]) => ({ [name]: kongField(spec) }));
}

/** A Kong-shaped plugin schema generated from the stand-in's own field specs. */
function generatedPluginSchema(name: string, version: "2.8.4" | "3.9.3"): JsonObject {
  const def = pluginDef(name, version)!;
  return {
    fields: [
      {
        consumer: def.noConsumer
          ? { eq: null, reference: "consumers", type: "foreign" }
          : { reference: "consumers", type: "foreign" },
      },
      {
        protocols: {
          default: ["grpc", "grpcs", "http", "https"],
          elements: {
            len_min: 1,
            one_of: ["grpc", "grpcs", "http", "https"],
            required: true,
            type: "string",
          },
          required: true,
          type: "set",
        },
      },
      { config: { fields: kongFields(def.config), required: true, type: "record" } },
    ],
  };
}

export function nodeRoutes(requestCount: () => number, nodeId: string = randomUUID()): RouteSpec[] {
  return [
    route("GET", "/", (req) => ({ status: 200, body: rootInfo(req.ctx, nodeId) })),
    route("GET", "/status", (req) => ({ status: 200, body: statusInfo(req.ctx, requestCount()) })),
    route("GET", "/plugins/enabled", (req) => ({
      status: 200,
      body: { enabled_plugins: availablePlugins(req.ctx.traits.version) },
    })),
    route("GET", "/schemas/plugins/:name", (req) => {
      const name = req.params.name;
      const version = req.ctx.traits.version;
      if (name === "jwt") return { status: 200, body: recordedJwtSchema(version) };
      if (pluginDef(name, version))
        return { status: 200, body: generatedPluginSchema(name, version) };
      throw new ApiError(404, { message: `No plugin named '${name}'` });
    }),
    route("POST", "/schemas/plugins/validate", (req) => {
      const input = requireObjectBody(req.body ?? {});
      let errors = validatePluginInput(input, req.ctx);
      const entity = fillDefaults(pluginSchema(req.ctx, input.name), input);
      errors = pluginChecks(entity, req.ctx, errors);
      if (Object.keys(errors).length > 0) throw schemaViolation(errors);
      return { status: 200, body: { message: "schema validation successful" } };
    }),
  ];
}
