import { parseArgs, type ParseArgsConfig } from "node:util";
import { InputError } from "./inputError";

type FlagOptions = NonNullable<ParseArgsConfig["options"]>;

/** Parses a script's flags strictly (no positionals); a bad flag is an InputError with the usage. */
export function parseFlags<O extends FlagOptions>(
  argv: readonly string[],
  options: O,
  usage: string,
) {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new InputError(`${(err as Error).message}\n\n${usage}`);
  }
}
