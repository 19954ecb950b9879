/**
 * Harness for the real-engine tests (test/engine): the local engine (../../localEngine: a program
 * run inline through the real Pulumi CLI on a throw-away local backend, the Kong stand-in in the
 * same process) plus `engineSuite`, which defines a suite only when the CLI is available.
 */
import { test } from "node:test";
import { locatePulumiCli } from "../../localEngine";

export {
  EngineStack,
  type EngineStackOptions,
  REPO_ROOT,
  freshProgram,
  locatePulumiCli,
} from "../../localEngine";

const MISSING_CLI =
  "the Pulumi CLI (`pulumi`) is not on PATH. The engine tests need it: run them through " +
  "`bash scripts/test.sh` (it finds or builds the CLI with scripts/setup-pulumi-cli.sh), or " +
  'eval "$(bash scripts/setup-pulumi-cli.sh)" first.';

/**
 * Defines the engine test suite when a CLI is available. Without one: under CI=true a failing test
 * says why; elsewhere a skipped test and a loud message on stderr.
 */
export function engineSuite(name: string, define: () => void): void {
  if (locatePulumiCli()) {
    define();
    return;
  }
  if (process.env.CI === "true") {
    test(`${name}: Pulumi CLI available (required when CI=true)`, () => {
      throw new Error(`CI=true and ${MISSING_CLI}`);
    });
    return;
  }
  process.stderr.write(
    `\n${"!".repeat(78)}\n!! SKIPPING the engine tests "${name}": ${MISSING_CLI}\n${"!".repeat(78)}\n\n`,
  );
  test(`${name} (skipped: Pulumi CLI not on PATH)`, { skip: MISSING_CLI }, () => undefined);
}
