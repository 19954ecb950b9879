/**
 * Pure validation of the lab's configuration: raw config strings in, typed settings out. Collects
 * EVERY problem and throws them together as one `LabConfigError`, whose lines each name the key
 * (`kong-jwt-lab:adminPort`) and what is allowed. Needs no Pulumi runtime, so tests call it directly.
 *
 * Secret keys (jwtSecret, kongAdminHeaders) are never read here when the engine marks them secret:
 * only their presence counts. A value the engine did NOT mark secret is plaintext in the stack file,
 * which is itself the problem; the message never repeats it.
 */
import * as net from "net";
import * as pulumi from "../pulumiSdk";
import { CONFIG_KEYS, CONFIG_KEY_NAMES, ConfigKeyName, fullKey } from "./configKeys";
import { credentialListProblems, ListedCredential, resolveCurrentKey } from "./credentialRotation";
import {
  checkCredentialItem,
  checkJwtCredential,
  credentialItemKey,
  type JwtCredentialSpec,
} from "./jwtCredentialSpec";
import { kongTagProblem, toKongTag } from "./kongTag";
import { parseJson } from "./parseJson";
import { isHmacAlgorithm } from "./jwtAlgorithms";
import {
  ConsumerConfig,
  ContainersConfig,
  JWT_PLUGIN_SCOPES,
  JwtCredentialConfig,
  JwtPluginScope,
  KongLabConfig,
} from "./types";

export const JWT_MAXIMUM_EXPIRATION_LIMIT = 31536000;
const CLAIMS = ["exp", "nbf"] as const;
const PORT_KEYS = [
  "proxyHttpPort",
  "proxyHttpsPort",
  "adminPort",
  "managerPort",
  "statusPort",
  "postgresPort",
  "prometheusPort",
  "zipkinPort",
  "upstreamPort",
  "grafanaPort",
] as const satisfies readonly ConfigKeyName[];
/** Keys that describe an existing Kong; the lab's containers provide these themselves. */
const EXTERNAL_KONG_KEYS = [
  "kongAdminUrl",
  "kongProxyUrl",
  "upstreamUrl",
  "zipkinEndpoint",
] as const satisfies readonly ConfigKeyName[];

/** Keys that describe the single credential while jwtCredentials is empty. */
const LEGACY_CREDENTIAL_KEYS = [
  "jwtKey",
  "jwtAlgorithm",
  "jwtSecret",
  "jwtRsaPublicKey",
] as const satisfies readonly ConfigKeyName[];

/** A validated credential and where its configured secret is. */
interface CredentialSettings extends Omit<JwtCredentialConfig, "secret"> {
  readonly secretPath: CredentialSecretPath;
}

/** What the engine handed the program, before any interpretation. */
export interface RawLabConfig {
  readonly project: string;
  readonly stack: string;
  /**
   * Values as Pulumi passes them (strings; JSON text for arrays and objects). Absent keys take
   * their default from CONFIG_KEYS. For secret keys: only a value the engine did not mark secret.
   */
  readonly values: Partial<Record<ConfigKeyName, string>>;
  /** Keys the engine marks secret (set with --secret). */
  readonly secretKeys: ReadonlySet<ConfigKeyName>;
  /** Keys in the project's namespace that the project does not declare (typos). */
  readonly unknownKeys?: readonly string[];
}

/** The validated settings; secret values stay with the caller (config/readLabConfig.ts). */
export interface LabSettings {
  readonly containers?: ContainersConfig;
  readonly kong: {
    readonly adminUrl: string;
    readonly ownerTag: string;
    readonly proxyUrl?: string;
    readonly zipkinEndpoint?: string;
    readonly adoptExisting: boolean;
  };
  readonly lab: KongLabConfig;
  /** The configured consumers; of each credential's secret only whether one was set. */
  readonly consumers: readonly ConsumerSettings[];
  /** jwtSecret was set (as a secret); absent → the Kong layer generates one. */
  readonly jwtSecretProvided: boolean;
  /** kongAdminHeaders was set (as a secret). */
  readonly adminHeadersProvided: boolean;
  readonly verifyAfterUp: boolean;
  /**
   * Where each credential's configured secret is, aligned with `lab.credentials`: the jwtSecret key,
   * the index of a jwtCredentials item whose `secret` was set (as a secret), or undefined (generated).
   */
  readonly credentialSecretPaths: readonly CredentialSecretPath[];
}

