/**
 * The container half of the lab on the local Docker engine: network, Postgres, Kong migrations,
 * the Kong gateway, the FastAPI upstream, Prometheus, Grafana (after Prometheus) and Zipkin, in this
 * order of readiness:
 * Postgres healthy → migrations succeeded → gateway healthy (→ Kong configuration, in index.ts).
 */
import * as pulumi from "../../pulumiSdk";
import { ContainersConfig } from "../../config";
import { FastApiUpstream } from "./FastApiUpstream";
import { Grafana } from "./Grafana";
import { KONG_ALIAS, KONG_CONTAINER_PORTS, KongGateway } from "./KongGateway";
import { KongMigrations } from "./KongMigrations";
import { LabNetwork } from "./LabNetwork";
import { Postgres } from "./Postgres";
import { PROMETHEUS_ALIAS, PROMETHEUS_CONTAINER_PORT, Prometheus } from "./Prometheus";
import { Zipkin } from "./Zipkin";
import { kongDatabaseEnv, kongDatabaseVariables } from "./kongDatabaseEnv";
import { DEFAULT_SCRAPE_INTERVAL } from "./prometheusConfig";
import { publishedUrl } from "./publishedUrl";
import { pulledImage } from "./pulledImage";

export interface DockerLabArgs {
  readonly containers: pulumi.Input<ContainersConfig>;
  /** The zipkin plugin's sample_ratio, also Kong's tracing sampling rate. */
  readonly zipkinSampleRatio: pulumi.Input<number>;
  /** Build context of the FastAPI app; defaults to the repository's app/. */
  readonly appDir?: string;
}

export class DockerLab extends pulumi.ComponentResource {
  readonly network: LabNetwork;
  readonly postgres: Postgres;
  readonly migrations: KongMigrations;
  readonly gateway: KongGateway;
  readonly upstream: FastApiUpstream;
  readonly prometheus: Prometheus;
  readonly zipkin: Zipkin;
  readonly grafana: Grafana;

  readonly proxyUrl: pulumi.Output<string>;
  readonly adminUrl: pulumi.Output<string>;
  readonly managerUrl: pulumi.Output<string>;
  readonly prometheusUrl: pulumi.Output<string>;
  readonly zipkinUrl: pulumi.Output<string>;
  readonly grafanaUrl: pulumi.Output<string>;
  /** The lab's Kong dashboard in Grafana. */
  readonly grafanaDashboardUrl: pulumi.Output<string>;
  /** Password of Grafana's admin user; secret. */
  readonly grafanaAdminPassword: pulumi.Output<string>;
  /** The FastAPI app from this machine, without Kong. */
  readonly upstreamDirectUrl: pulumi.Output<string>;
  /** What the Kong service points at, as Kong reaches it: http://fastapi:8080/healthy. */
  readonly kongUpstreamUrl: pulumi.Output<string>;
  /** The zipkin plugin's collector, as Kong reaches it: http://zipkin:9411/api/v2/spans. */
  readonly zipkinSpansEndpoint: pulumi.Output<string>;

  constructor(name: string, args: DockerLabArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kong-jwt-lab:docker:DockerLab", name, {}, opts);
    const c = pulumi.output(args.containers);
    const namePrefix = c.namePrefix;
    const ports = c.ports;

    this.network = new LabNetwork(`${name}-network`, { namePrefix }, { parent: this });
    const networkName = this.network.networkName;

    this.postgres = new Postgres(
      `${name}-postgres`,
      { image: c.images.postgres, namePrefix, networkName, hostPort: ports.postgres },
      { parent: this },
    );

    const kongImage = pulledImage(`${name}-kong-image`, c.images.kong, this);
    const database = {
      host: this.postgres.host,
      port: this.postgres.port,
      user: this.postgres.user,
      database: this.postgres.database,
      password: this.postgres.password,
    };
    const databaseEnv = kongDatabaseEnv(database);

    this.migrations = new KongMigrations(
      `${name}-migrations`,
      {
        image: kongImage.imageId,
        networkName,
        databaseVariables: kongDatabaseVariables(database),
        databaseId: this.postgres.container.id,
      },
      { parent: this, dependsOn: [this.postgres] },
    );

    this.gateway = new KongGateway(
      `${name}-kong`,
      {
        image: kongImage.imageId,
        namePrefix,
        networkName,
        databaseEnv,
        hostPorts: ports.apply((p) => ({
          proxyHttp: p.proxyHttp,
          proxyHttps: p.proxyHttps,
          admin: p.admin,
          manager: p.manager,
          status: p.status,
        })),
        proxyBindAddress: c.proxyBindAddress,
        tracingSamplingRate: args.zipkinSampleRatio,
      },
      { parent: this, dependsOn: [this.migrations] },
    );

    this.upstream = new FastApiUpstream(
      `${name}-fastapi`,
      { namePrefix, networkName, hostPort: ports.upstream, appDir: args.appDir },
      { parent: this },
    );

    this.prometheus = new Prometheus(
      `${name}-prometheus`,
      {
        image: c.images.prometheus,
        namePrefix,
        networkName,
        hostPort: ports.prometheus,
        kongStatusTarget: `${KONG_ALIAS}:${KONG_CONTAINER_PORTS.status}`,
      },
      { parent: this },
    );

    this.zipkin = new Zipkin(
      `${name}-zipkin`,
      { image: c.images.zipkin, namePrefix, networkName, hostPort: ports.zipkin },
      { parent: this },
    );

    this.grafana = new Grafana(
      `${name}-grafana`,
      {
        image: c.images.grafana,
        namePrefix,
        networkName,
        hostPort: ports.grafana,
        prometheusUrl: `http://${PROMETHEUS_ALIAS}:${PROMETHEUS_CONTAINER_PORT}`,
        scrapeInterval: DEFAULT_SCRAPE_INTERVAL,
      },
      { parent: this, dependsOn: [this.prometheus] },
    );

    this.proxyUrl = c.apply((x) => publishedUrl(x.proxyBindAddress, x.ports.proxyHttp));
    this.adminUrl = this.gateway.adminUrl;
    this.managerUrl = ports.apply((p) => publishedUrl("127.0.0.1", p.manager));
    this.prometheusUrl = this.prometheus.url;
    this.zipkinUrl = this.zipkin.url;
    this.grafanaUrl = this.grafana.url;
    this.grafanaDashboardUrl = this.grafana.dashboardUrl;
    this.grafanaAdminPassword = this.grafana.adminPassword;
    this.upstreamDirectUrl = this.upstream.urlFromHost;
    this.kongUpstreamUrl = this.upstream.urlFromKong;
    this.zipkinSpansEndpoint = this.zipkin.spansEndpoint;

    this.registerOutputs({
      proxyUrl: this.proxyUrl,
      adminUrl: this.adminUrl,
      managerUrl: this.managerUrl,
      prometheusUrl: this.prometheusUrl,
      zipkinUrl: this.zipkinUrl,
      grafanaUrl: this.grafanaUrl,
      grafanaDashboardUrl: this.grafanaDashboardUrl,
    });
  }
}
