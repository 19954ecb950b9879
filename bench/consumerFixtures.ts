/**
 * The benchmark's N consumers, each with one HS256 JWT credential: the same state for our
 * KongConsumerSet and for decK. Secrets are derived from a per-run salt, never printed.
 */
export interface BenchConsumer {
  readonly username: string;
  readonly key: string;
  readonly secret: string;
}

const pad = (i: number) => String(i).padStart(6, "0");

/** N consumers; `rotated` lists the indexes whose secret is changed (the "one credential changed" step). */
export function benchConsumers(
  n: number,
  salt: string,
  rotated: readonly number[] = [],
): BenchConsumer[] {
  const rotate = new Set(rotated);
  return Array.from({ length: n }, (_, i) => ({
    username: `bench-consumer-${pad(i)}`,
    key: `bench-key-${pad(i)}`,
    secret: `bench-secret-${salt}-${pad(i)}${rotate.has(i) ? "-rotated" : ""}`,
  }));
}

/** The consumers as a KongConsumerSet holds them: each with its one HS256 key, and key → secret. */
export function consumerSetSpecs(consumers: readonly BenchConsumer[]): {
  consumers: { username: string; credentials: { key: string; algorithm: "HS256" }[] }[];
  secrets: Record<string, string>;
} {
  return {
    consumers: consumers.map((c) => ({
      username: c.username,
      credentials: [{ key: c.key, algorithm: "HS256" as const }],
    })),
    secrets: Object.fromEntries(consumers.map((c) => [c.key, c.secret])),
  };
}
