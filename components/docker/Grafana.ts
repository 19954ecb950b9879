/**
 * Grafana showing Kong's metrics from the lab's Prometheus: a provisioned data source and one
 * dashboard (grafanaProvisioning.ts, grafanaDashboard.ts), uploaded into the container before it
 * starts; a change to them replaces the container. Published on 127.0.0.1 only.
 *
 * Access: the `admin` user with a generated password (a secret), and anonymous read-only viewing
 * (Viewer role) for whoever reaches the loopback port. Grafana keeps no volume: everything it
 * shows is provisioned, so a replaced container starts with the current password and dashboard.
 *
 * The password reaches Grafana as a file (GF_SECURITY_ADMIN_PASSWORD__FILE, read by the image's
 * entrypoint), never as an environment value: it is not in `docker inspect`, and in Pulumi's
 * state the uploads that carry it are a secret.
 */
import * as crypto from "crypto";
import * as docker from "@pulumi/docker";
import * as pulumi from "../../pulumiSdk";
import { GeneratedPassword } from "../secrets";
import { grafanaDashboardUrl } from "./grafanaDashboard";
import { GRAFANA_DASHBOARD_FILE, grafanaProvisioningFiles } from "./grafanaProvisioning";
import { pulledImage } from "./pulledImage";

export const GRAFANA_ALIAS = "grafana";
export const GRAFANA_CONTAINER_PORT = 3000;
export const GRAFANA_ADMIN_USER = "admin";
export const GRAFANA_ADMIN_PASSWORD_FILE = "/run/secrets/grafana_admin_password";
export const GRAFANA_ADMIN_PASSWORD_LENGTH = 32;

export interface GrafanaArgs {
  /** Pinned image reference, e.g. grafana/grafana:13.0.1. */
  readonly image: pulumi.Input<string>;
  readonly namePrefix: pulumi.Input<string>;
  readonly networkName: pulumi.Input<string>;
  /** Host port on 127.0.0.1. */
  readonly hostPort: pulumi.Input<number>;
  /** Prometheus as Grafana reaches it on the lab network, e.g. http://prometheus:9090. */
  readonly prometheusUrl: pulumi.Input<string>;
  /** Prometheus's scrape interval (Grafana's $__rate_interval is computed from it). */
  readonly scrapeInterval: pulumi.Input<string>;
}

export class Grafana extends pulumi.ComponentResource {
  readonly container: docker.Container;
  /** Grafana on this machine. */
  readonly url: pulumi.Output<string>;
  /** The lab's dashboard on this machine. */
  readonly dashboardUrl: pulumi.Output<string>;
  /** Password of the `admin` user; secret. */
  readonly adminPassword: pulumi.Output<string>;

  constructor(name: string, args: GrafanaArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kong-jwt-lab:docker:Grafana", name, {}, opts);

    const password = new GeneratedPassword(
      `${name}-admin-password`,
      { length: GRAFANA_ADMIN_PASSWORD_LENGTH },
      { parent: this },
    );
    this.adminPassword = pulumi.secret(password.result);

    const image = pulledImage(`${name}-image`, args.image, this);
    const provisioning = pulumi
      .all([args.prometheusUrl, args.scrapeInterval])
      .apply(([prometheusUrl, scrapeInterval]) =>
        grafanaProvisioningFiles({ prometheusUrl, scrapeInterval }),
      );

    this.container = new docker.Container(
      `${name}-container`,
      {
        name: pulumi.interpolate`${args.namePrefix}-grafana`,
        image: image.imageId,
        envs: [
          `GF_SECURITY_ADMIN_USER=${GRAFANA_ADMIN_USER}`,
          `GF_SECURITY_ADMIN_PASSWORD__FILE=${GRAFANA_ADMIN_PASSWORD_FILE}`,
          "GF_USERS_ALLOW_SIGN_UP=false",
          "GF_AUTH_ANONYMOUS_ENABLED=true",
          "GF_AUTH_ANONYMOUS_ORG_ROLE=Viewer",
          // grafanaUrl opens on the lab's dashboard.
          `GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH=${GRAFANA_DASHBOARD_FILE}`,
          // A lab on loopback calls nobody: no usage reports, no update checks.
          "GF_ANALYTICS_REPORTING_ENABLED=false",
          "GF_ANALYTICS_CHECK_FOR_UPDATES=false",
          "GF_ANALYTICS_CHECK_FOR_PLUGIN_UPDATES=false",
        ],
        uploads: pulumi.secret(
          pulumi
            .all([provisioning, this.adminPassword])
            .apply(([files, pw]) => [
              ...files.map((f) => ({ file: f.file, content: f.content })),
              { file: GRAFANA_ADMIN_PASSWORD_FILE, content: pw },
            ]),
        ),
        networksAdvanced: [{ name: args.networkName, aliases: [GRAFANA_ALIAS] }],
        ports: [{ internal: GRAFANA_CONTAINER_PORT, external: args.hostPort, ip: "127.0.0.1" }],
        // The uploads are secret as a whole; this label shows a preview that the provisioning changed.
        labels: [
          {
            label: "kong-jwt-lab.grafana-provisioning",
            value: provisioning.apply((files) =>
              crypto.createHash("sha256").update(JSON.stringify(files)).digest("hex").slice(0, 12),
            ),
          },
        ],
        restart: "unless-stopped",
      },
      // A component's dependsOn does not order its children: the container takes it too.
      { parent: this, dependsOn: opts?.dependsOn, additionalSecretOutputs: ["uploads"] },
    );

    this.url = pulumi.interpolate`http://127.0.0.1:${args.hostPort}`;
    this.dashboardUrl = this.url.apply(grafanaDashboardUrl);
    this.registerOutputs({
      url: this.url,
      dashboardUrl: this.dashboardUrl,
      adminPassword: this.adminPassword,
    });
  }
}
