/**
 * Kong's database migrations as two one-shot commands (@pulumi/command), each a `docker run --rm`
 * of the gateway's Kong image on the lab network: `kong migrations bootstrap`, then what
 * `kong migrations list` says is left (`up` and `finish`; nothing on a database just bootstrapped).
 *
 * - The database settings reach `docker run` through the command's environment (`-e NAME` without
 *   a value: Docker takes the value from its own environment), never on a command line; the
 *   password is secret in the state and redacted from every line the step prints.
 * - A non-zero exit fails the step with a message that starts with what ran and what failed, the
 *   exit code and the last lines of output (components/command). A failed step leaves nothing in
 *   the state, so the next `pulumi up` runs it again once the cause is fixed; the second step and
 *   the gateway wait for the first (`dependsOn`), so they never run after a failure.
 * - Triggers: a new Kong image or a new database (the Postgres container replaced) runs both
 *   steps again. Both are idempotent on a migrated database. Nothing to undo on destroy (no
 *   delete command; `--rm` leaves no container).
 * - Whatever comes after the steps orders itself with `dependsOn` only, never by taking one of
 *   their outputs as an input: the SDK prefixes a failed resource's error with "error serializing
 *   property ..." for every input it flows into, and the user is to read the step's own message.
 * - Postgres is healthy before the first step: its container uses `wait: true` (pg_isready), and
 *   the first step takes this component's `dependsOn` (Postgres) as its own, because a
 *   component's dependsOn alone does not order its children.
 */
import * as command from "@pulumi/command";
import * as pulumi from "../../pulumiSdk";
import { reportingCommand } from "../command";

export interface KongMigrationsArgs {
  /** Image id of the Kong image (the gateway's). */
  readonly image: pulumi.Input<string>;
  readonly networkName: pulumi.Input<string>;
  /** KONG_DATABASE and KONG_PG_* by name (kongDatabaseVariables); the password is secret. */
  readonly databaseVariables: Record<string, pulumi.Input<string>>;
  /** Identity of the database (the Postgres container's id): a new one runs the migrations again. */
  readonly databaseId: pulumi.Input<string>;
}

export const MIGRATIONS_BOOTSTRAP = "kong migrations bootstrap";

/**
 * The second step: what `kong migrations list` says the database still needs, by its exit code
 * (Kong's kong/cmd/migrations.lua: 0 up to date, 4 migrations pending their finish, 5 new
 * migrations; anything else is a failure, e.g. 1 when the database cannot be read). A database the
 * first step has just bootstrapped is up to date (`bootstrap` runs every migration, teardown
 * included), so the cold lab pays one Kong start here where `up && finish` cost two. Pending
 * migrations are finished before `up`, which refuses to run while any are pending. `list`'s
 * listing (every executed migration) is not printed; its errors are. One line: the step's log and
 * messages show it as one.
 */
export const MIGRATIONS_UP = [
  "kong migrations list >/dev/null;",
  "listed=$?;",
  'case "$listed" in',
  "0) echo 'Kong migrations: the database is up to date' ;;",
  "4) kong migrations finish && kong migrations up && kong migrations finish ;;",
  "5) kong migrations up && kong migrations finish ;;",
  '*) echo "kong migrations list failed (exit status $listed)" >&2; exit "$listed" ;;',
  "esac",
].join(" ");

/** How the second step names itself in a failure message. */
export const MIGRATIONS_UP_SUMMARY =
  "kong migrations up && kong migrations finish, as `kong migrations list` asks";

/** Environment variables the step script reads besides the database settings. */
export const KONG_IMAGE_VARIABLE = "LAB_KONG_IMAGE";
export const NETWORK_VARIABLE = "LAB_NETWORK";
/** Never printed by a migration step. */
export const REDACTED_VARIABLES = ["KONG_PG_PASSWORD"];

/** The sh line that runs the create text ("$1") in a one-shot Kong container. */
export function migrationRunLine(databaseVariableNames: readonly string[]): string {
  const passed = databaseVariableNames.map((name) => `-e ${name}`).join(" ");
  return (
    `docker run --rm --network "$${NETWORK_VARIABLE}" ${passed} ` +
    `"$${KONG_IMAGE_VARIABLE}" sh -c "$1"`
  );
}

export class KongMigrations extends pulumi.ComponentResource {
  readonly bootstrap: command.local.Command;
  readonly up: command.local.Command;

  constructor(name: string, args: KongMigrationsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kong-jwt-lab:docker:KongMigrations", name, {}, opts);

    const environment = {
      ...args.databaseVariables,
      [KONG_IMAGE_VARIABLE]: args.image,
      [NETWORK_VARIABLE]: args.networkName,
    };
    const run = migrationRunLine(Object.keys(args.databaseVariables));
    const step = (
      suffix: string,
      create: string,
      what: string,
      dependsOn: pulumi.CustomResourceOptions["dependsOn"],
    ) =>
      reportingCommand(
        `${name}-${suffix}`,
        { create, what, run, environment, redact: REDACTED_VARIABLES, triggers },
        { parent: this, dependsOn },
      );

    const triggers = [args.image, args.databaseId];
    this.bootstrap = step("bootstrap", MIGRATIONS_BOOTSTRAP, MIGRATIONS_BOOTSTRAP, opts?.dependsOn);
    this.up = step("up", MIGRATIONS_UP, MIGRATIONS_UP_SUMMARY, [this.bootstrap]);

    this.registerOutputs({});
  }
}
