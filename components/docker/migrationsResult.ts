/** Turns the exit codes of the one-shot migration containers into success, or a clear failure. */
import * as pulumi from "@pulumi/pulumi";

export interface MigrationStep {
  /** What ran, e.g. "kong migrations bootstrap". */
  readonly command: string;
  /** Docker container name, for the `docker logs` hint. */
  readonly container: string;
  /** Undefined/null when the provider reported none. */
  readonly exitCode: number | undefined | null;
}

/**
 * "ok" unless a step reported a non-zero exit code; then throws naming the failed step and where its
 * log is. A step without a reported code counts as done: `dependsOn` already ordered the gateway
 * after it, and the result must stay "ok" across runs (it is a label of the gateway container, and
 * a changed label would replace the container).
 */
export function requireMigrationsSucceeded(steps: readonly MigrationStep[]): string {
  const failed = steps.filter((s) => typeof s.exitCode === "number" && s.exitCode !== 0);
  if (failed.length > 0) {
    throw new pulumi.RunError(
      failed
        .map(
          (s) =>
            `\`${s.command}\` exited with code ${s.exitCode}; see \`docker logs ${s.container}\`. ` +
            "The Kong gateway is not started on an unmigrated database.",
        )
        .join("\n"),
    );
  }
  return "ok";
}
