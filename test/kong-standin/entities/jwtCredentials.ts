/**
 * Kong `jwt_secrets` (JWT credentials) as the stand-in (a TEST DOUBLE of Kong's Admin API, not Kong)
 * reproduces them from the recordings: key and secret generated when omitted (32 alphanumeric
 * characters, a secret even for RS256), algorithm list per version, rsa_public_key required and
 * checked as a PEM for the asymmetric algorithms, key unique.
 */
import { createPublicKey, randomInt } from "node:crypto";
import { uniqueViolation } from "../errors";
import { JsonObject } from "../json";
import { Schema } from "../schema";
import { StandInContext } from "../standInContext";
import { EntityDef, uniqueOn } from "../entityOperations";

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export function generatedToken(length = 32): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return out;
}

function jwtSchema(ctx: StandInContext): Schema {
  return {
    consumer: { type: "foreign", required: true },
    key: { type: "string" },
    secret: { type: "string" },
    rsa_public_key: { type: "string" },
    algorithm: { type: "string", oneOf: ctx.traits.jwtAlgorithms, default: "HS256" },
    tags: { type: "set", elements: { type: "string" } },
  };
}

/** Algorithms whose credential needs a public key instead of the shared secret. */
export function needsPublicKey(algorithm: unknown): boolean {
  return typeof algorithm === "string" && !algorithm.startsWith("HS");
}

function validPem(pem: string): boolean {
  try {
    createPublicKey(pem);
    return true;
  } catch {
    return false;
  }
}

export const jwtCredentialsDef: EntityDef = {
  kind: "jwt_secrets",
  endpointKey: "key",
  foreignKeys: [{ field: "consumer", kind: "consumers" }],
  schema: (ctx) => jwtSchema(ctx),
  hasUpdatedAt: () => false,
  entityChecks(entity: JsonObject, _ctx, errors) {
    if (errors.algorithm !== undefined || !needsPublicKey(entity.algorithm)) return errors;
    const key = entity.rsa_public_key;
    let problem: string | undefined;
    if (typeof key !== "string") problem = "required field missing";
    else if (!validPem(key)) problem = "invalid key";
    if (!problem) return errors;
    return {
      ...errors,
      "@entity": ["failed conditional validation given value of field 'algorithm'"],
      rsa_public_key: problem,
    };
  },
  generate(entity) {
    if (entity.key === null) entity.key = generatedToken();
    if (entity.secret === null) entity.secret = generatedToken();
  },
  checkUnique(entity, ctx) {
    if (uniqueOn(ctx, "jwt_secrets", entity, "key")) throw uniqueViolation({ key: entity.key });
  },
};
