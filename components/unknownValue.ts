/**
 * The engine's placeholder for a value not known yet: at preview, a dynamic provider's check and
 * diff receive this string wherever an input depends on a resource that does not exist yet,
 * whatever the input's declared type. Every provider of the project (components/kong,
 * components/secrets) recognises it through this module only.
 */

/** The engine's placeholder for a value not known yet (at preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(v: unknown): boolean {
  return v === UNKNOWN;
}

/** True when `v` or anything inside it is the unknown sentinel. */
export function containsUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (v && typeof v === "object") return Object.values(v).some(containsUnknown);
  return false;
}
