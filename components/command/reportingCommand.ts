/**
 * A one-shot `command.local.Command` run through reportingScript.ts: its failure message starts
 * with what ran and what failed, carries the last lines of output and the exit code, and never
 * holds the values of the `redact` variables.
 *
 * How @pulumi/command 1.2.x behaves, and what the lab relies on:
 * - the create text runs at `pulumi up`, never at preview; with no `update`, an input change runs
 *   the create text again, and a change of a `triggers` element replaces the resource (runs it
 *   again as a new resource);
 * - a failed create leaves nothing in the state (the provider returns no partial state for a plain
 *   error), so the next `pulumi up` runs the step again: no `--replace` needed once the cause is
 *   fixed;
 * - without a `delete` text, destroying it runs nothing;
 * - `environment` reaches the process only through its environment (never its command line); the
 *   lab marks it secret in the state (additionalSecretOutputs) because it carries secrets.
 */
import * as command from "@pulumi/command";
import * as pulumi from "../../pulumiSdk";
import { reportingScript } from "./reportingScript";

/** $0 of the script: what sh itself names in its own messages (e.g. "docker: not found"). */
export const SCRIPT_NAME = "kong-jwt-lab";

export interface ReportingCommandArgs {
  /** The create text: what ran, as the user reads it in the provider's message ("$1" in `run`). */
  readonly create: pulumi.Input<string>;
  /** What the user reads as failing, e.g. "kong migrations bootstrap". */
  readonly what: string;
  /** The sh command line that does the work. */
  readonly run: string;
  /** The process's extra environment; secret values stay secret in the state. */
  readonly environment: Record<string, pulumi.Input<string>>;
  /** Names in `environment` whose values are never printed. */
  readonly redact: readonly string[];
  /** A change of any element runs the step again. */
  readonly triggers: pulumi.Input<unknown>[];
  /** Working directory (default: the directory the Pulumi CLI runs the provider in). */
  readonly dir?: pulumi.Input<string>;
}

export function reportingCommand(
  name: string,
  args: ReportingCommandArgs,
  opts: pulumi.CustomResourceOptions,
): command.local.Command {
  return new command.local.Command(
    name,
    {
      create: args.create,
      interpreter: [
        "/bin/sh",
        "-c",
        reportingScript({ what: args.what, run: args.run, redact: args.redact }),
        SCRIPT_NAME,
      ],
      environment: args.environment,
      triggers: args.triggers,
      dir: args.dir,
      // The previous run's output is not needed in the next run's environment.
      addPreviousOutputInEnv: false,
      // The script has already redacted everything it prints.
      logging: "stdoutAndStderr",
    },
    {
      ...opts,
      additionalSecretOutputs: [...(opts.additionalSecretOutputs ?? []), "environment"],
    },
  );
}
