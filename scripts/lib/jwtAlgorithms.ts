import { JWT_ALGORITHMS, type JwtAlgorithm, isHmacAlgorithm } from "../../config";
import { InputError } from "./inputError";

/** Algorithms the minter and the smoke check sign with: the ones Kong 2.8 and 3.x both accept. */
export const SUPPORTED_ALGORITHMS: readonly JwtAlgorithm[] = JWT_ALGORITHMS;

/** HS* algorithms sign with a shared secret; every other one with a private key. */
export { isHmacAlgorithm };

/** Parses an algorithm name given by `source` (a flag or a stack output), case-insensitively. */
export function parseAlgorithm(value: string, source: string): JwtAlgorithm {
  const upper = value.trim().toUpperCase();
  const found = SUPPORTED_ALGORITHMS.find((alg) => alg === upper);
  if (!found) {
    throw new InputError(
      `${source} "${value}" is not a supported algorithm; use one of ${SUPPORTED_ALGORITHMS.join(", ")}`,
    );
  }
  return found;
}
