/** Generated secrets kept in the state (no provider plugin needed): the public face of components/secrets/. */
export { GeneratedPassword, type GeneratedPasswordArgs } from "./GeneratedPassword";
export {
  GeneratedKeyPair,
  type GeneratedKeyPairArgs,
  type KeyPairAlgorithm,
} from "./GeneratedKeyPair";
