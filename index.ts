/**
 * kong-jwt-lab: Kong Gateway's JWT authentication lab as one Pulumi program.
 * Reads the validated config, composes the components, exports what a user needs. No logic here:
 * createLabTarget decides between the local containers and an existing Kong.
 */
import { KongJwtConfiguration } from "./components/kong/KongJwtConfiguration";
import { createLabTarget } from "./components/docker/labTarget";
import { readLabConfig } from "./config/readLabConfig";

const config = readLabConfig();

const target = createLabTarget("lab", config);

const kong = new KongJwtConfiguration(
  "lab",
  {
    adminUrl: target.adminUrl,
    adminHeaders: config.kong.adminHeaders,
    ownerTag: config.kong.ownerTag,
    adoptExisting: config.kong.adoptExisting,
    upstreamUrl: target.upstreamUrl,
    zipkinEndpoint: target.zipkinEndpoint,
    lab: config.lab,
    consumers: config.consumers,
  },
  { dependsOn: target.ready },
);

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
/** The HS* credential's secret (configured or generated); secret: `--show-secrets` to read it. */
export const jwtSecret = kong.credentialSecret;
/** The configured consumers with their credential keys and algorithms (config `consumers`). */
export const consumers = kong.consumers;
/** Credential key → HS* secret of the configured consumers; secret. */
export const consumerSecrets = kong.consumerSecrets;
