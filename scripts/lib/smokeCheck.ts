import * as crypto from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import type { JwtAlgorithm } from "../../config";
import { isHmacAlgorithm } from "./jwtAlgorithms";
import { signToken, type SigningKey } from "./signToken";
import { nowInSeconds } from "./tokenClaims";

/** Where and how to check the lab's JWT setup. */
export interface SmokeTarget {
  /** Kong's proxy, e.g. http://127.0.0.1:8000. */
  readonly proxyUrl: string;
  /** The route's path, e.g. /kong/healthy. */
  readonly routePath: string;
  /** The credential's key (the iss claim). */
  readonly issuer: string;
  readonly algorithm: JwtAlgorithm;
  readonly key: SigningKey;
  /** The jwt plugin's maximum_expiration; 0 = no limit (that case is then not checked). */
  readonly maximumExpiration: number;
  /** How long the first request may retry while the route is not applied yet (seconds). */
  readonly waitSeconds: number;
  /** Timeout of each request (milliseconds). */
  readonly requestTimeoutMs?: number;
  /**
   * Further consumers' credentials (config `consumers`): one case each, a fresh token signed with
   * it must reach the upstream (200). A credential without a key to sign with is reported SKIP.
   */
  readonly consumers?: readonly ConsumerSmokeTarget[];
}

/** A configured consumer's credential for the smoke check. */
export interface ConsumerSmokeTarget {
  readonly username: string;
  /** The credential's key (the iss claim). */
  readonly issuer: string;
  readonly algorithm: JwtAlgorithm;
  /** The HS* secret or the RS* or ES* private key; undefined = not available (the case is skipped). */
  readonly key?: SigningKey;
}

export interface SmokeCaseResult {
  readonly name: string;
  readonly sent: string;
  readonly expected: string;
  readonly got: string;
  readonly outcome: "PASS" | "FAIL" | "SKIP";
}

interface Expectation {
  readonly describe: string;
  /** Checks the status and the parsed JSON body (undefined when the body is not JSON). */
  readonly matches: (status: number, body: unknown) => boolean;
}

interface SmokeCase {
  readonly name: string;
  readonly sent: string;
  /** The Authorization header value, minted when the case runs; undefined = no header. */
  readonly authorization?: () => string;
  readonly expect: Expectation;
  readonly skip?: string;
  /** Answers that mean the gateway has not applied the configuration yet (first case only). */
  readonly notAppliedYet?: (answer: Answer) => boolean;
}

interface Answer {
  readonly status: number;
  readonly text: string;
  readonly json: unknown;
}

const LIFETIME = 300;

function exactly(status: number, body: object): Expectation {
  return {
    describe: `${status} ${JSON.stringify(body)}`,
    matches: (s, b) => s === status && isDeepStrictEqual(b, body),
  };
}

const HEALTHY: Expectation = {
  describe: '200, body with "status":"Healthy"',
  matches: (s, b) =>
    s === 200 &&
    typeof b === "object" &&
    b !== null &&
    (b as { status?: unknown }).status === "Healthy",
};

/** A key of the same kind as `key` that Kong's credential does not hold. */
function wrongKey(algorithm: JwtAlgorithm, key: SigningKey): SigningKey {
  if (key.kind === "secret") {
    return {
      kind: "secret",
      secret: `${key.secret}-wrong-${crypto.randomBytes(4).toString("hex")}`,
    };
  }
  const pair = algorithm.startsWith("RS")
    ? crypto.generateKeyPairSync("rsa", { modulusLength: 2048 })
    : crypto.generateKeyPairSync("ec", {
        namedCurve: key.key.asymmetricKeyDetails?.namedCurve ?? "prime256v1",
      });
  return { kind: "privateKey", key: pair.privateKey, source: "a throwaway key" };
}

