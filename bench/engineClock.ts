/**
 * Times the Pulumi CLI process of an engine operation, the way a user running `pulumi up` at the
 * terminal waits for it. The Automation API's `up()` / `refresh()` / `destroy()` run more after
 * that process exits (`pulumi stack output` twice, `pulumi stack history`: about 0.9 s with a
 * 1,000-consumer state), which a CLI user does not pay; both figures are kept (StepSample).
 *
 * It wraps the stack's `runPulumiCmd`, the method through which the Automation API (3.248.0)
 * starts every CLI process of a stack. Not a public API: when it is missing, `wrapped` is false
 * and steps are timed around the whole Automation API call, as before.
 */
import type { automation } from "@pulumi/pulumi";

/** The CLI commands that are engine operations (everything else is bookkeeping). */
const ENGINE_COMMANDS = new Set(["up", "preview", "refresh", "destroy"]);

export interface EngineClock {
  readonly wrapped: boolean;
  /** Clears what was timed so far. */
  reset(): void;
  /** Milliseconds of the first engine command since the last reset, if one ran. */
  engineCommandMs(): number | undefined;
}

type RunCmd = (args: string[], ...rest: unknown[]) => Promise<unknown>;

export function clockEngineCommands(stack: automation.Stack): EngineClock {
  const target = stack as unknown as { runPulumiCmd?: RunCmd };
  const original = target.runPulumiCmd;
  let timed: number | undefined;
  if (typeof original !== "function") {
    return { wrapped: false, reset: () => undefined, engineCommandMs: () => undefined };
  }
  target.runPulumiCmd = async function (this: unknown, args: string[], ...rest: unknown[]) {
    if (!ENGINE_COMMANDS.has(args[0] ?? "")) return original.call(this, args, ...rest);
    const start = process.hrtime.bigint();
    try {
      return await original.call(this, args, ...rest);
    } finally {
      timed ??= Number(process.hrtime.bigint() - start) / 1e6;
    }
  };
  return {
    wrapped: true,
    reset: () => {
      timed = undefined;
    },
    engineCommandMs: () => timed,
  };
}
