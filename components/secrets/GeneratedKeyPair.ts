/**
 * A key pair for an RS* or ES* JWT credential, generated with node's crypto module and kept in
 * state: the public key (PEM, SPKI) for Kong, the private key (PEM, PKCS#8) as a secret output for
 * whoever mints tokens (`npm run token -- --stack <name>`). No openssl needed.
 *
 * Generated once, at create; replaced only when the algorithm changes. With `requireExisting`, a key
 * pair not in the state yet is refused at check instead of generated.
 */
import * as pulumi from "../../pulumiSdk";
import { ModuleDynamicResource, providerReference } from "../dynamicResource";
import { isUnknown } from "../unknownValue";
import { requireExistingFailure } from "./generatorSupport";

/** Algorithms a key pair can be generated for, with the key each needs. */
export const KEY_PAIR_ALGORITHMS = ["RS256", "RS384", "RS512", "ES256", "ES384"] as const;
export type KeyPairAlgorithm = (typeof KEY_PAIR_ALGORITHMS)[number];

export interface GeneratedKeyPairArgs {
  /** The JWT algorithm the key signs for: RS* → RSA, ES256 → P-256, ES384 → P-384. */
  readonly algorithm: pulumi.Input<KeyPairAlgorithm>;
  /**
   * Keep the key pair the state holds, never generate one: when set and the pair does not exist yet,
   * check fails with this text as the reason (e.g. a retiring JWT credential's key).
   */
  readonly requireExisting?: pulumi.Input<string>;
}

interface GeneratedKeyPairInputs {
  algorithm: string;
  requireExisting?: string;
}

interface GeneratedKeyPairOutputs {
  algorithm: string;
  publicKey: string;
  privateKey: string;
}

/** Plain-value provider: no module-level state, crypto required inside the methods. */
export const generatedKeyPairProvider: pulumi.dynamic.ResourceProvider<
  GeneratedKeyPairInputs,
  GeneratedKeyPairOutputs
> = {
  async check(olds: GeneratedKeyPairInputs, news: GeneratedKeyPairInputs) {
    const refused = requireExistingFailure(olds, "algorithm", news.requireExisting);
    if (refused.length > 0) return { inputs: news, failures: refused };
    const algorithm: unknown = news.algorithm;
    if (isUnknown(algorithm)) return { inputs: news };
    const allowed = ["RS256", "RS384", "RS512", "ES256", "ES384"];
    if (typeof algorithm !== "string" || !allowed.includes(algorithm)) {
      return {
        inputs: news,
        failures: [
          {
            property: "algorithm",
            reason: `algorithm must be one of ${allowed.join(", ")}, got ${JSON.stringify(algorithm)}`,
          },
        ],
      };
    }
    return { inputs: { algorithm } };
  },

  async diff(_id: string, olds: GeneratedKeyPairOutputs, news: GeneratedKeyPairInputs) {
    const changed = olds.algorithm !== news.algorithm;
    return { changes: changed, replaces: changed ? ["algorithm"] : [] };
  },

  async create(inputs: GeneratedKeyPairInputs) {
    const crypto = require("crypto") as typeof import("crypto");
    const publicKeyEncoding = { type: "spki", format: "pem" } as const;
    const privateKeyEncoding = { type: "pkcs8", format: "pem" } as const;
    const pair = inputs.algorithm.startsWith("RS")
      ? crypto.generateKeyPairSync("rsa", {
          modulusLength: 2048,
          publicKeyEncoding,
          privateKeyEncoding,
        })
      : crypto.generateKeyPairSync("ec", {
          namedCurve: inputs.algorithm === "ES384" ? "secp384r1" : "prime256v1",
          publicKeyEncoding,
          privateKeyEncoding,
        });
    return {
      id: crypto.randomUUID(),
      outs: { algorithm: inputs.algorithm, publicKey: pair.publicKey, privateKey: pair.privateKey },
    };
  },

  async read(id: string, props?: GeneratedKeyPairOutputs) {
    // Nothing outside the state holds the key pair: what was stored is what exists.
    return { id, props };
  },

  async update(_id: string, olds: GeneratedKeyPairOutputs, news: GeneratedKeyPairInputs) {
    // diff only reports changes that replace; keep the full outputs if the engine asks anyway.
    return { outs: { ...olds, algorithm: news.algorithm } };
  },

  async delete() {
    // Nothing to remove outside the state.
  },
};

export class GeneratedKeyPair extends ModuleDynamicResource {
  declare readonly algorithm: pulumi.Output<string>;
  /** PEM (SPKI) public key: what Kong verifies with. */
  declare readonly publicKey: pulumi.Output<string>;
  /** PEM (PKCS#8) private key; always a secret output. */
  declare readonly privateKey: pulumi.Output<string>;

  constructor(name: string, args: GeneratedKeyPairArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerReference(__filename, "generatedKeyPairProvider"),
      name,
      {
        algorithm: args.algorithm,
        requireExisting: args.requireExisting,
        publicKey: undefined,
        privateKey: undefined,
      },
      {
        ...opts,
        additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "privateKey"],
      },
      "secrets",
      "GeneratedKeyPair",
    );
  }
}
