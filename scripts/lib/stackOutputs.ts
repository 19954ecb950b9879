import { execFile } from "node:child_process";
import { InputError } from "./inputError";
import { labStateEnv } from "./labState";

/** The stack outputs the minter and the smoke check read (every one optional here; callers check). */
export interface LabStackOutputs {
  readonly proxyUrl?: string;
  readonly routePath?: string;
  readonly jwtKey?: string;
  readonly jwtAlgorithm?: string;
  /** The HMAC secret (a secret output, read with --show-secrets). Never print it. */
  readonly jwtSecret?: string;
  readonly jwtMaximumExpiration?: number;
}

const STRING_OUTPUTS = ["proxyUrl", "routePath", "jwtKey", "jwtAlgorithm", "jwtSecret"] as const;

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
  const out: Record<string, string | number> = {};
  for (const name of STRING_OUTPUTS) {
    const value = raw[name];
    if (value === undefined || value === null) continue;
    if (typeof value !== "string") {
      throw new InputError(`--stack ${stack}: output ${name} is not a string`);
    }
    out[name] = value;
  }
  const max = raw.jwtMaximumExpiration;
  if (max !== undefined && max !== null) {
    const n = typeof max === "string" ? Number(max) : max;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 0) {
      throw new InputError(`--stack ${stack}: output jwtMaximumExpiration is not a whole number`);
    }
    out.jwtMaximumExpiration = n;
  }
  return out as LabStackOutputs;
}

/**
 * Reads a stack's outputs with the Pulumi CLI found on PATH (secrets in plaintext: keep them in
 * memory), from the lab's own state when lab.sh keeps it (labState.ts).
 */
export function readStackOutputs(stack: string): Promise<LabStackOutputs> {
  if (!/^[\w.\-/]+$/.test(stack)) {
    return Promise.reject(new InputError(`--stack "${stack}" is not a valid stack name`));
  }
  return new Promise((resolve, reject) => {
    execFile(
      "pulumi",
      ["stack", "output", "--json", "--show-secrets", "--stack", stack],
      { timeout: 120_000, maxBuffer: 16 * 1024 * 1024, windowsHide: true, env: labStateEnv() },
      (err, stdout, stderr) => {
        if (err) {
          const why =
            (err as NodeJS.ErrnoException).code === "ENOENT"
              ? "the pulumi CLI is not on PATH"
              : String(stderr).trim() || err.message;
          reject(new InputError(`--stack ${stack}: could not read the stack outputs: ${why}`));
          return;
        }
        try {
          resolve(parseStackOutputs(String(stdout), stack));
        } catch (parseErr) {
          reject(parseErr);
        }
      },
    );
  });
}
