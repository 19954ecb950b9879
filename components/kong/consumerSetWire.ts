/**
 * How KongConsumerSet's consumers and secrets travel through the engine: each consumer as one
 * JSON text (a "row"), the secrets map as one JSON text (a secret).
 *
 * Why: the engine carries a resource's inputs as protobuf Structs, and Pulumi's Node.js code
 * converts them on every RPC (program → engine, Check, Diff, Create/Update). A thousand nested
 * objects cost tens of milliseconds per conversion; a thousand strings cost a few. The rows stay
 * readable in `pulumi preview --diff` (one element per consumer), and the component's arguments
 * stay typed (ConsumerSpec[], Record<key, secret>): encoding happens inside the component.
 */
import { UNKNOWN } from "../unknownValue";
import type { ConsumerSpec } from "./consumerSetPlan";

/** The consumer as one JSON text, keys in a fixed order, absent fields left out. */
export function encodeConsumer(c: ConsumerSpec): string {
  return JSON.stringify({
    username: c.username,
    ...(c.customId !== undefined ? { customId: c.customId } : {}),
    ...(c.tags !== undefined ? { tags: c.tags } : {}),
    ...(c.credentials !== undefined
      ? {
          credentials: c.credentials.map((k) => ({
            key: k.key,
            algorithm: k.algorithm,
            ...(k.rsaPublicKey !== undefined ? { rsaPublicKey: k.rsaPublicKey } : {}),
          })),
        }
      : {}),
  });
}

export function encodeConsumers(consumers: readonly ConsumerSpec[]): string[] {
  return consumers.map(encodeConsumer);
}

/** The secrets as one JSON text, keys sorted (the same map always encodes the same way). */
export function encodeSecrets(secrets: Readonly<Record<string, string>>): string {
  const sorted = Object.keys(secrets).sort();
  return JSON.stringify(Object.fromEntries(sorted.map((k) => [k, secrets[k]])));
}

/** Decoded rows, or the problems found (each naming the row). */
export function decodeConsumers(rows: unknown): { consumers: ConsumerSpec[]; problems: string[] } {
  if (!Array.isArray(rows)) {
    return { consumers: [], problems: ["consumers must be a list of consumer rows"] };
  }
  const consumers: ConsumerSpec[] = [];
  const problems: string[] = [];
  rows.forEach((row, i) => {
    if (row === UNKNOWN) return; // not known until the apply (preview)
    const value = parseJsonObject(row);
    if (value === undefined) {
      problems.push(`consumers[${i}] must be the JSON text of one consumer`);
      return;
    }
    consumers.push(value as unknown as ConsumerSpec);
  });
  return { consumers, problems };
}

/** The decoded secrets map, or the problem found (never quoting the text: it holds secrets). */
export function decodeSecrets(text: unknown): {
  secrets: Record<string, string>;
  problems: string[];
} {
  const value = parseJsonObject(text);
  if (value === undefined) {
    return { secrets: {}, problems: ["secrets must be the JSON text of a map of key to secret"] };
  }
  return { secrets: value as Record<string, string>, problems: [] };
}

/** The object a JSON text holds; undefined for anything else (not text, not JSON, not an object). */
function parseJsonObject(text: unknown): Record<string, unknown> | undefined {
  if (typeof text !== "string") return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
