/**
 * The Kong gateway: database-backed (Postgres), proxy on 8000/8443, Admin API 8001, Kong Manager
 * 8002, status listener 8100 (where the prometheus plugin serves /metrics), logs to the container's
 * stdout/stderr, tracing for the zipkin plugin. Healthcheck `kong health` with `wait: true`: the
 * container counts as created only once Kong answers, so the Kong configuration layer can start.
 *
 * Published ports: the proxy on `proxyBindAddress`; Admin API, Kong Manager and status listener on
 * 127.0.0.1 only (open-source Kong's Admin API has no authentication of its own).
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "../../pulumiSdk";
import { READINESS_PROBE_TIMING } from "./readinessProbe";

export const KONG_ALIAS = "kong";
export const KONG_CONTAINER_PORTS = {
  proxyHttp: 8000,
  proxyHttps: 8443,
  admin: 8001,
  manager: 8002,
  status: 8100,
} as const;

export interface KongGatewayHostPorts {
  readonly proxyHttp: number;
  readonly proxyHttps: number;
  readonly admin: number;
  readonly manager: number;
  readonly status: number;
}

export interface KongGatewayArgs {
  /** Image id of the pinned Kong image. */
  readonly image: pulumi.Input<string>;
  readonly namePrefix: pulumi.Input<string>;
  readonly networkName: pulumi.Input<string>;
  /** KONG_DATABASE and KONG_PG_* (secret: holds the password). */
  readonly databaseEnv: pulumi.Input<string[]>;
  readonly hostPorts: pulumi.Input<KongGatewayHostPorts>;
  /** Host address of the proxy ports. */
  readonly proxyBindAddress: pulumi.Input<string>;
  /** Sampling rate of Kong's tracing, 0..1 (the zipkin plugin's sample_ratio). */
  readonly tracingSamplingRate: pulumi.Input<number>;
}

/** Kong's settings besides the database: listeners, logs, Kong Manager, tracing. */
export function kongGatewayEnv(
  hostPorts: KongGatewayHostPorts,
  tracingSamplingRate: number,
): string[] {
  const p = KONG_CONTAINER_PORTS;
  return [
    `KONG_PROXY_LISTEN=0.0.0.0:${p.proxyHttp}, 0.0.0.0:${p.proxyHttps} ssl`,
    `KONG_ADMIN_LISTEN=0.0.0.0:${p.admin}`,
    `KONG_ADMIN_GUI_LISTEN=0.0.0.0:${p.manager}`,
    `KONG_STATUS_LISTEN=0.0.0.0:${p.status}`,
    // Kong Manager runs in the browser: it reaches the GUI and the Admin API at their host ports.
    `KONG_ADMIN_GUI_URL=http://127.0.0.1:${hostPorts.manager}`,
    `KONG_ADMIN_GUI_API_URL=http://127.0.0.1:${hostPorts.admin}`,
    "KONG_PROXY_ACCESS_LOG=/dev/stdout",
    "KONG_ADMIN_ACCESS_LOG=/dev/stdout",
    "KONG_ADMIN_GUI_ACCESS_LOG=/dev/stdout",
    "KONG_PROXY_ERROR_LOG=/dev/stderr",
    "KONG_ADMIN_ERROR_LOG=/dev/stderr",
    "KONG_ADMIN_GUI_ERROR_LOG=/dev/stderr",
    "KONG_TRACING_INSTRUMENTATIONS=all",
    `KONG_TRACING_SAMPLING_RATE=${tracingSamplingRate}`,
    "KONG_ANONYMOUS_REPORTS=off",
  ];
}

export class KongGateway extends pulumi.ComponentResource {
  readonly container: docker.Container;
  /** Admin API URL on this machine, e.g. http://127.0.0.1:8001; known once the gateway is healthy. */
  readonly adminUrl: pulumi.Output<string>;

  constructor(name: string, args: KongGatewayArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kong-jwt-lab:docker:KongGateway", name, {}, opts);
    const hostPorts = pulumi.output(args.hostPorts);
    const p = KONG_CONTAINER_PORTS;

    this.container = new docker.Container(
      `${name}-container`,
      {
        name: pulumi.interpolate`${args.namePrefix}-kong`,
        image: args.image,
        envs: pulumi.secret(
          pulumi
            .all([args.databaseEnv, hostPorts, args.tracingSamplingRate])
            .apply(([dbEnv, ports, rate]) => [...dbEnv, ...kongGatewayEnv(ports, rate)]),
        ),
        networksAdvanced: [{ name: args.networkName, aliases: [KONG_ALIAS] }],
        ports: pulumi.all([hostPorts, args.proxyBindAddress]).apply(([h, bind]) => [
          { internal: p.proxyHttp, external: h.proxyHttp, ip: bind },
          { internal: p.proxyHttps, external: h.proxyHttps, ip: bind },
          { internal: p.admin, external: h.admin, ip: "127.0.0.1" },
          { internal: p.manager, external: h.manager, ip: "127.0.0.1" },
          { internal: p.status, external: h.status, ip: "127.0.0.1" },
        ]),
        healthcheck: {
          tests: ["CMD", "kong", "health"],
          ...READINESS_PROBE_TIMING,
          timeout: "10s",
          retries: 12,
        },
        wait: true,
        waitTimeout: 180,
        restart: "unless-stopped",
      },
      // A component's dependsOn does not order its children: the container takes it too (the
      // migrations: the gateway is created only after both steps succeeded).
      { parent: this, dependsOn: opts?.dependsOn, additionalSecretOutputs: ["envs"] },
    );

    // Derived from the container's id: whatever uses this URL (the Kong configuration's resources)
    // depends on the healthy gateway, even where a component's dependsOn does not reach.
    this.adminUrl = pulumi
      .all([this.container.id, hostPorts])
      .apply(([, h]) => `http://127.0.0.1:${h.admin}`);
    this.registerOutputs({ adminUrl: this.adminUrl });
  }
}
