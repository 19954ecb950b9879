/**
 * Plugin config schemas and defaults per version, as the stand-in (a TEST DOUBLE of Kong's Admin
 * API, not Kong) answers them. jwt, prometheus, zipkin, key-auth and cors match the recorded
 * transcripts exactly; basic-auth, hmac-auth, oauth2 and ldap-auth carry plausible minimal
 * defaults (enough to test a conflicting-authentication-plugin guard), not recorded ones.
 * Other plugins of the version's bundled list are accepted with their config taken as given.
 */
import { FieldErrors } from "./errors";
import { JsonObject } from "./json";
import { FieldSpec, Schema } from "./schema";
import { StandInVersion } from "./versions";

export interface PluginDef {
  /** The config record's fields for this version. */
  readonly config: Schema;
  /** Plugins that cannot be scoped to a consumer (jwt and the other authentication plugins). */
  readonly noConsumer?: boolean;
  /** Entity-level checks on the config with defaults filled in. */
  readonly check?: (config: JsonObject, errors: FieldErrors) => FieldErrors;
}

const strings = (dflt?: string[]): FieldSpec => ({
  type: "set",
  elements: { type: "string" },
  ...(dflt ? { default: dflt } : {}),
});
const bool = (dflt: boolean): FieldSpec => ({ type: "boolean", required: true, default: dflt });

function jwt(version: StandInVersion): PluginDef {
  const config: Record<string, FieldSpec> = {
    uri_param_names: strings(["jwt"]),
    cookie_names: strings([]),
    key_claim_name: { type: "string", default: "iss" },
    secret_is_base64: bool(false),
    claims_to_verify: {
      type: "set",
      elements: { type: "string", oneOf: ["exp", "nbf"], required: true },
    },
    anonymous: { type: "string" },
    run_on_preflight: bool(true),
    maximum_expiration: { type: "number", between: [0, 31536000], default: 0 },
    header_names: strings(["authorization"]),
  };
  if (version === "3.9.3") config.realm = { type: "string" };
  return {
    config,
    noConsumer: true,
    check(cfg, errors) {
      const configErrors = errors.config;
      if (configErrors !== undefined) return errors;
      const max = cfg.maximum_expiration;
      const claims = cfg.claims_to_verify;
      if (typeof max === "number" && max > 0 && Array.isArray(claims) && !claims.includes("exp")) {
        return {
          ...errors,
          "@entity": [
            "failed conditional validation given value of field 'config.maximum_expiration'",
          ],
          config: { claims_to_verify: "expected to contain: exp" },
        };
      }
      return errors;
    },
  };
}

function prometheus(version: StandInVersion): PluginDef {
  const config: Record<string, FieldSpec> = { per_consumer: bool(false) };
  if (version === "3.9.3") {
    for (const k of [
      "ai_metrics",
      "bandwidth_metrics",
      "latency_metrics",
      "status_code_metrics",
      "upstream_health_metrics",
    ]) {
      config[k] = bool(false);
    }
  }
  return { config };
}

function zipkin(version: StandInVersion): PluginDef {
  const config: Record<string, FieldSpec> = {
    local_service_name: { type: "string", required: true, default: "kong" },
    http_endpoint: { type: "string" },
    sample_ratio: { type: "number", between: [0, 1], default: 0.001 },
    default_service_name: { type: "string" },
    include_credential: bool(true),
    traceid_byte_count: { type: "integer", default: 16 },
    header_type: {
      type: "string",
      required: true,
      default: "preserve",
      oneOf: [
        "preserve",
        "ignore",
        "b3",
        "b3-single",
        "w3c",
        "jaeger",
        "ot",
        "aws",
        "datadog",
        "gcp",
      ],
    },
    default_header_type: {
      type: "string",
      required: true,
      default: "b3",
      oneOf: ["b3", "b3-single", "w3c", "jaeger", "ot", "aws", "datadog", "gcp"],
    },
    tags_header: { type: "string", required: true, default: "Zipkin-Tags" },
    static_tags: { type: "array", elements: { type: "record" } },
  };
  if (version === "3.9.3") {
    Object.assign(config, {
      connect_timeout: { type: "integer", between: [0, 2147483646], default: 2000 },
      read_timeout: { type: "integer", between: [0, 2147483646], default: 5000 },
      send_timeout: { type: "integer", between: [0, 2147483646], default: 5000 },
      http_span_name: {
        type: "string",
        required: true,
        default: "method",
        oneOf: ["method", "method_path"],
      },
      http_response_header_for_traceid: { type: "string" },
      phase_duration_flavor: {
        type: "string",
        required: true,
        default: "annotations",
        oneOf: ["annotations", "tags"],
      },
      propagation: {
        type: "record",
        required: true,
        fields: {
          extract: { type: "array", elements: { type: "string" } },
          clear: { type: "array", elements: { type: "string" } },
          inject: { type: "array", elements: { type: "string" } },
          default_format: { type: "string", required: true, default: "b3" },
        },
      },
      queue: {
        type: "record",
        required: true,
        fields: {
          max_batch_size: { type: "integer", default: 1 },
          max_coalescing_delay: { type: "number", default: 1 },
          max_entries: { type: "integer", default: 10000 },
          max_bytes: { type: "integer" },
          max_retry_time: { type: "number", default: 60 },
          initial_retry_delay: { type: "number", default: 0.01 },
          max_retry_delay: { type: "number", default: 60 },
          concurrency_limit: { type: "integer", default: 1 },
        },
      },
    } satisfies Record<string, FieldSpec>);
  }
  return { config };
}

