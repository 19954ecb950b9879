/**
 * `npm run rotate -- --stack <name>`: where the stack is in the rotation of its JWT credentials and
 * what to run next (docs/rotation.md). Reads only. See scripts/lib/rotateCli.ts.
 */
import { runMain } from "./lib/cliIo";
import { runRotateCli } from "./lib/rotateCli";
import { readStackHistory, readStackOutputs } from "./lib/stackOutputs";

runMain(() =>
  runRotateCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStackOutputs,
    readStackHistory,
    now: () => new Date(),
  }),
);
