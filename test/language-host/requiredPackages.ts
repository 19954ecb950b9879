/**
 * GetRequiredPackages as pulumi-language-nodejs answers it: every directory under the program
 * directory is walked (symlinks resolved, each real directory once, nested policy packs skipped), and
 * every package.json below a node_modules directory whose `pulumi.resource` is true names a resource
 * plugin: `pulumi.name` or the @pulumi/ package's short name, `pulumi.version` or the package version
 * with a leading "v", `pulumi.server`, `pulumi.parameterization`. Unreadable entries are skipped, as
 * the real host only logs them.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export interface RequiredPackage {
  readonly name: string;
  readonly kind: "resource";
  readonly version: string;
  readonly server: string;
  readonly parameterization?: {
    readonly name: string;
    readonly version: string;
    /** base64 in package.json, bytes on the wire */
    readonly value: Uint8Array;
  };
}

interface PulumiPackageJson {
  name?: unknown;
  version?: unknown;
  pulumi?: {
    resource?: unknown;
    name?: unknown;
    version?: unknown;
    server?: unknown;
    parameterization?: { name?: unknown; version?: unknown; value?: unknown };
  };
}

const str = (v: unknown): string => (typeof v === "string" ? v : "");

/** The plugin a package.json declares, or undefined when it declares none (or cannot be named). */
export function packageFromManifest(manifest: PulumiPackageJson): RequiredPackage | undefined {
  const pulumi = manifest.pulumi;
  if (!pulumi || pulumi.resource !== true) return undefined;
  let name = str(pulumi.name);
  if (!name) {
    const pkgName = str(manifest.name);
    // Third-party packages must name their plugin; only @pulumi/x derives it.
    if (!pkgName.startsWith("@pulumi/")) return undefined;
    name = pkgName.slice("@pulumi/".length);
  }
  let version = str(pulumi.version) || str(manifest.version);
  if (!version) return undefined;
  if (!version.startsWith("v")) version = `v${version}`;
  const param = pulumi.parameterization;
  return {
    name,
    kind: "resource",
    version,
    server: str(pulumi.server),
    ...(param
      ? {
          parameterization: {
            name: str(param.name),
            version: str(param.version),
            value: Buffer.from(str(param.value), "base64"),
          },
        }
      : {}),
  };
}

function isPolicyPack(dir: string): boolean {
  return fs.existsSync(path.join(dir, "PulumiPolicy.yaml"));
}

/** Walks `programDirectory` like the real host and returns the resource plugins found, in walk order. */
export function findRequiredPackages(programDirectory: string): RequiredPackage[] {
  const found: RequiredPackage[] = [];
  const visited = new Set<string>();
  const walk = (dir: string, inNodeModules: boolean): void => {
    const abs = path.resolve(dir);
    if (visited.has(abs)) return;
    visited.add(abs);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(abs, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const childInNodeModules = inNodeModules || path.basename(abs) === "node_modules";
    for (const entry of entries) {
      let curr = path.join(abs, entry.name);
      let isDir = entry.isDirectory();
      if (entry.isSymbolicLink()) {
        try {
          curr = fs.realpathSync(curr);
          isDir = fs.statSync(curr).isDirectory();
        } catch {
          continue;
        }
      }
      if (isDir) {
        if (isPolicyPack(curr)) continue;
        walk(curr, childInNodeModules);
      } else if (inNodeModules && entry.name === "package.json") {
        try {
          const pkg = packageFromManifest(
            JSON.parse(fs.readFileSync(curr, "utf8")) as PulumiPackageJson,
          );
          if (pkg) found.push(pkg);
        } catch {
          // unreadable or not JSON: skipped (the real host logs it at -v=3)
        }
      }
    }
  };
  walk(programDirectory, false);
  return found;
}
