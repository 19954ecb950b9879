import type { LabStackOutputs } from "./stackOutputs";
import type { Prompter } from "./terminalPrompter";

/** What a CLI needs from its process; tests pass their own. */
export interface CliIo {
  /** Machine-readable output (the token, the table). */
  stdout(text: string): void;
  /** Everything else: details, warnings, errors. */
  stderr(text: string): void;
  /** A prompter when stdin is a terminal, else undefined. */
  readonly prompter?: Prompter;
  readStackOutputs(stack: string): Promise<LabStackOutputs>;
}

/** Runs a CLI main and exits with its code; an unexpected error exits 1. */
export function runMain(main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
