/**
 * Mints the JWTs a transcript step describes (request.token), following the transcripts' README:
 * "now" / "now+N" / "now-N" claim values, string_claims, an optional exact JOSE header, JSON without
 * spaces in the given key order, base64url without padding, HS* with the secret as UTF-8 bytes,
 * RS256 (RSASSA-PKCS1-v1_5) with node:crypto, alg "none" with an empty signature. Also places them.
 * Used by the replay test of the Kong stand-in (a test double of Kong, not Kong).
 */
import { createHmac, createSign } from "node:crypto";
import { JsonObject } from "../json";
import { TokenSpec } from "./transcriptFormat";

function claimValue(value: JsonObject[string], now: number): JsonObject[string] {
  if (typeof value !== "string") return value;
  const m = /^now(?:([+-])(\d+))?$/.exec(value);
  if (!m) return value;
  const delta = m[2] ? Number(m[2]) : 0;
  return m[1] === "-" ? now - delta : now + delta;
}

export function mintToken(spec: TokenSpec, now = Math.floor(Date.now() / 1000)): string {
  const header = spec.header ?? { typ: "JWT", alg: spec.alg };
  const claims: JsonObject = {};
  for (const [key, value] of Object.entries(spec.claims)) {
    const v = claimValue(value, now);
    claims[key] = spec.string_claims?.includes(key) ? String(v) : v;
  }
  const b64 = (o: JsonObject) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const input = `${b64(header)}.${b64(claims)}`;
  let signature = "";
  if (spec.alg.startsWith("HS")) {
    const digest = `sha${spec.alg.slice(2)}`;
    signature = createHmac(digest, Buffer.from(spec.secret ?? "", "utf8"))
      .update(input)
      .digest("base64url");
  } else if (spec.alg === "RS256") {
    signature = createSign("RSA-SHA256")
      .update(input)
      .sign(spec.private_key ?? "")
      .toString("base64url");
  }
  return `${input}.${signature}`;
}

export interface PlacedRequest {
  path: string;
  headers: Record<string, string>;
}

/** Puts a minted token where the step says: bearer / header-raw / query / cookie. */
export function placeToken(spec: TokenSpec, token: string, request: PlacedRequest): void {
  switch (spec.placement) {
    case "bearer":
      request.headers.authorization = `Bearer ${token}`;
      break;
    case "header-raw":
      request.headers.authorization = `${spec.prefix ?? ""}${token}`;
      break;
    case "query":
      request.path += `${request.path.includes("?") ? "&" : "?"}${spec.param ?? "jwt"}=${token}`;
      break;
    case "cookie":
      request.headers.cookie = `${spec.cookie_name ?? "jwt"}=${token}`;
      break;
  }
}
