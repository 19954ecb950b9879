import { exitOnInputError, InputError } from "./inputError";
import { parseFlags } from "./parseFlags";
import { formatRotationPlan, planRotation, type HistoryEntry } from "./rotationPlan";
import type { LabStackOutputs } from "./stackOutputs";

export const ROTATE_USAGE = `Usage: npm run rotate -- --stack <name>

Prints where the stack is in the rotation of its JWT credentials (docs/rotation.md): which key is
current and since when, which are retiring, the next step with its commands, and from when
retiring the old key is safe (maximum_expiration after the new key became current). Changes
nothing.

  --stack <name>   the stack (reads its outputs and its update history with the pulumi CLI)
  -h, --help       show this help`;

const OPTIONS = {
  stack: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** What the rotate helper needs from its process; tests pass their own. */
export interface RotateIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readStackOutputs(stack: string): Promise<LabStackOutputs>;
  readStackHistory(stack: string): Promise<unknown[]>;
  now(): Date;
}

/** The rotate helper's CLI: 0 printed, 2 bad input. */
export async function runRotateCli(argv: readonly string[], io: RotateIo): Promise<number> {
  try {
    const flags = parseFlags(argv, OPTIONS, ROTATE_USAGE);
    if (flags.help) {
      io.stdout(ROTATE_USAGE + "\n");
      return 0;
    }
    if (flags.stack === undefined) throw new InputError(`--stack is required\n\n${ROTATE_USAGE}`);
    const [outputs, history] = await Promise.all([
      io.readStackOutputs(flags.stack),
      io.readStackHistory(flags.stack),
    ]);
    const plan = planRotation(flags.stack, outputs, history as HistoryEntry[]);
    io.stdout(formatRotationPlan(plan, io.now()));
    return 0;
  } catch (err) {
    return exitOnInputError(err, io.stderr);
  }
}
