/**
 * kong-jwt-lab: Kong Gateway's JWT authentication lab as one Pulumi program.
 * Reads the validated config, composes the components, exports what a user needs. No logic here:
 * createLabTarget decides between the local containers and an existing Kong.
 */
import { KongJwtConfiguration } from "./components/kong";
import { createLabTarget } from "./components/docker";
import type * as verification from "./components/verification";
import { currentCredentialOf, readLabConfig, isHmacAlgorithm } from "./config";

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

// verifyAfterUp (validated: only where the containers run here, and never for a configured public
// key, whose private key the stack does not hold): the up ends with the smoke check.
if (config.verifyAfterUp && config.containers && target.urls.proxyUrl) {
  // Required here, not at the top: a stack without the verification never loads @pulumi/command
  // (which loads the whole Pulumi SDK), which keeps its preview shorter.
  const { GatewayVerification } = require("./components/verification") as typeof verification;
  new GatewayVerification(
    "lab-verification",
    {
      proxyUrl: target.urls.proxyUrl,
      lab: config.lab,
      signingKey: isHmacAlgorithm(currentCredentialOf(config.lab).algorithm)
        ? kong.credentialSecret
        : kong.credentialPrivateKey,
      gatewayImage: config.containers.images.kong,
    },
    { dependsOn: [kong] },
  );
}

const outputs = {
  proxyUrl: target.urls.proxyUrl,
  adminUrl: target.urls.adminUrl,
  managerUrl: target.urls.managerUrl,
  prometheusUrl: target.urls.prometheusUrl,
  zipkinUrl: target.urls.zipkinUrl,
  upstreamDirectUrl: target.urls.upstreamDirectUrl,
  sampleRequest: target.urls.sampleRequest,
  routePath: config.lab.routePaths[0],
  /** The current credential's key: new tokens carry it in iss (`npm run token -- --stack <name>`). */
  jwtKey: kong.credentialKey,
  /** Every credential's key, oldest first: the current one and the retiring ones (docs/rotation.md). */
  jwtKeys: kong.credentialKeys,
  jwtAlgorithm: kong.credentialAlgorithm,
  jwtMaximumExpiration: config.lab.jwtPlugin.maximumExpiration,
  grafanaUrl: target.urls.grafanaUrl,
  grafanaDashboardUrl: target.urls.grafanaDashboardUrl,
  /** Password of Grafana's `admin` user (generated); secret: `--show-secrets` to read it. */
  grafanaAdminPassword: target.dockerLab?.grafanaAdminPassword,
  /** The current HS* credential's secret (configured or generated); secret: `--show-secrets` to read it. */
  jwtSecret: kong.credentialSecret,
  /** The current RS* or ES* credential's generated private key (PEM); secret. Absent with a configured key. */
  jwtPrivateKey: kong.credentialPrivateKey,
  /** The configured consumers with their credential keys and algorithms (config `consumers`). */
  consumers: kong.consumers,
  /** Credential key → HS* secret of the configured consumers; secret. */
  consumerSecrets: kong.consumerSecrets,
};

// The stack outputs. Those that do not apply to this stack (with containers off: the containers'
// URLs, Grafana's password) are left out rather than exported as undefined, which the CLI would
// warn about on every preview and up.
export = Object.fromEntries(
  Object.entries(outputs).filter(([, value]) => value !== undefined),
) as Partial<typeof outputs>;
