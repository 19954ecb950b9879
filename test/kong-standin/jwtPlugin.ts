/**
 * The jwt plugin's access phase as the stand-in (a TEST DOUBLE reproducing recorded Kong behaviour,
 * not Kong) runs it on proxied requests: token lookup (query, cookies, `Authorization: Bearer`;
 * 2.8.4 takes the first found, 3.9.3 answers "Multiple tokens provided" when they differ), then the
 * checks in Kong's order with the recorded 401 bodies, HS256/384/512 and RS/PS/ES/EdDSA signatures
 * verified with node:crypto, registered claims, maximum_expiration, and the anonymous consumer.
 */
import { constants, createHmac, timingSafeEqual, verify } from "node:crypto";
import { IncomingHttpHeaders } from "node:http";
import { Json, JsonObject, isObject } from "./json";
import { StandInContext } from "./standInContext";
import { isUuid } from "./store";

export type JwtOutcome =
  | { ok: true; consumer: JsonObject; credential?: JsonObject; anonymous: boolean }
  | { ok: false; status: number; body: JsonObject; headers: Record<string, string> };

interface TokenSearch {
  readonly tokens: string[];
  readonly multiple: boolean;
}

function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!out.has(name)) out.set(name, part.slice(eq + 1).trim());
  }
  return out;
}

const BEARER = /\s*[Bb]earer\s+(.+)/;

