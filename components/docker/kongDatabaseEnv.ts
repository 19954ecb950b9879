/**
 * The environment Kong needs to reach its Postgres database; shared verbatim by the migrations and
 * the gateway containers. It holds the database password, so the whole list is a secret.
 */
import * as pulumi from "@pulumi/pulumi";

export interface KongDatabase {
  /** Host name of Postgres on the lab network. */
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
  /** Secret. */
  readonly password: pulumi.Input<string>;
}

export function kongDatabaseEnv(db: KongDatabase): pulumi.Output<string[]> {
  return pulumi.secret(
    pulumi
      .output(db.password)
      .apply((password) => [
        "KONG_DATABASE=postgres",
        `KONG_PG_HOST=${db.host}`,
        `KONG_PG_PORT=${db.port}`,
        `KONG_PG_USER=${db.user}`,
        `KONG_PG_PASSWORD=${password}`,
        `KONG_PG_DATABASE=${db.database}`,
      ]),
  );
}
