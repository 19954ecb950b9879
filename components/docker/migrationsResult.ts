/** Turns the exit codes of the one-shot migration containers into success, or a clear failure. */
import * as pulumi from "@pulumi/pulumi";

export interface MigrationStep {
  /** What ran, e.g. "kong migrations bootstrap". */
  readonly command: string;
  /** Docker container name, for the `docker logs` hint. */
  readonly container: string;
  readonly exitCode: number;
}

/** "ok" when every step exited 0; otherwise throws naming the failed step and where its log is. */
export function requireMigrationsSucceeded(steps: readonly MigrationStep[]): string {
  const failed = steps.filter((s) => s.exitCode !== 0);
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
