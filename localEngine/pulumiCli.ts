/**
 * Where the Pulumi CLI is: the first executable `pulumi` on PATH (scripts/setup-pulumi-cli.sh
 * builds one into a cache outside the repo and prints the PATH that finds it).
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** The first executable `pulumi` on PATH, found without running anything; undefined when none. */
export function locatePulumiCli(envPath: string = process.env.PATH ?? ""): string | undefined {
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, "pulumi");
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
