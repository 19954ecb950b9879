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

/** PATCH of a missing entity answers 404 with a {code, name, message} body. */
export function notFoundEntity(key: string): ApiError {
  return new ApiError(404, {
    code: 6,
    name: "not found",
    message: `could not find the entity with primary key '{id="${key}"}'`,
    fields: { id: key },
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

function renderLeaf(value: Json): string {
  if (Array.isArray(value)) {
    return `{\n${value.map((v) => `  ${JSON.stringify(v)}`).join(",\n")}\n}`;
  }
  return String(value);
}

/** Flattens field errors into Kong's message parts: @entity entries first, then fields sorted. */
function messageParts(fields: FieldErrors, prefix = ""): string[] {
  const entity: string[] = [];
  const rest: [string, string][] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (key === "@entity" && Array.isArray(value)) {
      for (const item of value) entity.push(String(item));
    } else if (isObject(value)) {
      for (const part of messageParts(value, `${prefix}${key}.`))
        rest.push([`${prefix}${key}.`, part]);
    } else {
      rest.push([`${prefix}${key}`, `${prefix}${key}: ${renderLeaf(value)}`]);
    }
  }
  rest.sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return [...entity, ...rest.map(([, text]) => text)];
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
