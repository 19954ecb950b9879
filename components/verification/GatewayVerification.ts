/**
 * The smoke check as the last step of `pulumi up` (verifyAfterUp): a one-shot command on this
 * machine that runs scripts/smokeCheck.ts against the gateway's proxy with the stack's values. A
 * failing case fails the `up`; its message starts with the command line and "the smoke check
 * failed (exit 1)", followed by the smoke table.
 *
 * - The signing key (the HMAC secret, or a generated private key) reaches the smoke check through
 *   the command's environment (secret in the state) and its stdin, never a command line; the
 *   script redacts it from every line printed, and the smoke check itself prints no token or key.
 * - Runs again when its command line (proxy URL, route, key, algorithm, maximum_expiration) or
 *   the secret changes, and on a new gateway image or Kong configuration (verificationTriggers).
 * - Nothing to undo on destroy. Commands do not run at preview.
 * - Runs in `repoDir` (default: this checkout), where `node --import tsx` finds the project's
 *   packages.
 */
import * as path from "path";
import * as command from "@pulumi/command";
import * as pulumi from "../../pulumiSdk";
import { KongLabConfig } from "../../config";
import { reportingCommand } from "../command";
import { DEFAULT_WAIT_SECONDS, smokeCheckCommand } from "./smokeCheckCommand";
import { verificationTriggers } from "./verificationTriggers";

export const REPO_DIR = path.resolve(__dirname, "..", "..");
/** The environment variable holding the signing key. */
export const SECRET_VARIABLE = "KONG_JWT_LAB_SECRET";

export interface GatewayVerificationArgs {
  /** Kong's proxy as this machine reaches it, e.g. http://127.0.0.1:8000. */
  readonly proxyUrl: pulumi.Input<string>;
  /** The lab's Kong settings (route, credential key and algorithm, jwt plugin), validated. */
  readonly lab: KongLabConfig;
  /**
   * The current credential's signing key: its HMAC secret (HS*) or its generated PEM private key
   * (RS*, ES*); secret.
   */
  readonly signingKey: pulumi.Input<string | undefined>;
  /** The gateway's image reference: a new gateway runs the check again. */
  readonly gatewayImage: string;
  /** How long the first request waits for Kong to apply the configuration (seconds). */
  readonly waitSeconds?: number;
  /** Where scripts/smokeCheck.ts is; default: this checkout. */
  readonly repoDir?: string;
}

export class GatewayVerification extends pulumi.ComponentResource {
  readonly smokeCheck: command.local.Command;

  constructor(name: string, args: GatewayVerificationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kong-jwt-lab:verification:GatewayVerification", name, {}, opts);
    const waitSeconds = args.waitSeconds ?? DEFAULT_WAIT_SECONDS;

    this.smokeCheck = reportingCommand(
      `${name}-smoke-check`,
      {
        create: pulumi
          .output(args.proxyUrl)
          .apply((url) => smokeCheckCommand(url, args.lab, waitSeconds)),
        what: "the smoke check",
        run: `printf '%s' "$${SECRET_VARIABLE}" | sh -c "$1"`,
        environment: {
          [SECRET_VARIABLE]: pulumi.secret(pulumi.output(args.signingKey).apply((s) => s ?? "")),
        },
        redact: [SECRET_VARIABLE],
        triggers: verificationTriggers(args.lab, args.gatewayImage),
        dir: args.repoDir ?? REPO_DIR,
      },
      // A component's dependsOn does not order its children: the command takes it too.
      { parent: this, dependsOn: opts?.dependsOn },
    );

    this.registerOutputs({});
  }
}