/** Where a configured HS* secret is: the jwtSecret key, or jwtCredentials[index].secret. */
export type CredentialSecretPath = "jwtSecret" | number | undefined;

/** Marker config/readLabConfig.ts puts in place of each jwtCredentials item's secret value. */
export const SECRET_VALUE_MARKER = "[secret]";

/** A configured consumer as validated: each credential without its secret value. */
export interface ConsumerSettings extends Omit<ConsumerConfig, "credentials"> {
  readonly credentials: readonly (Omit<JwtCredentialSpec, "secret"> & {
    /** A secret was set (with --secret); absent for HS*: one is generated. */
    readonly secretProvided: boolean;
  })[];
}

/** One error carrying every problem; a RunError so `pulumi preview` prints it without a stack trace. */
export class LabConfigError extends pulumi.RunError {
  constructor(
    readonly stack: string,
    readonly problems: readonly string[],
  ) {
    super(
      `Invalid configuration of stack "${stack}" (${problems.length} problem${
        problems.length === 1 ? "" : "s"
      }):\n${problems.map((p) => `  - ${p}`).join("\n")}\n` +
        `Fix with \`pulumi config set <key> <value>\` (secrets: --secret) or edit Pulumi.${stack}.yaml.`,
    );
    this.name = "LabConfigError";
  }
}

/** Validates, returning the settings or throwing one LabConfigError listing every problem. */
export function validateLabConfig(raw: RawLabConfig): LabSettings {
  const { settings, problems } = checkLabConfig(raw);
  if (problems.length > 0 || settings === undefined) {
    throw new LabConfigError(raw.stack, problems);
  }
  return settings;
}

