/**
 * The shape every Kong entity provider shares, built from an {@link EntitySpec}:
 *
 * - check: connection inputs + the spec's validation; unknown values (preview) pass.
 * - diff: compares only the user's fields (`spec.fields`) between the recorded outputs and the new
 *   inputs, with per-field equality where Kong normalizes (URLs, tag sets); `replaceFields` force
 *   a replacement (delete before create when `deleteBeforeReplace`, so unique keys never clash);
 *   changed connection inputs (URL, headers, ownership tag, timeouts) are an update.
 * - create: looks the entity up by its natural key first; one carrying this stack's ownership tag
 *   is adopted (PUT by id, which replaces it with the desired state), one that does not is
 *   refused with a clear message; otherwise POST (a 409 from a concurrent creation falls back to
 *   adoption). A re-run after an interrupted `up` therefore converges.
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
  isOwned,
  notOwnedMessage,
  warn,
} from "./providerSupport";

export type Props = Record<string, unknown>;
export type KongEntity = Record<string, unknown> & { id: string; tags?: string[] | null };

export interface WriteContext {
  readonly kong: AdminClient;
  /** Kong's version, when `spec.needsVersion`. */
  readonly version?: string;
  /** The recorded outputs (update only). */
  readonly olds?: Props;
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

  const adopt = async (p: Props, ctx: WriteContext, existing: KongEntity) => {
    if (!isOwned(existing, p.ownerTag as string)) {
      throw new Error(notOwnedMessage(spec.describe(p), existing, p.ownerTag as string));
    }
    const res = await write("PUT", spec.entityPath(p, existing.id), p, ctx);
    return res.data;
  };

  const surface = (ctx: WriteContext) => {
    for (const w of ctx.warnings) warn(w);
    return spec.needsVersion ? ctx.warnings : undefined;
  };

  return {
    async check(_olds, news) {
      const failures = checkConnection(news);
      spec.validate(news, failures);
      return { inputs: news, failures };
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
