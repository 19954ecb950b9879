/**
 * Kong's database: Postgres with a named volume, a generated password (secret), a `pg_isready`
 * healthcheck, and `wait: true` so the container counts as created only once it is healthy.
 * Published on 127.0.0.1 only.
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "../../pulumiSdk";
import { GeneratedPassword } from "../secrets";
import { pulledImage } from "./pulledImage";
import { READINESS_PROBE_TIMING } from "./readinessProbe";

export interface PostgresArgs {
  /** Pinned image reference, e.g. postgres:16.9-alpine. */
  readonly image: pulumi.Input<string>;
  readonly namePrefix: pulumi.Input<string>;
  readonly networkName: pulumi.Input<string>;
  /** Host port on 127.0.0.1. */
  readonly hostPort: pulumi.Input<number>;
}

export const POSTGRES_ALIAS = "postgres";
export const POSTGRES_PORT = 5432;
export const POSTGRES_USER = "kong";
export const POSTGRES_DATABASE = "kong";
export const POSTGRES_DATA_PATH = "/var/lib/postgresql/data";

export class Postgres extends pulumi.ComponentResource {
  readonly container: docker.Container;
  readonly volume: docker.Volume;
  /** The generated database password; secret. */
  readonly password: pulumi.Output<string>;
  readonly host = POSTGRES_ALIAS;
  readonly port = POSTGRES_PORT;
  readonly user = POSTGRES_USER;
  readonly database = POSTGRES_DATABASE;

  constructor(name: string, args: PostgresArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kong-jwt-lab:docker:Postgres", name, {}, opts);

    const password = new GeneratedPassword(`${name}-password`, { length: 32 }, { parent: this });
    this.password = pulumi.secret(password.result);

    const image = pulledImage(`${name}-image`, args.image, this);
    this.volume = new docker.Volume(
      `${name}-data`,
      { name: pulumi.interpolate`${args.namePrefix}-pgdata` },
      { parent: this },
    );

    this.container = new docker.Container(
      `${name}-container`,
      {
        name: pulumi.interpolate`${args.namePrefix}-postgres`,
        image: image.imageId,
        envs: pulumi.secret(
          this.password.apply((pw) => [
            `POSTGRES_USER=${POSTGRES_USER}`,
            `POSTGRES_DB=${POSTGRES_DATABASE}`,
            `POSTGRES_PASSWORD=${pw}`,
          ]),
        ),
        volumes: [{ volumeName: this.volume.name, containerPath: POSTGRES_DATA_PATH }],
        networksAdvanced: [{ name: args.networkName, aliases: [POSTGRES_ALIAS] }],
        ports: [{ internal: POSTGRES_PORT, external: args.hostPort, ip: "127.0.0.1" }],
        healthcheck: {
          // Over TCP: the image's first-start initialisation runs a temporary server on the Unix
          // socket only, which must not count as ready (the migrations connect over TCP).
          tests: [
            "CMD",
            "pg_isready",
            "-h",
            "127.0.0.1",
            "-d",
            POSTGRES_DATABASE,
            "-U",
            POSTGRES_USER,
          ],
          ...READINESS_PROBE_TIMING,
          timeout: "5s",
          retries: 12,
        },
        wait: true,
        waitTimeout: 120,
        restart: "unless-stopped",
      },
      { parent: this, additionalSecretOutputs: ["envs"] },
    );

    this.registerOutputs({ password: this.password });
  }
}
