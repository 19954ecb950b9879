/**
 * The rules of a consumer's credential LIST for zero-downtime rotation (docs/rotation.md): an
 * ordered list of JWT credentials, oldest first, of which one is current (new tokens are minted
 * with it) and the others are retiring (they still verify the tokens already issued).
 *
 * Pure, list-level only: each credential's own fields (key text, algorithm, secret, public key) are
 * checked elsewhere. Every rule returns its problems as lines for LabConfigError; nothing here
 * throws.
 *
 * "Missing key material" of a retiring credential: a credential listed without a secret (HS*) or
 * public key (RS*, ES*) gets generated material when it is first created, and keeps it in the
 * stack's state for as long as it stays in the list. A retiring credential therefore may omit its
 * secret only when the stack generated one for it earlier. Whether it did is in the state, not in
 * the config: `credentialsThatMustExist` names those credentials, and the generator resource
 * refuses at preview to CREATE material for them (components/secrets), with
 * `missingRetiringMaterialReason` as its message. A freshly generated secret could never verify a
 * token already issued, so it is refused rather than generated.
 */
import type { JwtAlgorithm } from "./jwtAlgorithms";
import type { JwtCredentialConfig, KongLabConfig } from "./types";
import { isHmacAlgorithm } from "./jwtAlgorithms";

/** What the list rules need of one credential. */
export interface ListedCredential {
  readonly key: string;
  readonly algorithm: JwtAlgorithm;
  /** A secret (HS*) or public key (RS*, ES*) is configured; false: generated material. */
  readonly materialConfigured: boolean;
}

/** How the rules name the config keys in their messages. */
export interface CredentialListKeys {
  /** The list, e.g. `kong-jwt-lab:jwtCredentials`. */
  readonly list: string;
  /** The current key, e.g. `kong-jwt-lab:jwtCurrentKey`. */
  readonly current: string;
}

const quoted = (keys: readonly string[]) => keys.map((k) => JSON.stringify(k)).join(", ");

/**
 * The current key: `currentKey` when given, else the only credential's key. Undefined when it
 * cannot be told (then `credentialListProblems` reports why).
 */
export function resolveCurrentKey(
  credentials: readonly ListedCredential[],
  currentKey: string,
): string | undefined {
  if (currentKey !== "") {
    return credentials.some((c) => c.key === currentKey) ? currentKey : undefined;
  }
  return credentials.length === 1 ? credentials[0].key : undefined;
}

/** Every list-level problem: empty list, duplicate keys, no or an unknown current key. */
export function credentialListProblems(
  credentials: readonly ListedCredential[],
  currentKey: string,
  names: CredentialListKeys,
): string[] {
  const problems: string[] = [];
  if (credentials.length === 0) {
    problems.push(
      `${names.list}: holds no credential; allowed: at least the current credential (retiring every credential would lock every client out)`,
    );
    return problems;
  }

  const positions = new Map<string, number[]>();
  credentials.forEach((c, i) => positions.set(c.key, [...(positions.get(c.key) ?? []), i]));
  for (const [key, at] of positions) {
    if (at.length > 1) {
      problems.push(
        `${names.list}: key ${JSON.stringify(key)} appears ${at.length} times (items ${at.join(", ")}); allowed: each key once (Kong's credential keys are unique)`,
      );
    }
  }

  const keys = [...positions.keys()];
  if (currentKey === "") {
    if (credentials.length > 1) {
      problems.push(
        `${names.current}: is required when ${names.list} holds ${credentials.length} credentials; allowed: the key new tokens are minted with, one of ${quoted(keys)}`,
      );
    }
  } else if (!positions.has(currentKey)) {
    problems.push(
      credentials.length === 1
        ? `${names.current}: ${JSON.stringify(currentKey)} is not in ${names.list}, which would retire its only credential ${JSON.stringify(credentials[0].key)} and leave no current one; allowed: ${JSON.stringify(credentials[0].key)}, or first add the next credential to ${names.list} and make that one current`
        : `${names.current}: ${JSON.stringify(currentKey)} is not a key of ${names.list}; allowed: one of ${quoted(keys)}`,
    );
  }
  return problems;
}

/** Keys of the retiring credentials (every one but the current), in list order. */
export function retiringKeys(
  credentials: readonly ListedCredential[],
  currentKey: string,
): string[] {
  return credentials.filter((c) => c.key !== currentKey).map((c) => c.key);
}

/**
 * Keys of the retiring credentials without configured key material: their generated material must
 * already be in the stack's state (it is never generated for a retiring credential).
 */
export function credentialsThatMustExist(
  credentials: readonly ListedCredential[],
  currentKey: string,
): string[] {
  return credentials.filter((c) => c.key !== currentKey && !c.materialConfigured).map((c) => c.key);
}

/** The refusal when a retiring credential's material is neither configured nor in the state. */
export function missingRetiringMaterialReason(key: string, algorithm: string): string {
  const hmac = isHmacAlgorithm(algorithm);
  const what = hmac ? "secret" : "public key";
  const setIt = hmac
    ? "set its secret with `pulumi config set --secret --path 'jwtCredentials[<i>].secret' <value>`"
    : "set its public key with `pulumi config set --path 'jwtCredentials[<i>].rsaPublicKey' <PEM>`";
  return (
    `retiring JWT credential ${JSON.stringify(key)} (${algorithm}) has no configured ${what} and the stack holds no generated one for it ` +
    `(it was never created by this stack, or was removed from the list earlier). A new ${what} could not verify any token already issued: ` +
    `${setIt}, or remove the credential from jwtCredentials`
  );
}

/** The credential new tokens are minted with: the one whose key is `currentCredentialKey`. */
export function currentCredentialOf(lab: KongLabConfig): JwtCredentialConfig {
  const current = lab.credentials.find((c) => c.key === lab.currentCredentialKey);
  if (current === undefined) {
    throw new Error(
      `the current credential key ${JSON.stringify(lab.currentCredentialKey)} is not among the credentials`,
    );
  }
  return current;
}
