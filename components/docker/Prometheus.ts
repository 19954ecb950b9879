/**
 * Prometheus scraping Kong's metrics. Its prometheus.yml is generated (prometheusConfig.ts) and
 * uploaded into the container before it starts; a change to it replaces the container.
 * Published on 127.0.0.1 only.
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "../../pulumiSdk";
import { pulledImage } from "./pulledImage";
import { prometheusConfig, renderPrometheusConfig } from "./prometheusConfig";

export const PROMETHEUS_ALIAS = "prometheus";
export const PROMETHEUS_CONTAINER_PORT = 9090;
export const PROMETHEUS_CONFIG_PATH = "/etc/prometheus/prometheus.yml";

export interface PrometheusArgs {
  readonly image: pulumi.Input<string>;
  readonly namePrefix: pulumi.Input<string>;
  readonly networkName: pulumi.Input<string>;
  readonly hostPort: pulumi.Input<number>;
  /** Kong's status listener on the lab network, e.g. kong:8100. */
  readonly kongStatusTarget: pulumi.Input<string>;
}

export class Prometheus extends pulumi.ComponentResource {
  readonly container: docker.Container;
  readonly url: pulumi.Output<string>;

  constructor(name: string, args: PrometheusArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kong-jwt-lab:docker:Prometheus", name, {}, opts);
    const image = pulledImage(`${name}-image`, args.image, this);

    this.container = new docker.Container(
      `${name}-container`,
      {
        name: pulumi.interpolate`${args.namePrefix}-prometheus`,
        image: image.imageId,
        uploads: [
          {
            file: PROMETHEUS_CONFIG_PATH,
            content: pulumi
              .output(args.kongStatusTarget)
              .apply((target) =>
                renderPrometheusConfig(prometheusConfig({ kongStatusTarget: target })),
              ),
          },
        ],
        networksAdvanced: [{ name: args.networkName, aliases: [PROMETHEUS_ALIAS] }],
        ports: [{ internal: PROMETHEUS_CONTAINER_PORT, external: args.hostPort, ip: "127.0.0.1" }],
        healthcheck: {
          tests: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:9090/-/healthy"],
          interval: "10s",
          timeout: "5s",
          retries: 6,
        },
        restart: "unless-stopped",
      },
      { parent: this },
    );
    this.url = pulumi.interpolate`http://127.0.0.1:${args.hostPort}`;
    this.registerOutputs({ url: this.url });
  }
}
