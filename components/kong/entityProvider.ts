/**
 * The shape every Kong entity provider shares, built from an {@link EntitySpec}:
 *
 * - check: connection inputs + the spec's validation; unknown values (preview) pass.
 * - diff: compares only the user's fields (`spec.fields`) between the recorded outputs and the new
 *   inputs, with per-field equality where Kong normalizes (URLs, tag sets); `replaceFields` force
 *   a replacement (delete before create when `deleteBeforeReplace`, so unique keys never clash);
 *   changed connection inputs (URL, headers, ownership tag, timeouts) are an update.
 * - create: looks the entity up by its natural key first and applies the ownership rule
 *   (./ownership.ts): one carrying this stack's ownership tag is taken (PUT by id, which replaces
 *   it with the desired state), an untagged one is adopted the same way when `adoptExisting` is
 *   set, anything else is refused with a NotOwnedError before any write; otherwise POST (a 409
 *   from a concurrent creation falls back to the same rule). A re-run after an interrupted `up`
 *   therefore converges.
 * - check of a new resource with `adoptExisting`: looks the entity up (best effort, no retries)
 *   and, when it exists untagged, adds the input `adoption` saying so and what will change, so
 *   `pulumi preview --diff` shows which entities the `up` adopts.
 * - read (refresh): GET by id; 404 → blank id (gone). Returns the user's fields as Kong has them,
 *   so out-of-band edits show up as a diff on the next `up`, which repairs them.
 * - update: PUT by id with the full desired entity (Kong's PUT replaces: fields the user removed
 *   return to Kong's defaults); returns the full outputs.
 * - delete: DELETE by id; 404 is success.
 *
 * Outputs are the connection inputs, the user's fields as Kong reports them (projected onto what
 * the user wrote, so Kong's filled-in defaults never appear), `kongId` and `owned`.
 */
import type { AdminClient } from "./adminClient";
import {
  adminClientFor,
  changedFields,
  CheckFailure,
  checkConnection,
  compact,
  connectionOf,
  ConnectionInputs,
  CONNECTION_KEYS,
  containsUnknown,
  warn,
} from "./providerSupport";
import { isOwned, ownershipForWrite, ownershipOf, OwnershipPolicy } from "./ownership";

export type Props = Record<string, unknown>;
export type KongEntity = Record<string, unknown> & { id: string; tags?: string[] | null };

export interface WriteContext {
  readonly kong: AdminClient;
  /** Kong's version, when `spec.needsVersion`. */
  readonly version?: string;
  /** The recorded outputs (update only). */
  readonly olds?: Props;
  /** The entity found in Kong that this write takes over (create of an existing entity only). */
  readonly existing?: KongEntity;
  /** Warnings to surface (outputs `warnings` + stderr). */
  readonly warnings: string[];
}

export interface EntitySpec {
  /** e.g. "service"; used in messages. */
  readonly kind: string;
  /** User-facing fields compared by diff, in order. */
  readonly fields: readonly string[];
  readonly replaceFields?: readonly string[];
  readonly deleteBeforeReplace?: boolean;
  readonly equal?: Record<string, (a: unknown, b: unknown) => boolean>;
  readonly needsVersion?: boolean;
  /** Adds failures for invalid user fields; must let the unknown sentinel pass. */
  validate(news: Props, failures: CheckFailure[]): void;
  /** e.g. `service "fastapi-service"`. */
  describe(p: Props): string;
  /** Values that must never show in an error (secrets). */
  secretsOf?(p: Props): string[];
  /** Path to POST new entities to. */
  collectionPath(p: Props): string;
  /** Path of one entity by id (GET/PUT/DELETE). */
  entityPath(p: Props, id: string): string;
  /** The existing entity with the same natural key, if any (may throw on a conflicting one). */
  findExisting(kong: AdminClient, p: Props): Promise<KongEntity | undefined>;
  /** Runs before every create/update (guards). */
  beforeWrite?(p: Props, ctx: WriteContext): Promise<void>;
  /** The request body for POST/PUT. */
  body(p: Props, ctx: WriteContext): Props;
  /** The user's fields as Kong reports them, shaped like `recorded` (what the user wrote). */
  observe(recorded: Props, entity: KongEntity): Props;
}

