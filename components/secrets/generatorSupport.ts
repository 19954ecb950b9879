/**
 * What the generators of this folder (GeneratedPassword, GeneratedKeyPair) share: the
 * `requireExisting` guard.
 */
import { isUnknown } from "../unknownValue";

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
  if (isNew && typeof requireExisting === "string" && !isUnknown(requireExisting)) {
    return [{ property: "requireExisting", reason: requireExisting }];
  }
  return [];
}
