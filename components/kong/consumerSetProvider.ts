/**
 * Dynamic provider of KongConsumerSet: one resource for a whole set of consumers with their JWT
 * credentials. create/update/read list Kong's state under the set's member tag (two paginated,
 * tag-filtered listings: /consumers and /jwts, 1,000 per page; a create of a large set lists both
 * collections in full instead, see listForApply), compute the difference with
 * consumerSetPlan.ts, and apply only that, in parallel (bounded concurrency, one write per entity
 * that differs). Plain values only; axios and crypto are required inside the methods (through
 * adminClient.ts); no module-level state.
 */
import type * as pulumi from "../../pulumiSdk";
import type { AdminClient } from "./adminClient";
import {
  type ActualSet,
  type ConsumerSetWrite,
  type DesiredSet,
  type FingerprintDifference,
  type Fingerprints,
  type KongConsumer,
  type KongJwtCredential,
  compareFingerprints,
  desiredFingerprints,
  observedFingerprints,
  planConsumerSet,
  planSize,
  validateConsumers,
} from "./consumerSetPlan";
import { UNKNOWN } from "../unknownValue";
import {
  LIST_INSTEAD_OF_GETS,
  type WholeCollections,
  checkSetOwnership,
} from "./consumerSetOwnership";
import { tagsOf } from "./ownership";
import { adminClientFor, checkConnection, checkTag } from "./providerSupport";
import { decodeConsumers, decodeSecrets } from "./consumerSetWire";
import { runBounded } from "./boundedParallel";

export const DEFAULT_CONSUMER_SET_CONCURRENCY = 10;

export interface ConsumerSetInputs {
  adminUrl: string;
  adminHeaders?: Record<string, string>;
  /** The stack's ownership tag, put on every entity. */
  ownerTag: string;
  /** The set's own tag: every consumer carrying it and not wanted is deleted. */
  memberTag: string;
  /** One JSON row per consumer (see consumerSetWire.ts). */
  consumers: string[];
  /** JSON text of credential key → secret (see consumerSetWire.ts); a secret input. */
  secrets: string;
  /** Parallel writes, 1..64 (default 10). */
  concurrency?: number;
  /** Take over untagged consumers and credentials of the wanted names and keys (./ownership.ts). */
  adoptExisting?: boolean;
}

/** What the last create/update did (read reports what it found, not what it wrote). */
export interface ConsumerSetApplyStats {
  readonly writes: number;
  readonly consumersPut: number;
  readonly credentialsPut: number;
  readonly consumersDeleted: number;
  readonly credentialsDeleted: number;
}

/**
 * The set's state is compact: the consumers and secrets are not echoed back (the engine keeps the
 * inputs anyway); a per-consumer fingerprint stands for them.
 */
export interface ConsumerSetOutputs {
  adminUrl: string;
  adminHeaders?: Record<string, string>;
  ownerTag: string;
  memberTag: string;
  concurrency?: number;
  adoptExisting?: boolean;
  consumerCount: number;
  /** username → fingerprint of what the last create/update applied; a secret output. */
  fingerprints: Fingerprints;
  /** What the last read (refresh) found in Kong that differs from `fingerprints`; empty after an apply. */
  drift: FingerprintDifference;
  lastApply: ConsumerSetApplyStats;
}

type Failure = { property: string; reason: string };

