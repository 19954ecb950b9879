/**
 * The pure half of KongConsumerSet: given the consumers (each with an optional JWT credential) a
 * set should hold and what Kong holds under the set's member tag, compute the writes that make
 * Kong match, and nothing else. No I/O here; components/kong/consumerSetProvider.ts lists Kong's
 * state and applies the plan.
 *
 * Writes are upserts by natural key (PUT /consumers/{username}, PUT /consumers/{username}/jwt/{key})
 * so a run interrupted half-way converges on the next one. PUT replaces the entity, so every body
 * carries every field the set manages.
 */
import {
  kongTagProblem,
  sameTags,
  checkJwtCredential,
  isHmacAlgorithm,
  type HmacAlgorithm,
  type JwtAlgorithm,
} from "../../config";
import { UNKNOWN } from "../unknownValue";

export type { HmacAlgorithm };

/** One JWT credential of a set's consumer; an HS* credential's secret is in the set's secrets. */
export interface ConsumerCredentialSpec {
  readonly key: string;
  readonly algorithm: JwtAlgorithm;
  /** PEM public key (RS* and ES* only). */
  readonly rsaPublicKey?: string;
}

export interface ConsumerSpec {
  readonly username: string;
  readonly customId?: string;
  /** Extra tags; the set adds its owner and member tags itself. */
  readonly tags?: readonly string[];
  /** The consumer's JWT credentials, in order. */
  readonly credentials?: readonly ConsumerCredentialSpec[];
}

/** The credentials of a consumer spec (none when absent). */
export function credentialsOf(spec: ConsumerSpec): readonly ConsumerCredentialSpec[] {
  return Array.isArray(spec.credentials) ? spec.credentials : [];
}

/** What the set wants: consumers, the secrets by credential key, and the tags it marks them with. */
export interface DesiredSet {
  readonly ownerTag: string;
  readonly memberTag: string;
  readonly consumers: readonly ConsumerSpec[];
  /** credential key → secret. */
  readonly secrets: Readonly<Record<string, string>>;
}

/** The fields of Kong's consumer entity the set reads. */
export interface KongConsumer {
  readonly id: string;
  readonly username?: string | null;
  readonly custom_id?: string | null;
  readonly tags?: readonly string[] | null;
}

/** The fields of Kong's jwt_secrets entity the set reads. */
export interface KongJwtCredential {
  readonly id: string;
  readonly key: string;
  readonly algorithm?: string | null;
  readonly secret?: string | null;
  readonly rsa_public_key?: string | null;
  readonly consumer?: { readonly id: string } | null;
  readonly tags?: readonly string[] | null;
}

/** Kong's entities carrying the set's member tag. */
export interface ActualSet {
  readonly consumers: readonly KongConsumer[];
  readonly credentials: readonly KongJwtCredential[];
}

export type ConsumerSetWrite =
  | {
      readonly kind: "putConsumer";
      readonly username: string;
      readonly body: { custom_id: string | null; tags: string[] };
    }
  | {
      readonly kind: "putCredential";
      readonly username: string;
      readonly key: string;
      readonly body: {
        algorithm: JwtAlgorithm;
        secret?: string;
        rsa_public_key?: string;
        tags: string[];
      };
    }
  | { readonly kind: "deleteConsumer"; readonly consumerId: string; readonly username: string }
  | {
      readonly kind: "deleteCredential";
      readonly consumerId: string;
      readonly credentialId: string;
      readonly key: string;
    };

export interface ConsumerSetPlan {
  /** Run first, in parallel: consumers and credentials the set no longer wants. */
  readonly deletions: ConsumerSetWrite[];
  /**
   * Run second, chains in parallel, each chain in order: a consumer's upsert before its
   * credential's upsert.
   */
  readonly upserts: ConsumerSetWrite[][];
}

export function planSize(plan: ConsumerSetPlan): number {
  return plan.deletions.length + plan.upserts.reduce((n, chain) => n + chain.length, 0);
}

const sortedUnique = (tags: Iterable<string>): string[] => [...new Set(tags)].sort();

