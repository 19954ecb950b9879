/**
 * The lab's Kong configuration (service, route, consumer, JWT credential, global JWT plugin,
 * prometheus and zipkin plugins), applied through the Admin API by dynamic resources.
 *
 * Children, named from `name`, created in this order (each depends on the previous where Kong
 * needs it): `<name>-service` → `<name>-route` → `<name>-consumer` → (`<name>-jwt-secret`, a
 * GeneratedPassword, when an HS* credential has no configured secret) → `<name>-credential` →
 * `<name>-jwt-plugin` (global, or on the route with `jwtPlugin.scope` "route"; after the credential
 * exists) → `<name>-prometheus-plugin` →
 * `<name>-zipkin-plugin` (only when `zipkinEndpoint` is given).
 *
 * Interface agreed between the container layer (index.ts) and the Kong layer.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConsumerConfig, isHmacAlgorithm, KongLabConfig } from "../../config/types";
import { GeneratedPassword } from "../secrets/GeneratedPassword";
import { KongConsumer } from "./KongConsumer";
import { KongConsumerSet } from "./ConsumerSet";
import { KongJwtAlgorithm, KongJwtCredential } from "./KongJwtCredential";
import { KongPlugin } from "./KongPlugin";
import { KongRoute } from "./KongRoute";
import { KongService } from "./KongService";
import { KongConnectionArgs } from "./providerSupport";

export interface KongJwtConfigurationArgs {
  /** Admin API base URL, e.g. http://127.0.0.1:8001. */
  readonly adminUrl: pulumi.Input<string>;
  /** Extra headers for every Admin API request; treated as secret. */
  readonly adminHeaders?: pulumi.Input<Record<string, string>>;
  /** Tag put on every entity this stack owns. */
  readonly ownerTag: pulumi.Input<string>;
  /**
   * Take over the lab's entities when they exist untagged (a lab built by hand): they get the
   * owner tag and keep their ids, the credential keeps its secret unless one is configured.
   */
  readonly adoptExisting?: pulumi.Input<boolean>;
  /** Where the service sends traffic, e.g. http://fastapi:8080/healthy. */
  readonly upstreamUrl: pulumi.Input<string>;
  /** Zipkin collector for the zipkin plugin; no zipkin plugin when absent. */
  readonly zipkinEndpoint?: pulumi.Input<string>;
  /** The lab's entities, validated by config/readLabConfig.ts. */
  readonly lab: pulumi.Input<KongLabConfig>;
  /**
   * Further consumers with their JWT credentials (config `consumers`), applied as ONE
   * KongConsumerSet child; an HS* credential without a secret gets a generated one.
   */
  readonly consumers?: readonly ConsumerConfig[];
}

/** What a configured consumer's clients need to know, without secrets. */
export interface ConsumerSummary {
  readonly username: string;
  readonly credentials: { readonly key: string; readonly algorithm: string }[];
}

/** Length of the generated HS* secret when the config gives none. */
export const GENERATED_JWT_SECRET_LENGTH = 32;

export class KongJwtConfiguration extends pulumi.ComponentResource {
  /** Kong id of the service. */
  readonly serviceId: pulumi.Output<string>;
  readonly routeId: pulumi.Output<string>;
  readonly consumerId: pulumi.Output<string>;
  /** The credential's key (the `iss` claim of the lab's tokens). */
  readonly credentialKey: pulumi.Output<string>;
  /** The HS* secret in effect (configured or generated); secret. Undefined for RS* and ES* keys. */
  readonly credentialSecret: pulumi.Output<string | undefined>;
  readonly jwtPluginId: pulumi.Output<string>;
  readonly prometheusPluginId: pulumi.Output<string>;
  /** Absent when no zipkinEndpoint was given. */
  readonly zipkinPluginId?: pulumi.Output<string>;
  /** The configured consumers and their credential keys and algorithms (no secrets). */
  readonly consumers: pulumi.Output<ConsumerSummary[]>;
  /** Credential key → HS* secret (configured or generated) of the configured consumers; secret. */
  readonly consumerSecrets: pulumi.Output<Record<string, string>>;

