/**
 * The lab's Kong configuration (service, route, consumer, JWT credential, global JWT plugin,
 * prometheus and zipkin plugins), applied through the Admin API by dynamic resources.
 *
 * Interface agreed between the container layer (index.ts) and the Kong layer; the body is filled
 * in by the Kong-configuration work.
 */
import * as pulumi from "@pulumi/pulumi";
import { KongLabConfig } from "../../config/types";

export interface KongJwtConfigurationArgs {
  /** Admin API base URL, e.g. http://127.0.0.1:8001. */
  readonly adminUrl: pulumi.Input<string>;
  /** Extra headers for every Admin API request; treated as secret. */
  readonly adminHeaders?: pulumi.Input<Record<string, string>>;
  /** Tag put on every entity this stack owns. */
  readonly ownerTag: pulumi.Input<string>;
  /** Where the service sends traffic, e.g. http://fastapi:8080/healthy. */
  readonly upstreamUrl: pulumi.Input<string>;
  /** Zipkin collector for the zipkin plugin; no zipkin plugin when absent. */
  readonly zipkinEndpoint?: pulumi.Input<string>;
  /** The lab's entities, validated by config/readLabConfig.ts. */
  readonly lab: pulumi.Input<KongLabConfig>;
}

export class KongJwtConfiguration extends pulumi.ComponentResource {
  constructor(
    name: string,
    args: KongJwtConfigurationArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super("kong-jwt-lab:kong:KongJwtConfiguration", name, {}, opts);
    void args;
    this.registerOutputs({});
  }
}
