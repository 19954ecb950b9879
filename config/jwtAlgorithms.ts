/**
 * The JWT algorithms of the lab: the one list (re-exported by config/types.ts) that the config
 * validator, the Kong providers and the token scripts use.
 */

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
