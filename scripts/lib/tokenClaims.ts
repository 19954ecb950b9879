import { InputError } from "./inputError";

/** The claims the lab's tokens carry: the write-up's {iat, exp, iss}, plus optional extras. */
export interface LabClaims {
  iat: number;
  exp: number;
  iss: string;
  sub?: string;
  [claim: string]: unknown;
}

export interface ClaimsInput {
  readonly issuer: string;
  readonly lifetimeSeconds: number;
  /** Unix time in seconds used as `iat` (default: now). */
  readonly nowSeconds?: number;
  readonly subject?: string;
  readonly extraClaims?: Readonly<Record<string, unknown>>;
}

/** Claims that flags other than --claim own. */
const RESERVED_CLAIMS: Readonly<Record<string, string>> = {
  iat: "it is always the time of minting",
  exp: "use --lifetime",
  iss: "use --issuer",
  sub: "use --sub",
};

export function nowInSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/**
 * Builds the claims exactly as the write-up's get-iat-exp.py did: `iat` = now, `exp` = iat +
 * lifetime, `iss` = the credential's key, in that order (so the JSON matches PyJWT's byte for byte).
 */
export function buildClaims(input: ClaimsInput): LabClaims {
  const iat = input.nowSeconds ?? nowInSeconds();
  const claims: LabClaims = { iat, exp: iat + input.lifetimeSeconds, iss: input.issuer };
  if (input.subject !== undefined) claims.sub = input.subject;
  for (const [name, value] of Object.entries(input.extraClaims ?? {})) {
    if (name in RESERVED_CLAIMS) {
      throw new InputError(`--claim cannot set "${name}": ${RESERVED_CLAIMS[name]}`);
    }
    claims[name] = value;
  }
  return claims;
}

/**
 * Parses one `--claim name=value`. The value is JSON when it is a number, true, false, null, an
 * object or an array; anything else is kept as a string.
 */
export function parseClaimFlag(text: string): [string, unknown] {
  const eq = text.indexOf("=");
  const name = eq > 0 ? text.slice(0, eq).trim() : "";
  if (!name) {
    throw new InputError(`--claim "${text}" must look like name=value`);
  }
  if (name in RESERVED_CLAIMS) {
    throw new InputError(`--claim cannot set "${name}": ${RESERVED_CLAIMS[name]}`);
  }
  const raw = text.slice(eq + 1);
  if (/^(-?\d+(\.\d+)?|true|false|null)$/.test(raw) || /^[[{]/.test(raw)) {
    try {
      return [name, JSON.parse(raw)];
    } catch {
      throw new InputError(`--claim "${text}": the value looks like JSON but does not parse`);
    }
  }
  return [name, raw];
}

/** Parses a whole number of seconds given by `source`; `minimum` is the smallest value allowed. */
export function parseSeconds(value: string, source: string, minimum: number): number {
  const trimmed = value.trim();
  if (
    !/^\d+$/.test(trimmed) ||
    Number(trimmed) < minimum ||
    !Number.isSafeInteger(Number(trimmed))
  ) {
    throw new InputError(
      `${source} must be a whole number of seconds${minimum > 0 ? ` of at least ${minimum}` : ""} (got "${value}")`,
    );
  }
  return Number(trimmed);
}

/** The body Kong's jwt plugin answers (with 401) when exp − now exceeds maximum_expiration. */
export const EXCEEDS_MAXIMUM_BODY = '{"exp":"exceeds maximum allowed expiration"}';

/**
 * Refuses a lifetime Kong would reject. Kong's check is strict: it rejects exp − now >
 * maximum_expiration, so a lifetime equal to the maximum passes at the moment of minting.
 * A maximum of 0 means Kong does not limit exp.
 */
export function checkLifetime(lifetimeSeconds: number, maximumExpiration: number): void {
  if (maximumExpiration > 0 && lifetimeSeconds > maximumExpiration) {
    throw new InputError(
      `--lifetime ${lifetimeSeconds} is over the jwt plugin's maximum_expiration of ${maximumExpiration} s: ` +
        `Kong would answer 401 ${EXCEEDS_MAXIMUM_BODY} because it rejects tokens whose exp − now is ` +
        `greater than maximum_expiration. Use --lifetime ${maximumExpiration} or less.`,
    );
  }
}
