/**
 * Test double of Pulumi's Node.js language host (see README.md): the public face for the test
 * harness. The process itself starts from main.ts through launcher/pulumi-language-nodejs.
 */
import * as path from "node:path";

/** The executable the CLI starts as `pulumi-language-nodejs` (a node script). */
export const LANGUAGE_HOST_LAUNCHER = path.join(__dirname, "launcher", "pulumi-language-nodejs");

export { parseRuntimeOptions, splitShellWords } from "./runtimeOptions";
export { runArguments, runEnvironment, configJson, outcomeOfExit } from "./programRun";
export { findRequiredPackages, packageFromManifest } from "./requiredPackages";
