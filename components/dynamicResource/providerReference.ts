/**
 * The provider of this project's dynamic resources, as Pulumi stores it: a reference to a module of
 * the project, not the provider's code.
 *
 * Pulumi keeps a dynamic resource's provider as JavaScript text in the resource's `__provider`
 * property, which its dynamic-provider process loads (`require-from-string`) and calls `.handler()`
 * on. `pulumi.dynamic.Resource` produces that text by serializing the provider's closure, which
 * copies every local module the closure reaches into each resource's state (37–48 kB per Kong
 * resource here) and loads the SDK's closure serializer (TypeScript's compiler among it) into every
 * program run. The text written here instead names the module (relative to the project root) and
 * its export, in about half a kilobyte; the dynamic-provider process, started by the engine in the
 * project directory (or, for Automation API programs, in a work directory whose node_modules
 * links to the project's), finds the project root from where node_modules/@pulumi/pulumi lives,
 * makes TypeScript loadable with loader/registerTypeScript.js, and requires the module.
 *
 * So the state records where the provider lives: an `up` after a code change runs the new code
 * for every resource (including deletes of resources created by older code), which is what these
 * providers want (their methods keep one contract).
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** The project root as Node resolves it from `fromDir`: where node_modules/@pulumi/pulumi lives. */
export function projectRootFrom(fromDir: string): string {
  // The reference's text repeats these steps inside the provider process.
  const pkg = require.resolve("@pulumi/pulumi/package.json", { paths: [fromDir] });
  return path.resolve(fs.realpathSync(pkg), "../../../..");
}

/** The TypeScript loader, relative to the project root (plain JavaScript). */
const TYPESCRIPT_LOADER = "loader/registerTypeScript.js";

/** `file` relative to the project root, with `/` separators and without its extension. */
function fromProjectRoot(file: string): string {
  return path
    .relative(projectRootFrom(process.cwd()), file)
    .replace(/\.[cm]?[jt]s$/, "")
    .split(path.sep)
    .join("/");
}

/**
 * The `__provider` text for export `exportName` of the module at `moduleFile` (an absolute path,
 * usually the caller's `__filename`). Its handler returns the module's export, loaded once per
 * process (the host caches the provider per text; Node caches the module).
 */
export function providerReference(moduleFile: string, exportName: string): string {
  const key = `${moduleFile}#${exportName}`;
  let text = references.get(key);
  if (text === undefined) {
    text = referenceText(moduleFile, exportName);
    references.set(key, text);
  }
  return text;
}

/** One text per provider, computed once per process. */
const references = new Map<string, string>();

function referenceText(moduleFile: string, exportName: string): string {
  const modulePath = JSON.stringify(fromProjectRoot(moduleFile));
  const name = JSON.stringify(exportName);
  return [
    "exports.handler = function () {",
    '  const path = require("path");',
    '  const pkg = require.resolve("@pulumi/pulumi/package.json", { paths: [process.cwd()] });',
    '  const root = path.resolve(require("fs").realpathSync(pkg), "../../../..");',
    `  require(path.join(root, ${JSON.stringify(TYPESCRIPT_LOADER)}));`,
    `  const provider = require(path.join(root, ${modulePath}))[${name}];`,
    "  if (!provider) {",
    `    throw new Error("dynamic provider " + ${name} + " not found in " + path.join(root, ${modulePath}));`,
    "  }",
    "  return provider;",
    "};",
    "",
  ].join("\n");
}
