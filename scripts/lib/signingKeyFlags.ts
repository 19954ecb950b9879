import * as fs from "node:fs";
import type { JwtAlgorithm } from "../../config";
import { InputError } from "./inputError";
import { isHmacAlgorithm } from "./jwtAlgorithms";
import { parsePrivateKey, type SigningKey } from "./signToken";

/** The key flags the token minter and the smoke check share. */
export interface SigningKeyFlags {
  readonly secret?: string;
  readonly "secret-file"?: string;
  readonly "key-file"?: string;
}

/** Reads a file named by a flag; a failure is an InputError naming the flag. */
export function readFlagFile(path: string, flag: string): string {
  try {
    return fs.readFileSync(path, "utf8");
  } catch (err) {
    throw new InputError(
      `${flag}: cannot read "${path}" (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
}

/** Key material a stack's outputs hand over (`--stack`): its current credential's. */
export interface StackKeyMaterial {
  /** The HS* secret (output jwtSecret). */
  readonly secret?: string;
  /** The generated RS* or ES* private key, PEM (output jwtPrivateKey). */
  readonly privateKey?: string;
}

/**
 * The key to sign with: for HS* the secret from --secret, --secret-file or the stack's secret;
 * for RS* and ES* the private key in --key-file or the stack's generated one. Contradictory or
 * missing flags are InputErrors.
 */
export function signingKeyFromFlags(
  algorithm: JwtAlgorithm,
  flags: SigningKeyFlags,
  stack: StackKeyMaterial = {},
): SigningKey {
  if (!isHmacAlgorithm(algorithm)) {
    if (flags.secret !== undefined || flags["secret-file"] !== undefined) {
      throw new InputError(`--secret is for HS* algorithms; ${algorithm} signs with --key-file`);
    }
    const file = flags["key-file"];
    if (file !== undefined) return parsePrivateKey(readFlagFile(file, "--key-file"), file);
    if (stack.privateKey !== undefined) {
      return parsePrivateKey(stack.privateKey, "(the stack's output jwtPrivateKey)");
    }
    throw new InputError(
      `--key-file is required for ${algorithm} (or --stack, when the stack generated the key pair)`,
    );
  }
  if (flags["key-file"] !== undefined) {
    throw new InputError(
      `--key-file is for RS*/ES* algorithms; ${algorithm} signs with --secret or --secret-file`,
    );
  }
  if (flags.secret !== undefined && flags["secret-file"] !== undefined) {
    throw new InputError("give either --secret or --secret-file, not both");
  }
  let secret: string | undefined;
  const secretFile = flags["secret-file"];
  if (secretFile !== undefined) {
    secret = readFlagFile(secretFile, "--secret-file").replace(/\r?\n$/, "");
    if (secret.length === 0) throw new InputError(`--secret-file "${secretFile}" is empty`);
  } else {
    secret = flags.secret ?? stack.secret;
  }
  if (secret === undefined) {
    throw new InputError(`--secret or --secret-file is required for ${algorithm}`);
  }
  if (secret.length === 0) throw new InputError("--secret cannot be empty");
  return { kind: "secret", secret };
}