export interface EntityProvider {
  check(olds: Props, news: Props): Promise<{ inputs: Props; failures: CheckFailure[] }>;
  diff(
    id: string,
    olds: Props,
    news: Props,
  ): Promise<{ changes: boolean; replaces: string[]; deleteBeforeReplace: boolean }>;
  create(inputs: Props): Promise<{ id: string; outs: Props }>;
  read(id: string, props: Props): Promise<{ id: string; props: Props }>;
  update(id: string, olds: Props, news: Props): Promise<{ outs: Props }>;
  delete(id: string, props: Props): Promise<void>;
}

/** GET `path` (one entity, by id or natural key): the entity, or undefined when Kong answers 404. */
export async function getIfExists(
  kong: AdminClient,
  path: string,
  entity: string,
): Promise<KongEntity | undefined> {
  const res = await kong.request<KongEntity>({
    method: "GET",
    path,
    entity,
    okStatuses: [200, 404],
  });
  return res.status === 200 ? res.data : undefined;
}

/**
 * How a top-level collection whose entities have a unique natural key (services and routes by
 * `name`, consumers by `username`) is addressed: `<kind> "<key>"` in messages, POST to
 * `collection`, one entity at `collection/<id>`, the existing one looked up at `collection/<key>`.
 */
export function keyedCollection(
  kind: string,
  collection: string,
  keyField: string,
): Pick<EntitySpec, "describe" | "collectionPath" | "entityPath" | "findExisting"> {
  const describe = (p: Props) => `${kind} "${String(p[keyField])}"`;
  return {
    describe,
    collectionPath: () => collection,
    entityPath: (_p, id) => `${collection}/${encodeURIComponent(id)}`,
    findExisting: (kong, p) =>
      getIfExists(kong, `${collection}/${encodeURIComponent(String(p[keyField]))}`, describe(p)),
  };
}

/** The ownership policy a resource's inputs give (./ownership.ts). */
export function policyOf(p: Props): OwnershipPolicy {
  return { ownerTag: String(p.ownerTag), adoptExisting: p.adoptExisting === true };
}

