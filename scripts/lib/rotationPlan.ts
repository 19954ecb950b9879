/**
 * Where a stack is in the two-step rotation of its JWT credentials (docs/rotation.md), from its
 * outputs (jwtKey, jwtKeys, jwtAlgorithm, jwtMaximumExpiration) and its update history (`pulumi
 * stack history --json`, without secrets): which credential is current, since when, which are
 * retiring, the next step with its commands, and from when retiring is safe.
 *
 * Pure: the CLI (scripts/lib/rotateCli.ts) reads the stack and prints `formatRotationPlan`.
 */
import { InputError } from "./inputError";
import { isHmacAlgorithm } from "./jwtAlgorithms";
import type { LabStackOutputs } from "./stackOutputs";

/** One entry of `pulumi stack history --json` (the fields used here). */
export interface HistoryEntry {
  readonly kind?: string;
  readonly result?: string;
  readonly endTime?: string;
  readonly config?: Readonly<
    Record<string, { value?: string; objectValue?: unknown; secret?: boolean }>
  >;
}

export interface RotationPlan {
  readonly stack: string;
  readonly currentKey: string;
  /** Every credential's key, oldest first. */
  readonly keys: readonly string[];
  readonly retiring: readonly string[];
  readonly algorithm: string;
  readonly maximumExpiration: number;
  /** When the current key became current (end of that update); undefined when not found. */
  readonly currentSince?: Date;
  /** From when the retiring credentials can go: currentSince + maximum_expiration (+ 1 s). */
  readonly safeFrom?: Date;
  /** The stack lists its credentials in jwtCredentials (false: the single-credential keys). */
  readonly listed: boolean;
  /** "retire": step (b) is next; "add": step (a) is next. */
  readonly next: "add" | "retire";
  /** The key the helper proposes for step (a). */
  readonly proposedKey: string;
}

const PROJECT = "kong-jwt-lab";

/** The current key an update was made with, as far as its (secret-free) config tells. */
function currentKeyOf(entry: HistoryEntry): string | undefined {
  const config = entry.config ?? {};
  const value = (key: string) => config[`${PROJECT}:${key}`];
  const current = value("jwtCurrentKey")?.value;
  if (current) return current;
  const list = value("jwtCredentials");
  if (list?.secret) {
    const items = list.objectValue;
    if (Array.isArray(items) && items.length === 1) {
      const key = (items[0] as { key?: unknown }).key;
      return typeof key === "string" ? key : undefined;
    }
    return undefined; // not readable without secrets
  }
  const items = list?.objectValue;
  if (Array.isArray(items) && items.length > 0) {
    const key = items.length === 1 ? (items[0] as { key?: unknown }).key : undefined;
    return typeof key === "string" ? key : undefined;
  }
  return value("jwtKey")?.value || "jwttoken";
}

function listedIn(entry: HistoryEntry | undefined): boolean {
  const list = entry?.config?.[`${PROJECT}:jwtCredentials`];
  if (!list) return false;
  if (list.secret) return true;
  return Array.isArray(list.objectValue) && list.objectValue.length > 0;
}

/**
 * When `currentKey` became current: the end of the oldest successful update of the latest run of
 * successful updates made with it (history is newest first). A destroy ends the search.
 */
export function currentSince(
  history: readonly HistoryEntry[],
  currentKey: string,
): Date | undefined {
  let since: Date | undefined;
  for (const entry of history) {
    if (entry.kind === "destroy") break;
    if (entry.kind !== "update" || entry.result !== "succeeded") continue;
    if (currentKeyOf(entry) !== currentKey) break;
    if (entry.endTime) since = new Date(entry.endTime);
  }
  return since;
}

