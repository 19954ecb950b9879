/**
 * Where the lab's Kong configuration goes: the containers of DockerLab (containers on), or an
 * existing Kong named by URL in config (containers off). index.ts stays free of that decision.
 */
import * as pulumi from "../../pulumiSdk";
import { LabConfig } from "../../config";
import { reachableAdminUrl } from "../kong";
import type { DockerLab } from "./DockerLab";
import { sampleRequest } from "./sampleRequest";

export interface LabUrls {
  readonly proxyUrl?: pulumi.Output<string>;
  readonly adminUrl: pulumi.Output<string>;
  readonly managerUrl?: pulumi.Output<string>;
  readonly prometheusUrl?: pulumi.Output<string>;
  readonly zipkinUrl?: pulumi.Output<string>;
  readonly upstreamDirectUrl?: pulumi.Output<string>;
  readonly grafanaUrl?: pulumi.Output<string>;
  readonly grafanaDashboardUrl?: pulumi.Output<string>;
  /** The curl line of the lab's request; absent when no proxy URL is known. */
  readonly sampleRequest?: pulumi.Output<string>;
}

export interface LabTarget {
  /** Admin API the Kong configuration talks to. */
  readonly adminUrl: pulumi.Output<string>;
  /** What the Kong service forwards to, as Kong reaches it. */
  readonly upstreamUrl: pulumi.Output<string>;
  /** Collector for the zipkin plugin; absent → no zipkin plugin. */
  readonly zipkinEndpoint?: pulumi.Output<string>;
  /** What must be ready before the Kong configuration is applied (the healthy gateway). */
  readonly ready: pulumi.Resource[];
  readonly urls: LabUrls;
  /** The DockerLab, when the containers run here. */
  readonly dockerLab?: DockerLab;
}

export function createLabTarget(name: string, config: LabConfig): LabTarget {
  const routePath = config.lab.routePaths[0];
  const stack = pulumi.getStack();
  if (config.containers) {
    // Required here, not at the top: a containers-off stack never loads the Docker layer
    // (@pulumi/docker and the container components), which keeps its preview shorter.
    const { DockerLab: DockerLabComponent } =
      require("./DockerLab") as typeof import("./DockerLab");
    const lab = new DockerLabComponent(name, {
      containers: config.containers,
      zipkinSampleRatio: config.lab.zipkinSampleRatio,
    });
    return {
      adminUrl: lab.adminUrl,
      upstreamUrl: lab.kongUpstreamUrl,
      zipkinEndpoint: lab.zipkinSpansEndpoint,
      ready: [lab.gateway],
      dockerLab: lab,
      urls: {
        proxyUrl: lab.proxyUrl,
        adminUrl: lab.adminUrl,
        managerUrl: lab.managerUrl,
        prometheusUrl: lab.prometheusUrl,
        zipkinUrl: lab.zipkinUrl,
        upstreamDirectUrl: lab.upstreamDirectUrl,
        grafanaUrl: lab.grafanaUrl,
        grafanaDashboardUrl: lab.grafanaDashboardUrl,
        sampleRequest: lab.proxyUrl.apply((url) => sampleRequest(url, routePath, stack)),
      },
    };
  }
  const proxyUrl = config.kong.proxyUrl;
  const adminUrl = reachableAdminUrl(config.kong.adminUrl, config.kong.adminHeaders);
  return {
    adminUrl,
    upstreamUrl: pulumi.output(config.lab.upstreamUrl ?? ""),
    zipkinEndpoint:
      config.kong.zipkinEndpoint !== undefined
        ? pulumi.output(config.kong.zipkinEndpoint)
        : undefined,
    ready: [],
    urls: {
      adminUrl,
      proxyUrl: proxyUrl !== undefined ? pulumi.output(proxyUrl) : undefined,
      sampleRequest:
        proxyUrl !== undefined
          ? pulumi.output(sampleRequest(proxyUrl, routePath, stack))
          : undefined,
    },
  };
}
