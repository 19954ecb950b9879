/**
 * The lab's configuration, read and validated once: the public face of config/. Other folders
 * import from here; the files of this folder import each other directly.
 */
export { readLabConfig } from "./readLabConfig";
export { LabConfigError, validateLabConfig } from "./validateLabConfig";
export type {
  ConsumerConfig,
  ContainersConfig,
  JwtCredentialConfig,
  KongLabConfig,
  LabConfig,
} from "./types";
export {
  HMAC_ALGORITHMS,
  JWT_ALGORITHMS,
  isHmacAlgorithm,
  type HmacAlgorithm,
  type JwtAlgorithm,
} from "./jwtAlgorithms";
export { checkJwtCredential, type JwtCredentialSpec } from "./jwtCredentialSpec";
export {
  credentialsThatMustExist,
  currentCredentialOf,
  missingRetiringMaterialReason,
} from "./credentialRotation";
export { kongTagProblem, sameTags, toKongTag } from "./kongTag";
export { parseJson } from "./parseJson";