/** Every problem of the configuration (empty when valid) and, when valid, the settings. */
export function checkLabConfig(raw: RawLabConfig): {
  settings?: LabSettings;
  problems: string[];
} {
  const problems: string[] = [];
  const problem = (key: ConfigKeyName, text: string) => problems.push(`${fullKey(key)}: ${text}`);

  const rawValue = (key: ConfigKeyName): string => {
    const v = raw.values[key];
    if (v !== undefined) return v;
    const d = CONFIG_KEYS[key].default;
    return typeof d === "string" ? d : JSON.stringify(d);
  };
  const shown = (v: string) => JSON.stringify(v.length > 80 ? `${v.slice(0, 77)}...` : v);

  const bool = (key: ConfigKeyName): boolean => {
    const v = rawValue(key).trim();
    if (v === "true" || v === "false") return v === "true";
    problem(key, `${shown(v)} is not allowed; allowed: true or false`);
    return CONFIG_KEYS[key].default === true;
  };

  const integer = (key: ConfigKeyName, min: number, max: number, what: string): number => {
    const v = rawValue(key).trim();
    const n = /^-?\d+$/.test(v) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      problem(key, `${shown(v)} is not allowed; allowed: ${what}`);
      return NaN;
    }
    return n;
  };

  const stringArray = (key: ConfigKeyName): string[] | undefined => {
    const v = rawValue(key);
    try {
      const parsed: unknown = JSON.parse(v);
      if (Array.isArray(parsed) && parsed.every((x) => typeof x === "string")) {
        return parsed as string[];
      }
    } catch {
      // reported below
    }
    problem(key, `${shown(v)} is not allowed; allowed: a list of strings, e.g. ["exp"]`);
    return undefined;
  };

  const text = (key: ConfigKeyName): string => rawValue(key).trim();

  const nonEmptyName = (key: ConfigKeyName, kongName: boolean): string => {
    const v = text(key);
    if (v === "") {
      problem(key, `must not be empty; allowed: a non-empty name`);
    } else if (kongName && !/^[\p{L}\p{N}._~-]+$/u.test(v)) {
      problem(key, `${shown(v)} is not allowed; allowed: letters, digits and . _ ~ - only`);
    }
    return v;
  };

  const httpUrl = (key: ConfigKeyName, example: string): string | undefined => {
    const v = text(key);
    if (v === "") return undefined;
    let url: URL | undefined;
    try {
      url = new URL(v);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || url.hostname === "") {
      problem(
        key,
        `${shown(v)} is not allowed; allowed: an http:// or https:// URL, e.g. ${example}`,
      );
      return undefined;
    }
    if (url.username !== "" || url.password !== "") {
      problem(
        key,
        `must not contain credentials (user:password@); allowed: a URL without them (put auth headers in ${fullKey(
          "kongAdminHeaders",
        )}, as a secret)`,
      );
      return undefined;
    }
    return v.replace(/\/+$/, "");
  };

  // Unknown keys (typos) in the project's namespace.
  for (const unknown of raw.unknownKeys ?? []) {
    const short = unknown.includes(":") ? unknown.slice(unknown.indexOf(":") + 1) : unknown;
    const suggestion = closestKey(short);
    problems.push(
      `${fullKey(short)}: unknown key; allowed: the keys declared in Pulumi.yaml${
        suggestion ? ` (did you mean ${fullKey(suggestion)}?)` : ""
      }`,
    );
  }

  const containersEnabled = bool("containersEnabled");

  // Images: pinned references only.
  const images = {
    kong: text("kongImage"),
    postgres: text("postgresImage"),
    prometheus: text("prometheusImage"),
    zipkin: text("zipkinImage"),
    grafana: text("grafanaImage"),
  };
  for (const [key, ref] of [
    ["kongImage", images.kong],
    ["postgresImage", images.postgres],
    ["prometheusImage", images.prometheus],
    ["zipkinImage", images.zipkin],
    ["grafanaImage", images.grafana],
  ] as const) {
    const reason = imageRefProblem(ref);
    if (reason) {
      problem(
        key,
        `${shown(ref)} ${reason}; allowed: a pinned image, repo:tag (e.g. ${
          CONFIG_KEYS[key].default
        }) or repo@sha256:<64 hex digits>; never "latest"`,
      );
    }
  }

  // Ports: 1..65535, and (when the containers run) each host port used once.
  const ports = Object.fromEntries(
    PORT_KEYS.map((key) => [key, integer(key, 1, 65535, "an integer port from 1 to 65535")]),
  ) as Record<(typeof PORT_KEYS)[number], number>;
  if (containersEnabled) {
    const byPort = new Map<number, string[]>();
    for (const key of PORT_KEYS) {
      if (Number.isNaN(ports[key])) continue;
      byPort.set(ports[key], [...(byPort.get(ports[key]) ?? []), key]);
    }
    for (const [port, keys] of byPort) {
      if (keys.length > 1) {
        problems.push(
          `${keys.map(fullKey).join(", ")}: port ${port} is used ${keys.length} times; allowed: a different host port for each of ${PORT_KEYS.map(
            fullKey,
          ).join(", ")}`,
        );
      }
    }
  }

  const proxyBindAddress = text("proxyBindAddress");
  if (net.isIP(proxyBindAddress) === 0) {
    problem(
      "proxyBindAddress",
      `${shown(proxyBindAddress)} is not allowed; allowed: an IPv4 or IPv6 address, e.g. 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)`,
    );
  }

  // Where Kong is: the lab's containers, or an existing Kong given by URL.
  const kongAdminUrl = httpUrl("kongAdminUrl", "http://127.0.0.1:8001");
  const kongProxyUrl = httpUrl("kongProxyUrl", "http://127.0.0.1:8000");
  const upstreamUrl = httpUrl("upstreamUrl", "http://fastapi.example:8080/healthy");
  const zipkinEndpoint = httpUrl("zipkinEndpoint", "http://zipkin:9411/api/v2/spans");
  if (containersEnabled) {
    for (const key of EXTERNAL_KONG_KEYS) {
      if (text(key) !== "") {
        problem(
          key,
          `is only used with ${fullKey("containersEnabled")} false (the lab's containers provide it); allowed: leave it empty, or set ${fullKey(
            "containersEnabled",
          )} false to configure an existing Kong`,
        );
      }
    }
  } else {
    if (text("kongAdminUrl") === "") {
      problem(
        "kongAdminUrl",
        `is required when ${fullKey("containersEnabled")} is false; allowed: the existing Kong's Admin API URL, e.g. http://127.0.0.1:8001`,
      );
    }
    if (text("upstreamUrl") === "") {
      problem(
        "upstreamUrl",
        `is required when ${fullKey("containersEnabled")} is false; allowed: the URL Kong forwards to, e.g. http://fastapi.example:8080/healthy`,
      );
    }
  }

  // Secrets: present only when set with --secret; a plaintext value in the stack file is refused
  // (jwtSecret: by the credential's validation below).
  const jwtSecretProvided = raw.secretKeys.has("jwtSecret");
  const jwtSecretPlaintext = !jwtSecretProvided && (raw.values.jwtSecret ?? "") !== "";
  const adminHeadersProvided = raw.secretKeys.has("kongAdminHeaders");
  if (!adminHeadersProvided) {
    const headers = (raw.values.kongAdminHeaders ?? "{}").trim();
    if (headers !== "" && headers !== "{}") {
      problem(
        "kongAdminHeaders",
        "is set in plaintext; allowed: a secret object, set with `pulumi config set --secret --path 'kongAdminHeaders.<Header-Name>' <value>`, or no value",
      );
    }
  }

  // The Kong entities.
  const serviceName = nonEmptyName("serviceName", true);
  const routeName = nonEmptyName("routeName", true);
  const consumerUsername = nonEmptyName("consumerUsername", false);
  const jwtKeyClaimName = nonEmptyName("jwtKeyClaimName", false);
  const instanceName = nonEmptyName("jwtPluginInstanceName", true);

  const routePath = text("routePath");
  if (!routePath.startsWith("/") || /[\s?#]/.test(routePath)) {
    problem(
      "routePath",
      `${shown(routePath)} is not allowed; allowed: a path starting with '/', without spaces, '?' or '#', e.g. /kong/healthy`,
    );
  }

  const parsedMethods = stringArray("routeMethods");
  const routeMethods = parsedMethods ?? [];
  if (
    parsedMethods &&
    (routeMethods.length === 0 ||
      routeMethods.some((m) => !/^[A-Z]+$/.test(m)) ||
      new Set(routeMethods).size !== routeMethods.length)
  ) {
    problem(
      "routeMethods",
      `${shown(rawValue("routeMethods"))} is not allowed; allowed: a non-empty list of distinct upper-case HTTP methods, e.g. ["GET", "POST"]`,
    );
  }

  // The consumer's credentials: the jwtCredentials list, or the single credential of the jwtKey,
  // jwtAlgorithm, jwtSecret and jwtRsaPublicKey keys when the list is empty.
  const credentialList = jwtCredentialList(raw, rawValue("jwtCredentials"), problems);
  const jwtKey = text("jwtKey").trim();
  const legacy = checkJwtCredential(
    {
      key: jwtKey,
      algorithm: text("jwtAlgorithm"),
      secret: jwtSecretProvided ? "secret" : jwtSecretPlaintext ? "plaintext" : "absent",
      rsaPublicKey: rawValue("jwtRsaPublicKey"),
    },
    {
      key: fullKey("jwtKey"),
      algorithm: fullKey("jwtAlgorithm"),
      secret: fullKey("jwtSecret"),
      rsaPublicKey: fullKey("jwtRsaPublicKey"),
      setSecret: "pulumi config set --secret jwtSecret <value>",
    },
    { keyPairGenerated: true },
  );
  problems.push(...legacy.problems);
  const legacyCredential = legacy.spec;
  const currentKeyText = text("jwtCurrentKey");
  let credentials: CredentialSettings[];
  if (credentialList === undefined || credentialList.length === 0) {
    credentials = legacyCredential
      ? [{ ...legacyCredential, secretPath: jwtSecretProvided ? "jwtSecret" : undefined }]
      : [];
    if (credentialList !== undefined && currentKeyText !== "" && currentKeyText !== jwtKey) {
      problem(
        "jwtCurrentKey",
        `${shown(currentKeyText)} names no credential: ${fullKey("jwtCredentials")} is empty, so the only credential is ${fullKey("jwtKey")} ${shown(jwtKey)}; allowed: empty, or list every credential (the current and the retiring ones) in ${fullKey("jwtCredentials")}`,
      );
    }
  } else {
    credentials = credentialList;
    for (const key of LEGACY_CREDENTIAL_KEYS) {
      const set =
        key === "jwtSecret" ? jwtSecretProvided : text(key) !== String(CONFIG_KEYS[key].default);
      if (set) {
        problem(
          key,
          `is only used while ${fullKey("jwtCredentials")} is empty; allowed: describe that credential as an item of ${fullKey("jwtCredentials")} and remove this key with \`pulumi config rm ${key}\`${key === "jwtSecret" ? " (its value: `pulumi config get jwtSecret`; set it as that item's secret with --secret --path)" : ""}`,
        );
      }
    }
  }
  const currentKey = credentialList?.length ? currentKeyText : (legacyCredential?.key ?? "");
  if (credentialList?.length) {
    problems.push(
      ...credentialListProblems(listedCredentials(credentials), currentKey, {
        list: fullKey("jwtCredentials"),
        current: fullKey("jwtCurrentKey"),
      }),
    );
  }

  const maximumExpiration = integer(
    "jwtMaximumExpiration",
    0,
    JWT_MAXIMUM_EXPIRATION_LIMIT,
    `an integer number of seconds from 0 to ${JWT_MAXIMUM_EXPIRATION_LIMIT} (0 = no limit)`,
  );
  const claims = stringArray("jwtClaimsToVerify");
  if (claims) {
    const bad = claims.filter((c) => !(CLAIMS as readonly string[]).includes(c));
    if (bad.length > 0 || new Set(claims).size !== claims.length) {
      problem(
        "jwtClaimsToVerify",
        `${shown(rawValue("jwtClaimsToVerify"))} is not allowed; allowed: a list of distinct items from exp, nbf`,
      );
    } else if (maximumExpiration > 0 && !claims.includes("exp")) {
      problem(
        "jwtClaimsToVerify",
        `must contain "exp" because ${fullKey("jwtMaximumExpiration")} is ${maximumExpiration} (Kong refuses maximum_expiration without exp); allowed: add "exp", or set ${fullKey(
          "jwtMaximumExpiration",
        )} 0`,
      );
    }
  }

  const ratioText = text("zipkinSampleRatio");
  const ratio = /^\d+(\.\d+)?$/.test(ratioText) ? Number(ratioText) : NaN;
  if (!(ratio >= 0 && ratio <= 1)) {
    problem(
      "zipkinSampleRatio",
      `${shown(ratioText)} is not allowed; allowed: a decimal number from 0 to 1, e.g. 1 or 0.25`,
    );
  }

  // The smoke check after `pulumi up`: a command on this machine (only where the lab's containers
  // run here), signing its tokens with the current credential's secret or generated private key.
  const verifyAfterUp = bool("verifyAfterUp");
  if (verifyAfterUp && !containersEnabled) {
    problem(
      "verifyAfterUp",
      `is only used with ${fullKey("containersEnabled")} true; allowed: false (check an existing Kong with \`npm run smoke -- --stack ${raw.stack}\` after \`pulumi up\`)`,
    );
  }
  const verifiedCredential = credentials.find((c) => c.key === currentKey);
  if (verifyAfterUp && verifiedCredential?.rsaPublicKey !== undefined) {
    problem(
      "verifyAfterUp",
      `needs a private key to sign ${verifiedCredential.algorithm} tokens, and the current credential ${shown(verifiedCredential.key)} has a configured public key (the stack holds no private key); allowed: false, or leave the public key out so the stack generates the key pair (run \`npm run smoke -- --stack ${raw.stack} --key-file <private key>\` instead)`,
    );
  }

  const jwtPluginScope = text("jwtPluginScope") as JwtPluginScope;
  if (!JWT_PLUGIN_SCOPES.includes(jwtPluginScope)) {
    problem(
      "jwtPluginScope",
      `${shown(jwtPluginScope)} is not allowed; allowed: global (the jwt plugin on every route, as in the write-up) or route (on the lab's route only, for a shared Kong)`,
    );
  }

  const adoptExisting = bool("adoptExisting");

  const consumers = checkConsumers(rawValue("consumers"), raw.secretKeys.has("consumers"), {
    username: consumerUsername,
    keys: credentials.map((c) => c.key),
    keysKey: fullKey(credentialList?.length ? "jwtCredentials" : "jwtKey"),
  });
  problems.push(...consumers.problems);

  if (problems.length > 0) {
    return { problems };
  }

  const namePrefix = `${raw.project}-${raw.stack}`.toLowerCase().replace(/[^a-z0-9_.-]/g, "-");
  const ownerTag = toKongTag(`${raw.project}.${raw.stack}`);
  const containers: ContainersConfig | undefined = containersEnabled
    ? {
        images,
        ports: {
          proxyHttp: ports.proxyHttpPort,
          proxyHttps: ports.proxyHttpsPort,
          admin: ports.adminPort,
          manager: ports.managerPort,
          status: ports.statusPort,
          postgres: ports.postgresPort,
          prometheus: ports.prometheusPort,
          zipkin: ports.zipkinPort,
          upstream: ports.upstreamPort,
          grafana: ports.grafanaPort,
        },
        proxyBindAddress,
        namePrefix,
      }
    : undefined;

  return {
    problems,
    settings: {
      containers,
      kong: {
        adminUrl: containers
          ? `http://127.0.0.1:${containers.ports.admin}`
          : (kongAdminUrl as string),
        ownerTag,
        proxyUrl: containers ? undefined : kongProxyUrl,
        zipkinEndpoint: containers ? undefined : zipkinEndpoint,
        adoptExisting,
      },
      lab: {
        serviceName,
        upstreamUrl: containers ? undefined : upstreamUrl,
        routeName,
        routePaths: [routePath],
        routeMethods,
        consumerUsername,
        credentials: credentials.map(({ key, algorithm, rsaPublicKey }) => ({
          key,
          algorithm,
          ...(rsaPublicKey === undefined ? {} : { rsaPublicKey }),
        })),
        currentCredentialKey: resolveCurrentKey(listedCredentials(credentials), currentKey) ?? "",
        jwtPlugin: {
          instanceName,
          claimsToVerify: claims as ("exp" | "nbf")[],
          keyClaimName: jwtKeyClaimName,
          maximumExpiration,
          scope: jwtPluginScope,
        },
        zipkinSampleRatio: ratio,
      },
      jwtSecretProvided,
      credentialSecretPaths: credentials.map((c) => c.secretPath),
      adminHeadersProvided,
      verifyAfterUp,
      consumers: consumers.consumers,
    },
  };
}

