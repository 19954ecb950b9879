/**
 * A small field-schema language for the stand-in (a TEST DOUBLE of Kong's Admin API, not Kong):
 * validation with Kong's recorded error texts ("unknown field", "required field missing",
 * "expected one of: ...", "value should be between A and B") and filling in defaults the way the
 * recorded responses show them (every field present; no default → null; records filled recursively).
 */
import { FieldErrors } from "./errors";
import { Json, JsonObject, clone, isObject } from "./json";

export type FieldType =
  "string" | "integer" | "number" | "boolean" | "array" | "set" | "record" | "map" | "foreign";

export interface FieldSpec {
  readonly type: FieldType;
  readonly default?: Json;
  readonly required?: boolean;
  readonly oneOf?: readonly string[];
  readonly between?: readonly [number, number];
  readonly startsWith?: string;
  readonly lenMin?: number;
  readonly elements?: FieldSpec;
  readonly fields?: Readonly<Record<string, FieldSpec>>;
}

export type Schema = Readonly<Record<string, FieldSpec>>;

function typeError(spec: FieldSpec, value: Json): string | undefined {
  switch (spec.type) {
    case "string":
      return typeof value === "string" ? undefined : "expected a string";
    case "integer":
      return typeof value === "number" && Number.isInteger(value)
        ? undefined
        : "expected an integer";
    case "number":
      return typeof value === "number" ? undefined : "expected a number";
    case "boolean":
      return typeof value === "boolean" ? undefined : "expected a boolean";
    case "array":
      return Array.isArray(value) ? undefined : "expected an array";
    case "set":
      return Array.isArray(value) ? undefined : "expected a set";
    case "record":
    case "map":
    case "foreign":
      return isObject(value) ? undefined : "expected a record";
  }
}

/** Validates one present, non-null value; returns a string, an array of element errors, or a record. */
function validateValue(spec: FieldSpec, value: Json): Json | undefined {
  const err = typeError(spec, value);
  if (err) return err;
  if (spec.type === "string") {
    const s = value as string;
    if (spec.lenMin !== undefined && s.length < spec.lenMin) {
      return spec.lenMin === 1
        ? "length must be at least 1"
        : `length must be at least ${spec.lenMin}`;
    }
    if (spec.oneOf && !spec.oneOf.includes(s)) return `expected one of: ${spec.oneOf.join(", ")}`;
    if (spec.startsWith && !s.startsWith(spec.startsWith)) {
      return `should start with: ${spec.startsWith}`;
    }
  }
  if ((spec.type === "integer" || spec.type === "number") && spec.between) {
    const n = value as number;
    if (n < spec.between[0] || n > spec.between[1]) {
      return `value should be between ${spec.between[0]} and ${spec.between[1]}`;
    }
  }
  if ((spec.type === "array" || spec.type === "set") && spec.elements) {
    const errors: string[] = [];
    for (const item of value as Json[]) {
      const e = item === null ? "required field missing" : validateValue(spec.elements, item);
      if (typeof e === "string") errors.push(e);
    }
    if (errors.length > 0) return errors;
  }
  if (spec.type === "record" && spec.fields) {
    const nested = validateFields(spec.fields, value as JsonObject, true);
    if (Object.keys(nested).length > 0) return nested;
  }
  return undefined;
}

/**
 * Validates `input` against `schema`. `full` means the input is the whole entity (required fields
 * must be present unless they have a default).
 */
export function validateFields(schema: Schema, input: JsonObject, full: boolean): FieldErrors {
  const errors: FieldErrors = {};
  for (const key of Object.keys(input)) {
    if (!(key in schema)) errors[key] = "unknown field";
  }
  for (const [key, spec] of Object.entries(schema)) {
    const value = input[key];
    if (value === null) {
      if (spec.required) errors[key] = "required field missing";
      continue;
    }
    if (value === undefined) {
      if (full && spec.required && (spec.default === undefined || spec.default === null)) {
        if (!(spec.type === "record" && spec.fields && value === undefined)) {
          errors[key] = "required field missing";
        } else {
          const nested = validateFields(spec.fields, {}, true);
          if (Object.keys(nested).length > 0) errors[key] = nested;
        }
      }
      continue;
    }
    const e = validateValue(spec, value);
    if (e !== undefined) errors[key] = e;
  }
  return errors;
}

function defaultFor(spec: FieldSpec): Json {
  if (spec.default !== undefined) return clone(spec.default);
  if (spec.type === "record" && spec.fields) return fillDefaults(spec.fields, {});
  return null;
}

/** The entity as Kong answers it: every schema field present, defaults where the input has none. */
export function fillDefaults(schema: Schema, input: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, spec] of Object.entries(schema)) {
    const value = input[key];
    if (value === undefined) {
      out[key] = defaultFor(spec);
    } else if (spec.type === "record" && spec.fields && isObject(value)) {
      out[key] = fillDefaults(spec.fields, value);
    } else {
      out[key] = clone(value);
    }
  }
  return out;
}