function checkInputs(news: ConsumerSetInputs): Failure[] {
  // adminUrl, adminHeaders, ownerTag, adoptExisting: the same rules as every Kong resource.
  const failures: Failure[] = checkConnection(news as unknown as Record<string, unknown>);
  const known = (v: unknown) => v !== UNKNOWN;
  const memberTagFailure = known(news.memberTag) ? checkTag(news.memberTag) : undefined;
  if (memberTagFailure) {
    failures.push({ property: "memberTag", reason: `memberTag ${memberTagFailure}` });
  }
  const c = news.concurrency;
  if (c !== undefined && known(c) && (!Number.isInteger(c) || c < 1 || c > 64)) {
    failures.push({
      property: "concurrency",
      reason: "concurrency must be an integer from 1 to 64",
    });
  }
  let secrets: Record<string, string> | undefined;
  if (known(news.secrets)) {
    const decoded = decodeSecrets(news.secrets);
    for (const reason of decoded.problems) failures.push({ property: "secrets", reason });
    secrets = decoded.problems.length === 0 ? decoded.secrets : undefined;
  }
  if (known(news.consumers)) {
    const decoded = decodeConsumers(news.consumers);
    for (const reason of decoded.problems) failures.push({ property: "consumers", reason });
    // Secrets unknown at preview (or unreadable, reported above): check only the consumers.
    const secretsForCheck = secrets ?? (UNKNOWN as unknown as Record<string, string>);
    for (const reason of validateConsumers(decoded.consumers, secretsForCheck)) {
      failures.push({ property: "consumers", reason });
    }
  }
  return failures;
}

/** The set the inputs describe (check has validated them; a bad row here is a bug). */
function desiredOf(inputs: ConsumerSetInputs): DesiredSet {
  const consumers = decodeConsumers(inputs.consumers);
  const secrets = decodeSecrets(inputs.secrets);
  const problems = [...consumers.problems, ...secrets.problems];
  if (problems.length > 0) throw new Error(`consumer set: ${problems.join("; ")}`);
  return {
    ownerTag: inputs.ownerTag,
    memberTag: inputs.memberTag,
    consumers: consumers.consumers,
    secrets: secrets.secrets,
  };
}

function sha256(text: string): string {
  const crypto = require("crypto") as typeof import("crypto");
  return crypto.createHash("sha256").update(text).digest("hex");
}

/** Fingerprint digest: 64 bits of SHA-256 (the text is salted with the member tag and username). */
function shortDigest(text: string): string {
  return sha256(text).slice(0, 16);
}

const NO_DRIFT: FingerprintDifference = {
  missing: [],
  unexpected: [],
  fieldsChanged: [],
  secretsChanged: [],
};

/** Where and how to reach the Admin API: taken from the inputs, or from the state (read, delete). */
type Connection = Pick<
  ConsumerSetInputs,
  "adminUrl" | "adminHeaders" | "concurrency" | "adoptExisting"
>;

function clientFor(connection: Connection): AdminClient {
  return adminClientFor(connection);
}

async function listActual(kong: AdminClient, memberTag: string): Promise<ActualSet> {
  const tag = encodeURIComponent(memberTag);
  const [consumers, credentials] = await Promise.all([
    kong.list<KongConsumer>(`/consumers?tags=${tag}`, {
      entity: `consumers tagged "${memberTag}"`,
    }),
    kong.list<KongJwtCredential>(`/jwts?tags=${tag}`, {
      entity: `JWT credentials tagged "${memberTag}"`,
      // Kong answers the secrets in plaintext; they never go into an error message.
    }),
  ]);
  return { consumers, credentials };
}

/**
 * What an apply starts from: the set's members, and, in a create of more than
 * LIST_INSTEAD_OF_GETS consumers, /consumers and /jwts in full. There nearly every wanted name lies
 * outside the member listing, so the ownership check would list both collections anyway: listing
 * them once, in parallel, and taking the members from them saves a round of listings before the
 * first write.
 */
async function listForApply(
  kong: AdminClient,
  desired: DesiredSet,
  isCreate: boolean,
): Promise<{ actual: ActualSet; whole?: WholeCollections }> {
  if (!isCreate || desired.consumers.length <= LIST_INSTEAD_OF_GETS) {
    return { actual: await listActual(kong, desired.memberTag) };
  }
  const what = `(to check the ownership of ${desired.consumers.length} wanted consumers)`;
  const [consumers, credentials] = await Promise.all([
    kong.list<KongConsumer & Record<string, unknown>>("/consumers", {
      entity: `consumers ${what}`,
    }),
    kong.list<KongJwtCredential & Record<string, unknown>>("/jwts", {
      entity: `JWT credentials ${what}`,
    }),
  ]);
  const member = (e: { tags?: unknown }) => tagsOf(e).includes(desired.memberTag);
  return {
    actual: { consumers: consumers.filter(member), credentials: credentials.filter(member) },
    whole: { consumers, credentials },
  };
}

