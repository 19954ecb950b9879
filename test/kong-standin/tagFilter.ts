/**
 * Kong's `?tags=` list filter as the stand-in (a TEST DOUBLE, not Kong) reproduces it:
 * `a,b` keeps entities carrying all of the tags, `a/b` those carrying any of them.
 */
import { ApiError } from "./errors";
import { JsonObject } from "./json";

export type TagPredicate = (row: JsonObject) => boolean;

export function tagFilter(param: string | null): TagPredicate | undefined {
  if (param === null) return undefined;
  const all = param.includes(",");
  const any = param.includes("/");
  if (all && any) {
    throw new ApiError(400, {
      code: 2,
      name: "schema violation",
      message: "schema violation (tags: invalid filter syntax)",
      fields: { tags: "invalid filter syntax" },
    });
  }
  const wanted = param.split(all ? "," : "/").filter((t) => t.length > 0);
  return (row) => {
    const tags = Array.isArray(row.tags) ? (row.tags as unknown[]) : [];
    return any ? wanted.some((t) => tags.includes(t)) : wanted.every((t) => tags.includes(t));
  };
}
