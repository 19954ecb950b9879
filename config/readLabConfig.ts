/**
 * The ONLY place that reads Pulumi config. Reads every key of the `kong-jwt-lab` namespace, hands
 * the raw values to the pure validator (config/validateLabConfig.ts), and returns the typed
 * LabConfig. Secret keys are read with getSecret/requireSecret only; their plaintext never reaches
 * the validator.
 */
import * as pulumi from "../pulumiSdk";
import { CONFIG_KEY_NAMES, ConfigKeyName, PROJECT, fullKey } from "./configKeys";
import { LabConfig } from "./types";
import { parseJson } from "./parseJson";
import {
  CredentialSecretPath,
  LabConfigError,
  LabSettings,
  RawLabConfig,
  SECRET_VALUE_MARKER,
  validateLabConfig,
} from "./validateLabConfig";

/** Reads, validates and types the stack's configuration; throws LabConfigError listing every problem. */
export function readLabConfig(): LabConfig {
  const config = new pulumi.Config(PROJECT);
  const raw = readRawLabConfig(config);
  const settings = validateLabConfig(raw);
  return toLabConfig(config, settings);
}

function readRawLabConfig(config: pulumi.Config): RawLabConfig {
  const present = Object.keys(pulumi.runtime.allConfig());
  const secretKeys = new Set<ConfigKeyName>(
    CONFIG_KEY_NAMES.filter((key) => isConfigSecret(fullKey(key))),
  );
  const values: Partial<Record<ConfigKeyName, string>> = {};
  // consumers: the structure is needed even when some of it is secret; secrets become a marker.
  const consumers = config.get("consumers");
  if (consumers !== undefined) values.consumers = withoutSecretValues(consumers);
  for (const key of CONFIG_KEY_NAMES) {
    if (key === "jwtCredentials") {
      // Mixed: keys, algorithms and public keys are plain, each item's secret is not. The validator
      // sees the list with every secret replaced by a marker.
      const list = config.get(key);
      if (list !== undefined) values[key] = withoutCredentialSecrets(list);
      continue;
    }
    if (secretKeys.has(key) || key === "consumers") continue; // presence is enough; the value is read below as a secret
    // A value of a secret key that the engine did not mark secret is plaintext in the stack file:
    // the validator refuses it without repeating it.
    const value = config.get(key);
    if (value !== undefined) values[key] = value;
  }
  const unknownKeys = present.filter(
    (k) =>
      k.startsWith(`${PROJECT}:`) &&
      !(CONFIG_KEY_NAMES as string[]).includes(k.slice(PROJECT.length + 1)),
  );
  return {
    project: pulumi.getProject(),
    stack: pulumi.getStack(),
    values,
    secretKeys,
    unknownKeys,
  };
}

function toLabConfig(config: pulumi.Config, settings: LabSettings): LabConfig {
  const stack = pulumi.getStack();
  const jwtSecret = settings.jwtSecretProvided
    ? config.requireSecret("jwtSecret").apply((secret) => {
        if (secret === "") {
          throw new LabConfigError(stack, [
            `${fullKey("jwtSecret")}: is empty; allowed: a non-empty secret, or no value (a random secret is generated)`,
          ]);
        }
        return secret;
      })
    : undefined;
  const adminHeaders = settings.adminHeadersProvided
    ? config.requireSecret("kongAdminHeaders").apply((text) => parseHeaders(stack, text))
    : undefined;
  const secretOf = (path: CredentialSecretPath): pulumi.Output<string> | undefined => {
    if (path === "jwtSecret") return jwtSecret;
    if (path === undefined) return undefined;
    return config
      .requireSecretObject<{ secret?: unknown }[]>("jwtCredentials")
      .apply((list) => String(list[path].secret));
  };
  return {
    containers: settings.containers,
    kong: { ...settings.kong, adminHeaders },
    lab: {
      ...settings.lab,
      credentials: settings.lab.credentials.map((credential, i) => ({
        ...credential,
        secret: secretOf(settings.credentialSecretPaths[i]),
      })),
    },
    verifyAfterUp: settings.verifyAfterUp,
    consumers: settings.consumers.map((c, i) => ({
      ...c,
      credentials: c.credentials.map(({ secretProvided, ...credential }, j) => ({
        ...credential,
        secret: secretProvided ? consumerSecret(config, i, j) : undefined,
      })),
    })),
  };
}

/** The secret of `consumers[i].credentials[j]`, read as a secret (its plaintext stays inside). */
function consumerSecret(config: pulumi.Config, i: number, j: number): pulumi.Output<string> {
  return config
    .requireSecretObject<{ credentials: { secret: unknown }[] }[]>("consumers")
    .apply((list) => String(list[i]!.credentials[j]!.secret));
}

/**
 * The consumers' JSON with every credential secret replaced by SECRET_VALUE_MARKER before
 * validation, so the validator and its messages never hold a secret. Unparseable text passes as is
 * (the validator refuses it without quoting it).
 */
export function withoutSecretValues(json: string): string {
  const parsed = parseJson(json);
  if (!Array.isArray(parsed)) return json;
  return JSON.stringify(
    parsed.map((c: unknown) =>
      c && typeof c === "object" && Array.isArray((c as { credentials?: unknown }).credentials)
        ? {
            ...c,
            credentials: maskCredentialSecrets((c as { credentials: unknown[] }).credentials),
          }
        : c,
    ),
  );
}

/** A list of credentials with each set secret (not empty) replaced by SECRET_VALUE_MARKER. */
function maskCredentialSecrets(credentials: readonly unknown[]): unknown[] {
  return credentials.map((item) =>
    item !== null &&
    typeof item === "object" &&
    ![undefined, null, ""].includes((item as { secret?: unknown }).secret as never)
      ? { ...item, secret: SECRET_VALUE_MARKER }
      : item,
  );
}

function parseHeaders(stack: string, text: string): Record<string, string> {
  const parsed = parseJson(text);
  if (
    typeof parsed !== "object" ||
    parsed === null ||
    Array.isArray(parsed) ||
    !Object.values(parsed).every((v) => typeof v === "string")
  ) {
    throw new LabConfigError(stack, [
      `${fullKey("kongAdminHeaders")}: is not an object of header names to string values; allowed: e.g. set with \`pulumi config set --secret --path 'kongAdminHeaders.X-Api-Key' <value>\``,
    ]);
  }
  return parsed as Record<string, string>;
}

/** The jwtCredentials JSON text with each item's non-empty secret replaced by SECRET_VALUE_MARKER. */
function withoutCredentialSecrets(text: string): string {
  const parsed = parseJson(text);
  // Not a list: the validator reports "is not a list" without repeating the text.
  if (!Array.isArray(parsed)) return JSON.stringify(typeof parsed);
  return JSON.stringify(maskCredentialSecrets(parsed));
}

/** Whether the engine marks a config key secret (the SDK's internal isConfigSecret, when present). */
function isConfigSecret(key: string): boolean {
  const check = pulumi.runtime.isConfigSecret;
  return typeof check === "function" ? check(key) : false;
}
