/**
 * `npm run smoke -- [options]`: checks the lab's JWT setup end to end through Kong's proxy (a fresh
 * token passes; no token, a wrong signature, an expired token, a token over maximum_expiration and
 * an unknown issuer get Kong's 401s). See scripts/lib/smokeCheckCli.ts for the options.
 */
import { runMain } from "./lib/cliIo";
import { runSmokeCheckCli } from "./lib/smokeCheckCli";
import { readStackOutputs } from "./lib/stackOutputs";

runMain(() =>
  runSmokeCheckCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStackOutputs,
  }),
);