/** The list rules' view of validated credentials (config/credentialRotation.ts). */
export function listedCredentials(credentials: readonly CredentialSettings[]): ListedCredential[] {
  return credentials.map((c) => ({
    key: c.key,
    algorithm: c.algorithm,
    materialConfigured: c.secretPath !== undefined || c.rsaPublicKey !== undefined,
  }));
}

/**
 * The jwtCredentials list (JSON text; each item's secret replaced by SECRET_VALUE_MARKER), its
 * items checked one by one. Items with problems are kept with what could be read, so the list
 * rules still see every key. Undefined when the value is not a list.
 */
function jwtCredentialList(
  raw: RawLabConfig,
  text: string,
  problems: string[],
): CredentialSettings[] | undefined {
  const listKey = fullKey("jwtCredentials");
  const parsed = parseJson(text);
  if (!Array.isArray(parsed)) {
    problems.push(
      `${listKey}: is not a list; allowed: a list of { key, algorithm, secret?, rsaPublicKey? }, e.g. set with \`pulumi config set --path 'jwtCredentials[0].key' jwttoken\``,
    );
    return undefined;
  }
  const secretKey = raw.secretKeys.has("jwtCredentials");
  return parsed.map((item: unknown, i): CredentialSettings => {
    const checked = checkCredentialItem(
      item,
      `${listKey}[${i}]`,
      `jwtCredentials[${i}].secret`,
      secretKey,
      { keyPairGenerated: true },
    );
    problems.push(...checked.problems);
    if (checked.spec === undefined) {
      // Kept with what could be read, so the list rules still see its key.
      return { key: credentialItemKey(item), algorithm: "HS256", secretPath: undefined };
    }
    const secretPath: CredentialSecretPath =
      checked.secretGiven && isHmacAlgorithm(checked.spec.algorithm) ? i : undefined;
    return { ...checked.spec, secretPath };
  });
}

