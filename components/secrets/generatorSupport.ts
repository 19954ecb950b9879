/**
 * What the generators of this folder (GeneratedPassword, GeneratedKeyPair) share: the engine's
 * unknown-value placeholder and the `requireExisting` guard.
 */

/** The engine's placeholder for a value not known yet (at preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * The check failure of a generator asked to keep existing material only: `requireExisting` (the
 * reason to give) is set and the resource is new (its old inputs lack `oldField`). Generated
 * material that must verify what was signed before cannot be made anew; the preview stops here.
 */
export function requireExistingFailure(
  olds: object,
  oldField: string,
  requireExisting: unknown,
): { property: string; reason: string }[] {
  const isNew = (olds as Record<string, unknown>)[oldField] === undefined;
  if (isNew && typeof requireExisting === "string" && requireExisting !== UNKNOWN) {
    return [{ property: "requireExisting", reason: requireExisting }];
  }
  return [];
}
