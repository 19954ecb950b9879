/**
 * When Docker runs the healthcheck of a container that `pulumi up` waits for (`wait: true`):
 *
 * - every `startInterval` (1 s) while the container is starting, within `startPeriod` (60 s): the
 *   first probe runs 1 s after the start and readiness is seen within about a second of it;
 *   failures in that window do not count against `retries`;
 * - every `interval` (10 s) once the container is healthy or the start period is over: a running
 *   lab pays one probe per container per 10 s, no more than before start probes existed.
 *
 * `startInterval` needs Docker Engine 25 or later (API 1.44). An older engine ignores it and
 * probes every `interval` from the start, so readiness is then seen up to 10 s late.
 */
export const READINESS_PROBE_TIMING = {
  interval: "10s",
  startInterval: "1s",
  startPeriod: "60s",
} as const;
