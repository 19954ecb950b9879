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
    upstreamUrl: target.upstreamUrl,
    zipkinEndpoint: target.zipkinEndpoint,
    lab: config.lab,
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
/** The current credential's key: new tokens carry it in iss (`npm run token -- --stack <name>`). */
export const jwtKey = kong.credentialKey;
/** Every credential's key, oldest first: the current one and the retiring ones (docs/rotation.md). */
export const jwtKeys = kong.credentialKeys;
export const jwtAlgorithm = kong.credentialAlgorithm;
export const jwtMaximumExpiration = config.lab.jwtPlugin.maximumExpiration;
/** The current HS* credential's secret (configured or generated); secret: `--show-secrets` to read it. */
export const jwtSecret = kong.credentialSecret;
/** The current RS* or ES* credential's generated private key (PEM); secret. Absent with a configured key. */
export const jwtPrivateKey = kong.credentialPrivateKey;
