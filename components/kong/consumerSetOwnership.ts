/**
 * The ownership rule (./ownership.ts) applied to a KongConsumerSet plan, before any write:
 *
 * - a wanted consumer or credential key that Kong holds OUTSIDE the set's member-tag listing is
 *   looked up (one GET each; an unchanged set costs nothing): an untagged one is adopted when the
 *   set adopts existing entities, anything else (another owner's, another resource of this stack,
 *   a credential held by a consumer other than the wanted one) stops the apply;
 * - a consumer the set deletes must hold no JWT credential the set does not own (Kong would delete
 *   it with the consumer).
 *
 * Every conflict is collected and thrown as one OwnershipConflictError: nothing is written.
 */
import type { AdminClient } from "./adminClient";
import {
  type ActualSet,
  type ConsumerSetPlan,
  type DesiredSet,
  type KongJwtCredential,
  credentialsOf,
} from "./consumerSetPlan";
import {
  NotOwnedError,
  OwnershipConflictError,
  type OwnershipPolicy,
  ownershipForWrite,
  tagsOf,
} from "./ownership";

interface Found {
  readonly id: string;
  readonly tags?: readonly string[] | null;
  readonly consumer?: { readonly id: string } | null;
}

async function find(kong: AdminClient, path: string, entity: string): Promise<Found | undefined> {
  const res = await kong.request<Found>({ method: "GET", path, entity, okStatuses: [200, 404] });
  return res.status === 200 ? res.data : undefined;
}

/** Runs `task` over `items`, at most `limit` at a time. */
async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Throws OwnershipConflictError when the plan would modify, move or delete an entity the set does
 * not own. `policy.adoptExisting` lets it take over untagged consumers and credentials.
 */
export async function checkSetOwnership(
  kong: AdminClient,
  desired: DesiredSet,
  actual: ActualSet,
  plan: ConsumerSetPlan,
  policy: OwnershipPolicy,
  concurrency: number,
): Promise<void> {
  const conflicts: NotOwnedError[] = [];
  const seg = encodeURIComponent;
  const memberUsernames = new Set(actual.consumers.map((c) => c.username));
  const memberKeys = new Set(actual.credentials.map((c) => c.key));
  const memberConsumerIds = new Map(actual.consumers.map((c) => [c.username, c.id]));
  const notMember = `it lacks the set's member tag "${desired.memberTag}": another resource of this stack manages it`;

  /** The rule, plus: an owned entity outside the set belongs to another resource of the stack. */
  const judge = (what: string, entity: Found, reason?: string) => {
    try {
      const ownership = ownershipForWrite(what, entity, policy, reason);
      if (ownership === "owned") {
        throw new NotOwnedError(what, entity.id, tagsOf(entity), desired.memberTag, notMember);
      }
    } catch (e) {
      if (e instanceof NotOwnedError) conflicts.push(e);
      else throw e;
    }
  };

  const consumerIds = new Map(memberConsumerIds);
  const outsideConsumers = desired.consumers.filter((c) => !memberUsernames.has(c.username));
  await eachLimited(outsideConsumers, concurrency, async (c) => {
    const what = `consumer "${c.username}"`;
    const found = await find(kong, `/consumers/${seg(c.username)}`, what);
    if (!found) return;
    consumerIds.set(c.username, found.id);
    judge(what, found);
  });

  const outsideKeys = desired.consumers.flatMap((c) =>
    credentialsOf(c)
      .filter((k) => !memberKeys.has(k.key))
      .map((k) => ({ username: c.username, key: k.key })),
  );
  await eachLimited(outsideKeys, concurrency, async ({ username, key }) => {
    const what = `JWT credential "${key}"`;
    const found = await find(kong, `/jwts/${seg(key)}`, what);
    if (!found) return;
    const holder = found.consumer?.id;
    const wantedHolder = consumerIds.get(username);
    judge(
      what,
      found,
      holder !== undefined && holder !== wantedHolder
        ? `it belongs to another consumer (id ${holder}) and credential keys are unique across consumers`
        : undefined,
    );
  });

  const deleted = plan.deletions.flatMap((w) => (w.kind === "deleteConsumer" ? [w] : []));
  await eachLimited(deleted, concurrency, async (w) => {
    const held = await kong.list<KongJwtCredential>(`/consumers/${seg(w.consumerId)}/jwt`, {
      entity: `JWT credentials of consumer "${w.username}"`,
    });
    for (const cred of held) {
      if (!tagsOf(cred).includes(desired.memberTag)) {
        conflicts.push(
          new NotOwnedError(
            `JWT credential "${cred.key}"`,
            cred.id,
            tagsOf(cred),
            desired.memberTag,
            `removing consumer "${w.username}" from the set would delete it with the consumer`,
          ),
        );
      }
    }
  });

  if (conflicts.length > 0) throw new OwnershipConflictError(conflicts);
}
