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

export class EntityStore {
  private readonly tables = new Map<EntityKind, Map<string, JsonObject>>();
  /** Creation sequence per id (kept after deletion so an offset stays meaningful). */
  private readonly sequence = new Map<string, number>();
  private counter = 0;

  constructor() {
    this.reset();
  }

  reset(): void {
    for (const kind of ENTITY_KINDS) this.tables.set(kind, new Map());
    this.sequence.clear();
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

  findBy(kind: EntityKind, field: string, value: unknown): JsonObject | undefined {
    for (const row of this.table(kind).values()) if (row[field] === value) return row;
    return undefined;
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
    this.table(kind).set(id, row);
    return row;
  }

  delete(kind: EntityKind, id: string): boolean {
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