/**
 * The `consumers` key: a list of {username, customId?, tags?, credentials: [...]}, every
 * credential checked by checkJwtCredential; usernames and credential keys unique, also against
 * the lab's own consumer. `marked` = the engine marks the key secret (some part set with --secret):
 * then secrets count as set with --secret, otherwise as plaintext. Never quotes a secret.
 */
export function checkConsumers(
  text: string,
  marked: boolean,
  lab: {
    readonly username: string;
    /** The lab consumer's credential keys, and the config key they are reported under. */
    readonly keys: readonly string[];
    readonly keysKey: string;
  },
): { consumers: ConsumerSettings[]; problems: string[] } {
  const problems: string[] = [];
  const at = (path: string) => `${fullKey("consumers")}${path}`;
  const parsed = parseJson(text);
  if (!Array.isArray(parsed)) {
    return {
      consumers: [],
      problems: [
        `${at("")}: is not a list; allowed: a list of {username, customId?, tags?, credentials: [{key, algorithm, secret?, rsaPublicKey?}]}`,
      ],
    };
  }
  const usernames = new Map<string, string>([[lab.username, fullKey("consumerUsername")]]);
  const keys = new Map<string, string>(lab.keys.map((k) => [k, lab.keysKey]));
  const consumers: ConsumerSettings[] = [];
  const fields = ["username", "customId", "tags", "credentials"];
  parsed.forEach((entry: unknown, i) => {
    const where = at(`[${i}]`);
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
      problems.push(
        `${where}: is not an object; allowed: {username, customId?, tags?, credentials}`,
      );
      return;
    }
    const c = entry as Record<string, unknown>;
    const unknownFields = Object.keys(c).filter((k) => !fields.includes(k));
    if (unknownFields.length > 0) {
      problems.push(
        `${where}: unknown field(s) ${unknownFields.join(", ")}; allowed: ${fields.join(", ")}`,
      );
    }
    const username = typeof c.username === "string" ? c.username.trim() : "";
    if (username === "") {
      problems.push(`${where}.username: must not be empty; allowed: a non-empty username`);
    } else if (usernames.has(username)) {
      problems.push(
        `${where}.username: "${username}" is already used by ${usernames.get(username)}; allowed: a username used once`,
      );
    } else {
      usernames.set(username, `${where}.username`);
    }
    if (c.customId !== undefined && (typeof c.customId !== "string" || c.customId === "")) {
      problems.push(
        `${where}.customId: is not a non-empty string; allowed: a non-empty string, or leave it out`,
      );
    }
    const tags: string[] = [];
    if (c.tags !== undefined) {
      if (!Array.isArray(c.tags)) {
        problems.push(`${where}.tags: is not a list; allowed: a list of Kong tags`);
      } else {
        c.tags.forEach((t: unknown, j) => {
          const tagProblem = kongTagProblem(t);
          if (tagProblem) problems.push(`${where}.tags[${j}]: ${tagProblem}`);
          else tags.push(t as string);
        });
      }
    }
    const credentials: ConsumerSettings["credentials"][number][] = [];
    if (!Array.isArray(c.credentials)) {
      problems.push(
        `${where}.credentials: is not a list; allowed: a list of {key, algorithm, secret?, rsaPublicKey?}`,
      );
    } else {
      c.credentials.forEach((entryCred: unknown, j) => {
        const cw = `${where}.credentials[${j}]`;
        const checked = checkCredentialItem(
          entryCred,
          cw,
          `consumers[${i}].credentials[${j}].secret`,
          marked,
        );
        problems.push(...checked.problems);
        const key = credentialItemKey(entryCred);
        if (key !== "" && keys.has(key)) {
          problems.push(
            `${cw}.key: "${key}" is already used by ${keys.get(key)}; allowed: a credential key used once (keys are unique across consumers)`,
          );
        } else if (key !== "") {
          keys.set(key, `${cw}.key`);
        }
        if (checked.spec) {
          credentials.push({ ...checked.spec, secretProvided: checked.secretGiven });
        }
      });
    }
    consumers.push({
      username,
      ...(typeof c.customId === "string" && c.customId !== "" ? { customId: c.customId } : {}),
      ...(c.tags !== undefined ? { tags } : {}),
      credentials,
    });
  });
  return { consumers, problems };
}

