/** Zipkin, collecting the spans of Kong's zipkin plugin. Published on 127.0.0.1 only. */
import * as docker from "@pulumi/docker";
import * as pulumi from "../../pulumiSdk";
import { pulledImage } from "./pulledImage";

export const ZIPKIN_ALIAS = "zipkin";
export const ZIPKIN_CONTAINER_PORT = 9411;

export interface ZipkinArgs {
  readonly image: pulumi.Input<string>;
  readonly namePrefix: pulumi.Input<string>;
  readonly networkName: pulumi.Input<string>;
  readonly hostPort: pulumi.Input<number>;
}

export class Zipkin extends pulumi.ComponentResource {
  readonly container: docker.Container;
  /** Zipkin's UI on this machine. */
  readonly url: pulumi.Output<string>;
  /** Span collector as Kong reaches it on the lab network. */
  readonly spansEndpoint: pulumi.Output<string>;

  constructor(name: string, args: ZipkinArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kong-jwt-lab:docker:Zipkin", name, {}, opts);
    const image = pulledImage(`${name}-image`, args.image, this);
    // The image brings its own HEALTHCHECK; nothing waits on Zipkin.
    this.container = new docker.Container(
      `${name}-container`,
      {
        name: pulumi.interpolate`${args.namePrefix}-zipkin`,
        image: image.imageId,
        networksAdvanced: [{ name: args.networkName, aliases: [ZIPKIN_ALIAS] }],
        ports: [{ internal: ZIPKIN_CONTAINER_PORT, external: args.hostPort, ip: "127.0.0.1" }],
        restart: "unless-stopped",
      },
      { parent: this },
    );
    this.url = pulumi.interpolate`http://127.0.0.1:${args.hostPort}`;
    // Not derived from the container: the zipkin plugin may name the collector before it runs
    // (spans sent earlier are dropped), so the Kong configuration does not wait for Zipkin.
    this.spansEndpoint = pulumi.output(
      `http://${ZIPKIN_ALIAS}:${ZIPKIN_CONTAINER_PORT}/api/v2/spans`,
    );
    this.registerOutputs({ url: this.url, spansEndpoint: this.spansEndpoint });
  }
}
