/** One-shot commands of the lab (@pulumi/command) whose failures say what failed. */
export { reportingCommand, SCRIPT_NAME } from "./reportingCommand";
export type { ReportingCommandArgs } from "./reportingCommand";
export { reportingScript, DEFAULT_LAST_LINES } from "./reportingScript";
export type { ReportingScriptArgs } from "./reportingScript";
export { shellQuote } from "./shellQuote";
