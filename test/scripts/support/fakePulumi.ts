import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export interface FakePulumi {
  /** Environment whose PATH finds the fake `pulumi` first. */
  readonly env: NodeJS.ProcessEnv;
  /** The argument lists it was called with, one per call. */
  calls(): string[][];
  remove(): void;
}

/**
 * A stand-in `pulumi` executable on PATH: prints `outputs` as JSON for `stack output`, or fails
 * with `failWith` on stderr and exit code 255. It records its arguments.
 */
export function installFakePulumi(outputs: object, failWith?: string): FakePulumi {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-pulumi-"));
  const log = path.join(dir, "calls.log");
  const outFile = path.join(dir, "outputs.json");
  fs.writeFileSync(outFile, JSON.stringify(outputs, null, 2));
  const body = failWith
    ? `echo ${JSON.stringify(failWith)} >&2\nexit 255\n`
    : `cat ${JSON.stringify(outFile)}\n`;
  fs.writeFileSync(
    path.join(dir, "pulumi"),
    `#!/bin/sh\nprintf '%s\\n' "$*" >> ${JSON.stringify(log)}\n${body}`,
    { mode: 0o755 },
  );
  return {
    env: { ...process.env, PATH: `${dir}${path.delimiter}${process.env.PATH ?? ""}` },
    calls: () =>
      fs.existsSync(log)
        ? fs
            .readFileSync(log, "utf8")
            .trim()
            .split("\n")
            .map((line) => line.split(" "))
        : [],
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
