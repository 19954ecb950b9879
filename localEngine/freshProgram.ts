/**
 * The project's own program (or any entry of the repo) as an inline Automation API program.
 */
import * as path from "node:path";
import type * as automation from "@pulumi/pulumi/automation";

/** The repository's root directory. */
export const REPO_ROOT = path.resolve(__dirname, "..");

/**
 * An inline program that evaluates `entry` (e.g. the repo's index.ts) afresh on every engine run,
 * as the language host would: the project's own modules are dropped from the require cache first
 * (node_modules stay cached, so @pulumi/pulumi is the instance the Automation API runs).
 * Module exports become stack outputs; a default-exported function is called and its result used.
 */
export function freshProgram(entry: string): automation.PulumiFn {
  const resolved = require.resolve(entry);
  return async () => {
    for (const key of Object.keys(require.cache)) {
      if (
        key.startsWith(REPO_ROOT + path.sep) &&
        !key.includes(`${path.sep}node_modules${path.sep}`)
      ) {
        delete require.cache[key];
      }
    }
    const mod: unknown = require(resolved);
    if (typeof mod === "function") return (await mod()) as Record<string, unknown>;
    return mod as Record<string, unknown>;
  };
}
