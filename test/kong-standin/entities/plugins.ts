/**
 * Kong `plugins` as the stand-in (a TEST DOUBLE of Kong's Admin API, not Kong) reproduces them from
 * the recordings: scope from service / route / consumer (all null = global), config defaults per
 * version, the unique (name, service, route, consumer) 409, instance_name and updated_at on 3.9.3
 * only ("unknown field" on 2.8.4), config merged on PATCH and replaced on PUT.
 */
import { FieldErrors, uniqueViolation } from "../errors";
import { JsonObject, isObject } from "../json";
import { Schema, validateFields } from "../schema";
import { StandInContext } from "../standInContext";
import { EntityDef, uniqueOn } from "../entityOperations";
import { availablePlugins } from "../nodeInfo";
import { pluginDef } from "../pluginConfigs";
import { resolveServiceRef } from "./routes";

const PROTOCOLS = ["grpc", "grpcs", "http", "https"];

export function pluginSchema(ctx: StandInContext, name: unknown): Schema {
  const def = typeof name === "string" ? pluginDef(name, ctx.traits.version) : undefined;
  const schema: Record<string, Schema[string]> = {
    name: { type: "string", required: true },
    config: def
      ? { type: "record", required: true, fields: def.config }
      : { type: "map", default: {} },
    consumer: { type: "foreign" },
    route: { type: "foreign" },
    service: { type: "foreign" },
    protocols: {
      type: "set",
      required: true,
      default: PROTOCOLS,
      elements: {
        type: "string",
        oneOf: [...PROTOCOLS, "tcp", "tls", "tls_passthrough", "udp", "ws", "wss"],
      },
    },
    enabled: { type: "boolean", required: true, default: true },
    tags: { type: "set", elements: { type: "string" } },
  };
  if (ctx.traits.pluginInstanceName) schema.instance_name = { type: "string" };
  return schema;
}

/** Name and config checks shared by POST /plugins and POST /schemas/plugins/validate. */
export function pluginChecks(
  entity: JsonObject,
  ctx: StandInContext,
  errors: FieldErrors,
): FieldErrors {
  const name = entity.name;
  if (typeof name !== "string") return errors;
  if (!availablePlugins(ctx.traits.version).includes(name)) {
    return {
      ...errors,
      name: `plugin '${name}' not enabled; add it to the 'plugins' configuration property`,
    };
  }
  const def = pluginDef(name, ctx.traits.version);
  if (!def) return errors;
  let out = errors;
  if (def.noConsumer && entity.consumer !== null && entity.consumer !== undefined) {
    out = { ...out, consumer: "value must be null" };
  }
  if (def.check && isObject(entity.config)) out = def.check(entity.config, out);
  return out;
}

export function validatePluginInput(input: JsonObject, ctx: StandInContext): FieldErrors {
  return validateFields(pluginSchema(ctx, input.name), input, true);
}

function scopeRef(value: unknown): JsonObject | null {
  return isObject(value) && typeof value.id === "string" ? { id: value.id } : null;
}

export const pluginsDef: EntityDef = {
  kind: "plugins",
  foreignKeys: [
    { field: "service", kind: "services" },
    { field: "route", kind: "routes" },
    { field: "consumer", kind: "consumers" },
  ],
  schema: (ctx, input) => pluginSchema(ctx, input.name),
  hasUpdatedAt: (ctx) => ctx.traits.pluginInstanceName,
  normalizeInput: (input, ctx) => resolveServiceRef(input, ctx),
  entityChecks: (entity, ctx, errors) => pluginChecks(entity, ctx, errors),
  checkUnique(entity, ctx) {
    const key = (row: JsonObject) =>
      JSON.stringify([
        row.name,
        scopeRef(row.service),
        scopeRef(row.route),
        scopeRef(row.consumer),
      ]);
    const mine = key(entity);
    const clash = ctx.store.all("plugins").find((row) => row.id !== entity.id && key(row) === mine);
    if (clash) {
      throw uniqueViolation({
        consumer: scopeRef(entity.consumer),
        name: entity.name,
        route: scopeRef(entity.route),
        service: scopeRef(entity.service),
      });
    }
    if (ctx.traits.pluginInstanceName && uniqueOn(ctx, "plugins", entity, "instance_name")) {
      throw uniqueViolation({ instance_name: entity.instance_name });
    }
  },
};
