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

/** The engine's placeholder for a value not known yet (at preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** HMAC algorithms: the set manages shared-secret credentials only. */
export const HMAC_ALGORITHMS = ["HS256", "HS384", "HS512"] as const;
export type HmacAlgorithm = (typeof HMAC_ALGORITHMS)[number];

export interface ConsumerCredentialSpec {
  readonly key: string;
  readonly algorithm: HmacAlgorithm;
}

export interface ConsumerSpec {
  readonly username: string;
  readonly customId?: string;
  /** Extra tags; the set adds its owner and member tags itself. */
  readonly tags?: readonly string[];
  readonly credential?: ConsumerCredentialSpec;
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
      readonly body: { algorithm: HmacAlgorithm; secret: string; tags: string[] };
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

const sameTags = (a: readonly string[] | null | undefined, b: readonly string[]): boolean => {
  const x = sortedUnique(a ?? []);
  return x.length === b.length && x.every((t, i) => t === b[i]);
};

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
  const wantedKeys = new Set(
    desired.consumers.flatMap((c) => (c.credential ? [c.credential.key] : [])),
  );

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
    if (spec.credential) {
      const { key, algorithm } = spec.credential;
      const secret = desired.secrets[key];
      if (typeof secret !== "string") {
        throw new Error(`consumer set: no secret given for credential key "${key}"`);
      }
      const cred = actualCredByKey.get(key);
      const inPlace =
        cred !== undefined &&
        existing !== undefined &&
        cred.consumer?.id === existing.id &&
        cred.algorithm === algorithm &&
        cred.secret === secret &&
        (cred.rsa_public_key ?? null) === null &&
        sameTags(cred.tags, credTags);
      if (!inPlace) {
        chain.push({
          kind: "putCredential",
          username: spec.username,
          key,
          body: { algorithm, secret, tags: credTags },
        });
      }
    }
    if (chain.length > 0) upserts.push(chain);
  }
  return { deletions, upserts };
}

/**
 * Kong's entities seen as the set's inputs (what `read` reports for refresh): consumers in the
 * order of `order` (usernames), unknown ones after, each with its first credential; secrets by key.
 */
export function observedSet(
  set: Pick<DesiredSet, "ownerTag" | "memberTag">,
  actual: ActualSet,
  order: readonly string[] = [],
): { consumers: ConsumerSpec[]; secrets: Record<string, string> } {
  const managed = new Set([set.ownerTag, set.memberTag]);
  const credsByConsumer = new Map<string, KongJwtCredential[]>();
  for (const cred of actual.credentials) {
    const owner = cred.consumer?.id;
    if (!owner) continue;
    const list = credsByConsumer.get(owner) ?? [];
    list.push(cred);
    credsByConsumer.set(owner, list);
  }
  const rank = new Map(order.map((u, i) => [u, i]));
  const consumers = actual.consumers
    .filter((c): c is KongConsumer & { username: string } => typeof c.username === "string")
    .sort((a, b) => {
      const ra = rank.get(a.username) ?? Number.MAX_SAFE_INTEGER;
      const rb = rank.get(b.username) ?? Number.MAX_SAFE_INTEGER;
      return ra !== rb ? ra - rb : a.username.localeCompare(b.username);
    });
  const secrets: Record<string, string> = {};
  const specs = consumers.map((c): ConsumerSpec => {
    const extraTags = (c.tags ?? []).filter((t) => !managed.has(t));
    const creds = (credsByConsumer.get(c.id) ?? []).sort((a, b) => a.key.localeCompare(b.key));
    const cred = creds[0];
    if (cred && typeof cred.secret === "string") secrets[cred.key] = cred.secret;
    return {
      username: c.username,
      ...(c.custom_id ? { customId: c.custom_id } : {}),
      ...(extraTags.length > 0 ? { tags: extraTags } : {}),
      ...(cred
        ? { credential: { key: cred.key, algorithm: cred.algorithm as HmacAlgorithm } }
        : {}),
    };
  });
  return { consumers: specs, secrets };
}

/** Order-insensitive canonical text of the consumers' user-set fields (for diff). */
export function canonicalConsumers(consumers: readonly ConsumerSpec[]): string {
  const rows = consumers
    .map((c) => [
      c.username,
      c.customId ?? null,
      sortedUnique(c.tags ?? []),
      c.credential ? [c.credential.key, c.credential.algorithm] : null,
    ])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  return JSON.stringify(rows);
}

/** The secrets the consumers use, as canonical text (keys sorted); unused keys are ignored. */
export function canonicalSecrets(
  consumers: readonly ConsumerSpec[],
  secrets: Readonly<Record<string, string>>,
): string {
  const keys = consumers.flatMap((c) => (c.credential ? [c.credential.key] : [])).sort();
  return JSON.stringify(keys.map((k) => [k, secrets[k] ?? null]));
}

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
    for (const t of c?.tags ?? []) {
      if (typeof t !== "string" || t.length === 0 || /[,/]/.test(t)) {
        problems.push(`${where}.tags: "${String(t)}" is not a valid Kong tag (no "," or "/")`);
      }
    }
    const cred = c?.credential;
    if (cred && (cred as unknown) !== UNKNOWN) {
      if (typeof cred.key !== "string" || cred.key.length === 0) {
        problems.push(`${where}.credential.key must be a non-empty string`);
      } else if (keys.has(cred.key)) {
        problems.push(`${where}.credential.key "${cred.key}" appears more than once`);
      } else {
        keys.add(cred.key);
        const secret = secrets?.[cred.key];
        if (
          (secrets as unknown) !== UNKNOWN &&
          (typeof secret !== "string" || secret.length === 0)
        ) {
          problems.push(`${where}.credential: no secret for key "${cred.key}" in secrets`);
        }
      }
      if (
        (cred.algorithm as string) !== UNKNOWN &&
        !(HMAC_ALGORITHMS as readonly string[]).includes(cred.algorithm)
      ) {
        problems.push(
          `${where}.credential.algorithm must be one of ${HMAC_ALGORITHMS.join(", ")}, got "${String(cred.algorithm)}"`,
        );
      }
    }
  });
  return problems;
}
