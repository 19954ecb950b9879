/**
 * The command line of the verification: the project's smoke check (scripts/smokeCheck.ts) with the
 * stack's values as flags, reading the HMAC secret from stdin (`--secret-file /dev/stdin`), so the
 * secret is on no command line. Every value is shell-quoted.
 */
import { KongLabConfig } from "../../config/types";
import { shellQuote } from "../command";

/** How long the first request may wait for Kong to apply the configuration (seconds). */
export const DEFAULT_WAIT_SECONDS = 30;

export function smokeCheckCommand(
  proxyUrl: string,
  lab: KongLabConfig,
  waitSeconds: number = DEFAULT_WAIT_SECONDS,
): string {
  const flags: [string, string][] = [
    ["--proxy-url", proxyUrl],
    ["--route-path", lab.routePaths[0]],
    ["--iss", lab.credential.key],
    ["--alg", lab.credential.algorithm],
    ["--max-expiration", String(lab.jwtPlugin.maximumExpiration)],
    ["--wait", String(waitSeconds)],
    ["--secret-file", "/dev/stdin"],
  ];
  return [
    "node --import tsx scripts/smokeCheck.ts",
    ...flags.map(([flag, value]) => `${flag} ${shellQuote(value)}`),
  ].join(" ");
}