/** Why an image reference is not pinned, or undefined when it is. */
export function imageRefProblem(ref: string): string | undefined {
  if (ref === "") return "is empty";
  const component = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
  const host = "(?:[a-zA-Z0-9-]+(?:\\.[a-zA-Z0-9-]+)*(?::[0-9]+)?/)?";
  const repo = new RegExp(`^${host}${component}(?:/${component})*$`);
  const at = ref.indexOf("@");
  const namePart = at >= 0 ? ref.slice(0, at) : ref;
  const digest = at >= 0 ? ref.slice(at + 1) : undefined;
  const lastSlash = namePart.lastIndexOf("/");
  const colon = namePart.indexOf(":", lastSlash + 1);
  const repository = colon >= 0 ? namePart.slice(0, colon) : namePart;
  const tag = colon >= 0 ? namePart.slice(colon + 1) : undefined;

  if (!repo.test(repository)) return "has a malformed repository name";
  if (digest !== undefined) {
    if (!/^sha256:[a-f0-9]{64}$/.test(digest)) return "has a malformed digest";
  } else if (tag === undefined) {
    return "has no tag";
  }
  if (tag !== undefined) {
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)) return "has a malformed tag";
    if (tag.toLowerCase() === "latest") return `uses the tag "latest", which is not pinned`;
  }
  return undefined;
}

function closestKey(key: string): ConfigKeyName | undefined {
  let best: ConfigKeyName | undefined;
  let bestDistance = 4;
  for (const candidate of CONFIG_KEY_NAMES) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}