export function buildEntityProvider(spec: EntitySpec): EntityProvider {
  const contextFor = async (p: Props, olds?: Props): Promise<WriteContext> => {
    const kong = adminClientFor(p as unknown as ConnectionInputs);
    const version = spec.needsVersion ? await kong.version() : undefined;
    return { kong, version, olds, warnings: [] };
  };

  const outputsFor = (p: Props, entity: KongEntity, warnings: string[] | undefined): Props => {
    const outs: Props = compact({
      ...connectionOf(p),
      ...spec.observe(p, entity),
      kongId: entity.id,
      owned: isOwned(entity, p.ownerTag as string),
    });
    if (warnings !== undefined) outs.warnings = warnings;
    return outs;
  };

  const write = async (
    method: "POST" | "PUT",
    path: string,
    p: Props,
    ctx: WriteContext,
    okStatuses?: number[],
  ) => {
    return ctx.kong.request<KongEntity>({
      method,
      path,
      body: spec.body(p, ctx),
      entity: spec.describe(p),
      redact: spec.secretsOf?.(p),
      okStatuses,
    });
  };

  /** Takes over an existing entity when the ownership rule allows it (else NotOwnedError). */
  const adopt = async (p: Props, ctx: WriteContext, existing: KongEntity) => {
    ownershipForWrite(spec.describe(p), existing, policyOf(p));
    const res = await write("PUT", spec.entityPath(p, existing.id), p, { ...ctx, existing });
    return res.data;
  };

  /** At preview of a new resource with adoptExisting: what the up will adopt, best effort. */
  const adoptionPreview = async (news: Props): Promise<string | undefined> => {
    if (news.adoptExisting !== true || containsUnknown(connectionOf(news))) return undefined;
    try {
      const kong = adminClientFor({
        ...(news as unknown as ConnectionInputs),
        adminMaxRetries: 0,
        adminTimeoutMs: 3000,
      });
      const existing = await spec.findExisting(kong, news);
      if (!existing || ownershipOf(existing, policyOf(news)) !== "adoptable") return undefined;
      const observed = spec.observe(news, existing);
      // Field names only, never values (a credential's secret is among the fields); a value not
      // known yet (another entity's id at preview) is no change to announce.
      const changed = changedFields(observed, news, spec.fields, spec.equal).filter(
        (f) => !containsUnknown(news[f]),
      );
      // Short: the engine shortens long inputs in `preview --diff`.
      const message =
        `adopts untagged ${existing.id}: + tag ${String(news.ownerTag)}` +
        (changed.length > 0 ? `, changes ${changed.join(", ")}` : ", no other change");
      warn(`${spec.describe(news)}: ${message}`);
      return message;
    } catch {
      return undefined; // Kong not reachable yet, or a conflict: create decides and reports it
    }
  };

  const surface = (ctx: WriteContext) => {
    for (const w of ctx.warnings) warn(w);
    return spec.needsVersion ? ctx.warnings : undefined;
  };

  return {
    async check(olds, news) {
      const failures = checkConnection(news);
      spec.validate(news, failures);
      // A resource of this stack always records its ownerTag: none recorded = a new resource.
      const isNew = olds?.ownerTag === undefined;
      const adoption = failures.length === 0 && isNew ? await adoptionPreview(news) : undefined;
      return { inputs: adoption === undefined ? news : { ...news, adoption }, failures };
    },

    async diff(_id, olds, news) {
      const changed = changedFields(olds, news, spec.fields, spec.equal);
      const connectionChanged = changedFields(olds, news, CONNECTION_KEYS);
      const replaces = changed.filter((f) => (spec.replaceFields ?? []).includes(f));
      const ownershipLost = olds.owned === false;
      return {
        changes: changed.length > 0 || connectionChanged.length > 0 || ownershipLost,
        replaces,
        deleteBeforeReplace: replaces.length > 0 && spec.deleteBeforeReplace === true,
      };
    },

    async create(inputs) {
      const ctx = await contextFor(inputs);
      if (spec.beforeWrite) await spec.beforeWrite(inputs, ctx);
      let entity: KongEntity;
      const existing = await spec.findExisting(ctx.kong, inputs);
      if (existing) {
        entity = await adopt(inputs, ctx, existing);
      } else {
        const res = await write("POST", spec.collectionPath(inputs), inputs, ctx, [200, 201, 409]);
        if (res.status === 409) {
          // Created concurrently (or by an interrupted run) between our lookup and POST.
          const again = await spec.findExisting(ctx.kong, inputs);
          if (!again) {
            throw new Error(
              `Kong answered 409 (unique violation) to POST ${spec.collectionPath(inputs)} for ` +
                `${spec.describe(inputs)}, but no entity with that key can be found to adopt: ` +
                JSON.stringify((res.data as { message?: unknown })?.message ?? null),
            );
          }
          entity = await adopt(inputs, ctx, again);
        } else {
          entity = res.data;
        }
      }
      return { id: entity.id, outs: outputsFor(inputs, entity, surface(ctx)) };
    },

    async read(id, props) {
      const kong = adminClientFor(props as unknown as ConnectionInputs);
      const entity = await getIfExists(kong, spec.entityPath(props, id), spec.describe(props));
      if (!entity) {
        return { id: "", props: {} };
      }
      const outs = outputsFor(props, entity, undefined);
      if (props.warnings !== undefined) outs.warnings = props.warnings;
      return { id, props: outs };
    },

    async update(id, olds, news) {
      const ctx = await contextFor(news, olds);
      if (spec.beforeWrite) await spec.beforeWrite(news, ctx);
      const res = await write("PUT", spec.entityPath(news, id), news, ctx);
      return { outs: outputsFor(news, res.data, surface(ctx)) };
    },

    async delete(id, props) {
      const kong = adminClientFor(props as unknown as ConnectionInputs);
      await kong.request({
        method: "DELETE",
        path: spec.entityPath(props, id),
        entity: spec.describe(props),
        okStatuses: [200, 204, 404],
      });
    },
  };
}
