/**
 * A dynamic provider that Pulumi serializes in under 3 kB: a shim whose methods load the
 * real provider from the project's own source at run time.
 *
 * Why: Pulumi copies every local module a provider's closure reaches into the resource's state,
 * by value (node_modules packages become `require("pkg")`). A provider built from
 * entityProvider.ts, providerSupport.ts and adminClient.ts weighs 37–48 kB, stored in each
 * resource's inputs and outputs and sent with every RPC. The shim captures two strings instead:
 * the provider's module path relative to the project root and the name of its export.
 *
 * At run time (the dynamic-provider process, plain Node.js started in the project directory or,
 * for Automation API programs, in a work directory whose node_modules links to the project's):
 * - the project root is the directory whose node_modules holds @pulumi/pulumi (symlinks resolved),
 *   found from the process's working directory the way `require("@pulumi/pulumi")` finds it;
 * - the module is TypeScript; unless a loader is registered already (ts-node or tsx, as in the
 *   program's process), tsx (in the project's devDependencies, installed by `npm ci`) is
 *   registered while the module and its imports load, and removed after (the provider requires
 *   only packages at run time, such as axios and crypto, never a project module);
 * - Node's module cache keeps the loaded provider for the rest of the process.
 *
 * So the state records where the provider lives, not its code: an `up` after a code change runs
 * the new code for every resource (including deletes of resources created by older code), which
 * is what a per-entity provider of this project wants (its methods are the same contract).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";

/** The methods every deferred provider implements (the host's defaults are never needed). */
export type FullResourceProvider = Required<
  Pick<pulumi.dynamic.ResourceProvider, "check" | "diff" | "create" | "read" | "update" | "delete">
>;

/** The project root as Node resolves it from `fromDir`: where node_modules/@pulumi/pulumi lives. */
export function projectRootFrom(fromDir: string): string {
  // loadProvider repeats these steps inside the provider process (it may capture nothing).
  const pkg = require.resolve("@pulumi/pulumi/package.json", { paths: [fromDir] });
  return path.resolve(fs.realpathSync(pkg), "../../../..");
}

/**
 * Loads export `exportName` of the module at `relativePath` (from the project root, without
 * extension). Runs in the dynamic-provider process: everything it needs is required here.
 */
function loadProvider(relativePath: string, exportName: string): FullResourceProvider {
  const nodePath = require("path") as typeof import("path");
  const nodeFs = require("fs") as typeof import("fs");
  const pkg = require.resolve("@pulumi/pulumi/package.json", { paths: [process.cwd()] });
  const root = nodePath.resolve(nodeFs.realpathSync(pkg), "../../../..");
  const file = nodePath.join(root, relativePath);
  const nodeModule = require("module") as { _extensions?: Record<string, unknown> };
  // tsx's hooks slow down every module loaded while they are in place (axios, loaded on the first
  // request, by about half), so they are removed once the provider's own modules are loaded.
  const unregister = nodeModule._extensions?.[".ts"]
    ? undefined
    : (require("tsx/cjs/api") as { register(): () => void }).register();
  let exported: Record<string, FullResourceProvider | undefined>;
  try {
    exported = require(file) as Record<string, FullResourceProvider | undefined>;
  } finally {
    unregister?.();
  }
  const loaded = exported[exportName];
  if (!loaded) {
    throw new Error(`dynamic provider ${exportName} not found in ${file}`);
  }
  return loaded;
}

/**
 * One shim per provider: Pulumi serializes a provider object once per program run and reuses the
 * text for every resource given the same object (its cache is keyed by the object).
 */
const shims = new Map<string, FullResourceProvider>();

/**
 * A provider whose serialized form names `exportName` of `moduleFile` (an absolute path, usually
 * the caller's `__filename`; stored relative to the project root) and loads it on first use.
 */
export function deferredProvider(moduleFile: string, exportName: string): FullResourceProvider {
  const key = `${moduleFile}#${exportName}`;
  const existing = shims.get(key);
  if (existing) return existing;
  const shim = buildShim(moduleFile, exportName);
  shims.set(key, shim);
  return shim;
}

function buildShim(moduleFile: string, exportName: string): FullResourceProvider {
  const root = projectRootFrom(process.cwd());
  const relativePath = path
    .relative(root, moduleFile)
    .replace(/\.[cm]?[jt]s$/, "")
    .split(path.sep)
    .join("/");
  const real = () => loadProvider(relativePath, exportName);
  return {
    check: (olds, news) => real().check(olds, news),
    diff: (id, olds, news) => real().diff(id, olds, news),
    create: (inputs) => real().create(inputs),
    read: (id, props) => real().read(id, props),
    update: (id, olds, news) => real().update(id, olds, news),
    delete: (id, props) => real().delete(id, props),
  };
}
