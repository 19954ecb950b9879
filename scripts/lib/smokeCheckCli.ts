import type { CliIo } from "./cliIo";
import { exitOnInputError, InputError } from "./inputError";
import { parseFlags } from "./parseFlags";
import { allConsumerCredentials } from "./consumerCredential";
import { readFlagFile, signingKeyFromFlags } from "./signingKeyFlags";
import { isHmacAlgorithm, parseAlgorithm } from "./jwtAlgorithms";
import { parsePrivateKey, type SigningKey } from "./signToken";
import {
  type ConsumerSmokeTarget,
  formatResultsTable,
  routeUrl,
  runSmokeCheck,
  type SmokeTarget,
} from "./smokeCheck";
import type { LabStackOutputs } from "./stackOutputs";
import { parseSeconds } from "./tokenClaims";

export const SMOKE_USAGE = `Usage: npm run smoke -- [options]

Checks the lab's JWT setup end to end through Kong's proxy and prints a table of the cases.
Exits 0 when every case passes, 1 when one fails, 2 on bad input.

  --proxy-url <url>       Kong's proxy, e.g. http://127.0.0.1:8000
  --route-path <path>     the route's path (default /kong/healthy)
  --issuer, --iss <key>   the JWT credential's key (e.g. jwttoken)
  --secret <secret>       the credential's HMAC secret; prefer --secret-file
  --secret-file <path>    read the HMAC secret from a file (one trailing newline is dropped)
  --key-file <path>       PEM private key, for an RS*/ES* credential
  --alg <alg>             the credential's algorithm (default HS256)
  --max-expiration <s>    the jwt plugin's maximum_expiration (default 600, the lab's; 0 = none)
  --wait <seconds>        how long the first request retries while the route is not applied (default 30)
  --stack <name>          read proxyUrl, routePath, jwtKey, jwtSecret or jwtPrivateKey, jwtAlgorithm
                          and jwtMaximumExpiration from the stack's outputs (flags win), and check
                          every configured consumer's credentials too (one case each)
  --consumer-key-file <key>=<path>
                          PEM private key of a configured consumer's RS*/ES* credential (repeatable);
                          without it that credential's case is skipped
  -h, --help              show this help`;

const OPTIONS = {
  "proxy-url": { type: "string" },
  "route-path": { type: "string" },
  issuer: { type: "string" },
  iss: { type: "string" },
  secret: { type: "string" },
  "secret-file": { type: "string" },
  "key-file": { type: "string" },
  alg: { type: "string" },
  "max-expiration": { type: "string" },
  wait: { type: "string" },
  stack: { type: "string" },
  "consumer-key-file": { type: "string", multiple: true },
  help: { type: "boolean", short: "h" },
} as const;

type SmokeFlags = ReturnType<typeof parseFlags<typeof OPTIONS>>;

const DEFAULT_ROUTE_PATH = "/kong/healthy";
const DEFAULT_MAXIMUM_EXPIRATION = 600;
const DEFAULT_WAIT = 30;