/** The tags a consumer of the set carries in Kong. */
export function consumerTags(set: DesiredSet, spec: ConsumerSpec): string[] {
  return sortedUnique([set.ownerTag, set.memberTag, ...(spec.tags ?? [])]);
}

/** The tags a credential of the set carries in Kong. */
export function credentialTags(set: DesiredSet): string[] {
  return sortedUnique([set.ownerTag, set.memberTag]);
}

/** The difference between desired and actual, as the fewest writes: one per entity that differs. */
export function planConsumerSet(desired: DesiredSet, actual: ActualSet): ConsumerSetPlan {
  const actualByUsername = new Map<string, KongConsumer>();
  const usernameById = new Map<string, string>();
  for (const c of actual.consumers) {
    if (typeof c.username === "string") {
      actualByUsername.set(c.username, c);
      usernameById.set(c.id, c.username);
    }
  }
  const actualCredByKey = new Map(actual.credentials.map((c) => [c.key, c]));
  const wantedUsernames = new Set(desired.consumers.map((c) => c.username));
  const wantedKeys = new Set(desired.consumers.flatMap((c) => credentialsOf(c).map((k) => k.key)));

  const deletions: ConsumerSetWrite[] = [];
  const deletedConsumerIds = new Set<string>();
  for (const c of actual.consumers) {
    if (typeof c.username !== "string" || !wantedUsernames.has(c.username)) {
      deletions.push({ kind: "deleteConsumer", consumerId: c.id, username: c.username ?? c.id });
      deletedConsumerIds.add(c.id);
    }
  }
  for (const cred of actual.credentials) {
    // Kong deletes a consumer's credentials with it; a key wanted elsewhere is moved by its PUT.
    if (wantedKeys.has(cred.key)) continue;
    const owner = cred.consumer?.id;
    if (owner && deletedConsumerIds.has(owner)) continue;
    if (!owner) continue;
    deletions.push({
      kind: "deleteCredential",
      consumerId: owner,
      credentialId: cred.id,
      key: cred.key,
    });
  }

  const upserts: ConsumerSetWrite[][] = [];
  const credTags = credentialTags(desired);
  for (const spec of desired.consumers) {
    const chain: ConsumerSetWrite[] = [];
    const tags = consumerTags(desired, spec);
    const customId = spec.customId ?? null;
    const existing = actualByUsername.get(spec.username);
    if (!existing || (existing.custom_id ?? null) !== customId || !sameTags(existing.tags, tags)) {
      chain.push({
        kind: "putConsumer",
        username: spec.username,
        body: { custom_id: customId, tags },
      });
    }
    for (const { key, algorithm, rsaPublicKey } of credentialsOf(spec)) {
      const hmac = isHmacAlgorithm(algorithm);
      const secret = hmac ? desired.secrets[key] : undefined;
      if (hmac && typeof secret !== "string") {
        throw new Error(`consumer set: no secret given for credential key "${key}"`);
      }
      const pem = hmac ? null : (rsaPublicKey ?? "").trim();
      const cred = actualCredByKey.get(key);
      const inPlace =
        cred !== undefined &&
        existing !== undefined &&
        cred.consumer?.id === existing.id &&
        cred.algorithm === algorithm &&
        (hmac ? cred.secret === secret : true) &&
        ((cred.rsa_public_key ?? null) === null ? null : String(cred.rsa_public_key).trim()) ===
          pem &&
        sameTags(cred.tags, credTags);
      if (!inPlace) {
        chain.push({
          kind: "putCredential",
          username: spec.username,
          key,
          body: hmac
            ? { algorithm, secret: secret as string, tags: credTags }
            : { algorithm, rsa_public_key: pem as string, tags: credTags },
        });
      }
    }
    if (chain.length > 0) upserts.push(chain);
  }
  return { deletions, upserts };
}

/** A one-way digest (the provider passes a salted, truncated SHA-256). */
export type Digest = (text: string) => string;

