/**
 * kong-jwt-lab: Kong Gateway's JWT authentication lab as one Pulumi program.
 * Reads the validated config, composes the components, exports what a user needs. No logic here:
 * createLabTarget decides between the local containers and an existing Kong.
 */
import { KongJwtConfiguration } from "./components/kong/KongJwtConfiguration";
import { createLabTarget } from "./components/docker/labTarget";
import { GatewayVerification } from "./components/verification";
import { readLabConfig } from "./config/readLabConfig";

const config = readLabConfig();

const target = createLabTarget("lab", config);

const kong = new KongJwtConfiguration(
  "lab",
  {
    adminUrl: target.adminUrl,
    adminHeaders: config.kong.adminHeaders,
    ownerTag: config.kong.ownerTag,
    upstreamUrl: target.upstreamUrl,
    zipkinEndpoint: target.zipkinEndpoint,
    lab: config.lab,
  },
  { dependsOn: target.ready },
);

// verifyAfterUp (validated: only where the containers run here, HS* credentials only): the up
// ends with the smoke check against the gateway's proxy.
if (config.verifyAfterUp && config.containers && target.urls.proxyUrl) {
  new GatewayVerification(
    "lab-verification",
    {
      proxyUrl: target.urls.proxyUrl,
      lab: config.lab,
      secret: kong.credentialSecret,
      gatewayImage: config.containers.images.kong,
    },
    { dependsOn: [kong] },
  );
}

export const proxyUrl = target.urls.proxyUrl;
export const adminUrl = target.urls.adminUrl;
export const managerUrl = target.urls.managerUrl;
export const prometheusUrl = target.urls.prometheusUrl;
export const zipkinUrl = target.urls.zipkinUrl;
export const upstreamDirectUrl = target.urls.upstreamDirectUrl;
export const sampleRequest = target.urls.sampleRequest;
export const routePath = config.lab.routePaths[0];
export const jwtKey = config.lab.credential.key;
export const jwtAlgorithm = config.lab.credential.algorithm;
export const jwtMaximumExpiration = config.lab.jwtPlugin.maximumExpiration;
export const grafanaUrl = target.urls.grafanaUrl;
export const grafanaDashboardUrl = target.urls.grafanaDashboardUrl;
/** Password of Grafana's `admin` user (generated); secret: `--show-secrets` to read it. */
export const grafanaAdminPassword = target.dockerLab?.grafanaAdminPassword;
/** The HS* credential's secret (configured or generated); secret: `--show-secrets` to read it. */
export const jwtSecret = kong.credentialSecret;