/** Turns flags (and, with --stack, the stack's outputs) into a SmokeTarget. */
export function resolveSmokeTarget(flags: SmokeFlags, outputs: LabStackOutputs = {}): SmokeTarget {
  const proxyUrl = flags["proxy-url"] ?? outputs.proxyUrl;
  if (proxyUrl === undefined || proxyUrl.trim() === "") {
    throw new InputError("--proxy-url is required (Kong's proxy, e.g. http://127.0.0.1:8000)");
  }
  let parsedUrl: URL;
  try {
    parsedUrl = new URL(proxyUrl);
  } catch {
    throw new InputError(`--proxy-url "${proxyUrl}" is not a URL`);
  }
  if (parsedUrl.protocol !== "http:" && parsedUrl.protocol !== "https:") {
    throw new InputError(`--proxy-url "${proxyUrl}" must be http:// or https://`);
  }
  const routePath = flags["route-path"] ?? outputs.routePath ?? DEFAULT_ROUTE_PATH;
  if (!routePath.startsWith("/"))
    throw new InputError(`--route-path "${routePath}" must start with /`);

  if (flags.issuer !== undefined && flags.iss !== undefined && flags.issuer !== flags.iss) {
    throw new InputError("--issuer and --iss disagree; give one of them");
  }
  const issuer = flags.issuer ?? flags.iss ?? outputs.jwtKey;
  if (issuer === undefined) throw new InputError("--issuer is required (the JWT credential's key)");
  if (issuer.trim() === "") throw new InputError("--issuer cannot be empty");

  const algorithm =
    flags.alg !== undefined
      ? parseAlgorithm(flags.alg, "--alg")
      : outputs.jwtAlgorithm !== undefined
        ? parseAlgorithm(outputs.jwtAlgorithm, "stack output jwtAlgorithm")
        : "HS256";

  const key = signingKeyFromFlags(algorithm, flags, {
    secret: outputs.jwtSecret,
    privateKey: outputs.jwtPrivateKey,
  });

  const maximumExpiration =
    flags["max-expiration"] !== undefined
      ? parseSeconds(flags["max-expiration"], "--max-expiration", 0)
      : (outputs.jwtMaximumExpiration ?? DEFAULT_MAXIMUM_EXPIRATION);
  const waitSeconds =
    flags.wait !== undefined ? parseSeconds(flags.wait, "--wait", 0) : DEFAULT_WAIT;
  const privateKeyFiles = new Map<string, string>();
  for (const text of flags["consumer-key-file"] ?? []) {
    const eq = text.indexOf("=");
    if (eq <= 0 || eq === text.length - 1) {
      throw new InputError(`--consumer-key-file "${text}": give <credential key>=<path>`);
    }
    privateKeyFiles.set(text.slice(0, eq), text.slice(eq + 1));
  }
  const consumers: ConsumerSmokeTarget[] = allConsumerCredentials(outputs).map((c) => {
    const file = privateKeyFiles.get(c.issuer);
    privateKeyFiles.delete(c.issuer);
    const key: SigningKey | undefined = isHmacAlgorithm(c.algorithm)
      ? c.secret === undefined
        ? undefined
        : { kind: "secret", secret: c.secret }
      : file === undefined
        ? undefined
        : parsePrivateKey(readFlagFile(file, "--consumer-key-file"), file);
    return { username: c.username, issuer: c.issuer, algorithm: c.algorithm, key };
  });
  if (privateKeyFiles.size > 0) {
    throw new InputError(
      `--consumer-key-file: no configured consumer has the credential key(s) ${[...privateKeyFiles.keys()].join(", ")}`,
    );
  }
  return {
    proxyUrl,
    routePath,
    issuer,
    algorithm,
    key,
    maximumExpiration,
    waitSeconds,
    ...(consumers.length > 0 ? { consumers } : {}),
  };
}

/** The smoke check's CLI: 0 all passed, 1 a case failed, 2 bad input. */
export async function runSmokeCheckCli(argv: readonly string[], io: CliIo): Promise<number> {
  let target: SmokeTarget;
  try {
    const flags = parseFlags(argv, OPTIONS, SMOKE_USAGE);
    if (flags.help) {
      io.stdout(SMOKE_USAGE + "\n");
      return 0;
    }
    const outputs = flags.stack !== undefined ? await io.readStackOutputs(flags.stack) : {};
    target = resolveSmokeTarget(flags, outputs);
  } catch (err) {
    return exitOnInputError(err, io.stderr);
  }
  const consumerCount = target.consumers?.length ?? 0;
  io.stdout(
    `Smoke check of GET ${routeUrl(target.proxyUrl, target.routePath)} ` +
      `(iss "${target.issuer}", ${target.algorithm}, maximum_expiration ${target.maximumExpiration} s)` +
      (consumerCount > 0
        ? `, and ${consumerCount} credential(s) of configured consumers: ${[
            ...new Set(target.consumers!.map((c) => c.username)),
          ].join(", ")}`
        : "") +
      "\n\n",
  );
  const results = await runSmokeCheck(target, (line) => io.stderr(line + "\n"));
  io.stdout(formatResultsTable(results));
  const failed = results.filter((r) => r.outcome === "FAIL");
  const passed = results.filter((r) => r.outcome === "PASS").length;
  const skipped = results.length - failed.length - passed;
  const checked = passed + failed.length;
  io.stdout(
    `\nResult: ${passed} of ${checked} cases as expected` +
      (skipped > 0 ? ` (${skipped} not checked)` : "") +
      (failed.length > 0 ? `; failing: ${failed.map((r) => r.name).join(", ")}` : "") +
      "\n",
  );
  return failed.length > 0 ? 1 : 0;
}
