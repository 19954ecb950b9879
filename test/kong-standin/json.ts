/**
 * JSON value types shared by the Kong stand-in, a TEST DOUBLE that reproduces recorded Kong
 * Admin API / proxy behaviour (transcripts/). It is not Kong.
 */
export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function clone<T extends Json>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Merges `patch` into `base` recursively for records; arrays and scalars replace. */
export function deepMerge(base: JsonObject, patch: JsonObject): JsonObject {
  const out: JsonObject = clone(base);
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    out[key] = isObject(current) && isObject(value) ? deepMerge(current, value) : clone(value);
  }
  return out;
}