function headerValues(headers: IncomingHttpHeaders, name: string): string[] {
  const value = headers[name.toLowerCase()];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Every token source in Kong's order: query parameters, cookies, headers. */
function findTokens(conf: JsonObject, url: URL, headers: IncomingHttpHeaders): string[][] {
  const strings = (v: Json | undefined) =>
    (Array.isArray(v) ? v.filter((x) => typeof x === "string") : []) as string[];
  const sources: string[][] = [];
  for (const name of strings(conf.uri_param_names)) {
    const values = url.searchParams.getAll(name);
    if (values.length > 0) sources.push(values);
  }
  const cookies = parseCookies(headers.cookie);
  for (const name of strings(conf.cookie_names)) {
    const value = cookies.get(name);
    if (value !== undefined && value !== "") sources.push([value]);
  }
  for (const name of strings(conf.header_names)) {
    const matched: string[] = [];
    for (const value of headerValues(headers, name)) {
      const m = BEARER.exec(value);
      if (m) matched.push(m[1]);
    }
    if (matched.length > 0) sources.push(matched);
  }
  return sources;
}

function retrieveToken(
  ctx: StandInContext,
  conf: JsonObject,
  url: URL,
  headers: IncomingHttpHeaders,
): TokenSearch {
  const sources = findTokens(conf, url, headers);
  if (ctx.traits.multipleTokensRejected) {
    const distinct = [...new Set(sources.flat())];
    return { tokens: distinct, multiple: distinct.length > 1 };
  }
  // 2.8.4: the first source wins; a repeated query parameter there is "multiple".
  const first = sources[0] ?? [];
  return { tokens: first.slice(0, 1), multiple: first.length > 1 };
}

function b64urlJson(segment: string): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

const DIGEST: Record<string, string> = { "256": "sha256", "384": "sha384", "512": "sha512" };

export function verifySignature(
  alg: string,
  input: string,
  signature: Buffer,
  key: Buffer | string,
): boolean {
  try {
    const digest = DIGEST[alg.slice(2)];
    const data = Buffer.from(input);
    if (alg.startsWith("HS")) {
      const expected = createHmac(digest, key).update(data).digest();
      return expected.length === signature.length && timingSafeEqual(expected, signature);
    }
    if (alg === "EdDSA") return verify(null, data, key, signature);
    if (alg.startsWith("RS")) return verify(digest, data, key, signature);
    if (alg.startsWith("PS")) {
      return verify(
        digest,
        data,
        {
          key,
          padding: constants.RSA_PKCS1_PSS_PADDING,
          saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
        },
        signature,
      );
    }
    if (alg.startsWith("ES"))
      return verify(digest, data, { key, dsaEncoding: "ieee-p1363" }, signature);
  } catch {
    return false;
  }
  return false;
}

function findConsumer(ctx: StandInContext, key: string): JsonObject | undefined {
  return isUuid(key)
    ? ctx.store.get("consumers", key.toLowerCase())
    : ctx.store.findBy("consumers", "username", key);
}

export function runJwtPlugin(
  ctx: StandInContext,
  conf: JsonObject,
  method: string,
  url: URL,
  headers: IncomingHttpHeaders,
): JwtOutcome | "skip" {
  if (method === "OPTIONS" && conf.run_on_preflight === false) return "skip";
  const realm = typeof conf.realm === "string" ? `realm="${conf.realm}"` : undefined;

  const fail = (status: number, body: JsonObject, invalidToken: boolean): JwtOutcome => {
    const out: Record<string, string> = {};
    if (ctx.traits.wwwAuthenticate && status === 401) {
      const attrs = [realm, invalidToken ? 'error="invalid_token"' : undefined].filter(Boolean);
      out["www-authenticate"] = attrs.length > 0 ? `Bearer ${attrs.join(", ")}` : "Bearer";
    }
    return { ok: false, status, body, headers: out };
  };

  const outcome = authenticate(ctx, conf, url, headers, fail);
  if (!outcome.ok && typeof conf.anonymous === "string" && outcome.status === 401) {
    const anonymous = findConsumer(ctx, conf.anonymous);
    if (!anonymous) {
      return fail(500, { message: "An unexpected error occurred" }, false);
    }
    return { ok: true, consumer: anonymous, anonymous: true };
  }
  return outcome;
}

function authenticate(
  ctx: StandInContext,
  conf: JsonObject,
  url: URL,
  headers: IncomingHttpHeaders,
  fail: (status: number, body: JsonObject, invalidToken: boolean) => JwtOutcome,
): JwtOutcome {
  const search = retrieveToken(ctx, conf, url, headers);
  if (search.multiple) return fail(401, { message: "Multiple tokens provided" }, true);
  const token = search.tokens[0];
  if (token === undefined) return fail(401, { message: "Unauthorized" }, false);

  const parts = token.split(".");
  const header = parts.length === 3 ? b64urlJson(parts[0]) : undefined;
  const claims = parts.length === 3 ? b64urlJson(parts[1]) : undefined;
  if (!header || !claims) return fail(401, { message: "Bad token; invalid JSON" }, true);
  const alg = header.alg;
  if (typeof alg !== "string" || !ctx.traits.jwtAlgorithms.includes(alg)) {
    return fail(401, { message: "Bad token; invalid alg" }, true);
  }

  const claimName = typeof conf.key_claim_name === "string" ? conf.key_claim_name : "iss";
  const keyValue = claims[claimName] ?? header[claimName];
  if (keyValue === undefined || keyValue === null) {
    return fail(401, { message: `No mandatory '${claimName}' in claims` }, true);
  }
  if (keyValue === "") return fail(401, { message: `Invalid '${claimName}' in claims` }, true);

  const credential = ctx.store.findBy("jwt_secrets", "key", String(keyValue));
  if (!credential) {
    return fail(401, { message: `No credentials found for given '${claimName}'` }, true);
  }
  const algorithm = typeof credential.algorithm === "string" ? credential.algorithm : "HS256";
  if (alg !== algorithm) return fail(401, { message: "Invalid algorithm" }, true);

  let key: Buffer | string | undefined;
  if (alg.startsWith("HS")) {
    const secret = credential.secret;
    if (typeof secret === "string") {
      key =
        conf.secret_is_base64 === true
          ? Buffer.from(secret, "base64")
          : Buffer.from(secret, "utf8");
    }
  } else if (typeof credential.rsa_public_key === "string") {
    key = credential.rsa_public_key;
  }
  if (key === undefined) return fail(401, { message: "Invalid key/secret" }, true);

  const signature = Buffer.from(parts[2], "base64url");
  if (!verifySignature(alg, `${parts[0]}.${parts[1]}`, signature, key)) {
    return fail(401, { message: "Invalid signature" }, true);
  }

  const now = Math.floor(Date.now() / 1000);
  const errors: JsonObject = {};
  const toVerify = Array.isArray(conf.claims_to_verify) ? conf.claims_to_verify : [];
  for (const claim of toVerify) {
    const value = claims[String(claim)];
    if (claim === "exp") {
      if (typeof value !== "number") errors.exp = "must be a number";
      else if (value <= now) errors.exp = "token expired";
    } else if (claim === "nbf") {
      if (typeof value !== "number") errors.nbf = "must be a number";
      else if (value > now) errors.nbf = "token not valid yet";
    }
  }
  if (Object.keys(errors).length > 0) return fail(401, errors, true);

  const max = typeof conf.maximum_expiration === "number" ? conf.maximum_expiration : 0;
  if (max > 0) {
    const exp = claims.exp;
    if (typeof exp !== "number" || exp - now > max) {
      return fail(401, { exp: "exceeds maximum allowed expiration" }, true);
    }
  }

  const ref = credential.consumer;
  const consumer =
    isObject(ref) && typeof ref.id === "string" ? ctx.store.get("consumers", ref.id) : undefined;
  if (!consumer) {
    return fail(
      401,
      { message: `Could not find consumer for '${claimName}=${String(keyValue)}'` },
      true,
    );
  }
  return { ok: true, consumer, credential, anonymous: false };
}
