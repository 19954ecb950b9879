/**
 * The ONE ownership rule for every Kong write of this stack (per-entity providers and
 * KongConsumerSet alike):
 *
 * - an entity carrying the stack's ownership tag is the stack's: it may be updated or deleted;
 * - an entity WITHOUT any tag may be taken over only when the stack adopts existing entities
 *   (config `adoptExisting`): the write adds the ownership tag and keeps the entity's id;
 * - anything else (another owner's tag, other tags, or untagged without adoption) is never
 *   modified, moved or deleted: the write stops with a {@link NotOwnedError} naming the entity,
 *   its tags and the ways out, before anything is written.
 *
 * Pure: no I/O, no module-level state (the providers capture this module by value).
 */

/** What the stack may do with an entity that already exists in Kong. */
export type Ownership = "owned" | "adoptable" | "foreign";

/** The stack's side of the rule: its ownership tag and whether it adopts untagged entities. */
export interface OwnershipPolicy {
  readonly ownerTag: string;
  readonly adoptExisting: boolean;
}

/** The tags of an entity as Kong answers them (null and absent mean none). */
export function tagsOf(entity: { tags?: unknown }): string[] {
  return Array.isArray(entity.tags) ? entity.tags.filter((t) => typeof t === "string") : [];
}

/** True when the entity carries `ownerTag`. */
export function isOwned(entity: { tags?: unknown }, ownerTag: string): boolean {
  return tagsOf(entity).includes(ownerTag);
}

/** The rule: owned by its tag; adoptable when untagged and the stack adopts; else foreign. */
export function ownershipOf(entity: { tags?: unknown }, policy: OwnershipPolicy): Ownership {
  if (isOwned(entity, policy.ownerTag)) return "owned";
  if (policy.adoptExisting && tagsOf(entity).length === 0) return "adoptable";
  return "foreign";
}

/** An existing entity the stack may not write: names it, its tags, why, and the ways out. */
export class NotOwnedError extends Error {
  constructor(
    /** e.g. `consumer "alice"`. */
    readonly entity: string,
    /** Kong's id of the entity. */
    readonly entityId: string | undefined,
    readonly tags: readonly string[],
    readonly ownerTag: string,
    /** What makes it someone else's, when more than its tags (e.g. held by another consumer). */
    readonly reason?: string,
  ) {
    super(notOwnedMessage(entity, entityId, tags, ownerTag, reason));
    // Set again: in a serialized provider the class calls Error as a function, which sets nothing.
    this.message = notOwnedMessage(entity, entityId, tags, ownerTag, reason);
    this.name = "NotOwnedError";
  }

  override toString(): string {
    return `${this.name}: ${this.message}`;
  }
}

function notOwnedMessage(
  entity: string,
  entityId: string | undefined,
  tags: readonly string[],
  ownerTag: string,
  reason: string | undefined,
): string {
  const untagged = tags.length === 0;
  const ways = [
    "delete or rename it in Kong",
    "give this stack's entity another name or key",
    `add the tag "${ownerTag}" to it in Kong to let this stack own it`,
  ];
  if (untagged && reason === undefined) {
    ways.push(
      "or set `pulumi config set adoptExisting true` to adopt it (the stack then owns it: destroy deletes it)",
    );
  }
  return (
    `${entity} already exists in Kong (id ${String(entityId)}) and is not tagged "${ownerTag}" ` +
    `(its tags: ${JSON.stringify(tags)})${reason ? `; ${reason}` : ""}. Refusing to modify, move or ` +
    `delete an entity this stack does not own. Ways out: ${ways.join("; ")}.`
  );
}

/**
 * The ownership of `entity` under `policy`, or a NotOwnedError when the stack may not write it.
 * `reason` marks the entity foreign whatever its tags (e.g. a credential held by another consumer).
 */
export function ownershipForWrite(
  what: string,
  entity: { id?: unknown; tags?: unknown },
  policy: OwnershipPolicy,
  reason?: string,
): "owned" | "adoptable" {
  const ownership = reason === undefined ? ownershipOf(entity, policy) : "foreign";
  if (ownership === "foreign") {
    throw new NotOwnedError(
      what,
      entity.id === undefined ? undefined : String(entity.id),
      tagsOf(entity),
      policy.ownerTag,
      reason,
    );
  }
  return ownership;
}

/** Several refusals of one apply, reported together (nothing was written). */
export class OwnershipConflictError extends Error {
  constructor(readonly conflicts: readonly NotOwnedError[]) {
    super(conflictsMessage(conflicts));
    this.message = conflictsMessage(conflicts); // see NotOwnedError
    this.name = "OwnershipConflictError";
  }

  override toString(): string {
    return `${this.name}: ${this.message}`;
  }
}

function conflictsMessage(conflicts: readonly NotOwnedError[]): string {
  return conflicts.length === 1
    ? `${conflicts[0]!.message} Nothing was written.`
    : `${conflicts.length} entities are not this stack's; nothing was written:\n` +
        conflicts.map((c) => `  - ${c.message}`).join("\n");
}
