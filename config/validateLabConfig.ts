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
import * as pulumi from "@pulumi/pulumi";
import { CONFIG_KEYS, CONFIG_KEY_NAMES, ConfigKeyName, fullKey } from "./configKeys";
import { toKongTag } from "./kongTag";
import { ContainersConfig, JWT_ALGORITHMS, JwtAlgorithm, KongLabConfig } from "./types";

export { JWT_ALGORITHMS };
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
] as const satisfies readonly ConfigKeyName[];
/** Keys that describe an existing Kong; the lab's containers provide these themselves. */
const EXTERNAL_KONG_KEYS = [
  "kongAdminUrl",
  "kongProxyUrl",
  "upstreamUrl",
  "zipkinEndpoint",
] as const satisfies readonly ConfigKeyName[];

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
  };
  readonly lab: KongLabConfig;
  /** jwtSecret was set (as a secret); absent → the Kong layer generates one. */
  readonly jwtSecretProvided: boolean;
  /** kongAdminHeaders was set (as a secret). */
  readonly adminHeadersProvided: boolean;
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
  };
  for (const [key, ref] of [
    ["kongImage", images.kong],
    ["postgresImage", images.postgres],
    ["prometheusImage", images.prometheus],
    ["zipkinImage", images.zipkin],
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

  // Secrets: present only when set with --secret; a plaintext value in the stack file is refused.
  const jwtSecretProvided = raw.secretKeys.has("jwtSecret");
  if (!jwtSecretProvided && (raw.values.jwtSecret ?? "") !== "") {
    problem(
      "jwtSecret",
      "is set in plaintext; allowed: a secret value, set with `pulumi config set --secret jwtSecret <value>`, or no value (a random secret is generated)",
    );
  }
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
  const jwtKey = nonEmptyName("jwtKey", false);
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

  const algorithm = text("jwtAlgorithm") as JwtAlgorithm;
  const algorithmKnown = JWT_ALGORITHMS.includes(algorithm);
  if (!algorithmKnown) {
    problem(
      "jwtAlgorithm",
      `${shown(algorithm)} is not allowed; allowed: one of ${JWT_ALGORITHMS.join(", ")}`,
    );
  }
  const rsaPublicKey = rawValue("jwtRsaPublicKey").trim();
  const asymmetric = algorithm.startsWith("RS") || algorithm.startsWith("ES");
  if (algorithmKnown && asymmetric) {
    if (rsaPublicKey === "") {
      problem(
        "jwtRsaPublicKey",
        `is required with ${fullKey("jwtAlgorithm")} ${algorithm}; allowed: a PEM public key (-----BEGIN PUBLIC KEY----- ... -----END PUBLIC KEY-----)`,
      );
    } else if (!isPemPublicKey(rsaPublicKey)) {
      problem(
        "jwtRsaPublicKey",
        "is not a PEM public key; allowed: a PEM public key (-----BEGIN PUBLIC KEY----- ... -----END PUBLIC KEY-----)",
      );
    }
  } else if (algorithmKnown && rsaPublicKey !== "") {
    problem(
      "jwtRsaPublicKey",
      `is only used with RS* and ES* algorithms, but ${fullKey("jwtAlgorithm")} is ${algorithm}; allowed: empty with HS*`,
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
      },
      lab: {
        serviceName,
        upstreamUrl: containers ? undefined : upstreamUrl,
        routeName,
        routePaths: [routePath],
        routeMethods,
        consumerUsername,
        credential: {
          key: jwtKey,
          algorithm,
          rsaPublicKey: asymmetric ? rsaPublicKey : undefined,
        },
        jwtPlugin: {
          instanceName,
          claimsToVerify: claims as ("exp" | "nbf")[],
          keyClaimName: jwtKeyClaimName,
          maximumExpiration,
        },
        zipkinSampleRatio: ratio,
      },
      jwtSecretProvided,
      adminHeadersProvided,
    },
  };
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

function isPemPublicKey(pem: string): boolean {
  return /^-----BEGIN (RSA |EC )?PUBLIC KEY-----\r?\n[A-Za-z0-9+/=\r\n]+\r?\n-----END (RSA |EC )?PUBLIC KEY-----$/.test(
    pem.trim(),
  );
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
