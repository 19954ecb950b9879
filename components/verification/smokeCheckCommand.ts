/**
 * The command line of the verification: the project's smoke check (scripts/smokeCheck.ts) with the
 * stack's values as flags, signing with the current credential and reading its signing key from
 * stdin (`--secret-file /dev/stdin` for HS*, `--key-file /dev/stdin` for a generated RS* or ES* private
 * key), so no key is on a command line. Every value is shell-quoted.
 */
import { currentCredentialOf, isHmacAlgorithm, KongLabConfig } from "../../config";
import { shellQuote } from "../command";

/** How long the first request may wait for Kong to apply the configuration (seconds). */
export const DEFAULT_WAIT_SECONDS = 30;

export function smokeCheckCommand(
  proxyUrl: string,
  lab: KongLabConfig,
  waitSeconds: number = DEFAULT_WAIT_SECONDS,
): string {
  const credential = currentCredentialOf(lab);
  const flags: [string, string][] = [
    ["--proxy-url", proxyUrl],
    ["--route-path", lab.routePaths[0]],
    ["--iss", credential.key],
    ["--alg", credential.algorithm],
    ["--max-expiration", String(lab.jwtPlugin.maximumExpiration)],
    ["--wait", String(waitSeconds)],
    [isHmacAlgorithm(credential.algorithm) ? "--secret-file" : "--key-file", "/dev/stdin"],
  ];
  return [
    "node --import tsx scripts/smokeCheck.ts",
    ...flags.map(([flag, value]) => `${flag} ${shellQuote(value)}`),
  ].join(" ");
}
