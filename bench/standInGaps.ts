/**
 * Answers for Admin API listings that decK makes on every sync but that the Kong stand-in (a test
 * double, test/kong-standin) does not model, because the lab uses none of these entity kinds.
 * Used ONLY when the bench runs against the in-process stand-in: the recording proxy answers them
 * itself (and still counts them), the way an empty Kong answers them: `{"data":[],"next":null}`.
 * Against a real Kong (`--admin-url`) every request is forwarded.
 */
import type { LocalAnswer } from "./recordingProxy";

/** Entity listings decK 1.x reads with `?size=1000[&tags=...]` on every sync. */
export const UNMODELLED_LISTINGS = [
  "/certificates",
  "/ca_certificates",
  "/snis",
  "/upstreams",
] as const;

export function standInGapAnswer(method: string, path: string): LocalAnswer | undefined {
  if (method !== "GET") return undefined;
  if ((UNMODELLED_LISTINGS as readonly string[]).includes(path)) {
    return { status: 200, body: { data: [], next: null } };
  }
  return undefined;
}
