/**
 * The environment Kong needs to reach its Postgres database; shared verbatim by the migrations and
 * the gateway container. It holds the database password (secret).
 */
import * as pulumi from "../../pulumiSdk";

export interface KongDatabase {
  /** Host name of Postgres on the lab network. */
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
  /** Secret. */
  readonly password: pulumi.Input<string>;
}

/** KONG_DATABASE and KONG_PG_* by name; only KONG_PG_PASSWORD is secret. */
export function kongDatabaseVariables(db: KongDatabase): Record<string, pulumi.Input<string>> {
  return {
    KONG_DATABASE: "postgres",
    KONG_PG_HOST: db.host,
    KONG_PG_PORT: String(db.port),
    KONG_PG_USER: db.user,
    KONG_PG_PASSWORD: pulumi.secret(db.password),
    KONG_PG_DATABASE: db.database,
  };
}

/** The same variables as a container's `envs` list (K=V); the whole list is secret. */
export function kongDatabaseEnv(db: KongDatabase): pulumi.Output<string[]> {
  return pulumi.secret(
    pulumi
      .all(kongDatabaseVariables(db))
      .apply((vars) => Object.entries(vars).map(([name, value]) => `${name}=${value}`)),
  );
}
