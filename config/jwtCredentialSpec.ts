/**
 * One JWT credential as the stack config describes it (the lab's own consumer's, and each
 * credential of the configured `consumers`), and the ONE validation of a single credential:
 * the algorithm from the one list (./jwtAlgorithms.ts), an HS* secret given only as a secret
 * (or generated when absent), an RS* or ES* credential with a PEM public key and no secret, an HS*
 * credential without a public key. Pure; the secret's value never reaches it.
 */
import type * as pulumi from "../pulumiSdk";
import { JWT_ALGORITHMS, type JwtAlgorithm, isHmacAlgorithm } from "./jwtAlgorithms";

export interface JwtCredentialSpec {
  /** The credential's key: the `iss` claim (key_claim_name) of its tokens. */
  readonly key: string;
  readonly algorithm: JwtAlgorithm;
  /** HMAC secret (HS*); a secret. Absent: one is generated. */
  readonly secret?: pulumi.Output<string>;
  /** PEM public key (RS* and ES* algorithms). */
  readonly rsaPublicKey?: string;
}

/** One credential as configured, before validation; of the secret only how it was given. */
export interface RawJwtCredential {
  readonly key: unknown;
  readonly algorithm: unknown;
  /** "secret": set with --secret; "plaintext": in the stack file in clear; "absent". */
  readonly secret: "absent" | "secret" | "plaintext";
  readonly rsaPublicKey: unknown;
}

/** The config keys the fields are reported under, and how to set the secret. */
export interface JwtCredentialFieldNames {
  readonly key: string;
  readonly algorithm: string;
  readonly secret: string;
  readonly rsaPublicKey: string;
  /** e.g. `pulumi config set --secret jwtSecret <value>`. */
  readonly setSecret: string;
}

const PEM_HINT = "a PEM public key (-----BEGIN PUBLIC KEY----- ... -----END PUBLIC KEY-----)";

/** True for a PEM public key (SPKI, or PKCS#1 RSA / EC). */
export function isPemPublicKey(pem: string): boolean {
  return /^-----BEGIN (RSA |EC )?PUBLIC KEY-----\r?\n[A-Za-z0-9+/=\r\n]+\r?\n-----END (RSA |EC )?PUBLIC KEY-----$/.test(
    pem.trim(),
  );
}

/**
 * Every problem of one credential (each naming its config key and what is allowed) and, when there
 * is none, the credential without its secret (the caller attaches the secret Output).
 */
export function checkJwtCredential(
  raw: RawJwtCredential,
  names: JwtCredentialFieldNames,
  options: {
    /**
     * An RS* or ES* credential may leave its public key out: the program generates the key pair
     * (the lab's own consumer; not the configured consumers of KongConsumerSet).
     */
    readonly keyPairGenerated?: boolean;
  } = {},
): { spec?: Omit<JwtCredentialSpec, "secret">; problems: string[] } {
  const problems: string[] = [];
  const shown = (v: unknown) =>
    JSON.stringify(typeof v === "string" && v.length > 80 ? `${v.slice(0, 77)}...` : v);

  const key = typeof raw.key === "string" ? raw.key.trim() : "";
  if (key === "") {
    problems.push(`${names.key}: must not be empty; allowed: a non-empty credential key`);
  }

  const algorithm = typeof raw.algorithm === "string" ? raw.algorithm.trim() : raw.algorithm;
  const known = (JWT_ALGORITHMS as readonly unknown[]).includes(algorithm);
  if (!known) {
    problems.push(
      `${names.algorithm}: ${shown(algorithm)} is not allowed; allowed: one of ${JWT_ALGORITHMS.join(", ")}`,
    );
  }

  // A secret on an RS*/ES* credential is refused below as unused (one problem, not two).
  if (raw.secret === "plaintext" && !(known && !isHmacAlgorithm(algorithm))) {
    problems.push(
      `${names.secret}: is set in plaintext; allowed: a secret value, set with \`${names.setSecret}\`, or no value (a random secret is generated)`,
    );
  }

  const pem = typeof raw.rsaPublicKey === "string" ? raw.rsaPublicKey.trim() : "";
  if (
    raw.rsaPublicKey !== undefined &&
    raw.rsaPublicKey !== null &&
    typeof raw.rsaPublicKey !== "string"
  ) {
    problems.push(`${names.rsaPublicKey}: is not text; allowed: ${PEM_HINT}`);
  } else if (known && isHmacAlgorithm(algorithm)) {
    if (pem !== "") {
      problems.push(
        `${names.rsaPublicKey}: is only used with RS* and ES* algorithms, but ${names.algorithm} is ${String(algorithm)}; allowed: empty with HS*`,
      );
    }
  } else if (known) {
    if (pem === "" && options.keyPairGenerated) {
      // The key pair is generated.
    } else if (pem === "") {
      problems.push(
        `${names.rsaPublicKey}: is required with ${names.algorithm} ${String(algorithm)}; allowed: ${PEM_HINT}`,
      );
    } else if (!isPemPublicKey(pem)) {
      problems.push(`${names.rsaPublicKey}: is not a PEM public key; allowed: ${PEM_HINT}`);
    }
    if (raw.secret !== "absent") {
      problems.push(
        `${names.secret}: is only used with HS* algorithms, but ${names.algorithm} is ${String(algorithm)} (tokens are verified with ${names.rsaPublicKey}); allowed: no secret`,
      );
    }
  }

  if (problems.length > 0) return { problems };
  const spec: Omit<JwtCredentialSpec, "secret"> = isHmacAlgorithm(algorithm)
    ? { key, algorithm }
    : {
        key,
        algorithm: algorithm as JwtAlgorithm,
        ...(pem === "" ? {} : { rsaPublicKey: pem }),
      };
  return { spec, problems };
}

