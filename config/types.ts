/**
 * The typed, validated configuration of the lab. `config/readLabConfig.ts` is the only place that
 * reads Pulumi config; everything else receives these types as plain args.
 */
import * as pulumi from "../pulumiSdk";

import type { JwtCredentialSpec } from "./jwtCredentialSpec";

export interface ImagesConfig {
  readonly kong: string;
  readonly postgres: string;
  readonly prometheus: string;
  readonly zipkin: string;
  readonly grafana: string;
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
  readonly grafana: number;
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
  /** Take over the lab's untagged entities (a lab built by hand) instead of refusing them. */
  readonly adoptExisting: boolean;
}

/**
 * One JWT credential of the lab's consumer (config/jwtCredentialSpec.ts describes and validates
 * it); an RS* or ES* credential without a public key gets a generated key pair.
 */
export type JwtCredentialConfig = JwtCredentialSpec;

/** Where the jwt plugin applies: every route of the Kong, or the lab's route only. */
export const JWT_PLUGIN_SCOPES = ["global", "route"] as const;

export type JwtPluginScope = (typeof JWT_PLUGIN_SCOPES)[number];

export interface JwtPluginConfig {
  readonly instanceName: string;
  readonly claimsToVerify: ("exp" | "nbf")[];
  readonly keyClaimName: string;
  readonly maximumExpiration: number;
  readonly scope: JwtPluginScope;
}

/** A further consumer of the lab's API (config `consumers`), with its JWT credentials. */
export interface ConsumerConfig {
  readonly username: string;
  readonly customId?: string;
  /** Extra tags; the stack adds its ownership tags itself. */
  readonly tags?: readonly string[];
  readonly credentials: readonly JwtCredentialSpec[];
}

/** The lab's Kong entities: the ones the lab write-up being reproduced creates. */
export interface KongLabConfig {
  readonly serviceName: string;
  /** Upstream URL of the service. With containers on it is derived from the FastAPI container. */
  readonly upstreamUrl?: string;
  readonly routeName: string;
  readonly routePaths: string[];
  readonly routeMethods: string[];
  readonly consumerUsername: string;
  /**
   * The consumer's JWT credentials, oldest first (config/credentialRotation.ts checks the list):
   * the current one and the retiring ones, which still verify the tokens already issued.
   */
  readonly credentials: readonly JwtCredentialConfig[];
  /** Key of the current credential: new tokens are minted with it. One of `credentials`. */
  readonly currentCredentialKey: string;
  readonly jwtPlugin: JwtPluginConfig;
  readonly zipkinSampleRatio: number;
}

export interface LabConfig {
  readonly containers?: ContainersConfig;
  readonly kong: KongConnectionConfig;
  readonly lab: KongLabConfig;
  /** Run the smoke check at the end of `pulumi up` (containers on, a signing key in the stack). */
  readonly verifyAfterUp: boolean;
  /** Further consumers (config `consumers`); empty when none. */
  readonly consumers: readonly ConsumerConfig[];
}
