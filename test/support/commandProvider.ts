/**
 * Runs a `command:local:Command`'s recorded inputs the way @pulumi/command 1.2.x's provider does
 * (pulumi/pulumi-command, provider/pkg/provider/local/commandOutputs.go): `<interpreter...>
 * <create>` in `dir`, with this process's environment plus `environment`; a non-zero exit becomes
 * the provider's error, `exit status <n>: running "<create>":\n<stdout and stderr>`. Lets tests
 * under mocks run the program's real command text against stand-in executables (e.g. a fake
 * `docker` first on PATH).
 */
import { spawnSync } from "child_process";
import { mapSecrets } from "./mocks";

export interface CommandRunResult {
  readonly stdout: string;
  readonly stderr: string;
}

/** The provider's error for a failed run; `message` is what the user reads. */
export class CommandProviderError extends Error {}

export function runAsCommandProvider(
  recordedInputs: Record<string, unknown>,
  extraEnv: Record<string, string> = {},
): CommandRunResult {
  const inputs = mapSecrets(recordedInputs, true) as {
    create?: string;
    interpreter?: string[];
    environment?: Record<string, string>;
    dir?: string;
  };
  if (inputs.create === undefined) return { stdout: "", stderr: "" };
  const argv = [...(inputs.interpreter ?? ["/bin/sh", "-c"]), inputs.create];
  const child = spawnSync(argv[0], argv.slice(1), {
    cwd: inputs.dir,
    env: { ...process.env, ...extraEnv, ...(inputs.environment ?? {}) },
    encoding: "utf8",
    timeout: 60_000,
  });
  if (child.error) throw child.error;
  if (child.status !== 0) {
    throw new CommandProviderError(
      `exit status ${child.status}: running ${JSON.stringify(inputs.create)}:\n${child.stdout}${child.stderr}`,
    );
  }
  return {
    stdout: child.stdout.replace(/\n$/, ""),
    stderr: child.stderr.replace(/\n$/, ""),
  };
}
