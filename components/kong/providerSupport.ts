/**
 * Helpers shared by the Kong dynamic providers: connection inputs, validation helpers, ownership
 * tags, and the "compare only what the user wrote" logic. The unknown-value sentinel lives in
 * ../unknownValue.ts, the ownership rule in ./ownership.ts, the tag rule in config/kongTag.ts.
 *
 * Every function here is pure or builds an admin client from plain inputs; the providers capture
 * this module by value when Pulumi serializes them, so there is no module-level state.
 */
import * as pulumi from "../../pulumiSdk";
import type { AdminClient } from "./adminClient";
import { kongTagProblem, sameTags } from "../../config";
import { containsUnknown, isUnknown, UNKNOWN } from "../unknownValue";
import { createAdminClient } from "./adminClient";

export { containsUnknown, isUnknown, sameTags, UNKNOWN };

/** How every Kong resource reaches the Admin API (args of each resource class). */
export interface KongConnectionArgs {
  /** Admin API base URL, e.g. http://127.0.0.1:8001. */
  readonly adminUrl: pulumi.Input<string>;
  /** Extra headers for every Admin API request (e.g. Kong-Admin-Token); kept secret in state. */
  readonly adminHeaders?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Tag put on every entity this stack owns, e.g. "kong-jwt-lab.dev". */
  readonly ownerTag: pulumi.Input<string>;
  /** Per-request timeout in ms (default 10000). */
  readonly adminTimeoutMs?: pulumi.Input<number>;
  /** Extra attempts on connection errors, 429 and 5xx (default 6). */
  readonly adminMaxRetries?: pulumi.Input<number>;
  /** First retry delay in ms, doubled per attempt up to 5 s (default 250). */
  readonly adminRetryBaseDelayMs?: pulumi.Input<number>;
  /**
   * Take over an existing UNTAGGED entity of the same natural key (adds the ownership tag, keeps
   * its id) instead of refusing it; see ./ownership.ts. Default false.
   */
  readonly adoptExisting?: pulumi.Input<boolean>;
}

/** The connection inputs as the provider sees them (plain values). */
export interface ConnectionInputs {
  adminUrl: string;
  adminHeaders?: Record<string, string>;
  ownerTag: string;
  adminTimeoutMs?: number;
  adminMaxRetries?: number;
  adminRetryBaseDelayMs?: number;
  adoptExisting?: boolean;
}

export interface CheckFailure {
  property: string;
  reason: string;
}

/**
 * Names of the connection inputs whose change is an update (diff never compares them field by
 * field: they say where, not what). `adoptExisting` is not among them: it matters only at create.
 */
export const CONNECTION_KEYS = [
  "adminUrl",
  "adminHeaders",
  "ownerTag",
  "adminTimeoutMs",
  "adminMaxRetries",
  "adminRetryBaseDelayMs",
];

/** The Admin API client of a resource's connection inputs (the one place that maps them). */
export function adminClientFor(
  c: Omit<ConnectionInputs, "ownerTag" | "adoptExisting">,
): AdminClient {
  return createAdminClient({
    baseUrl: c.adminUrl,
    headers: c.adminHeaders,
    timeoutMs: c.adminTimeoutMs,
    maxRetries: c.adminMaxRetries,
    retryBaseDelayMs: c.adminRetryBaseDelayMs,
  });
}

/** Validates the connection inputs; unknown values pass. */
export function checkConnection(news: Record<string, unknown>): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const url = news.adminUrl;
  if (!isUnknown(url)) {
    if (typeof url !== "string" || !/^https?:\/\/[^/\s]+/.test(url)) {
      failures.push({
        property: "adminUrl",
        reason: `adminUrl must be an http:// or https:// URL of Kong's Admin API, got ${JSON.stringify(url)}`,
      });
    }
  }
  const tag = news.ownerTag;
  if (!isUnknown(tag)) {
    const tagFailure = checkTag(tag);
    if (tagFailure) failures.push({ property: "ownerTag", reason: `ownerTag ${tagFailure}` });
  }
  const headers = news.adminHeaders;
  if (headers !== undefined && !isUnknown(headers)) {
    if (
      !headers ||
      typeof headers !== "object" ||
      Array.isArray(headers) ||
      Object.values(headers).some((v) => typeof v !== "string" && !isUnknown(v))
    ) {
      // Never echo the value: headers may hold a token.
      failures.push({
        property: "adminHeaders",
        reason: "adminHeaders must be an object mapping header names to string values",
      });
    }
  }
  const adopt = news.adoptExisting;
  if (adopt !== undefined && !isUnknown(adopt) && typeof adopt !== "boolean") {
    failures.push({
      property: "adoptExisting",
      reason: `adoptExisting must be true or false, got ${JSON.stringify(adopt)}`,
    });
  }
  for (const key of ["adminTimeoutMs", "adminMaxRetries", "adminRetryBaseDelayMs"]) {
    const v = news[key];
    if (
      v !== undefined &&
      !isUnknown(v) &&
      !(typeof v === "number" && Number.isInteger(v) && v >= 0)
    ) {
      failures.push({
        property: key,
        reason: `${key} must be a non-negative integer, got ${JSON.stringify(v)}`,
      });
    }
  }
  return failures;
}

/** A reason when `tag` is not a valid Kong tag (config/kongTag.ts has the rule), else undefined. */
export function checkTag(tag: unknown): string | undefined {
  const problem = kongTagProblem(tag);
  return problem === undefined ? undefined : `${problem}, got ${JSON.stringify(tag)}`;
}

