/**
 * List pages of the stand-in (a TEST DOUBLE of Kong's Admin API, not Kong): `?size=` (default 100,
 * 1..1000) and `?offset=`, answering {"data": [...], "next": ..., "offset": ...} as recorded:
 * `offset` only when there is a next page; Kong 2.8.4's `next` drops `size`, 3.9.3's keeps it, and
 * 3.9.3 answers 500 to a duplicated `size` (what following `next` and re-adding `&size=` sends).
 */
import { invalidOffset, invalidSize, unexpected } from "./errors";
import { JsonObject } from "./json";
import { EntityStore } from "./store";
import { tagFilter } from "./tagFilter";
import { VersionTraits } from "./versions";

export interface ListRequest {
  readonly basePath: string; // e.g. "/services" or "/consumers/c/jwt"
  readonly query: URLSearchParams;
}

function encodeOffset(id: string): string {
  return Buffer.from(JSON.stringify([id])).toString("base64");
}

function decodeOffset(offset: string): string {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(offset, "base64").toString("utf8"));
    if (Array.isArray(parsed) && typeof parsed[0] === "string") return parsed[0];
  } catch {
    // fall through
  }
  throw invalidOffset(offset);
}

export function listPage(
  rows: JsonObject[],
  request: ListRequest,
  store: EntityStore,
  traits: VersionTraits,
  present: (row: JsonObject) => JsonObject,
): JsonObject {
  const sizes = request.query.getAll("size");
  if (sizes.length > 1 && traits.nextKeepsSize) throw unexpected();
  let size = 100;
  if (sizes.length > 0) {
    const raw = sizes[sizes.length - 1];
    size = Number(raw);
    if (!/^\d+$/.test(raw) || size < 1 || size > 1000) throw invalidSize();
  }
  const tags = request.query.get("tags");
  const keep = tagFilter(tags);
  let filtered = keep ? rows.filter(keep) : rows;

  const offset = request.query.get("offset");
  if (offset !== null) {
    const afterId = decodeOffset(offset);
    const after = store.sequenceOf(afterId);
    if (after === undefined) throw invalidOffset(offset);
    filtered = filtered.filter((row) => (store.sequenceOf(String(row.id)) ?? 0) > after);
  }

  const page = filtered.slice(0, size);
  const body: JsonObject = { data: page.map(present), next: null };
  if (filtered.length > size) {
    const token = encodeOffset(String(page[page.length - 1].id));
    let next = `${request.basePath}?offset=${encodeURIComponent(token)}`;
    if (tags !== null) next += `&tags=${encodeURIComponent(tags)}`;
    if (traits.nextKeepsSize && sizes.length > 0) next += `&size=${size}`;
    body.next = next;
    body.offset = token;
  }
  return body;
}
