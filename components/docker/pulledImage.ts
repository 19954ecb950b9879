/** A pinned image pulled from its registry and kept on the machine when the stack is destroyed. */
import * as docker from "@pulumi/docker";
import * as pulumi from "../../pulumiSdk";

/**
 * Pulls `ref` (validated as pinned by config/validateLabConfig.ts). keepLocally: a `pulumi destroy`
 * leaves the image in Docker's cache, so the next `pulumi up` does not download it again.
 */
export function pulledImage(
  name: string,
  ref: pulumi.Input<string>,
  parent: pulumi.Resource,
): docker.RemoteImage {
  return new docker.RemoteImage(name, { name: ref, keepLocally: true }, { parent });
}