/** Validates an optional list of user tags. */
export function checkTags(news: Record<string, unknown>, failures: CheckFailure[]): void {
  const tags = news.tags;
  if (tags === undefined || isUnknown(tags)) return;
  if (!Array.isArray(tags)) {
    failures.push({
      property: "tags",
      reason: `tags must be a list of strings, got ${JSON.stringify(tags)}`,
    });
    return;
  }
  tags.forEach((t, i) => {
    if (isUnknown(t)) return;
    const r = checkTag(t);
    if (r) failures.push({ property: `tags[${i}]`, reason: `tags[${i}] ${r}` });
  });
}

/** The value types {@link checkOptional} and {@link checkRequired} know. */
export type FieldKind = "string" | "boolean" | "integer" | "number" | "string[]";

/** Checks an optional field of a primitive type; unknown passes. */
export function checkOptional(
  news: Record<string, unknown>,
  failures: CheckFailure[],
  key: string,
  kind: FieldKind,
  extra?: (v: never) => string | undefined,
): void {
  const v = news[key];
  if (v === undefined || isUnknown(v)) return;
  let ok: boolean;
  switch (kind) {
    case "string":
      ok = typeof v === "string";
      break;
    case "boolean":
      ok = typeof v === "boolean";
      break;
    case "integer":
      ok = typeof v === "number" && Number.isInteger(v);
      break;
    case "number":
      ok = typeof v === "number" && Number.isFinite(v);
      break;
    case "string[]":
      ok = Array.isArray(v) && v.every((x) => typeof x === "string");
      break;
  }
  if (!ok) {
    const what =
      kind === "string[]" ? "a list of strings" : kind === "integer" ? "an integer" : `a ${kind}`;
    failures.push({ property: key, reason: `${key} must be ${what}, got ${JSON.stringify(v)}` });
    return;
  }
  const more = extra?.(v as never);
  if (more) failures.push({ property: key, reason: `${key} ${more}` });
}

/** Checks a required field; missing → failure; then as {@link checkOptional}. */
export function checkRequired(
  news: Record<string, unknown>,
  failures: CheckFailure[],
  key: string,
  kind: FieldKind,
  extra?: (v: never) => string | undefined,
): void {
  if (news[key] === undefined || news[key] === null || news[key] === "") {
    failures.push({ property: key, reason: `${key} is required` });
    return;
  }
  checkOptional(news, failures, key, kind, extra);
}

/** The user's tags plus the stack's ownership tag, without duplicates, order kept. */
export function withOwnerTag(tags: unknown, ownerTag: string): string[] {
  const list = Array.isArray(tags) ? tags.filter((t): t is string => typeof t === "string") : [];
  return list.includes(ownerTag) ? list : [...list, ownerTag];
}

/** The entity's tags without the stack's ownership tag: the user's tags as Kong has them. */
export function withoutOwnerTag(
  tags: readonly string[] | null | undefined,
  ownerTag: unknown,
): string[] {
  return (tags ?? []).filter((t) => t !== ownerTag);
}

/** Deep equality of JSON values (objects by keys, arrays by order). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) {
    if (!jsonEqual(ao[k], bo[k])) return false;
  }
  return true;
}

/**
 * Kong's value seen through the shape of what the user wrote: for objects, only the user's keys,
 * recursively; a key Kong does not know at all (absent from its answer, e.g. a field of a newer
 * Kong) keeps the user's value. Arrays and scalars are Kong's value.
 */
export function projectOnto(userValue: unknown, kongValue: unknown): unknown {
  if (
    userValue &&
    typeof userValue === "object" &&
    !Array.isArray(userValue) &&
    kongValue &&
    typeof kongValue === "object" &&
    !Array.isArray(kongValue)
  ) {
    const out: Record<string, unknown> = {};
    const k = kongValue as Record<string, unknown>;
    for (const [key, v] of Object.entries(userValue as Record<string, unknown>)) {
      out[key] = key in k ? projectOnto(v, k[key]) : v;
    }
    return out;
  }
  return kongValue;
}

/**
 * The names of the fields in `fields` whose desired value (news) differs from the recorded one
 * (olds). Unknown desired values count as changes.
 */
export function changedFields(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  fields: readonly string[],
  equal: Record<string, (a: unknown, b: unknown) => boolean> = {},
): string[] {
  const changed: string[] = [];
  for (const f of fields) {
    const n = news[f];
    const o = olds[f];
    if (containsUnknown(n)) {
      changed.push(f);
      continue;
    }
    const eq = equal[f] ?? jsonEqual;
    if (!eq(o ?? null, n ?? null)) changed.push(f);
  }
  return changed;
}

/** Drops keys whose value is undefined (Struct cannot carry them). */
export function compact<T extends Record<string, unknown>>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v !== undefined) out[k] = v;
  }
  return out as T;
}

/** The connection inputs of a property bag, for carrying into outputs (delete sees only outputs). */
export function connectionOf(props: Record<string, unknown>): ConnectionInputs {
  return compact({
    adminUrl: props.adminUrl as string,
    adminHeaders: props.adminHeaders as Record<string, string> | undefined,
    ownerTag: props.ownerTag as string,
    adminTimeoutMs: props.adminTimeoutMs as number | undefined,
    adminMaxRetries: props.adminMaxRetries as number | undefined,
    adminRetryBaseDelayMs: props.adminRetryBaseDelayMs as number | undefined,
    adoptExisting: props.adoptExisting as boolean | undefined,
  });
}

/** The warning sink of a provider: the dynamic-provider host forwards stderr to the engine. */
export function warn(message: string): void {
  console.warn(`warning: ${message}`);
}
