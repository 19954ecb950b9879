import { execFile } from "node:child_process";
import { InputError } from "./inputError";
import { labStateEnv } from "./labState";
import { parseJson } from "../../config";

/** The stack outputs the minter and the smoke check read (every one optional here; callers check). */
export interface LabStackOutputs {
  readonly proxyUrl?: string;
  readonly routePath?: string;
  readonly jwtKey?: string;
  readonly jwtAlgorithm?: string;
  /** The HMAC secret (a secret output, read with --show-secrets). Never print it. */
  readonly jwtSecret?: string;
  /** The generated RS* or ES* private key, PEM (a secret output). Never print it. */
  readonly jwtPrivateKey?: string;
  /** Every credential's key, oldest first (the current one is jwtKey; the others are retiring). */
  readonly jwtKeys?: readonly string[];
  readonly jwtMaximumExpiration?: number;
  /** The configured consumers (config `consumers`) with their credential keys and algorithms. */
  readonly consumers?: readonly StackConsumer[];
  /** Credential key → HS* secret of the configured consumers (a secret output). Never print it. */
  readonly consumerSecrets?: Readonly<Record<string, string>>;
}

/** One configured consumer as the stack output `consumers` lists it. */
export interface StackConsumer {
  readonly username: string;
  readonly credentials: readonly { readonly key: string; readonly algorithm: string }[];
}

function parseConsumers(value: unknown, stack: string): StackConsumer[] {
  const bad = () => new InputError(`--stack ${stack}: output consumers is not a list of consumers`);
  if (!Array.isArray(value)) throw bad();
  return value.map((c: unknown) => {
    const entry = c as { username?: unknown; credentials?: unknown };
    if (!c || typeof entry.username !== "string" || !Array.isArray(entry.credentials)) throw bad();
    const credentials = entry.credentials.map((k: unknown) => {
      const cred = k as { key?: unknown; algorithm?: unknown };
      if (!k || typeof cred.key !== "string" || typeof cred.algorithm !== "string") throw bad();
      return { key: cred.key, algorithm: cred.algorithm };
    });
    return { username: entry.username, credentials };
  });
}

const STRING_OUTPUTS = [
  "proxyUrl",
  "routePath",
  "jwtKey",
  "jwtAlgorithm",
  "jwtSecret",
  "jwtPrivateKey",
] as const;

/** Validates `pulumi stack output --json` text; unknown outputs are ignored. */
export function parseStackOutputs(text: string, stack: string): LabStackOutputs {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InputError(`--stack ${stack}: pulumi did not print JSON outputs`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new InputError(`--stack ${stack}: pulumi did not print a JSON object of outputs`);
  }
  const raw = parsed as Record<string, unknown>;
  const out: Record<string, string | number | string[]> = {};
  for (const name of STRING_OUTPUTS) {
    const value = raw[name];
    if (value === undefined || value === null) continue;
    if (typeof value !== "string") {
      throw new InputError(`--stack ${stack}: output ${name} is not a string`);
    }
    out[name] = value;
  }
  const keys = raw.jwtKeys;
  if (keys !== undefined && keys !== null) {
    if (!Array.isArray(keys) || !keys.every((k) => typeof k === "string")) {
      throw new InputError(`--stack ${stack}: output jwtKeys is not a list of strings`);
    }
    out.jwtKeys = keys as string[];
  }
  const max = raw.jwtMaximumExpiration;
  if (max !== undefined && max !== null) {
    const n = typeof max === "string" ? Number(max) : max;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 0) {
      throw new InputError(`--stack ${stack}: output jwtMaximumExpiration is not a whole number`);
    }
    out.jwtMaximumExpiration = n;
  }
  const result: LabStackOutputs = { ...(out as LabStackOutputs) };
  const consumers =
    raw.consumers === undefined || raw.consumers === null
      ? undefined
      : parseConsumers(raw.consumers, stack);
  const secrets = raw.consumerSecrets;
  if (
    secrets !== undefined &&
    secrets !== null &&
    (typeof secrets !== "object" ||
      Array.isArray(secrets) ||
      !Object.values(secrets).every((v) => typeof v === "string"))
  ) {
    throw new InputError(`--stack ${stack}: output consumerSecrets is not a map of key to secret`);
  }
  return {
    ...result,
    ...(consumers ? { consumers } : {}),
    ...(secrets ? { consumerSecrets: secrets as Record<string, string> } : {}),
  };
}

/** Runs the Pulumi CLI on PATH for `stack` and returns its stdout (a failure is an InputError). */
function runPulumi(stack: string, args: readonly string[], what: string): Promise<string> {
  if (!/^[\w.\-/]+$/.test(stack)) {
    return Promise.reject(new InputError(`--stack "${stack}" is not a valid stack name`));
  }
  return new Promise((resolve, reject) => {
    execFile(
      "pulumi",
      [...args, "--stack", stack],
      { timeout: 120_000, maxBuffer: 16 * 1024 * 1024, windowsHide: true, env: labStateEnv() },
      (err, stdout, stderr) => {
        if (err) {
          const why =
            (err as NodeJS.ErrnoException).code === "ENOENT"
              ? "the pulumi CLI is not on PATH"
              : String(stderr).trim() || err.message;
          reject(new InputError(`--stack ${stack}: could not read the ${what}: ${why}`));
          return;
        }
        resolve(String(stdout));
      },
    );
  });
}

/** Reads a stack's outputs with the Pulumi CLI found on PATH (secrets in plaintext: keep them in memory). */
export async function readStackOutputs(stack: string): Promise<LabStackOutputs> {
  const text = await runPulumi(
    stack,
    ["stack", "output", "--json", "--show-secrets"],
    "stack outputs",
  );
  return parseStackOutputs(text, stack);
}

/** Reads a stack's update history (`pulumi stack history --json`, secrets not shown), newest first. */
export async function readStackHistory(stack: string): Promise<unknown[]> {
  const text = await runPulumi(stack, ["stack", "history", "--json"], "stack history");
  const parsed = parseJson(text);
  if (!Array.isArray(parsed)) {
    throw new InputError(`--stack ${stack}: pulumi did not print the history as a JSON list`);
  }
  return parsed;
}