  constructor(
    name: string,
    args: KongJwtConfigurationArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super("kong-jwt-lab:kong:KongJwtConfiguration", name, {}, opts);

    // A plain lab config is read field by field (so only the secret stays secret); a lab config
    // given as an Output is lifted as a whole.
    const labInput = args.lab;
    const isPlain =
      !pulumi.Output.isInstance(labInput) &&
      !(labInput instanceof Promise) &&
      labInput !== undefined;
    const field = <T>(pick: (l: KongLabConfig) => T): pulumi.Input<T> =>
      isPlain
        ? pick(labInput as KongLabConfig)
        : pulumi.output(labInput).apply((l) => pick(l as unknown as KongLabConfig));

    const conn: KongConnectionArgs = {
      adminUrl: args.adminUrl,
      adminHeaders: args.adminHeaders === undefined ? undefined : pulumi.secret(args.adminHeaders),
      ownerTag: args.ownerTag,
      adoptExisting: args.adoptExisting,
    };
    const child = { parent: this };

    const service = new KongService(
      `${name}-service`,
      { ...conn, name: field((l) => l.serviceName), url: args.upstreamUrl },
      child,
    );

    const route = new KongRoute(
      `${name}-route`,
      {
        ...conn,
        name: field((l) => l.routeName),
        serviceId: service.kongId,
        paths: field((l) => l.routePaths),
        methods: field((l) => l.routeMethods),
        stripPath: true,
      },
      child,
    );

    const consumer = new KongConsumer(
      `${name}-consumer`,
      { ...conn, username: field((l) => l.consumerUsername) },
      child,
    );

    // The secret: configured, or generated here for HS* (a plain config tells which applies; for a
    // lab config given as an Output, Kong generates it and the credential keeps it).
    let secret: pulumi.Input<string> | undefined;
    let rsaPublicKey: pulumi.Input<string> | undefined;
    if (isPlain) {
      const cred = (labInput as KongLabConfig).credential;
      if (isHmacAlgorithm(cred.algorithm)) {
        // Adopting without a configured secret: the existing credential keeps its secret (tokens
        // already handed out keep working); a credential that does not exist gets Kong's.
        secret =
          cred.secret ??
          (args.adoptExisting === true
            ? undefined
            : new GeneratedPassword(
                `${name}-jwt-secret`,
                { length: GENERATED_JWT_SECRET_LENGTH },
                child,
              ).result);
      } else {
        rsaPublicKey = cred.rsaPublicKey;
      }
    } else {
      secret = pulumi
        .output(labInput)
        .apply(
          (l) => (l as unknown as KongLabConfig).credential.secret,
        ) as unknown as pulumi.Output<string>;
      rsaPublicKey = field((l) => l.credential.rsaPublicKey) as pulumi.Input<string>;
    }

    const credential = new KongJwtCredential(
      `${name}-credential`,
      {
        ...conn,
        consumerId: consumer.kongId,
        key: field((l) => l.credential.key),
        algorithm: field((l) => l.credential.algorithm as KongJwtAlgorithm),
        secret,
        rsaPublicKey,
      },
      child,
    );

    // Enabled only once the credential exists, so the route is never locked with no way in.
    // Scope "route": on the lab's route only (a shared Kong's other routes stay as they are).
    // A plain lab config decides here (no dependency on the route's id for a global plugin).
    const routeScoped = isPlain
      ? (labInput as KongLabConfig).jwtPlugin.scope === "route"
      : field((l) => l.jwtPlugin.scope === "route");
    const jwtPlugin = new KongPlugin(
      `${name}-jwt-plugin`,
      {
        ...conn,
        name: "jwt",
        routeId:
          routeScoped === false
            ? undefined
            : routeScoped === true
              ? route.kongId
              : (pulumi
                  .all([routeScoped, route.kongId])
                  .apply(([scoped, id]) => (scoped ? id : undefined)) as pulumi.Input<string>),
        instanceName: field((l) => l.jwtPlugin.instanceName),
        config: field((l) => ({
          claims_to_verify: l.jwtPlugin.claimsToVerify,
          key_claim_name: l.jwtPlugin.keyClaimName,
          maximum_expiration: l.jwtPlugin.maximumExpiration,
        })),
      },
      { parent: this, dependsOn: [credential, route] },
    );

    const prometheusPlugin = new KongPlugin(
      `${name}-prometheus-plugin`,
      {
        ...conn,
        name: "prometheus",
        config: {
          per_consumer: true,
          status_code_metrics: true,
          latency_metrics: true,
          bandwidth_metrics: true,
        },
      },
      { parent: this, dependsOn: [jwtPlugin] },
    );

    let zipkinPlugin: KongPlugin | undefined;
    if (args.zipkinEndpoint !== undefined) {
      zipkinPlugin = new KongPlugin(
        `${name}-zipkin-plugin`,
        {
          ...conn,
          name: "zipkin",
          config: pulumi
            .all([args.zipkinEndpoint, field((l) => l.zipkinSampleRatio)])
            .apply(([endpoint, ratio]) => ({ http_endpoint: endpoint, sample_ratio: ratio })),
        },
        { parent: this, dependsOn: [prometheusPlugin] },
      );
    }

    const configured = args.consumers ?? [];
    const consumerSecrets: Record<string, pulumi.Input<string>> = {};
    for (const c of configured) {
      for (const k of c.credentials) {
        if (!isHmacAlgorithm(k.algorithm)) continue;
        consumerSecrets[k.key] =
          k.secret ??
          new GeneratedPassword(
            `${name}-consumer-secret-${k.key}`,
            { length: GENERATED_JWT_SECRET_LENGTH },
            child,
          ).result;
      }
    }
    if (configured.length > 0) {
      new KongConsumerSet(
        `${name}-consumers`,
        {
          adminUrl: conn.adminUrl,
          adminHeaders: args.adminHeaders,
          ownerTag: conn.ownerTag,
          adoptExisting: conn.adoptExisting,
          consumers: configured.map((c) => ({
            username: c.username,
            ...(c.customId !== undefined ? { customId: c.customId } : {}),
            ...(c.tags !== undefined ? { tags: c.tags } : {}),
            credentials: c.credentials.map((k) => ({
              key: k.key,
              algorithm: k.algorithm,
              ...(k.rsaPublicKey !== undefined ? { rsaPublicKey: k.rsaPublicKey } : {}),
            })),
          })),
          secrets: pulumi.secret(consumerSecrets),
        },
        child,
      );
    }
    this.consumers = pulumi.output(
      configured.map((c) => ({
        username: c.username,
        credentials: c.credentials.map((k) => ({ key: k.key, algorithm: k.algorithm })),
      })),
    );
    this.consumerSecrets = pulumi.secret(pulumi.output(consumerSecrets));

    this.serviceId = service.kongId;
    this.routeId = route.kongId;
    this.consumerId = consumer.kongId;
    this.credentialKey = credential.key;
    this.credentialSecret = pulumi.secret(credential.secret);
    this.jwtPluginId = jwtPlugin.kongId;
    this.prometheusPluginId = prometheusPlugin.kongId;
    this.zipkinPluginId = zipkinPlugin?.kongId;

    this.registerOutputs({
      serviceId: this.serviceId,
      routeId: this.routeId,
      consumerId: this.consumerId,
      credentialKey: this.credentialKey,
      credentialSecret: this.credentialSecret,
      jwtPluginId: this.jwtPluginId,
      prometheusPluginId: this.prometheusPluginId,
      zipkinPluginId: this.zipkinPluginId,
      consumers: this.consumers,
      consumerSecrets: this.consumerSecrets,
    });
  }
}
