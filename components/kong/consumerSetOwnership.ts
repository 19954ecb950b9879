/**
 * The ownership rule (./ownership.ts) applied to a KongConsumerSet plan, before any write:
 *
 * - a wanted consumer or credential key that Kong holds OUTSIDE the set's member-tag listing is
 *   looked up (one GET each, or, past LIST_INSTEAD_OF_GETS of them, one paginated listing of the
 *   collection; an unchanged set costs nothing): an untagged one is adopted when the
 *   set adopts existing entities, anything else (another owner's, another resource of this stack,
 *   a credential held by a consumer other than the wanted one) stops the apply;
 * - a consumer the set deletes must hold no JWT credential the set does not own (Kong would delete
 *   it with the consumer): one listing of its credentials each, or, past LIST_INSTEAD_OF_GETS
 *   deleted consumers, one listing of /jwts.
 *
 * Every conflict is collected and thrown as one OwnershipConflictError: nothing is written.
 *
 * When the caller has already listed both collections in full (a create of a large set, see
 * consumerSetProvider.ts), the check reads those listings and sends no request of its own for the
 * wanted names.
 */
import type { AdminClient } from "./adminClient";
import { runBounded } from "./boundedParallel";
import {
  type ActualSet,
  type ConsumerSetPlan,
  type DesiredSet,
  type KongConsumer,
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

/** Kong's /consumers and /jwts in full (every tag), when the caller has listed them already. */
export interface WholeCollections {
  readonly consumers: readonly (KongConsumer & Record<string, unknown>)[];
  readonly credentials: readonly (KongJwtCredential & Record<string, unknown>)[];
}

interface Found {
  readonly id: string;
  readonly tags?: readonly string[] | null;
  readonly consumer?: { readonly id: string } | null;
}

async function find(kong: AdminClient, path: string, entity: string): Promise<Found | undefined> {
  const res = await kong.request<Found>({ method: "GET", path, entity, okStatuses: [200, 404] });
  return res.status === 200 ? res.data : undefined;
}

/**
 * Past this many look-ups in one collection, listing the whole collection (1,000 per page) costs
 * fewer requests than a GET each, unless Kong holds more than a thousand times as many entities.
 */
export const LIST_INSTEAD_OF_GETS = 100;

/**
 * The whole of `collection` (e.g. "/jwts") for `count` look-ups: `listed` when the caller has it,
 * else one listing (1,000 per page) past LIST_INSTEAD_OF_GETS look-ups; undefined below that,
 * where one request per look-up is cheaper.
 */
async function wholeCollection<T>(
  kong: AdminClient,
  collection: string,
  count: number,
  listed: readonly T[] | undefined,
  entity: string,
): Promise<readonly T[] | undefined> {
  if (listed !== undefined) return listed;
  if (count <= LIST_INSTEAD_OF_GETS) return undefined;
  return kong.list<T>(collection, { entity });
}

/**
 * The entities of `collection` (e.g. "/consumers") whose natural key (`keyOf`) is among `names`:
 * from the whole collection (wholeCollection), or a GET of `collection/<name>` each.
 */
async function findAll(
  kong: AdminClient,
  collection: string,
  names: readonly string[],
  keyOf: (entity: Found & Record<string, unknown>) => unknown,
  what: (name: string) => string,
  concurrency: number,
  listed: readonly (Found & Record<string, unknown>)[] | undefined,
): Promise<Map<string, Found>> {
  const found = new Map<string, Found>();
  const all = await wholeCollection(
    kong,
    collection,
    names.length,
    listed,
    `${collection.slice(1)} (to check the ownership of ${names.length} wanted ones)`,
  );
  if (all !== undefined) {
    const wanted = new Set(names);
    for (const entity of all) {
      const key = keyOf(entity);
      if (typeof key === "string" && wanted.has(key)) found.set(key, entity);
    }
    return found;
  }
  await eachLimited(names, concurrency, async (name) => {
    const entity = await find(kong, `${collection}/${encodeURIComponent(name)}`, what(name));
    if (entity) found.set(name, entity);
  });
  return found;
}

/** Runs `task` over `items`, at most `limit` at a time (runBounded); the first failure is thrown. */
async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  const failures = await runBounded(items, limit, task);
  if (failures.length > 0) throw failures[0];
}