/**
 * Per consumer, a fingerprint of everything the set manages for it: `<fields>.<secret>`, two
 * digests, the first over the consumer's custom_id and tags and its credentials' keys,
 * algorithms and tags, the second over the credentials' secrets. The set's state keeps these
 * instead of the consumers and secrets themselves: diff compares them with the inputs'
 * fingerprints, read recomputes them from what Kong holds (refresh drift), and the state stays
 * small (one short entry per consumer). Both sides of a comparison use the same representation,
 * so equal fingerprints mean Kong already holds what is wanted.
 */
export type Fingerprints = Record<string, string>;

interface CredentialView {
  readonly key: string;
  readonly algorithm: string | null;
  readonly tags: readonly string[];
  readonly rsaPublicKey: string | null;
  readonly secret: string | null;
}

function fingerprint(
  digest: Digest,
  salt: string,
  username: string,
  customId: string | null,
  tags: readonly string[],
  creds: readonly CredentialView[],
): string {
  const sorted = [...creds].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const fields = JSON.stringify([
    customId,
    tags,
    sorted.map((c) => [c.key, c.algorithm, c.tags, c.rsaPublicKey]),
  ]);
  const secrets = JSON.stringify(sorted.map((c) => [c.key, c.secret]));
  const prefix = `${salt}\u0000${username}\u0000`;
  return `${digest(prefix + fields)}.${digest(prefix + secrets)}`;
}

/** The fingerprints of what the set wants (secrets missing for a key count as null). */
export function desiredFingerprints(set: DesiredSet, digest: Digest): Fingerprints {
  const credTags = credentialTags(set);
  const out: Fingerprints = {};
  for (const spec of set.consumers) {
    const creds: CredentialView[] = credentialsOf(spec).map((c) => {
      const hmac = isHmacAlgorithm(c.algorithm);
      return {
        key: c.key,
        algorithm: c.algorithm,
        tags: credTags,
        rsaPublicKey: hmac ? null : (c.rsaPublicKey ?? "").trim(),
        secret: hmac ? (set.secrets[c.key] ?? null) : null,
      };
    });
    out[spec.username] = fingerprint(
      digest,
      set.memberTag,
      spec.username,
      spec.customId ?? null,
      consumerTags(set, spec),
      creds,
    );
  }
  return out;
}

/** The fingerprints of what Kong holds under the set's member tag, by username. */
export function observedFingerprints(
  set: Pick<DesiredSet, "memberTag">,
  actual: ActualSet,
  digest: Digest,
): Fingerprints {
  const credsByConsumer = new Map<string, CredentialView[]>();
  for (const cred of actual.credentials) {
    const owner = cred.consumer?.id;
    if (!owner) continue;
    const list = credsByConsumer.get(owner) ?? [];
    // Kong generates an unused secret for RS*/ES* credentials: only an HS* secret counts.
    const hmac = isHmacAlgorithm(cred.algorithm);
    list.push({
      key: cred.key,
      algorithm: cred.algorithm ?? null,
      tags: sortedUnique(cred.tags ?? []),
      rsaPublicKey: hmac ? null : String(cred.rsa_public_key ?? "").trim(),
      secret: hmac ? (cred.secret ?? null) : null,
    });
    credsByConsumer.set(owner, list);
  }
  const out: Fingerprints = {};
  for (const c of actual.consumers) {
    if (typeof c.username !== "string") continue;
    out[c.username] = fingerprint(
      digest,
      set.memberTag,
      c.username,
      c.custom_id ?? null,
      sortedUnique(c.tags ?? []),
      credsByConsumer.get(c.id) ?? [],
    );
  }
  return out;
}

/** How two sets of fingerprints differ, by username (each list sorted). */
export interface FingerprintDifference {
  /** Wanted (or recorded) but absent from the other side. */
  readonly missing: string[];
  /** Present on the other side only. */
  readonly unexpected: string[];
  /** On both sides, with different custom_id, tags or credential fields. */
  readonly fieldsChanged: string[];
  /** On both sides, with different credential secrets. */
  readonly secretsChanged: string[];
}

