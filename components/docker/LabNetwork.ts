/** The lab's private Docker bridge network; containers find each other by their aliases on it. */
import * as docker from "@pulumi/docker";
import * as pulumi from "../../pulumiSdk";

export interface LabNetworkArgs {
  /** Prefix of every Docker object's name, e.g. "kong-jwt-lab-dev". */
  readonly namePrefix: pulumi.Input<string>;
}

export class LabNetwork extends pulumi.ComponentResource {
  /** Docker name of the network, for containers' networksAdvanced. */
  readonly networkName: pulumi.Output<string>;

  constructor(name: string, args: LabNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kong-jwt-lab:docker:LabNetwork", name, {}, opts);
    const network = new docker.Network(
      `${name}-network`,
      { name: pulumi.interpolate`${args.namePrefix}-net`, driver: "bridge" },
      { parent: this },
    );
    this.networkName = network.name;
    this.registerOutputs({ networkName: this.networkName });
  }
}
