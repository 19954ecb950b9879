import type { JwtAlgorithm } from "../../config";
import type { CliIo } from "./cliIo";
import { exitOnInputError, InputError } from "./inputError";
import { parseFlags } from "./parseFlags";
import { consumerCredential } from "./consumerCredential";
import { signingKeyFromFlags } from "./signingKeyFlags";
import { parseAlgorithm } from "./jwtAlgorithms";
import { signToken, type SigningKey } from "./signToken";
import type { LabStackOutputs } from "./stackOutputs";
import {
  buildClaims,
  checkLifetime,
  parseClaimFlag,
  parseSeconds,
  type LabClaims,
} from "./tokenClaims";

export const MINT_USAGE = `Usage: npm run token -- [options]

Mints a JWT for the lab's Kong jwt plugin and prints only the token on stdout.

  --issuer, --iss <key>   the iss claim: the JWT credential's key (e.g. jwttoken)
  --secret <secret>       HMAC secret (HS*); prefer --secret-file, a flag shows up in ps and history
  --secret-file <path>    read the HMAC secret from a file (one trailing newline is dropped)
  --key-file <path>       PEM private key for RS256/RS384/RS512/ES256/ES384 (with --stack: the
                          stack's generated key when none is given)
  --alg <alg>             HS256 (default), HS384, HS512, RS256, RS384, RS512, ES256, ES384
  --lifetime <seconds>    exp = iat + lifetime (default 300, or the maximum expiration if smaller)
  --max-expiration <s>    the jwt plugin's maximum_expiration; a longer lifetime is refused (0 = none)
  --sub <subject>         add a sub claim
  --claim <name=value>    add a claim (repeatable); numbers, true/false/null and JSON stay JSON
  --stack <name>          read the current credential (issuer, algorithm, secret or generated private
                          key) and the maximum expiration from the stack's outputs
  --consumer <username>   with --stack: mint for that configured consumer (config consumers), with its
                          first credential (or the one named by --iss); RS*/ES* need --key-file
  -h, --help              show this help

With no options on a terminal it asks for the maximum expiration, the secret and the issuer, like
the write-up's get-iat-exp.py (and uses the maximum expiration as the lifetime).`;

/** Fully resolved input of one minting. */
export interface MintRequest {
  readonly issuer: string;
  readonly algorithm: JwtAlgorithm;
  readonly key: SigningKey;
  readonly lifetimeSeconds: number;
  /** 0 = no limit. */
  readonly maximumExpiration: number;
  readonly subject?: string;
  readonly extraClaims: Readonly<Record<string, unknown>>;
}

export interface MintedToken {
  readonly token: string;
  readonly claims: LabClaims;
  readonly algorithm: JwtAlgorithm;
}

const DEFAULT_LIFETIME = 300;
/** Under this margin below maximum_expiration, a clock skew between here and Kong can tip exp over. */
const SKEW_MARGIN = 5;

/** Signs a token for `request`; refuses a lifetime over the maximum expiration. */
export function mintToken(request: MintRequest, nowSeconds?: number): MintedToken {
  if (request.issuer.length === 0) throw new InputError("--issuer cannot be empty");
  checkLifetime(request.lifetimeSeconds, request.maximumExpiration);
  const claims = buildClaims({
    issuer: request.issuer,
    lifetimeSeconds: request.lifetimeSeconds,
    nowSeconds,
    subject: request.subject,
    extraClaims: request.extraClaims,
  });
  return {
    token: signToken(claims, request.algorithm, request.key),
    claims,
    algorithm: request.algorithm,
  };
}