/** The next key for step (a): the current key with its trailing number counted up (jwttoken → jwttoken-2). */
export function proposeNextKey(currentKey: string, taken: readonly string[]): string {
  const m = /^(.*?)-(\d+)$/.exec(currentKey);
  const base = m ? m[1] : currentKey;
  let n = m ? Number(m[2]) + 1 : 2;
  while (taken.includes(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}

export function planRotation(
  stack: string,
  outputs: LabStackOutputs,
  history: readonly HistoryEntry[],
): RotationPlan {
  const currentKey = outputs.jwtKey;
  if (currentKey === undefined) {
    throw new InputError(
      `--stack ${stack}: the stack has no output jwtKey (has it been deployed?)`,
    );
  }
  const keys = outputs.jwtKeys ?? [currentKey];
  const retiring = keys.filter((k) => k !== currentKey);
  const maximumExpiration = outputs.jwtMaximumExpiration ?? 0;
  const since = currentSince(history, currentKey);
  const latestUpdate = history.find((e) => e.kind === "update" && e.result === "succeeded");
  return {
    stack,
    currentKey,
    keys,
    retiring,
    algorithm: outputs.jwtAlgorithm ?? "HS256",
    maximumExpiration,
    currentSince: since,
    // History times are whole seconds (rounded down): one more second keeps the margin.
    safeFrom: since ? new Date(since.getTime() + (maximumExpiration + 1) * 1000) : undefined,
    listed: listedIn(latestUpdate),
    next: retiring.length > 0 ? "retire" : "add",
    proposedKey: proposeNextKey(currentKey, keys),
  };
}

/** Whether step (b) may run at `now`: retiring credentials exist and maximum_expiration has passed. */
export function retireIsSafe(plan: RotationPlan, now: Date): boolean {
  return plan.next === "retire" && plan.safeFrom !== undefined && now >= plan.safeFrom;
}

/** The plan as the helper prints it: state, next step, its commands, and when it is safe. */
export function formatRotationPlan(plan: RotationPlan, now: Date): string {
  const s = plan.stack;
  const lines: string[] = [];
  const roles = plan.keys
    .map((k) => `"${k}" (${k === plan.currentKey ? "current" : "retiring"})`)
    .join(", ");
  lines.push(`Stack ${s}: JWT credentials, oldest first: ${roles}; algorithm ${plan.algorithm}.`);
  lines.push(
    plan.currentSince
      ? `"${plan.currentKey}" is current since ${plan.currentSince.toISOString()}; maximum_expiration ${plan.maximumExpiration} s.`
      : `When "${plan.currentKey}" became current is not in the stack's history; maximum_expiration ${plan.maximumExpiration} s.`,
  );
  lines.push("");
  if (plan.next === "retire") {
    const index = (k: string) => plan.keys.indexOf(k);
    lines.push(
      `Next: step (b), retire ${plan.retiring.map((k) => `"${k}"`).join(", ")} (tokens signed with ${plan.retiring.length > 1 ? "them" : "it"} get 401 afterwards).`,
    );
    if (retireIsSafe(plan, now)) {
      lines.push(`Safe now: every token issued with a retiring key has expired.`);
    } else if (plan.safeFrom) {
      const wait = Math.ceil((plan.safeFrom.getTime() - now.getTime()) / 1000);
      lines.push(
        `Safe from ${plan.safeFrom.toISOString()} (in ${wait} s): tokens issued with a retiring key before "${plan.currentKey}" became current may still be valid until then.`,
      );
    } else {
      lines.push(
        `Safe ${plan.maximumExpiration} s after "${plan.currentKey}" became current (wait that long after the up that made it current).`,
      );
    }
    // Remove from the highest index down so the indexes of the others stay valid.
    for (const k of [...plan.retiring].sort((a, b) => index(b) - index(a))) {
      lines.push(`  pulumi config rm --stack ${s} --path 'jwtCredentials[${index(k)}]'   # "${k}"`);
    }
    lines.push(`  pulumi up --stack ${s}`);
  } else {
    const hmac = isHmacAlgorithm(plan.algorithm);
    lines.push(
      `Next: step (a), add the next credential "${plan.proposedKey}" and make it current (both verify; the outputs and npm run token switch to it).`,
    );
    let next = plan.keys.length;
    if (!plan.listed) {
      lines.push(
        `  # the stack uses jwtKey/jwtAlgorithm/jwtSecret/jwtRsaPublicKey: list its credential first, under the same key`,
      );
      lines.push(
        `  pulumi config set --stack ${s} --path 'jwtCredentials[0].key' ${plan.currentKey}`,
      );
      lines.push(
        `  pulumi config set --stack ${s} --path 'jwtCredentials[0].algorithm' ${plan.algorithm}`,
      );
      lines.push(
        `  # a configured secret or public key moves along: pulumi config get --stack ${s} jwtSecret (or jwtRsaPublicKey), then`,
      );
      lines.push(
        `  #   pulumi config set --stack ${s} --secret --path 'jwtCredentials[0].secret' <it>   (or --path 'jwtCredentials[0].rsaPublicKey')`,
      );
      lines.push(
        `  pulumi config rm --stack ${s} jwtKey; pulumi config rm --stack ${s} jwtAlgorithm; pulumi config rm --stack ${s} jwtSecret; pulumi config rm --stack ${s} jwtRsaPublicKey`,
      );
      next = 1;
    }
    lines.push(
      `  pulumi config set --stack ${s} --path 'jwtCredentials[${next}].key' ${plan.proposedKey}`,
    );
    lines.push(
      `  pulumi config set --stack ${s} --path 'jwtCredentials[${next}].algorithm' ${plan.algorithm}`,
    );
    lines.push(
      hmac
        ? `  # secret: generated when none is set; or pulumi config set --stack ${s} --secret --path 'jwtCredentials[${next}].secret' <secret>`
        : `  # key pair: generated when no public key is set (private key in the secret output jwtPrivateKey); or --path 'jwtCredentials[${next}].rsaPublicKey' <PEM>`,
    );
    lines.push(`  pulumi config set --stack ${s} jwtCurrentKey ${plan.proposedKey}`);
    lines.push(`  pulumi up --stack ${s}`);
    lines.push(
      `Then, after maximum_expiration (${plan.maximumExpiration} s), step (b): npm run rotate -- --stack ${s} prints it.`,
    );
  }
  return lines.join("\n") + "\n";
}
