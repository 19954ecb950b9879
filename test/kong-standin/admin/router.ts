/**
 * A tiny path router for the stand-in's Admin API (the stand-in is a TEST DOUBLE reproducing
 * recorded Kong behaviour, not Kong). Patterns are "/services/:service/routes"-style.
 */
import { Json } from "../json";
import { StandInContext } from "../standInContext";

export interface AdminRequest {
  readonly method: string;
  readonly path: string; // without the query string
  readonly params: Record<string, string>;
  readonly query: URLSearchParams;
  readonly body: Json | undefined;
  readonly ctx: StandInContext;
}

export interface AdminResponse {
  readonly status: number;
  readonly body?: Json;
}

export type Handler = (req: AdminRequest) => AdminResponse;

export interface RouteSpec {
  readonly method: string;
  readonly pattern: string;
  readonly handler: Handler;
}

export function route(method: string, pattern: string, handler: Handler): RouteSpec {
  return { method, pattern, handler };
}

export interface Match {
  readonly spec: RouteSpec;
  readonly params: Record<string, string>;
}

function matchPattern(pattern: string, segments: string[]): Record<string, string> | undefined {
  const parts = pattern.split("/").filter((s) => s.length > 0);
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    if (parts[i].startsWith(":")) params[parts[i].slice(1)] = segments[i];
    else if (parts[i] !== segments[i]) return undefined;
  }
  return params;
}

/** Sorted copies of route tables, computed once per table rather than once per request. */
const sortedTables = new WeakMap<readonly RouteSpec[], readonly RouteSpec[]>();

/** Literal segments win over parameters (e.g. /plugins/enabled before /plugins/:plugin). */
function literalFirst(routes: readonly RouteSpec[]): readonly RouteSpec[] {
  let ordered = sortedTables.get(routes);
  if (!ordered) {
    ordered = [...routes].sort(
      (a, b) => (a.pattern.match(/:/g)?.length ?? 0) - (b.pattern.match(/:/g)?.length ?? 0),
    );
    sortedTables.set(routes, ordered);
  }
  return ordered;
}

/** The matching route, "method not allowed" when only the path matches, or undefined. */
export function findRoute(
  routes: readonly RouteSpec[],
  method: string,
  path: string,
): Match | "method not allowed" | undefined {
  const segments = path
    .split("/")
    .filter((s) => s.length > 0)
    .map((s) => decodeURIComponent(s));
  let pathMatched = false;
  for (const spec of literalFirst(routes)) {
    const params = matchPattern(spec.pattern, segments);
    if (!params) continue;
    pathMatched = true;
    if (spec.method === method) return { spec, params };
  }
  return pathMatched ? "method not allowed" : undefined;
}
