/**
 * What differs between the two Kong versions the stand-in (a TEST DOUBLE of Kong's Admin API and
 * proxy, not Kong) can act as. Every flag comes from a difference seen between the recorded
 * transcripts of Kong 2.8.4 and 3.9.3 (transcripts/README.md).
 */
export type StandInVersion = "2.8.4" | "3.9.3";

export interface VersionTraits {
  readonly version: StandInVersion;
  /** Consumers carry updated_at (3.x). */
  readonly consumerUpdatedAt: boolean;
  /** Plugins carry instance_name and updated_at (3.2+). */
  readonly pluginInstanceName: boolean;
  /** A pagination `next` link keeps `size` (3.x); a duplicated `size` then answers 500. */
  readonly nextKeepsSize: boolean;
  /** jwt 401s carry WWW-Authenticate (3.8+). */
  readonly wwwAuthenticate: boolean;
  /** Different tokens in different places → 401 "Multiple tokens provided" (3.2+). */
  readonly multipleTokensRejected: boolean;
  /** Upstream requests carry Via and X-Kong-Request-Id; proxy 404s carry request_id (3.x). */
  readonly requestIds: boolean;
  /** Algorithms a jwt credential / token may use. */
  readonly jwtAlgorithms: readonly string[];
}

const ALGORITHMS_2_8 = ["HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384"];
const ALGORITHMS_3_9 = [...ALGORITHMS_2_8, "ES512", "PS256", "PS384", "PS512", "EdDSA"];

export function versionTraits(version: StandInVersion): VersionTraits {
  const v3 = version === "3.9.3";
  return {
    version,
    consumerUpdatedAt: v3,
    pluginInstanceName: v3,
    nextKeepsSize: v3,
    wwwAuthenticate: v3,
    multipleTokensRejected: v3,
    requestIds: v3,
    jwtAlgorithms: v3 ? ALGORITHMS_3_9 : ALGORITHMS_2_8,
  };
}

export function isStandInVersion(value: unknown): value is StandInVersion {
  return value === "2.8.4" || value === "3.9.3";
}
