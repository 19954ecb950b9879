/**
 * The one rule for a Kong tag, used by the config validator and by every Kong provider: printable
 * ASCII without spaces, commas or slashes (Kong's `?tags=` filter separates tags with "," and "/").
 */

/** Why `tag` is not a valid Kong tag, or undefined when it is. Never quotes the value. */
export function kongTagProblem(tag: unknown): string | undefined {
  if (typeof tag !== "string" || tag.length === 0) return "must be a non-empty string";
  if (!/^[\x21-\x7e]+$/.test(tag) || /[,/]/.test(tag)) {
    return "must be printable ASCII without spaces, commas or slashes (Kong tag rules)";
  }
  return undefined;
}

/** Equality of tag lists as sets (order and repeats do not matter; null/absent is empty). */
export function sameTags(a: unknown, b: unknown): boolean {
  const norm = (t: unknown) =>
    Array.isArray(t) ? [...new Set(t.map((x) => String(x)))].sort() : [];
  const x = norm(a);
  const y = norm(b);
  return x.length === y.length && x.every((t, i) => t === y[i]);
}

/** A valid Kong tag made from any text: every disallowed character becomes "-". */
export function toKongTag(text: string): string {
  return text.replace(/[^\x21-\x7e]|[,/]/g, "-");
}