export function compareFingerprints(
  expected: Readonly<Fingerprints>,
  other: Readonly<Fingerprints>,
): FingerprintDifference {
  const missing: string[] = [];
  const fieldsChanged: string[] = [];
  const secretsChanged: string[] = [];
  for (const [username, want] of Object.entries(expected)) {
    const got = other[username];
    if (got === undefined) {
      missing.push(username);
      continue;
    }
    if (got === want) continue;
    const [wantFields, wantSecret] = want.split(".");
    const [gotFields, gotSecret] = got.split(".");
    if (wantFields !== gotFields) fieldsChanged.push(username);
    if (wantSecret !== gotSecret) secretsChanged.push(username);
  }
  const unexpected = Object.keys(other).filter((u) => expected[u] === undefined);
  return {
    missing: missing.sort(),
    unexpected: unexpected.sort(),
    fieldsChanged: fieldsChanged.sort(),
    secretsChanged: secretsChanged.sort(),
  };
}

const CONSUMER_FIELDS = ["username", "customId", "tags", "credentials"];

/** Problems with a desired set, every one of them (empty when valid). */
export function validateConsumers(
  consumers: readonly ConsumerSpec[],
  secrets: Readonly<Record<string, string>> | undefined,
): string[] {
  const problems: string[] = [];
  const usernames = new Set<string>();
  const keys = new Set<string>();
  consumers.forEach((c, i) => {
    const where = `consumers[${i}]`;
    if (typeof c?.username !== "string" || c.username.length === 0) {
      problems.push(`${where}.username must be a non-empty string`);
    } else if (usernames.has(c.username)) {
      problems.push(`${where}.username "${c.username}" appears more than once`);
    } else {
      usernames.add(c.username);
    }
    const unknownFields = Object.keys(c ?? {}).filter((k) => !CONSUMER_FIELDS.includes(k));
    if (unknownFields.length > 0) {
      problems.push(
        `${where} has unknown field(s) ${unknownFields.join(", ")}; allowed: ${CONSUMER_FIELDS.join(", ")}`,
      );
    }
    for (const t of c?.tags ?? []) {
      const tagProblem = kongTagProblem(t);
      if (tagProblem) problems.push(`${where}.tags: ${JSON.stringify(t)} ${tagProblem}`);
    }
    const creds: unknown = c?.credentials;
    if (creds === undefined || creds === UNKNOWN) return;
    if (!Array.isArray(creds)) {
      problems.push(`${where}.credentials must be a list of credentials`);
      return;
    }
    creds.forEach((cred: ConsumerCredentialSpec, j) => {
      if ((cred as unknown) === UNKNOWN) return;
      const cw = `${where}.credentials[${j}]`;
      const hmac = isHmacAlgorithm(cred?.algorithm);
      const secret = secrets?.[cred?.key];
      const secretsKnown = (secrets as unknown) !== UNKNOWN;
      // The one per-credential validation; an HS* secret must be in the secrets (the set does
      // not generate one: the component that builds the set does).
      const checked = checkJwtCredential(
        {
          key: cred?.key,
          algorithm: (cred?.algorithm as string) === UNKNOWN ? "HS256" : cred?.algorithm,
          secret: hmac && secretsKnown && typeof secret === "string" ? "secret" : "absent",
          rsaPublicKey: (cred?.rsaPublicKey as string) === UNKNOWN ? undefined : cred?.rsaPublicKey,
        },
        {
          key: `${cw}.key`,
          algorithm: `${cw}.algorithm`,
          secret: `${cw}.secret`,
          rsaPublicKey: `${cw}.rsaPublicKey`,
          setSecret: "pulumi.secret(...)",
        },
      );
      problems.push(...checked.problems);
      if (typeof cred?.key === "string" && cred.key !== "") {
        if (keys.has(cred.key)) {
          problems.push(`${cw}.key "${cred.key}" appears more than once`);
        } else {
          keys.add(cred.key);
          if (hmac && secretsKnown && (typeof secret !== "string" || secret.length === 0)) {
            problems.push(`${cw}: no secret for key "${cred.key}" in secrets`);
          }
        }
      }
    });
  });
  return problems;
}
