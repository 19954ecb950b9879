import * as fs from "node:fs";
import * as path from "node:path";

/** The project directory (this file is scripts/lib/labState.ts). */
const PROJECT_DIR = path.resolve(__dirname, "..", "..");

/** Where `bash scripts/lab.sh` keeps the state when the Pulumi CLI has no backend of its own. */
export const LAB_STATE_DIR = path.join(PROJECT_DIR, ".pulumi-state");

/**
 * The environment for a `pulumi` call that reads the lab's stacks, by lab.sh's rule
 * (docs/state-backend.md): when the lab's own state directory exists and the user has not chosen a
 * backend with PULUMI_BACKEND_URL, that directory is the backend and its passphrase file unlocks the
 * secrets. Otherwise the environment is returned unchanged (a logged-in CLI keeps its backend).
 */
export function labStateEnv(
  env: NodeJS.ProcessEnv = process.env,
  stateDir: string = LAB_STATE_DIR,
): NodeJS.ProcessEnv {
  if (env.PULUMI_BACKEND_URL || !fs.existsSync(stateDir)) return env;
  const out: NodeJS.ProcessEnv = {
    ...env,
    PULUMI_BACKEND_URL: `file://${stateDir}`,
    PULUMI_CONFIG_PASSPHRASE_FILE: path.join(stateDir, "passphrase"),
  };
  delete out.PULUMI_CONFIG_PASSPHRASE;
  return out;
}