function keyAuth(version: StandInVersion): PluginDef {
  const config: Record<string, FieldSpec> = {
    key_names: { type: "array", elements: { type: "string" }, required: true, default: ["apikey"] },
    hide_credentials: bool(false),
    anonymous: { type: "string" },
    key_in_header: bool(true),
    key_in_query: bool(true),
    key_in_body: bool(false),
    run_on_preflight: bool(true),
  };
  if (version === "3.9.3") config.realm = { type: "string" };
  return { config, noConsumer: true };
}

function cors(version: StandInVersion): PluginDef {
  const config: Record<string, FieldSpec> = {
    origins: { type: "array", elements: { type: "string" } },
    headers: { type: "array", elements: { type: "string" } },
    exposed_headers: { type: "array", elements: { type: "string" } },
    methods: {
      type: "array",
      elements: { type: "string" },
      default: ["GET", "HEAD", "PUT", "PATCH", "POST", "DELETE", "OPTIONS", "TRACE", "CONNECT"],
    },
    max_age: { type: "number" },
    credentials: bool(false),
    preflight_continue: bool(false),
  };
  if (version === "3.9.3") config.private_network = bool(false);
  return { config };
}

// Plausible minimal defaults (not recorded) for the other authentication plugins.
function basicAuth(version: StandInVersion): PluginDef {
  const config: Record<string, FieldSpec> = {
    anonymous: { type: "string" },
    hide_credentials: bool(false),
  };
  if (version === "3.9.3") config.realm = { type: "string", default: "service" };
  return { config, noConsumer: true };
}

function hmacAuth(version: StandInVersion): PluginDef {
  const config: Record<string, FieldSpec> = {
    hide_credentials: bool(false),
    clock_skew: { type: "number", default: 300 },
    anonymous: { type: "string" },
    validate_request_body: bool(false),
    enforce_headers: strings([]),
    algorithms: strings(["hmac-sha1", "hmac-sha256", "hmac-sha384", "hmac-sha512"]),
  };
  if (version === "3.9.3") config.realm = { type: "string" };
  return { config, noConsumer: true };
}

function oauth2(version: StandInVersion): PluginDef {
  const config: Record<string, FieldSpec> = {
    scopes: { type: "array", elements: { type: "string" } },
    mandatory_scope: bool(false),
    provision_key: { type: "string" },
    token_expiration: { type: "number", default: 7200 },
    enable_authorization_code: bool(false),
    enable_implicit_grant: bool(false),
    enable_client_credentials: bool(false),
    enable_password_grant: bool(false),
    hide_credentials: bool(false),
    accept_http_if_already_terminated: bool(false),
    anonymous: { type: "string" },
    global_credentials: bool(false),
    auth_header_name: { type: "string", default: "authorization" },
    refresh_token_ttl: { type: "number", default: 1209600 },
    reuse_refresh_token: bool(false),
    pkce: { type: "string", default: "lax", oneOf: ["none", "lax", "strict"] },
  };
  if (version === "3.9.3") {
    config.persistent_refresh_token = bool(false);
    config.realm = { type: "string" };
  }
  return { config, noConsumer: true };
}

function ldapAuth(version: StandInVersion): PluginDef {
  const config: Record<string, FieldSpec> = {
    ldap_host: { type: "string", required: true },
    ldap_port: { type: "integer", default: 389 },
    ldaps: bool(false),
    start_tls: bool(false),
    verify_ldap_host: bool(false),
    base_dn: { type: "string", required: true },
    attribute: { type: "string", required: true },
    cache_ttl: { type: "number", default: 60 },
    hide_credentials: bool(false),
    timeout: { type: "number", default: 10000 },
    keepalive: { type: "number", default: 60000 },
    anonymous: { type: "string" },
    header_type: { type: "string", default: "ldap" },
    bind_dn: { type: "string" },
  };
  if (version === "3.9.3") config.realm = { type: "string" };
  return { config, noConsumer: true };
}

const BUILDERS: Record<string, (version: StandInVersion) => PluginDef> = {
  jwt,
  prometheus,
  zipkin,
  "key-auth": keyAuth,
  cors,
  "basic-auth": basicAuth,
  "hmac-auth": hmacAuth,
  oauth2,
  "ldap-auth": ldapAuth,
};

/** The plugin's definition, or undefined for a bundled plugin the stand-in has no schema for. */
export function pluginDef(name: string, version: StandInVersion): PluginDef | undefined {
  const build = BUILDERS[name];
  return build ? build(version) : undefined;
}
