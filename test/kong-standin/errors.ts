/**
 * Error bodies of Kong's Admin API as seen in the recorded transcripts, reproduced by the
 * stand-in (a TEST DOUBLE, not Kong): 404 {"message":"Not found"}, schema violations (code 2),
 * foreign key violations (code 4), unique violations (code 5), invalid offsets and 500s.
 */
import { Json, JsonObject, isObject } from "./json";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: JsonObject,
  ) {
    super(typeof body.message === "string" ? body.message : `HTTP ${status}`);
  }
}

export function notFound(): ApiError {
  return new ApiError(404, { message: "Not found" });
}

/**
 * PATCH of a missing entity answers 404 with a {code, name, message, fields} body: by primary key
 * for an id, by field for an endpoint key (name, username, ...).
 */
export function notFoundEntity(field: string, key: string): ApiError {
  const filter = { [field]: key };
  const message =
    field === "id"
      ? `could not find the entity with primary key '${luaValue(filter)}'`
      : `could not find the entity with '${luaValue(filter)}'`;
  return new ApiError(404, { code: 6, name: "not found", message, fields: filter });
}

/** A path segment that must be a UUID (no endpoint key to fall back to) but is not one. */
export function invalidPrimaryKey(key: string): ApiError {
  return new ApiError(400, {
    code: 1,
    name: "invalid primary key",
    message: `invalid primary key: '{id="${key}"}'`,
    fields: { id: "expected a valid UUID" },
  });
}

export function unexpected(): ApiError {
  return new ApiError(500, { message: "An unexpected error occurred" });
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, { message });
}

/** Field errors: a string per field, nested records for record fields, "@entity" for entity checks. */
export type FieldErrors = JsonObject;

/** Lua-table-like rendering (penlight's pretty.write) of a nested error value. */
function pretty(value: Json, indent = ""): string {
  if (Array.isArray(value)) {
    const inner = indent + "  ";
    return `{\n${value.map((v) => inner + pretty(v, inner)).join(",\n")}\n${indent}}`;
  }
  if (isObject(value)) {
    const inner = indent + "  ";
    const items = Object.keys(value)
      .sort()
      .map((k) => `${inner}${k} = ${pretty(value[k], inner)}`);
    return `{\n${items.join(",\n")}\n${indent}}`;
  }
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

function subKeys(value: Json[] | JsonObject): string[] {
  return Array.isArray(value) ? value.map((_, i) => String(i + 1)) : Object.keys(value).sort();
}

function subValue(value: Json[] | JsonObject, key: string): Json {
  return Array.isArray(value) ? value[Number(key) - 1] : value[key];
}

/**
 * Kong's schema-violation message parts: "@entity" entries first, then every field in sorted order;
 * a field whose errors are a table lists each sub-field ("config.x: ..."), rendering deeper tables.
 */
function messageParts(fields: FieldErrors): string[] {
  const parts: string[] = [];
  const entity = fields["@entity"];
  if (Array.isArray(entity)) for (const item of entity) parts.push(String(item));
  for (const name of Object.keys(fields).sort()) {
    if (name === "@entity") continue;
    const errors = fields[name];
    if (Array.isArray(errors) || isObject(errors)) {
      for (const sub of subKeys(errors)) {
        const value = subValue(errors, sub);
        const text = Array.isArray(value) || isObject(value) ? pretty(value) : String(value);
        parts.push(`${name}.${sub}: ${text}`);
      }
    } else {
      parts.push(`${name}: ${String(errors)}`);
    }
  }
  return parts;
}

export function schemaViolation(fields: FieldErrors): ApiError {
  const parts = messageParts(fields);
  const message =
    parts.length === 1
      ? `schema violation (${parts[0]})`
      : `${parts.length} schema violations (${parts.join("; ")})`;
  return new ApiError(400, { code: 2, name: "schema violation", message, fields });
}

function luaValue(value: Json): string {
  if (value === null) return "null";
  if (typeof value === "string") return `"${value}"`;
  if (isObject(value)) {
    const inner = Object.keys(value)
      .sort()
      .map((k) => `${k}=${luaValue(value[k])}`)
      .join(",");
    return `{${inner}}`;
  }
  return String(value);
}

export function uniqueViolation(fields: JsonObject): ApiError {
  const keys = Object.keys(fields).sort();
  const inner = keys.map((k) => `${k}=${luaValue(fields[k])}`).join(",");
  return new ApiError(409, {
    code: 5,
    name: "unique constraint violation",
    message: `UNIQUE violation detected on '{${inner}}'`,
    fields,
  });
}

export function foreignKeyMissing(field: string, ref: JsonObject, entity: string): ApiError {
  const inner = Object.entries(ref)
    .map(([k, v]) => `${k}=${luaValue(v)}`)
    .join(",");
  return new ApiError(400, {
    code: 4,
    name: "foreign key violation",
    message: `the foreign key '{${inner}}' does not reference an existing '${entity}' entity.`,
    fields: { [field]: ref },
  });
}

export function referencedBy(referencing: string, referenced: string): ApiError {
  return new ApiError(400, {
    code: 4,
    name: "foreign key violation",
    message: `an existing '${referencing}' entity references this '${referenced}' entity`,
    fields: { "@referenced_by": referencing },
  });
}

export function invalidOffset(offset: string): ApiError {
  return new ApiError(400, {
    code: 7,
    name: "invalid offset",
    message: `'${offset}' is not a valid offset: bad base64 encoding`,
  });
}

export function invalidSize(): ApiError {
  return new ApiError(400, {
    code: 9,
    name: "invalid size",
    message: "size must be an integer between 1 and 1000",
  });
}