const ITEM_FIELDS = ["key", "algorithm", "secret", "rsaPublicKey"];

/**
 * One credential item of a config list (`jwtCredentials`, `consumers[i].credentials`): an object
 * of key, algorithm, secret? and rsaPublicKey?, checked by checkJwtCredential. `at` names the item
 * in messages (e.g. `kong-jwt-lab:jwtCredentials[1]`), `secretPath` is its secret's `--path`;
 * `secretMarked`: the engine marks the list's key secret, so a secret there was set with --secret.
 * Of the secret only its presence is read.
 */
export function checkCredentialItem(
  item: unknown,
  at: string,
  secretPath: string,
  secretMarked: boolean,
  options: { readonly keyPairGenerated?: boolean } = {},
): { spec?: Omit<JwtCredentialSpec, "secret">; problems: string[]; secretGiven: boolean } {
  if (item === null || typeof item !== "object" || Array.isArray(item)) {
    return {
      problems: [`${at}: is not an object; allowed: {key, algorithm, secret?, rsaPublicKey?}`],
      secretGiven: false,
    };
  }
  const fields = item as Record<string, unknown>;
  const problems: string[] = [];
  const unknown = Object.keys(fields).filter((k) => !ITEM_FIELDS.includes(k));
  if (unknown.length > 0) {
    problems.push(
      `${at}: unknown field(s) ${unknown.join(", ")}; allowed: ${ITEM_FIELDS.join(", ")}`,
    );
  }
  const secretGiven = fields.secret !== undefined && fields.secret !== null && fields.secret !== "";
  const checked = checkJwtCredential(
    {
      key: fields.key,
      // Kong's own default when a credential names none.
      algorithm: fields.algorithm ?? "HS256",
      secret: !secretGiven ? "absent" : secretMarked ? "secret" : "plaintext",
      rsaPublicKey: fields.rsaPublicKey,
    },
    {
      key: `${at}.key`,
      algorithm: `${at}.algorithm`,
      secret: `${at}.secret`,
      rsaPublicKey: `${at}.rsaPublicKey`,
      setSecret: `pulumi config set --secret --path '${secretPath}' <value>`,
    },
    options,
  );
  problems.push(...checked.problems);
  return { spec: problems.length === 0 ? checked.spec : undefined, problems, secretGiven };
}

/** The key of a credential item as written (trimmed; "" when absent or not text), valid or not. */
export function credentialItemKey(item: unknown): string {
  const key = (item as { key?: unknown } | null)?.key;
  return typeof key === "string" ? key.trim() : "";
}