/** The cases of the smoke check, in the order they run. */
function smokeCases(target: SmokeTarget): SmokeCase[] {
  const { issuer, algorithm, key, maximumExpiration } = target;
  const bearer = (claims: object, withKey: SigningKey = key) =>
    `Bearer ${signToken(claims, algorithm, withKey)}`;
  const fresh = () => {
    const iat = nowInSeconds();
    return { iat, exp: iat + Math.min(LIFETIME, maximumExpiration || LIFETIME), iss: issuer };
  };
  const lifetime = Math.min(LIFETIME, maximumExpiration || LIFETIME);
  const unknownIssuer = `${issuer}-unknown-${crypto.randomBytes(3).toString("hex")}`;
  const signedWith = isHmacAlgorithm(algorithm) ? "a wrong secret" : "a throwaway key";
  return [
    {
      name: "no token",
      sent: "no Authorization header",
      expect: exactly(401, { message: "Unauthorized" }),
      // Runs first: while the route or the jwt plugin is not applied yet, Kong answers 404
      // "no Route matched" or lets the request through (2xx); both are retried up to --wait.
      notAppliedYet: (answer) =>
        isNoRouteMatched(answer) || (answer.status >= 200 && answer.status < 300),
    },
    {
      name: "fresh token",
      sent: `${algorithm} {iss:"${issuer}", exp:now+${lifetime}}`,
      authorization: () => bearer(fresh()),
      expect: HEALTHY,
    },
    {
      name: "wrong signature",
      sent: `${algorithm} signed with ${signedWith}`,
      authorization: () => bearer(fresh(), wrongKey(algorithm, key)),
      expect: exactly(401, { message: "Invalid signature" }),
    },
    {
      name: "expired token",
      sent: `${algorithm} {iss:"${issuer}", exp:now-60}`,
      authorization: () => {
        const now = nowInSeconds();
        return bearer({ iat: now - 120, exp: now - 60, iss: issuer });
      },
      expect: exactly(401, { exp: "token expired" }),
    },
    {
      name: "over maximum_expiration",
      sent: `${algorithm} {iss:"${issuer}", exp:now+${maximumExpiration + 60}}`,
      authorization: () => {
        const now = nowInSeconds();
        return bearer({ iat: now, exp: now + maximumExpiration + 60, iss: issuer });
      },
      expect: exactly(401, { exp: "exceeds maximum allowed expiration" }),
      skip: maximumExpiration > 0 ? undefined : "maximum_expiration is 0 (no limit)",
    },
    {
      name: "unknown issuer",
      sent: `${algorithm} {iss:"${unknownIssuer}", exp:now+${lifetime}}`,
      authorization: () => bearer({ ...fresh(), iss: unknownIssuer }),
      expect: exactly(401, { message: "No credentials found for given 'iss'" }),
    },
    ...(target.consumers ?? []).map((c): SmokeCase => {
      const iat = () => nowInSeconds();
      return {
        name: `consumer ${c.username}`,
        sent: `${c.algorithm} {iss:"${c.issuer}", exp:now+${lifetime}}`,
        authorization: () => {
          const now = iat();
          return `Bearer ${signToken({ iat: now, exp: now + lifetime, iss: c.issuer }, c.algorithm, c.key as SigningKey)}`;
        },
        expect: HEALTHY,
        skip:
          c.key === undefined
            ? `no key to sign with (RS*/ES*: --consumer-key-file ${c.issuer}=<private key PEM>)`
            : undefined,
      };
    }),
  ];
}

/** Joins the proxy URL and the route path with exactly one slash. */
export function routeUrl(proxyUrl: string, routePath: string): string {
  return `${proxyUrl.replace(/\/+$/, "")}/${routePath.replace(/^\/+/, "")}`;
}

async function send(
  url: string,
  authorization: string | undefined,
  timeoutMs: number,
): Promise<Answer> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (authorization !== undefined) headers.authorization = authorization;
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
  const text = await response.text();
  let json: unknown = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: compared as text
  }
  return { status: response.status, text, json };
}