const OPTIONS = {
  issuer: { type: "string" },
  iss: { type: "string" },
  secret: { type: "string" },
  "secret-file": { type: "string" },
  "key-file": { type: "string" },
  alg: { type: "string" },
  lifetime: { type: "string" },
  "max-expiration": { type: "string" },
  sub: { type: "string" },
  claim: { type: "string", multiple: true },
  stack: { type: "string" },
  consumer: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

type MintFlags = ReturnType<typeof parseFlags<typeof OPTIONS>>;

/** Turns flags (and, with --stack, the stack's outputs) into a MintRequest. */
export function resolveMintRequest(flags: MintFlags, outputs: LabStackOutputs = {}): MintRequest {
  if (flags.issuer !== undefined && flags.iss !== undefined && flags.issuer !== flags.iss) {
    throw new InputError("--issuer and --iss disagree; give one of them");
  }
  const consumer =
    flags.consumer !== undefined
      ? consumerCredential(outputs, flags.consumer, flags.issuer ?? flags.iss)
      : undefined;
  const issuer = consumer?.issuer ?? flags.issuer ?? flags.iss ?? outputs.jwtKey;
  if (issuer === undefined) {
    throw new InputError("--issuer is required (the JWT credential's key, e.g. jwttoken)");
  }
  if (issuer.trim().length === 0) throw new InputError("--issuer cannot be empty");

  const stackAlgorithm = consumer?.algorithm ?? outputs.jwtAlgorithm;
  const algorithm =
    flags.alg !== undefined
      ? parseAlgorithm(flags.alg, "--alg")
      : stackAlgorithm !== undefined
        ? parseAlgorithm(stackAlgorithm, "stack output jwtAlgorithm")
        : "HS256";
  if (consumer && algorithm !== consumer.algorithm) {
    throw new InputError(
      `--alg ${algorithm} disagrees with consumer "${consumer.username}"'s credential (${consumer.algorithm})`,
    );
  }

  const key = signingKeyFromFlags(
    algorithm,
    flags,
    consumer
      ? { secret: consumer.secret }
      : { secret: outputs.jwtSecret, privateKey: outputs.jwtPrivateKey },
  );

  const maximumExpiration =
    flags["max-expiration"] !== undefined
      ? parseSeconds(flags["max-expiration"], "--max-expiration", 0)
      : (outputs.jwtMaximumExpiration ?? 0);
  const lifetimeSeconds =
    flags.lifetime !== undefined
      ? parseSeconds(flags.lifetime, "--lifetime", 1)
      : maximumExpiration > 0
        ? Math.min(DEFAULT_LIFETIME, maximumExpiration)
        : DEFAULT_LIFETIME;

  const extraClaims: Record<string, unknown> = {};
  for (const text of flags.claim ?? []) {
    const [name, value] = parseClaimFlag(text);
    extraClaims[name] = value;
  }
  if (flags.sub !== undefined && flags.sub.length === 0)
    throw new InputError("--sub cannot be empty");

  return {
    issuer,
    algorithm,
    key,
    lifetimeSeconds,
    maximumExpiration,
    subject: flags.sub,
    extraClaims,
  };
}

/** The write-up's three prompts, with its checks; the maximum expiration doubles as the lifetime. */
async function promptMintRequest(io: CliIo): Promise<MintRequest> {
  const prompter = io.prompter;
  if (!prompter) throw new InputError("no terminal to ask on");
  try {
    const maxText = await prompter.ask("Enter the maximum expiration time in seconds: ");
    const max = parseSeconds(maxText, "the maximum expiration time", 1);
    const secret = await prompter.askHidden("Enter the secret key: ");
    if (secret.length === 0) throw new InputError("the secret key (--secret) cannot be empty");
    const issuer = (await prompter.ask("Enter the issuer: ")).trim();
    if (issuer.length === 0) throw new InputError("the issuer (--issuer) cannot be empty");
    return {
      issuer,
      algorithm: "HS256",
      key: { kind: "secret", secret },
      lifetimeSeconds: max,
      maximumExpiration: max,
      extraClaims: {},
    };
  } finally {
    prompter.close();
  }
}

function describe(minted: MintedToken, request: MintRequest): string {
  const { iat, exp } = minted.claims;
  const iso = (s: number) => new Date(s * 1000).toISOString();
  const lines = [
    `alg ${minted.algorithm}, iss "${minted.claims.iss}"${minted.claims.sub !== undefined ? `, sub "${minted.claims.sub}"` : ""}`,
    `iat (Issued At):  ${iat} (${iso(iat)})`,
    `exp (Expiration): ${exp} (${iso(exp)}), lifetime ${exp - iat} s`,
  ];
  if (request.maximumExpiration > 0) {
    lines.push(`maximum_expiration ${request.maximumExpiration} s`);
    if (request.lifetimeSeconds > request.maximumExpiration - SKEW_MARGIN) {
      lines.push(
        `warning: the lifetime is within ${SKEW_MARGIN} s of maximum_expiration; if Kong's clock is ` +
          `behind this machine's, Kong answers 401 {"exp":"exceeds maximum allowed expiration"}`,
      );
    }
  }
  return lines.join("\n") + "\n";
}

/** The minter's CLI: returns the exit code (0 ok, 2 bad input). */
export async function runMintTokenCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const flags = parseFlags(argv, OPTIONS, MINT_USAGE);
    if (flags.help) {
      io.stdout(MINT_USAGE + "\n");
      return 0;
    }
    let request: MintRequest;
    if (argv.length === 0 && io.prompter) {
      request = await promptMintRequest(io);
    } else {
      const outputs = flags.stack !== undefined ? await io.readStackOutputs(flags.stack) : {};
      request = resolveMintRequest(flags, outputs);
    }
    const minted = mintToken(request);
    io.stderr(describe(minted, request));
    io.stdout(minted.token + "\n");
    return 0;
  } catch (err) {
    return exitOnInputError(err, io.stderr);
  }
}
