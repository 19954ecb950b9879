/**
 * The base of the Kong entity resources (service, route, consumer, JWT credential, plugin): a
 * dynamic resource of type `kong:<Type>` whose outputs add `kongId` and `owned`, with
 * `adminHeaders` (which may hold an admin token) and the resource's own secret outputs kept secret.
 *
 * Only the resource classes import this file; the providers never reach it, so nothing here is
 * serialized with them.
 */
import * as pulumi from "../../pulumiSdk";
import { ModuleDynamicResource } from "../dynamicResource";

export abstract class KongEntityResource extends ModuleDynamicResource {
  /** Kong's id of the entity (references between entities use it). */
  declare readonly kongId: pulumi.Output<string>;
  /** False when the entity in Kong lost this stack's ownership tag (the next update re-adds it). */
  declare readonly owned: pulumi.Output<boolean>;

  protected constructor(
    /** The provider's reference (`providerReference(__filename, "exportName")`). */
    provider: string,
    type: string,
    name: string,
    args: object,
    opts: pulumi.CustomResourceOptions | undefined,
    secretOutputs: string[] = [],
  ) {
    super(
      provider,
      name,
      { ...args, kongId: undefined, owned: undefined },
      {
        ...opts,
        additionalSecretOutputs: [
          ...(opts?.additionalSecretOutputs ?? []),
          "adminHeaders",
          ...secretOutputs,
        ],
      },
      "kong",
      type,
    );
  }
}
