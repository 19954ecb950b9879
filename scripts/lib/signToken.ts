import * as crypto from "node:crypto";
import * as jwt from "jsonwebtoken";
import type { JwtAlgorithm } from "../../config";
import { InputError } from "./inputError";
import { isHmacAlgorithm } from "./jwtAlgorithms";

/** What a token is signed with: a shared secret (HS*) or a private key (RS*, ES*). */
export type SigningKey =
  | { readonly kind: "secret"; readonly secret: string }
  | { readonly kind: "privateKey"; readonly key: crypto.KeyObject; readonly source: string };

/** EC curves the ES* algorithms require (RFC 7518, 3.4). */
const EC_CURVES: Readonly<Record<string, string>> = { ES256: "prime256v1", ES384: "secp384r1" };

/** Parses a PEM private key (PKCS#8, PKCS#1 or SEC1) read from `source` (e.g. a file name). */
export function parsePrivateKey(pem: string, source: string): SigningKey {
  try {
    return { kind: "privateKey", key: crypto.createPrivateKey(pem), source };
  } catch (err) {
    throw new InputError(
      `--key-file ${source} is not a PEM private key (${(err as Error).message})`,
    );
  }
}

/** Fails with a message naming the flag when the key cannot sign with `algorithm`. */
export function checkKeyFitsAlgorithm(algorithm: JwtAlgorithm, key: SigningKey): void {
  if (isHmacAlgorithm(algorithm)) {
    if (key.kind !== "secret") {
      throw new InputError(
        `--alg ${algorithm} signs with a secret (--secret or --secret-file), not --key-file`,
      );
    }
    if (key.secret.length === 0) throw new InputError("--secret cannot be empty");
    return;
  }
  if (key.kind !== "privateKey") {
    throw new InputError(`--alg ${algorithm} signs with a private key (--key-file), not a secret`);
  }
  const type = key.key.asymmetricKeyType;
  if (algorithm.startsWith("RS") && type !== "rsa") {
    throw new InputError(
      `--key-file ${key.source} holds a ${type} key; ${algorithm} needs an RSA private key`,
    );
  }
  if (algorithm.startsWith("ES")) {
    const curve = key.key.asymmetricKeyDetails?.namedCurve;
    if (type !== "ec" || curve !== EC_CURVES[algorithm]) {
      throw new InputError(
        `--key-file ${key.source} holds a ${type}${curve ? ` (${curve})` : ""} key; ${algorithm} needs an EC ${EC_CURVES[algorithm]} private key`,
      );
    }
  }
}

/**
 * Signs `claims` with jsonwebtoken. The claims are used as given (iat included); the header is
 * {"alg","typ":"JWT"}, as PyJWT writes it. An HMAC secret is used as raw UTF-8 bytes, as Kong
 * does with secret_is_base64 = false.
 */
export function signToken(claims: object, algorithm: JwtAlgorithm, key: SigningKey): string {
  checkKeyFitsAlgorithm(algorithm, key);
  const signingKey = key.kind === "secret" ? key.secret : key.key;
  try {
    return jwt.sign({ ...claims }, signingKey, { algorithm });
  } catch (err) {
    const flag = key.kind === "secret" ? "--secret" : `--key-file ${key.source}`;
    throw new InputError(`${flag}: cannot sign with ${algorithm} (${(err as Error).message})`);
  }
}