async function runWrite(kong: AdminClient, w: ConsumerSetWrite): Promise<void> {
  const seg = encodeURIComponent;
  switch (w.kind) {
    case "putConsumer":
      await kong.request({
        method: "PUT",
        path: `/consumers/${seg(w.username)}`,
        body: { username: w.username, ...w.body },
        entity: `consumer "${w.username}"`,
      });
      return;
    case "putCredential":
      await kong.request({
        method: "PUT",
        path: `/consumers/${seg(w.username)}/jwt/${seg(w.key)}`,
        body: { key: w.key, ...w.body },
        entity: `JWT credential "${w.key}" of consumer "${w.username}"`,
        redact: w.body.secret === undefined ? [] : [w.body.secret],
      });
      return;
    case "deleteConsumer":
      await kong.request({
        method: "DELETE",
        path: `/consumers/${seg(w.consumerId)}`,
        entity: `consumer "${w.username}"`,
        okStatuses: [200, 204, 404],
      });
      return;
    case "deleteCredential":
      await kong.request({
        method: "DELETE",
        path: `/consumers/${seg(w.consumerId)}/jwt/${seg(w.credentialId)}`,
        entity: `JWT credential "${w.key}"`,
        okStatuses: [200, 204, 404],
      });
      return;
  }
}

/**
 * Runs `task` over `items` with at most `limit` in flight (runBounded); then one error names how
 * many failed and the first reasons.
 */
async function inParallel<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  const failures = await runBounded(items, limit, task);
  if (failures.length > 0) {
    const reasons = failures.map((e) => (e instanceof Error ? e.message : String(e)));
    throw new Error(
      `consumer set: ${failures.length} write(s) failed; a re-run applies what is still missing. ` +
        reasons.slice(0, 3).join(" | "),
    );
  }
}

/** Makes Kong hold exactly the desired set; returns what it wrote. */
async function applySet(
  connection: Connection,
  desired: DesiredSet,
  isCreate = false,
): Promise<ConsumerSetApplyStats> {
  const kong = clientFor(connection);
  const { actual, whole } = await listForApply(kong, desired, isCreate);
  const plan = planConsumerSet(desired, actual);
  const limit = connection.concurrency ?? DEFAULT_CONSUMER_SET_CONCURRENCY;
  const policy = { ownerTag: desired.ownerTag, adoptExisting: connection.adoptExisting === true };
  await checkSetOwnership(kong, desired, actual, plan, policy, limit, whole);
  await inParallel(plan.deletions, limit, (w) => runWrite(kong, w));
  await inParallel(plan.upserts, limit, async (chain) => {
    for (const w of chain) await runWrite(kong, w);
  });
  const all = [...plan.deletions, ...plan.upserts.flat()];
  const count = (kind: ConsumerSetWrite["kind"]) => all.filter((w) => w.kind === kind).length;
  return {
    writes: planSize(plan),
    consumersPut: count("putConsumer"),
    credentialsPut: count("putCredential"),
    consumersDeleted: count("deleteConsumer"),
    credentialsDeleted: count("deleteCredential"),
  };
}

function outputsOf(
  inputs: ConsumerSetInputs,
  desired: DesiredSet,
  lastApply: ConsumerSetApplyStats,
): ConsumerSetOutputs {
  return {
    adminUrl: inputs.adminUrl,
    ...(inputs.adminHeaders ? { adminHeaders: inputs.adminHeaders } : {}),
    ownerTag: inputs.ownerTag,
    memberTag: inputs.memberTag,
    ...(inputs.concurrency !== undefined ? { concurrency: inputs.concurrency } : {}),
    ...(inputs.adoptExisting !== undefined ? { adoptExisting: inputs.adoptExisting } : {}),
    consumerCount: desired.consumers.length,
    fingerprints: desiredFingerprints(desired, shortDigest),
    drift: NO_DRIFT,
    lastApply,
  };
}

