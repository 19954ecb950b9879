/**
 * A stack's configuration as the Pulumi CLI hands it to the program: Pulumi.yaml's defaults,
 * overlaid with Pulumi.<stack>.yaml's values, every value a string (JSON text for arrays and
 * objects), keys in the `kong-jwt-lab:` namespace.
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

export interface ProjectConfigDeclaration {
  type: string;
  default: unknown;
  description: string;
  secret?: boolean;
  items?: { type: string };
}

export function readProjectFile(): {
  name: string;
  runtime: unknown;
  config: Record<string, ProjectConfigDeclaration>;
} {
  return YAML.parse(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8"));
}

export function readStackFile(stack: string): { config?: Record<string, unknown> } {
  return YAML.parse(fs.readFileSync(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`), "utf8")) ?? {};
}

function asConfigString(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Full config map (`kong-jwt-lab:key` → string) for a stack, defaults included. */
export function stackConfig(stack: string): Record<string, string> {
  const project = readProjectFile();
  const result: Record<string, string> = {};
  for (const [key, decl] of Object.entries(project.config)) {
    result[`${project.name}:${key}`] = asConfigString(decl.default);
  }
  for (const [key, value] of Object.entries(readStackFile(stack).config ?? {})) {
    if (value !== null && typeof value === "object" && "secure" in value) {
      throw new Error(`Pulumi.${stack}.yaml holds an encrypted value for ${key}; tests need none`);
    }
    result[key] = asConfigString(value);
  }
  return result;
}
