/**
 * The POSIX sh script behind the lab's one-shot commands (@pulumi/command `local.Command`).
 *
 * The command provider (pulumi-command 1.2.x, provider/pkg/provider/local/commandOutputs.go) runs
 * `<interpreter...> <create>` and, on a non-zero exit, fails the resource with
 * `exit status <n>: running "<create>":` followed by everything the command printed. The lab runs
 * its commands as `sh -c <this script> kong-jwt-lab <create>` (see reportingCommand.ts), so that
 * message starts with the create text, i.e. what ran, and the script shapes the rest:
 *
 *   exit status 1: running "kong migrations bootstrap":
 *   kong migrations bootstrap failed (exit 1); last lines of its output:
 *   <up to 30 lines>
 *
 * Output is captured and printed once the step has ended (on success: all of it). The values of the
 * environment variables named in `redact` are replaced by <redacted> in everything the script
 * prints, so neither the provider's log nor its error message nor the stdout kept in the state
 * can hold them, whatever the step itself prints.
 */
import { shellQuote } from "./shellQuote";

export interface ReportingScriptArgs {
  /** What the user reads as failing, e.g. "kong migrations bootstrap". */
  readonly what: string;
  /** The sh command line to run. The command's create text is "$1" there. */
  readonly run: string;
  /** Names of environment variables whose values must never be printed. */
  readonly redact: readonly string[];
  /** How many of the last lines of output a failure message keeps (default 30). */
  readonly lastLines?: number;
}

export const DEFAULT_LAST_LINES = 30;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** awk program replacing every literal occurrence of the named variables' values. */
const REDACT_AWK = [
  'BEGIN { n = split(names, vars, " ") }',
  "{",
  "  line = $0",
  "  for (i = 1; i <= n; i++) {",
  "    s = ENVIRON[vars[i]]",
  '    if (s == "") continue',
  '    out = ""',
  "    while ((p = index(line, s)) > 0) {",
  '      out = out substr(line, 1, p - 1) "<redacted>"',
  "      line = substr(line, p + length(s))",
  "    }",
  "    line = out line",
  "  }",
  "  print line",
  "}",
].join("\n");

export function reportingScript(args: ReportingScriptArgs): string {
  for (const name of args.redact) {
    if (!ENV_NAME.test(name)) throw new Error(`not an environment variable name: ${name}`);
  }
  const lastLines = args.lastLines ?? DEFAULT_LAST_LINES;
  if (!Number.isInteger(lastLines) || lastLines < 1) {
    throw new Error(`lastLines must be a positive integer, got ${lastLines}`);
  }
  return [
    "redact() {",
    `  awk -v names=${shellQuote(args.redact.join(" "))} ${shellQuote(REDACT_AWK)}`,
    "}",
    `output=$( { ${args.run} ; } 2>&1 )`,
    "code=$?",
    'if [ "$code" -eq 0 ]; then',
    '  if [ -n "$output" ]; then printf \'%s\\n\' "$output" | redact; fi',
    "  exit 0",
    "fi",
    `printf '%s failed (exit %s); last lines of its output:\\n' ${shellQuote(args.what)} "$code"`,
    `printf '%s\\n' "$output" | tail -n ${lastLines} | redact`,
    'exit "$code"',
    "",
  ].join("\n");
}
