/**
 * Every configuration key of the `kong-jwt-lab` project with its Pulumi type, default and
 * description. Pulumi.yaml's `config:` section declares the same keys; a unit test keeps the two
 * identical. Optional keys default to "" (or {}) because the Pulumi CLI refuses to run a stack that
 * lacks a value for a declared key without a default.
 */

export const PROJECT = "kong-jwt-lab";

export type ConfigKeyType = "string" | "integer" | "boolean" | "array" | "object";

export interface ConfigKeySpec {
  readonly type: ConfigKeyType;
  readonly default:
    string | number | boolean | readonly string[] | readonly never[] | Record<string, never>;
  readonly description: string;
  /**
   * The value must be set with `--secret` (config/validateLabConfig.ts refuses plaintext). Not
   * declared as `secret: true` in Pulumi.yaml: the Pulumi CLI (v3.248) then refuses every stack
   * that leaves the key at its default ("must be encrypted as it's secret"), and these keys are
   * optional.
   */
  readonly mustBeSecret?: boolean;
  readonly items?: { readonly type: "string" | "object" };
}

export const CONFIG_KEYS = {
  containersEnabled: {
    type: "boolean",
    default: true,
    description:
      "Run the lab's containers (Postgres, Kong, FastAPI, Prometheus, Grafana, Zipkin) on the local Docker engine. false: configure an existing Kong at kongAdminUrl instead.",
  },
  kongImage: {
    type: "string",
    default: "kong:3.9.1",
    description: "Kong Gateway image, pinned (repo:tag or repo@sha256:<digest>; never latest).",
  },
  postgresImage: {
    type: "string",
    default: "postgres:16.9-alpine",
    description: "Postgres image for Kong's database, pinned.",
  },
  prometheusImage: {
    type: "string",
    default: "prom/prometheus:v3.5.0",
    description: "Prometheus image, pinned.",
  },
  zipkinImage: {
    type: "string",
    default: "openzipkin/zipkin:3.5.1",
    description: "Zipkin image, pinned.",
  },
  proxyHttpPort: {
    type: "integer",
    default: 8000,
    description: "Host port of Kong's HTTP proxy (published on proxyBindAddress).",
  },
  proxyHttpsPort: {
    type: "integer",
    default: 8443,
    description: "Host port of Kong's HTTPS proxy (published on proxyBindAddress).",
  },
  adminPort: {
    type: "integer",
    default: 8001,
    description: "Host port of Kong's Admin API (127.0.0.1 only).",
  },
  managerPort: {
    type: "integer",
    default: 8002,
    description: "Host port of Kong Manager (127.0.0.1 only).",
  },
  statusPort: {
    type: "integer",
    default: 8100,
    description: "Host port of Kong's status listener with /metrics (127.0.0.1 only).",
  },
  postgresPort: {
    type: "integer",
    default: 5432,
    description: "Host port of Postgres (127.0.0.1 only).",
  },
  prometheusPort: {
    type: "integer",
    default: 9090,
    description: "Host port of Prometheus (127.0.0.1 only).",
  },
  zipkinPort: {
    type: "integer",
    default: 9411,
    description: "Host port of Zipkin (127.0.0.1 only).",
  },
  upstreamPort: {
    type: "integer",
    default: 8080,
    description: "Host port of the FastAPI upstream, for calling it without Kong (127.0.0.1 only).",
  },
  proxyBindAddress: {
    type: "string",
    default: "127.0.0.1",
    description:
      "Host address Kong's proxy ports publish on. 127.0.0.1 keeps the lab on this machine; 0.0.0.0 opens it to the network.",
  },
  kongAdminUrl: {
    type: "string",
    default: "",
    description:
      "containersEnabled false only: Admin API URL of the existing Kong (http or https), e.g. http://127.0.0.1:8001.",
  },
  kongProxyUrl: {
    type: "string",
    default: "",
    description:
      "containersEnabled false only, optional: proxy URL of the existing Kong, for the proxyUrl and sampleRequest outputs.",
  },
  kongAdminHeaders: {
    type: "object",
    default: {},
    mustBeSecret: true,
    description:
      "Extra headers for every Admin API request (e.g. an auth header of a proxy in front of the Admin API). Set with --secret --path.",
  },
  upstreamUrl: {
    type: "string",
    default: "",
    description:
      "containersEnabled false only: URL the Kong service forwards to (the FastAPI app's /healthy as Kong reaches it).",
  },
  zipkinEndpoint: {
    type: "string",
    default: "",
    description:
      "containersEnabled false only, optional: Zipkin collector URL for the zipkin plugin; empty = no zipkin plugin.",
  },
  serviceName: {
    type: "string",
    default: "fastapi-service",
    description: "Name of the Kong service.",
  },
  routeName: { type: "string", default: "fastapi-route", description: "Name of the Kong route." },
  routePath: {
    type: "string",
    default: "/kong/healthy",
    description: "Path of the Kong route (strip_path true), starting with '/'.",
  },
  routeMethods: {
    type: "array",
    items: { type: "string" },
    default: ["GET", "POST"],
    description:
      "HTTP methods of the Kong route (GET reproduces the lab's request; POST reaches the app's echo).",
  },
  consumerUsername: {
    type: "string",
    default: "fastapi-consumer",
    description: "Username of the Kong consumer that owns the JWT credential.",
  },
  jwtKey: {
    type: "string",
    default: "jwttoken",
    description: "Key of the JWT credential; tokens carry it in the key claim (iss).",
  },
  jwtAlgorithm: {
    type: "string",
    default: "HS256",
    description:
      "Algorithm of the JWT credential: HS256 HS384 HS512 RS256 RS384 RS512 ES256 ES384.",
  },
  jwtSecret: {
    type: "string",
    default: "",
    mustBeSecret: true,
    description:
      "HMAC secret of the JWT credential (HS*). Empty: a random secret is generated. Set with `pulumi config set --secret jwtSecret`.",
  },
  jwtRsaPublicKey: {
    type: "string",
    default: "",
    description:
      "PEM public key of the JWT credential (RS* and ES* algorithms). Empty: the program generates the key pair and keeps the private key as the secret output jwtPrivateKey.",
  },
  jwtMaximumExpiration: {
    type: "integer",
    default: 600,
    description:
      "jwt plugin maximum_expiration in seconds (0..31536000; 0 = no limit). Needs exp in jwtClaimsToVerify when > 0.",
  },
  jwtClaimsToVerify: {
    type: "array",
    items: { type: "string" },
    default: ["exp"],
    description: "jwt plugin claims_to_verify: items exp and/or nbf.",
  },
  jwtKeyClaimName: {
    type: "string",
    default: "iss",
    description: "jwt plugin key_claim_name: the claim that names the credential key.",
  },
  jwtPluginInstanceName: {
    type: "string",
    default: "jwt-authentication",
    description: "instance_name of the global jwt plugin (Kong 3.2+).",
  },
  zipkinSampleRatio: {
    type: "string",
    default: "1",
    description:
      "zipkin plugin sample_ratio, a decimal from 0 to 1 (a string: Pulumi config has no decimal type).",
  },
  grafanaImage: {
    type: "string",
    default: "grafana/grafana:13.0.1",
    description: "Grafana image (the OSS edition), pinned.",
  },
  grafanaPort: {
    type: "integer",
    default: 3000,
    description: "Host port of Grafana (127.0.0.1 only).",
  },
  verifyAfterUp: {
    type: "boolean",
    default: false,
    description:
      "Run the smoke check (scripts/smokeCheck.ts) as the last step of `pulumi up` whenever the Kong configuration, the credential or the gateway changed; a failing case fails the up with the smoke table. Needs containersEnabled true and a current credential whose signing key the stack holds (HS*, or a generated RS*/ES* key pair). On in the dev stack.",
  },
  jwtCredentials: {
    type: "array",
    items: { type: "object" },
    default: [],
    description:
      "The lab consumer's JWT credentials for rotation, oldest first: items { key, algorithm, secret?, rsaPublicKey? }. Empty: jwtKey, jwtAlgorithm, jwtSecret and jwtRsaPublicKey describe the one credential. HS* secrets with `pulumi config set --secret --path 'jwtCredentials[1].secret'`; absent: generated. See docs/rotation.md.",
  },
  jwtCurrentKey: {
    type: "string",
    default: "",
    description:
      "Key of the credential new tokens are minted with (one of jwtCredentials); the others are retiring and still verify. Empty: the only credential.",
  },
  jwtPluginScope: {
    type: "string",
    default: "global",
    description:
      "Where the jwt plugin applies: global (every route of the Kong, as in the write-up) or route (the lab's route only; use it on a shared Kong).",
  },
  adoptExisting: {
    type: "boolean",
    default: false,
    description:
      "Take over the lab's entities (and configured consumers) that already exist in Kong WITHOUT tags, e.g. a lab built by hand: they get this stack's owner tag and keep their ids; the stack then owns them and destroy deletes them.",
  },
  consumers: {
    type: "array",
    items: { type: "object" },
    default: [],
    description:
      "Further consumers: [{username, customId?, tags?, credentials: [{key, algorithm, secret?, rsaPublicKey?}]}]. HS* secrets: `pulumi config set --secret --path 'consumers[0].credentials[0].secret' <value>` or generated; RS*/ES*: rsaPublicKey (PEM).",
  },
} as const satisfies Record<string, ConfigKeySpec>;

export type ConfigKeyName = keyof typeof CONFIG_KEYS;

export const CONFIG_KEY_NAMES = Object.keys(CONFIG_KEYS) as ConfigKeyName[];

/** Full key as Pulumi and its error messages spell it, e.g. `kong-jwt-lab:adminPort`. */
export function fullKey(key: string): string {
  return `${PROJECT}:${key}`;
}
