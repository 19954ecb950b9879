/**
 * A random password or shared secret generated with node's crypto module, kept in state as a
 * secret. Replaces @pulumi/random, whose plugin cannot be downloaded in every environment.
 *
 * The value is generated once, at create; it changes only when `length` changes (replace). With
 * `requireExisting`, a password not in the state yet is refused at check instead of generated.
 */
import * as pulumi from "../../pulumiSdk";
import { ModuleDynamicResource, providerReference } from "../dynamicResource";
import { isUnknown } from "../unknownValue";
import { requireExistingFailure } from "./generatorSupport";

export const GENERATED_PASSWORD_MIN_LENGTH = 16;
export const GENERATED_PASSWORD_MAX_LENGTH = 256;

export interface GeneratedPasswordArgs {
  /** Number of characters, 16..256. Letters and digits only, so it is safe in env vars and URLs. */
  readonly length: pulumi.Input<number>;
  /**
   * Keep the password the state holds, never generate one: when set and the password does not exist
   * yet, check fails with this text as the reason (e.g. a retiring JWT credential's secret).
   */
  readonly requireExisting?: pulumi.Input<string>;
}

interface GeneratedPasswordInputs {
  length: number;
  requireExisting?: string;
}

interface GeneratedPasswordOutputs {
  length: number;
  result: string;
}

/** Plain-value provider: no module-level state, crypto required inside the methods. */
export const generatedPasswordProvider: pulumi.dynamic.ResourceProvider<
  GeneratedPasswordInputs,
  GeneratedPasswordOutputs
> = {
  async check(olds: GeneratedPasswordInputs, news: GeneratedPasswordInputs) {
    const refused = requireExistingFailure(olds, "length", news.requireExisting);
    if (refused.length > 0) return { inputs: news, failures: refused };
    const length: unknown = news.length;
    if (isUnknown(length)) {
      return { inputs: news };
    }
    const min = 16;
    const max = 256;
    if (typeof length !== "number" || !Number.isInteger(length) || length < min || length > max) {
      return {
        inputs: news,
        failures: [
          {
            property: "length",
            reason: `length must be an integer from ${min} to ${max}, got ${JSON.stringify(length)}`,
          },
        ],
      };
    }
    return { inputs: { length } };
  },

  async diff(_id: string, olds: GeneratedPasswordOutputs, news: GeneratedPasswordInputs) {
    const changed = olds.length !== news.length;
    return { changes: changed, replaces: changed ? ["length"] : [] };
  },

  async create(inputs: GeneratedPasswordInputs) {
    const crypto = require("crypto") as typeof import("crypto");
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let result = "";
    for (let i = 0; i < inputs.length; i++) {
      result += alphabet[crypto.randomInt(alphabet.length)];
    }
    const id = crypto.randomUUID();
    return { id, outs: { length: inputs.length, result } };
  },

  async read(id: string, props?: GeneratedPasswordOutputs) {
    // Nothing outside the state holds the value: what was stored is what exists.
    return { id, props };
  },

  async update(_id: string, olds: GeneratedPasswordOutputs, news: GeneratedPasswordInputs) {
    // diff only reports changes that replace; keep the full outputs if the engine asks anyway.
    return { outs: { length: news.length, result: olds.result } };
  },

  async delete() {
    // Nothing to remove outside the state.
  },
};

export class GeneratedPassword extends ModuleDynamicResource {
  /** The generated value; always a secret output. */
  declare readonly result: pulumi.Output<string>;
  declare readonly length: pulumi.Output<number>;

  constructor(name: string, args: GeneratedPasswordArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerReference(__filename, "generatedPasswordProvider"),
      name,
      { length: args.length, requireExisting: args.requireExisting, result: undefined },
      {
        ...opts,
        additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "result"],
      },
      "secrets",
      "GeneratedPassword",
    );
  }
}
