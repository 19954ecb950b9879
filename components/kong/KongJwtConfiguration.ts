/**
 * The lab's Kong configuration (service, route, consumer, JWT credential, global JWT plugin,
 * prometheus and zipkin plugins), applied through the Admin API by dynamic resources.
 *
 * Children, named from `name`, created in this order (each depends on the previous where Kong
 * needs it): `<name>-service` → `<name>-route` → `<name>-consumer` → (`<name>-jwt-secret`, a
 * GeneratedPassword, when an HS* credential has no configured secret) → `<name>-credential` →
 * `<name>-jwt-plugin` (global, or on the route with `jwtPlugin.scope` "route"; after the credentials
 * exist) → `<name>-prometheus-plugin` → `<name>-zipkin-plugin` (only when `zipkinEndpoint` is
 * given); the configured consumers as one KongConsumerSet, `<name>-consumers`.
 *
 * Interface agreed between the container layer (index.ts) and the Kong layer.
 */
import * as pulumi from "../../pulumiSdk";
import {
  credentialsThatMustExist,
  missingRetiringMaterialReason,
  ConsumerConfig,
  isHmacAlgorithm,
  KongLabConfig,
} from "../../config";
import { GeneratedKeyPair, KeyPairAlgorithm, GeneratedPassword } from "../secrets";
import { KongConsumerSet } from "./ConsumerSet";
import { KongConsumer } from "./KongConsumer";
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
  readonly adoptExisting?: boolean;
  /** Where the service sends traffic, e.g. http://fastapi:8080/healthy. */
  readonly upstreamUrl: pulumi.Input<string>;
  /** Zipkin collector for the zipkin plugin; no zipkin plugin when absent. */
  readonly zipkinEndpoint?: pulumi.Input<string>;
  /**
   * The lab's entities, validated by config/readLabConfig.ts. Plain (not an Output): the credential
   * list decides which resources exist.
   */
  readonly lab: KongLabConfig;
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

/** One credential's resources. */
interface CredentialResources {
  readonly key: string;
  readonly resource: KongJwtCredential;
  /** The generated private key (RS*, ES* without a configured public key); secret. Else absent. */
  readonly privateKey?: pulumi.Output<string>;
}

export class KongJwtConfiguration extends pulumi.ComponentResource {
  /** Kong id of the service. */
  readonly serviceId: pulumi.Output<string>;
  readonly routeId: pulumi.Output<string>;
  readonly consumerId: pulumi.Output<string>;
  /** The current credential's key (the `iss` claim of new tokens). */
  readonly credentialKey: pulumi.Output<string>;
  /** Every credential's key, oldest first: the current one and the retiring ones. */
  readonly credentialKeys: pulumi.Output<string[]>;
  readonly credentialAlgorithm: pulumi.Output<string>;
  /** The current HS* credential's secret (configured or generated); secret. Undefined for RS*, ES*. */
  readonly credentialSecret: pulumi.Output<string | undefined>;
  /** The current RS* or ES* credential's generated private key (PEM); secret. Undefined otherwise. */
  readonly credentialPrivateKey?: pulumi.Output<string>;
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

    const lab = args.lab;
    const field = <T>(pick: (l: KongLabConfig) => T): T => pick(lab);

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

    const credentials = this.credentialResources(
      name,
      lab,
      conn,
      consumer.kongId,
      args.adoptExisting === true,
    );
    const current = credentials.find((c) => c.key === lab.currentCredentialKey);
    if (current === undefined) {
      throw new Error(
        `KongJwtConfiguration ${name}: the current credential key ${JSON.stringify(lab.currentCredentialKey)} is not among the credentials`,
      );
    }

