/**
 * The typed, validated configuration of the lab. `config/readLabConfig.ts` is the only place that
 * reads Pulumi config; everything else receives these types as plain args.
 */
import * as pulumi from "@pulumi/pulumi";

/** JWT algorithms Kong's jwt_secrets entity accepts on every supported Kong version (2.8 and 3.x). */
export const JWT_ALGORITHMS = [
  "HS256",
  "HS384",
  "HS512",
  "RS256",
  "RS384",
  "RS512",
  "ES256",
  "ES384",
] as const;

export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

/** The HMAC (shared-secret) algorithms among them; every other one verifies with a public key. */
export const HMAC_ALGORITHMS = [
  "HS256",
  "HS384",
  "HS512",
] as const satisfies readonly JwtAlgorithm[];

export type HmacAlgorithm = (typeof HMAC_ALGORITHMS)[number];

/** True for HS256, HS384 and HS512 (any string is accepted, so unchecked input can be asked). */
export function isHmacAlgorithm(algorithm: unknown): algorithm is HmacAlgorithm {
  return (HMAC_ALGORITHMS as readonly unknown[]).includes(algorithm);
}

export interface ImagesConfig {
  readonly kong: string;
  readonly postgres: string;
  readonly prometheus: string;
  readonly zipkin: string;
}

export interface PortsConfig {
  readonly proxyHttp: number;
  readonly proxyHttps: number;
  readonly admin: number;
  readonly manager: number;
  readonly status: number;
  readonly postgres: number;
  readonly prometheus: number;
  readonly zipkin: number;
  readonly upstream: number;
}

/** The Docker half of the lab; absent when the stack points at an existing Kong. */
export interface ContainersConfig {
  readonly images: ImagesConfig;
  readonly ports: PortsConfig;
  /** Host address the proxy publishes on (127.0.0.1 unless config says otherwise). */
  readonly proxyBindAddress: string;
  /** Prefix for container, network and volume names, e.g. "kong-jwt-lab-dev". */
  readonly namePrefix: string;
}

/** How the Kong configuration layer reaches the Admin API. */
export interface KongConnectionConfig {
  /** Admin API base URL, e.g. http://127.0.0.1:8001. */
  readonly adminUrl: string;
  /** Extra headers for every Admin API request (e.g. Kong-Admin-Token); secret. */
  readonly adminHeaders?: pulumi.Output<Record<string, string>>;
  /** Ownership tag put on every entity this stack creates, e.g. "kong-jwt-lab.dev". */
  readonly ownerTag: string;
  /** Proxy base URL of an existing Kong (containers off; optional). */
  readonly proxyUrl?: string;
  /** Zipkin collector of an existing setup (containers off; optional: no zipkin plugin when absent). */
  readonly zipkinEndpoint?: string;
}

export interface JwtCredentialConfig {
  readonly key: string;
  readonly algorithm: JwtAlgorithm;
  /** HMAC secret (HS*); secret. */
  readonly secret?: pulumi.Output<string>;
  /** PEM public key (RS* and ES* algorithms). */
  readonly rsaPublicKey?: string;
}

export interface JwtPluginConfig {
  readonly instanceName: string;
  readonly claimsToVerify: ("exp" | "nbf")[];
  readonly keyClaimName: string;
  readonly maximumExpiration: number;
}

/** The lab's Kong entities (../shared/kong/FACTS.md, "The lab being reproduced"). */
export interface KongLabConfig {
  readonly serviceName: string;
  /** Upstream URL of the service. With containers on it is derived from the FastAPI container. */
  readonly upstreamUrl?: string;
  readonly routeName: string;
  readonly routePaths: string[];
  readonly routeMethods: string[];
  readonly consumerUsername: string;
  readonly credential: JwtCredentialConfig;
  readonly jwtPlugin: JwtPluginConfig;
  readonly zipkinSampleRatio: number;
}

export interface LabConfig {
  readonly containers?: ContainersConfig;
  readonly kong: KongConnectionConfig;
  readonly lab: KongLabConfig;
}
