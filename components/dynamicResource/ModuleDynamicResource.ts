/**
 * The base of this project's dynamic resources: what `pulumi.dynamic.Resource` registers (type
 * `pulumi-nodejs:dynamic/<module>:<type>`, the provider's text in `__provider`), with the provider
 * given as a reference to a module of the project (providerReference.ts) instead of a closure to
 * serialize. The engine and Pulumi's dynamic-provider process see the same resource either way.
 */
import * as pulumi from "../../pulumiSdk";

const PROVIDER_KEY = "__provider";

export abstract class ModuleDynamicResource extends pulumi.CustomResource {
  /**
   * The arguments of `pulumi.dynamic.Resource`, in its order.
   * @param provider the provider's reference, from `providerReference(__filename, "exportName")`
   * @param props the resource's inputs, and its outputs declared as `undefined`
   * @param module the type token's module (`kong` → `pulumi-nodejs:dynamic/kong:<type>`)
   * @param type the type token's name
   */
  protected constructor(
    provider: string,
    name: string,
    props: pulumi.Inputs,
    opts: pulumi.CustomResourceOptions | undefined,
    module: string,
    type: string,
  ) {
    if (PROVIDER_KEY in props) {
      throw new Error(`A dynamic resource must not define the ${PROVIDER_KEY} key`);
    }
    super(
      `pulumi-nodejs:dynamic/${module}:${type}`,
      name,
      { ...props, [PROVIDER_KEY]: provider },
      opts,
    );
  }
}