    // Enabled only once the credentials exist, so the route is never locked with no way in.
    // Scope "route": on the lab's route only (a shared Kong's other routes stay as they are).
    const jwtPlugin = new KongPlugin(
      `${name}-jwt-plugin`,
      {
        ...conn,
        name: "jwt",
        routeId: lab.jwtPlugin.scope === "route" ? route.kongId : undefined,
        instanceName: field((l) => l.jwtPlugin.instanceName),
        config: field((l) => ({
          claims_to_verify: l.jwtPlugin.claimsToVerify,
          key_claim_name: l.jwtPlugin.keyClaimName,
          maximum_expiration: l.jwtPlugin.maximumExpiration,
        })),
      },
      { parent: this, dependsOn: [...credentials.map((c) => c.resource), route] },
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
      child,
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
        child,
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
    this.credentialKey = current.resource.key;
    this.credentialKeys = pulumi.all(credentials.map((c) => c.resource.key));
    this.credentialAlgorithm = current.resource.algorithm;
    this.credentialSecret = pulumi.secret(current.resource.secret);
    this.credentialPrivateKey = current.privateKey;
    this.jwtPluginId = jwtPlugin.kongId;
    this.prometheusPluginId = prometheusPlugin.kongId;
    this.zipkinPluginId = zipkinPlugin?.kongId;

    this.registerOutputs({
      serviceId: this.serviceId,
      routeId: this.routeId,
      consumerId: this.consumerId,
      credentialKey: this.credentialKey,
      credentialKeys: this.credentialKeys,
      credentialAlgorithm: this.credentialAlgorithm,
      credentialSecret: this.credentialSecret,
      credentialPrivateKey: this.credentialPrivateKey,
      jwtPluginId: this.jwtPluginId,
      prometheusPluginId: this.prometheusPluginId,
      zipkinPluginId: this.zipkinPluginId,
      consumers: this.consumers,
      consumerSecrets: this.consumerSecrets,
    });
  }

  /**
   * One KongJwtCredential per listed credential, named by its key (`<name>-credential-<key>`), with
   * its generated secret (`<name>-jwt-secret-<key>`) or key pair (`<name>-jwt-keypair-<key>`) when
   * none is configured. The first listed credential also answers to the names of the single
   * credential of earlier versions (`<name>-credential`, `<name>-jwt-secret`), so their stacks keep
   * their credential. A retiring credential's generated material is never made anew
   * (config/credentialRotation.ts). Adopting a lab built by hand (`adopting`) without a configured
   * secret: no secret is generated, so an existing credential keeps its secret (tokens already
   * handed out keep working) and a new one gets Kong's.
   */
  private credentialResources(
    name: string,
    lab: KongLabConfig,
    conn: KongConnectionArgs,
    consumerId: pulumi.Input<string>,
    adopting: boolean,
  ): CredentialResources[] {
    const listed = lab.credentials.map((c) => ({
      key: c.key,
      algorithm: c.algorithm,
      materialConfigured: c.secret !== undefined || c.rsaPublicKey !== undefined,
    }));
    const mustExist = new Set(credentialsThatMustExist(listed, lab.currentCredentialKey));
    if (lab.credentials.length > 1) {
      const roles = lab.credentials
        .map((c) => `"${c.key}" ${c.key === lab.currentCredentialKey ? "(current)" : "(retiring)"}`)
        .join(", ");
      pulumi.log.info(
        `JWT credentials of consumer "${lab.consumerUsername}": ${roles}. Remove the retiring ones ` +
          `once ${lab.jwtPlugin.maximumExpiration} s (maximum_expiration) have passed since the current one ` +
          `became current (npm run rotate -- --stack ${pulumi.getStack()}).`,
        this,
      );
    }
    return lab.credentials.map((c, i) => {
      const aliasOf = (legacyName: string): pulumi.CustomResourceOptions =>
        i === 0 ? { parent: this, aliases: [{ name: legacyName }] } : { parent: this };
      const requireExisting = mustExist.has(c.key)
        ? missingRetiringMaterialReason(c.key, c.algorithm)
        : undefined;
      let secret: pulumi.Input<string> | undefined;
      let rsaPublicKey: pulumi.Input<string> | undefined;
      let privateKey: pulumi.Output<string> | undefined;
      if (isHmacAlgorithm(c.algorithm)) {
        secret =
          c.secret ??
          (adopting
            ? undefined
            : new GeneratedPassword(
                `${name}-jwt-secret-${c.key}`,
                { length: GENERATED_JWT_SECRET_LENGTH, requireExisting },
                aliasOf(`${name}-jwt-secret`),
              ).result);
      } else if (c.rsaPublicKey !== undefined) {
        rsaPublicKey = c.rsaPublicKey;
      } else {
        const pair = new GeneratedKeyPair(
          `${name}-jwt-keypair-${c.key}`,
          { algorithm: c.algorithm as KeyPairAlgorithm, requireExisting },
          { parent: this },
        );
        rsaPublicKey = pair.publicKey;
        privateKey = pair.privateKey;
      }
      const resource = new KongJwtCredential(
        `${name}-credential-${c.key}`,
        {
          ...conn,
          consumerId,
          key: c.key,
          algorithm: c.algorithm as KongJwtAlgorithm,
          secret,
          rsaPublicKey,
        },
        aliasOf(`${name}-credential`),
      );
      return { key: c.key, resource, privateKey };
    });
  }
}
