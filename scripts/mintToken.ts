/**
 * `npm run token -- [options]`: mints a JWT for the lab's Kong jwt plugin (replaces the write-up's
 * get-iat-exp.py). Only the token goes to stdout. See scripts/lib/mintTokenCli.ts for the options.
 */
import { runMain } from "./lib/cliIo";
import { runMintTokenCli } from "./lib/mintTokenCli";
import { readStackOutputs } from "./lib/stackOutputs";
import { terminalPrompter } from "./lib/terminalPrompter";

runMain(() =>
  runMintTokenCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    prompter: process.stdin.isTTY ? terminalPrompter() : undefined,
    readStackOutputs,
  }),
);