/** Kong's answer while the route is not (yet) in the router: 404 "no Route matched with those values". */
function isNoRouteMatched(answer: Answer): boolean {
  return answer.status === 404 && /no Route matched/i.test(answer.text);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Shortens `text` and hides anything secret in it (the tokens sent, the secret). */
function redact(text: string, secrets: readonly string[], limit = 80): string {
  let out = text.replace(/\s+/g, " ").trim();
  for (const secret of secrets) {
    if (secret.length > 0) out = out.split(secret).join("<redacted>");
  }
  out = out.replace(/eyJ[\w-]*\.[\w-]*\.[\w-]*/g, "<token>");
  return out.length > limit ? `${out.slice(0, limit - 1)}…` : out;
}

/**
 * Runs every case against the proxy. The first request (no token) retries for up to `waitSeconds`
 * while the proxy refuses connections, answers 404 "no Route matched" or lets it through (Kong 3.x
 * applies new routes and plugins asynchronously, a few seconds after the Admin API answered, and
 * not necessarily in the same rebuild). A gateway that never rejects it fails after the wait.
 */
export async function runSmokeCheck(
  target: SmokeTarget,
  log: (line: string) => void = () => undefined,
): Promise<SmokeCaseResult[]> {
  const url = routeUrl(target.proxyUrl, target.routePath);
  const timeoutMs = target.requestTimeoutMs ?? 10_000;
  const secrets = [target.key, ...(target.consumers ?? []).map((c) => c.key)].flatMap((k) =>
    k?.kind === "secret" ? [k.secret] : [],
  );
  const results: SmokeCaseResult[] = [];
  let first = true;
  for (const c of smokeCases(target)) {
    if (c.skip !== undefined) {
      results.push({
        name: c.name,
        sent: c.sent,
        expected: c.expect.describe,
        got: c.skip,
        outcome: "SKIP",
      });
      continue;
    }
    let answer: Answer | undefined;
    let failure: string | undefined;
    const deadline = Date.now() + (first ? target.waitSeconds * 1000 : 0);
    for (let attempt = 1; ; attempt++) {
      const authorization = c.authorization?.();
      if (authorization !== undefined) secrets.push(authorization.slice("Bearer ".length));
      try {
        answer = await send(url, authorization, timeoutMs);
        failure = undefined;
      } catch (err) {
        answer = undefined;
        const cause = (err as { cause?: { code?: string; message?: string } }).cause;
        failure = `no answer (${cause?.code ?? cause?.message ?? (err as Error).message})`;
      }
      const retry = answer === undefined || (c.notAppliedYet ?? isNoRouteMatched)(answer);
      if (!retry || Date.now() >= deadline) break;
      if (attempt === 1) {
        log(
          `waiting up to ${target.waitSeconds} s for ${url} to be routed and protected by the jwt plugin ` +
            `(Kong applies configuration asynchronously)`,
        );
      }
      await sleep(Math.min(1000, Math.max(0, deadline - Date.now())));
    }
    first = false;
    const got = answer
      ? `${answer.status} ${redact(answer.text, secrets)}`
      : (failure ?? "no answer");
    const pass = answer !== undefined && c.expect.matches(answer.status, answer.json);
    results.push({
      name: c.name,
      sent: c.sent,
      expected: c.expect.describe,
      got,
      outcome: pass ? "PASS" : "FAIL",
    });
  }
  return results;
}

/** A plain-text table of the results, one row per case. */
export function formatResultsTable(results: readonly SmokeCaseResult[]): string {
  const header = ["case", "sent", "expected", "got", "result"];
  const rows = results.map((r) => [r.name, r.sent, r.expected, r.got, r.outcome]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]))
      .join(" | ")
      .trimEnd();
  return (
    [line(header), widths.map((w) => "-".repeat(w)).join("-|-"), ...rows.map(line)].join("\n") +
    "\n"
  );
}
