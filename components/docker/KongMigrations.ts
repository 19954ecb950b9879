/**
 * Kong's database migrations as two one-shot containers, same image and database env as the
 * gateway: `kong migrations bootstrap`, then `kong migrations up && kong migrations finish`.
 *
 * How "runs once to completion, and the gateway waits for success" is done with @pulumi/docker 5.2.0
 * (container.d.ts):
 * - `attach: true`: the provider attaches to the container after creating it and returns only when
 *   it has exited, so the create of each step IS the run of that step;
 * - `mustRun: false`: an exited container is the expected state (no restart on later `up`s);
 * - `exitCode`: read after the run. A non-zero exit does not fail the create by itself, so
 *   `completed` turns the exit codes into "ok" or a RunError naming the failed command, and the
 *   gateway takes `completed` as an input (a label): it is never created after a failed migration.
 * - Postgres is healthy before the first step because its container uses `wait: true` (healthcheck
 *   pg_isready) and the first step takes this component's `dependsOn` (Postgres) as its own: a
 *   component's dependsOn alone does not order its children.
 * A new Kong image replaces both containers, so an upgrade re-runs bootstrap (a no-op on an
 * initialised database) and up/finish.
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { requireMigrationsSucceeded } from "./migrationsResult";

export interface KongMigrationsArgs {
  /** Image id of the Kong image (the gateway's). */
  readonly image: pulumi.Input<string>;
  readonly namePrefix: pulumi.Input<string>;
  readonly networkName: pulumi.Input<string>;
  /** KONG_DATABASE and KONG_PG_* (secret: holds the password). */
  readonly databaseEnv: pulumi.Input<string[]>;
}

export const MIGRATIONS_BOOTSTRAP_COMMAND = ["kong", "migrations", "bootstrap"];
export const MIGRATIONS_UP_COMMAND = ["sh", "-c", "kong migrations up && kong migrations finish"];

export class KongMigrations extends pulumi.ComponentResource {
  readonly bootstrap: docker.Container;
  readonly up: docker.Container;
  /** "ok" once both steps exited 0; a failure makes the deployment stop with the reason. */
  readonly completed: pulumi.Output<string>;

  constructor(name: string, args: KongMigrationsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kong-jwt-lab:docker:KongMigrations", name, {}, opts);

    // A component's dependsOn does not reach its children: the first step takes it explicitly
    // (Postgres, healthy once created because of its `wait: true`).
    const oneShot = (
      suffix: string,
      command: string[],
      dependsOn: pulumi.CustomResourceOptions["dependsOn"],
    ) =>
      new docker.Container(
        `${name}-${suffix}`,
        {
          name: pulumi.interpolate`${args.namePrefix}-migrations-${suffix}`,
          image: args.image,
          command,
          envs: pulumi.secret(args.databaseEnv),
          networksAdvanced: [{ name: args.networkName }],
          attach: true,
          mustRun: false,
          logs: false,
          restart: "no",
        },
        { parent: this, dependsOn, additionalSecretOutputs: ["envs"] },
      );

    this.bootstrap = oneShot("bootstrap", MIGRATIONS_BOOTSTRAP_COMMAND, opts?.dependsOn);
    this.up = oneShot("up", MIGRATIONS_UP_COMMAND, [this.bootstrap]);

    this.completed = pulumi
      .all([this.bootstrap.name, this.bootstrap.exitCode, this.up.name, this.up.exitCode])
      .apply(([bootstrapName, bootstrapCode, upName, upCode]) =>
        requireMigrationsSucceeded([
          {
            command: MIGRATIONS_BOOTSTRAP_COMMAND.join(" "),
            container: bootstrapName,
            exitCode: bootstrapCode,
          },
          {
            command: MIGRATIONS_UP_COMMAND[2],
            container: upName,
            exitCode: upCode,
          },
        ]),
      );

    this.registerOutputs({ completed: this.completed });
  }
}
