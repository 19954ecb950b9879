/**
 * In-memory entity store of the Kong stand-in (a TEST DOUBLE reproducing recorded Kong behaviour,
 * not Kong). Tables keep creation order, which is also the listing order (the transcripts show
 * listings in creation order; real Kong on Postgres orders by primary key).
 */
import { randomUUID } from "node:crypto";
import { JsonObject, clone } from "./json";

export type EntityKind = "services" | "routes" | "consumers" | "jwt_secrets" | "plugins";
export const ENTITY_KINDS: readonly EntityKind[] = [
  "services",
  "routes",
  "consumers",
  "jwt_secrets",
  "plugins",
];

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

export function newId(): string {
  return randomUUID();
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** "<kind> <field>" → field value → ids of the rows holding it (see EntityStore.findBy). */
type FieldIndex = Map<unknown, Set<string>>;

export class EntityStore {
  private readonly tables = new Map<EntityKind, Map<string, JsonObject>>();
  /**
   * Indexes of the fields looked up by value (name, username, key, custom_id, instance_name),
   * each built on its first lookup and kept up to date by save/delete, so a lookup by natural key
   * costs the same as one by id however many rows a table holds.
   */
  private readonly indexes = new Map<string, FieldIndex>();
  /** Creation sequence per id (kept after deletion so an offset stays meaningful). */
  private readonly sequence = new Map<string, number>();
  private counter = 0;

  constructor() {
    this.reset();
  }

  reset(): void {
    for (const kind of ENTITY_KINDS) this.tables.set(kind, new Map());
    this.sequence.clear();
    this.indexes.clear();
  }

  private table(kind: EntityKind): Map<string, JsonObject> {
    return this.tables.get(kind)!;
  }

  all(kind: EntityKind): JsonObject[] {
    return [...this.table(kind).values()];
  }

  get(kind: EntityKind, id: string): JsonObject | undefined {
    return this.table(kind).get(id);
  }

  /** The first row (in listing order) whose `field` is `value`. */
  findBy(kind: EntityKind, field: string, value: unknown): JsonObject | undefined {
    let first: JsonObject | undefined;
    for (const row of this.allBy(kind, field, value)) {
      if (!first || this.sequence.get(String(row.id))! < this.sequence.get(String(first.id))!) {
        first = row;
      }
    }
    return first;
  }

  /** Every row whose `field` is `value` (strict equality), through the field's index. */
  allBy(kind: EntityKind, field: string, value: unknown): JsonObject[] {
    const ids = this.index(kind, field).get(value);
    if (!ids) return [];
    const table = this.table(kind);
    return [...ids].map((id) => table.get(id)!);
  }

  private index(kind: EntityKind, field: string): FieldIndex {
    const name = `${kind} ${field}`;
    let index = this.indexes.get(name);
    if (!index) {
      index = new Map();
      for (const row of this.table(kind).values()) addTo(index, row[field], String(row.id));
      this.indexes.set(name, index);
    }
    return index;
  }

  private reindex(kind: EntityKind, id: string, before?: JsonObject, after?: JsonObject): void {
    for (const [name, index] of this.indexes) {
      const space = name.indexOf(" ");
      if (name.slice(0, space) !== kind) continue;
      const field = name.slice(space + 1);
      if (before) removeFrom(index, before[field], id);
      if (after) addTo(index, after[field], id);
    }
  }

  /** By id when `key` is a UUID, else by the entity's endpoint key (name, username, key). */
  lookup(kind: EntityKind, key: string, endpointKey?: string): JsonObject | undefined {
    if (isUuid(key)) return this.get(kind, key.toLowerCase());
    return endpointKey ? this.findBy(kind, endpointKey, key) : undefined;
  }

  /** Inserts or replaces (same id keeps its place in the listing order). */
  save(kind: EntityKind, row: JsonObject): JsonObject {
    const id = String(row.id);
    if (!this.sequence.has(id)) this.sequence.set(id, ++this.counter);
    this.reindex(kind, id, this.table(kind).get(id), row);
    this.table(kind).set(id, row);
    return row;
  }

  delete(kind: EntityKind, id: string): boolean {
    const row = this.table(kind).get(id);
    if (!row) return false;
    this.reindex(kind, id, row, undefined);
    return this.table(kind).delete(id);
  }

  sequenceOf(id: string): number | undefined {
    return this.sequence.get(id);
  }

  snapshot(): Record<EntityKind, JsonObject[]> {
    const out = {} as Record<EntityKind, JsonObject[]>;
    for (const kind of ENTITY_KINDS) out[kind] = this.all(kind).map((row) => clone(row));
    return out;
  }
}

function addTo(index: FieldIndex, value: unknown, id: string): void {
  let ids = index.get(value);
  if (!ids) index.set(value, (ids = new Set()));
  ids.add(id);
}

function removeFrom(index: FieldIndex, value: unknown, id: string): void {
  const ids = index.get(value);
  if (!ids) return;
  ids.delete(id);
  if (ids.size === 0) index.delete(value);
}
