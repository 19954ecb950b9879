/**
 * What makes the verification run again besides its own inputs (the command line and the secret):
 * a different gateway (its image reference) or a different Kong configuration. Built from the
 * validated configuration only, never from other resources' outputs: a failed resource before
 * the verification then fails the `up` with its own message, not one prefixed by the SDK with
 * "error serializing property triggers".
 */
import { KongLabConfig } from "../../config";

export function verificationTriggers(lab: KongLabConfig, gatewayImage: string): string[] {
  const { credentials, ...entities } = lab;
  // A credential's secret is no trigger: the current one reaches the command through its
  // environment, whose change runs the command again anyway, and a trigger would keep it in plain
  // text.
  const credentialSettings = credentials.map((c) => ({
    key: c.key,
    algorithm: c.algorithm,
    rsaPublicKey: c.rsaPublicKey,
  }));
  return [gatewayImage, JSON.stringify({ ...entities, credentials: credentialSettings })];
}
