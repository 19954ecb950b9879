/**
 * Kong `services` as the stand-in (a TEST DOUBLE of Kong's Admin API, not Kong) reproduces them
 * from the recordings: the `url` shorthand, every default filled in, name unique.
 */
import { uniqueViolation } from "../errors";
import { JsonObject } from "../json";
import { Schema } from "../schema";
import { EntityDef, uniqueOn } from "../entityOperations";

/** The protocol names the recordings allow in a service's `protocol` and a route's `protocols`. */
export const PROTOCOLS = [
  "grpc",
  "grpcs",
  "http",
  "https",
  "tcp",
  "tls",
  "tls_passthrough",
  "udp",
  "ws",
  "wss",
];
const TIMEOUT = { type: "integer", between: [1, 2147483646], default: 60000 } as const;

export const SERVICE_SCHEMA: Schema = {
  name: { type: "string" },
  retries: { type: "integer", between: [0, 32767], default: 5 },
  protocol: { type: "string", oneOf: PROTOCOLS, required: true, default: "http" },
  host: { type: "string", required: true },
  port: { type: "integer", between: [0, 65535], required: true, default: 80 },
  path: { type: "string", startsWith: "/" },
  connect_timeout: TIMEOUT,
  write_timeout: TIMEOUT,
  read_timeout: TIMEOUT,
  tags: { type: "set", elements: { type: "string" } },
  client_certificate: { type: "foreign" },
  tls_verify: { type: "boolean" },
  tls_verify_depth: { type: "integer", between: [0, 64] },
  ca_certificates: { type: "array", elements: { type: "string" } },
  enabled: { type: "boolean", default: true },
};

const URL_RE = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/:?#]*)(?::(\d+))?([^?#]*)/;

/** Splits `url` into protocol/host/port/path the way Kong's url shorthand does. */
export function expandServiceUrl(input: JsonObject): JsonObject {
  if (typeof input.url !== "string") {
    delete input.url;
    return input;
  }
  const url = input.url;
  delete input.url;
  const m = URL_RE.exec(url);
  if (!m) {
    delete input.host;
    input.path = url;
    return input;
  }
  const protocol = m[1].toLowerCase();
  input.protocol = protocol;
  if (m[2]) input.host = m[2];
  else delete input.host;
  input.port = m[3] ? Number(m[3]) : protocol === "https" || protocol === "grpcs" ? 443 : 80;
  input.path = m[4] ? m[4] : null;
  return input;
}

export const servicesDef: EntityDef = {
  kind: "services",
  endpointKey: "name",
  foreignKeys: [],
  schema: () => SERVICE_SCHEMA,
  hasUpdatedAt: () => true,
  normalizeInput: (input) => expandServiceUrl(input),
  checkUnique(entity, ctx) {
    if (uniqueOn(ctx, "services", entity, "name")) throw uniqueViolation({ name: entity.name });
  },
};