const NOTHING_APPLIED: ConsumerSetApplyStats = {
  writes: 0,
  consumersPut: 0,
  credentialsPut: 0,
  consumersDeleted: 0,
  credentialsDeleted: 0,
};

export const consumerSetProvider: pulumi.dynamic.ResourceProvider<
  ConsumerSetInputs,
  ConsumerSetOutputs
> = {
  async check(_olds: ConsumerSetInputs, news: ConsumerSetInputs) {
    const failures = checkInputs(news);
    return failures.length > 0 ? { inputs: news, failures } : { inputs: news };
  },

  async diff(_id: string, olds: ConsumerSetOutputs, news: ConsumerSetInputs) {
    if (olds.memberTag !== news.memberTag) {
      return { changes: true, replaces: ["memberTag"], deleteBeforeReplace: false };
    }
    const unknown = (v: unknown) => v === UNKNOWN;
    if ([news.adminUrl, news.ownerTag, news.consumers, news.secrets].some(unknown)) {
      return { changes: true };
    }
    const changed = new Set<string>();
    if (olds.adminUrl !== news.adminUrl) changed.add("adminUrl");
    if (olds.ownerTag !== news.ownerTag) changed.add("ownerTag");
    if ((olds.concurrency ?? null) !== (news.concurrency ?? null)) changed.add("concurrency");
    if (
      sha256(JSON.stringify(olds.adminHeaders ?? {})) !==
      sha256(JSON.stringify(news.adminHeaders ?? {}))
    ) {
      changed.add("adminHeaders");
    }
    // Consumers and secrets are compared by fingerprint: no secret appears in a diff or a
    // message. Drift found by the last refresh counts as a change to repair.
    const wantedPrints = desiredFingerprints(desiredOf(news), shortDigest);
    const wanted = compareFingerprints(wantedPrints, olds.fingerprints ?? {});
    for (const d of [wanted, olds.drift ?? NO_DRIFT]) {
      if (d.missing.length + d.unexpected.length + d.fieldsChanged.length > 0) {
        changed.add("consumers");
      }
      if (d.secretsChanged.length > 0) changed.add("secrets");
    }
    return {
      changes: changed.size > 0,
      detailedDiff: Object.fromEntries([...changed].map((k) => [k, { kind: "update" as const }])),
    };
  },

  async create(inputs: ConsumerSetInputs) {
    // Adoption is built in: whatever an interrupted run left under the member tag is kept as is.
    const desired = desiredOf(inputs);
    const lastApply = await applySet(inputs, desired, true);
    return {
      id: `consumer-set/${inputs.memberTag}`,
      outs: outputsOf(inputs, desired, lastApply),
    };
  },

  async read(id: string, props?: ConsumerSetOutputs) {
    if (!props) return { id, props };
    const actual = await listActual(clientFor(props), props.memberTag);
    const recorded = props.fingerprints ?? {};
    const observed = observedFingerprints(props, actual, shortDigest);
    const observedCount = Object.keys(observed).length;
    if (observedCount === 0 && Object.keys(recorded).length > 0) {
      return { id: "", props: {} as ConsumerSetOutputs };
    }
    return {
      id,
      props: {
        ...props,
        consumerCount: observedCount,
        fingerprints: recorded,
        drift: compareFingerprints(recorded, observed),
        lastApply: props.lastApply ?? NOTHING_APPLIED,
      },
    };
  },

  async update(_id: string, _olds: ConsumerSetOutputs, news: ConsumerSetInputs) {
    const desired = desiredOf(news);
    const lastApply = await applySet(news, desired);
    return { outs: outputsOf(news, desired, lastApply) };
  },

  async delete(_id: string, olds: ConsumerSetOutputs) {
    // Everything under the member tag goes; 404s (already gone) count as done.
    await applySet(olds, {
      ownerTag: olds.ownerTag,
      memberTag: olds.memberTag,
      consumers: [],
      secrets: {},
    });
  },
};
