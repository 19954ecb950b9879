/**
 * A readable structural diff of two JSON values for the stand-in's replay test (the stand-in is a
 * TEST DOUBLE of Kong, not Kong): one line per differing path, object key order ignored.
 */
import { Json, isObject } from "../json";

export function structuralDiff(
  expected: Json | undefined,
  actual: Json | undefined,
  path = "$",
): string[] {
  if (isObject(expected) && isObject(actual)) {
    const out: string[] = [];
    for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
      if (!(key in actual))
        out.push(`${path}.${key}: missing (expected ${JSON.stringify(expected[key])})`);
      else if (!(key in expected))
        out.push(`${path}.${key}: unexpected ${JSON.stringify(actual[key])}`);
      else out.push(...structuralDiff(expected[key], actual[key], `${path}.${key}`));
    }
    return out;
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const out: string[] = [];
    if (expected.length !== actual.length) {
      out.push(`${path}: expected ${expected.length} items, got ${actual.length}`);
    }
    for (let i = 0; i < Math.min(expected.length, actual.length); i++) {
      out.push(...structuralDiff(expected[i], actual[i], `${path}[${i}]`));
    }
    return out;
  }
  if (JSON.stringify(expected) === JSON.stringify(actual)) return [];
  return [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}
