import type { JwtAlgorithm } from "../../config";
import { InputError } from "./inputError";
import { parseAlgorithm } from "./jwtAlgorithms";
import type { LabStackOutputs } from "./stackOutputs";

/** A configured consumer's credential as the stack outputs give it (secret for HS* only). */
export interface ConsumerCredential {
  readonly username: string;
  readonly issuer: string;
  readonly algorithm: JwtAlgorithm;
  /** The HS* secret from the output consumerSecrets; undefined for RS* and ES*. */
  readonly secret?: string;
}

/**
 * The credential of configured consumer `username` (its first one, or the one with key `key`),
 * from the stack outputs `consumers` and `consumerSecrets`.
 */
export function consumerCredential(
  outputs: LabStackOutputs,
  username: string,
  key?: string,
): ConsumerCredential {
  const consumers = outputs.consumers;
  if (consumers === undefined) {
    throw new InputError(
      `--consumer needs --stack (the stack output consumers lists the configured consumers)`,
    );
  }
  const consumer = consumers.find((c) => c.username === username);
  if (!consumer) {
    const known = consumers.map((c) => c.username).join(", ") || "none";
    throw new InputError(
      `--consumer "${username}" is not configured; configured consumers: ${known}`,
    );
  }
  const credential =
    key === undefined ? consumer.credentials[0] : consumer.credentials.find((c) => c.key === key);
  if (!credential) {
    const keys = consumer.credentials.map((c) => c.key).join(", ") || "none";
    throw new InputError(
      key === undefined
        ? `--consumer "${username}" has no JWT credential`
        : `--consumer "${username}" has no credential "${key}"; its keys: ${keys}`,
    );
  }
  const algorithm = parseAlgorithm(credential.algorithm, `the algorithm of "${credential.key}"`);
  return {
    username,
    issuer: credential.key,
    algorithm,
    secret: outputs.consumerSecrets?.[credential.key],
  };
}

/** Every credential of every configured consumer, in order. */
export function allConsumerCredentials(outputs: LabStackOutputs): ConsumerCredential[] {
  return (outputs.consumers ?? []).flatMap((c) =>
    c.credentials.map((k) => consumerCredential(outputs, c.username, k.key)),
  );
}