/**
 * Throws OwnershipConflictError when the plan would modify, move or delete an entity the set does
 * not own. `policy.adoptExisting` lets it take over untagged consumers and credentials. `whole`:
 * both collections in full, when the caller has listed them (no look-up request is then sent).
 */
export async function checkSetOwnership(
  kong: AdminClient,
  desired: DesiredSet,
  actual: ActualSet,
  plan: ConsumerSetPlan,
  policy: OwnershipPolicy,
  concurrency: number,
  whole?: WholeCollections,
): Promise<void> {
  const conflicts: NotOwnedError[] = [];
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
  const consumerWhat = (username: string) => `consumer "${username}"`;
  const foundConsumers = await findAll(
    kong,
    "/consumers",
    outsideConsumers.map((c) => c.username),
    (e) => e.username,
    consumerWhat,
    concurrency,
    whole?.consumers,
  );
  for (const [username, found] of foundConsumers) {
    consumerIds.set(username, found.id);
    judge(consumerWhat(username), found);
  }

  const outsideKeys = desired.consumers.flatMap((c) =>
    credentialsOf(c)
      .filter((k) => !memberKeys.has(k.key))
      .map((k) => ({ username: c.username, key: k.key })),
  );
  const keyWhat = (key: string) => `JWT credential "${key}"`;
  const foundKeys = await findAll(
    kong,
    "/jwts",
    outsideKeys.map((k) => k.key),
    (e) => e.key,
    keyWhat,
    concurrency,
    whole?.credentials,
  );
  for (const { username, key } of outsideKeys) {
    const found = foundKeys.get(key);
    if (!found) continue;
    const what = keyWhat(key);
    const holder = found.consumer?.id;
    const wantedHolder = consumerIds.get(username);
    judge(
      what,
      found,
      holder !== undefined && holder !== wantedHolder
        ? `it belongs to another consumer (id ${holder}) and credential keys are unique across consumers`
        : undefined,
    );
  }

  const deleted = plan.deletions.flatMap((w) => (w.kind === "deleteConsumer" ? [w] : []));
  const held = await credentialsHeldBy(kong, deleted, concurrency, whole?.credentials);
  for (const w of deleted) {
    for (const cred of held.get(w.consumerId) ?? []) {
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
  }

  if (conflicts.length > 0) throw new OwnershipConflictError(conflicts);
}

/**
 * The JWT credentials each of `consumers` holds, by consumer id: from all of /jwts
 * (wholeCollection: a large shrink or destroy reads 10 pages for 10,000 credentials instead of
 * sending 10,000 requests), or one listing per consumer.
 */
async function credentialsHeldBy(
  kong: AdminClient,
  consumers: readonly { readonly consumerId: string; readonly username: string }[],
  concurrency: number,
  listed: readonly KongJwtCredential[] | undefined,
): Promise<Map<string, KongJwtCredential[]>> {
  const held = new Map<string, KongJwtCredential[]>();
  if (consumers.length === 0) return held;
  const all = await wholeCollection(
    kong,
    "/jwts",
    consumers.length,
    listed,
    `jwts (the credentials of ${consumers.length} consumers to delete)`,
  );
  if (all !== undefined) {
    const ids = new Set(consumers.map((c) => c.consumerId));
    for (const cred of all) {
      const holder = cred.consumer?.id;
      if (holder === undefined || !ids.has(holder)) continue;
      const list = held.get(holder) ?? [];
      list.push(cred);
      held.set(holder, list);
    }
    return held;
  }
  await eachLimited(consumers, concurrency, async (c) => {
    held.set(
      c.consumerId,
      await kong.list<KongJwtCredential>(`/consumers/${encodeURIComponent(c.consumerId)}/jwt`, {
        entity: `JWT credentials of consumer "${c.username}"`,
      }),
    );
  });
  return held;
}
