/**
 * Where the terminal scenario runs `pulumi`: a temp copy of the project directory, a CLI install laid
 * out as the CLI's release archive has it, a file backend, a PULUMI_HOME and a random passphrase, all
 * in one temp directory. Nothing is written into the repo (no stack file, no state).
 *
 * - The copy holds the repo's files as a clone has them, without version control, local
 *   environments and state, and what only the tests, benchmarks and tools use; node_modules is a
 *   link to the repo's.
 * - The CLI install, first on PATH: `pulumi` (a hard link to, or copy of, the CLI found on PATH),
 *   `pulumi-language-nodejs` (a link to the language host) and `pulumi-resource-pulumi-nodejs` (a copy
 *   of @pulumi/pulumi's dynamic-provider shim). The CLI finds both plugins beside itself.
 *
 * The user-command tests (test/support/cliHarness.ts) build their project copies with the same
 * pieces: copyProject, layOutCliInstall, terminalEnv.
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT, locatePulumiCli } from "../localEngine";
import { LANGUAGE_HOST, type LanguageHost } from "./languageHost";

/** Top-level entries of the repo left out of the copy. */
export const NOT_COPIED: ReadonlySet<string> = new Set([
  "node_modules",
  ".git",
  ".venv",
  ".pulumi-state",
  "bin",
  "test",
  "bench",
  "tools",
]);

const PROVIDER_SHIM = "pulumi-resource-pulumi-nodejs";

/** The user's own Pulumi settings, never passed to a copy's CLI. */
const SCRUBBED_ENV = [
  "PULUMI_BACKEND_URL",
  "PULUMI_CONFIG_PASSPHRASE",
  "PULUMI_CONFIG_PASSPHRASE_FILE",
  "PULUMI_ACCESS_TOKEN",
  "PULUMI_HOME",
  "PULUMI_NODEJS_TRANSPILE_ONLY",
  "PULUMI_NODEJS_TYPESCRIPT",
  "PULUMI_NODEJS_TSCONFIG_PATH",
  "PULUMI_STACK",
  "LAB_STACK",
];

export interface TerminalProject {
  /** The project copy (the commands' working directory). */
  readonly projectDir: string;
  /** The CLI install directory (first on PATH in `env`). */
  readonly binDir: string;
  /** The environment every command runs with. */
  readonly env: Record<string, string>;
  /** Points `pulumi-language-nodejs` in the CLI install at `executable`. */
  useLanguageHost(executable: string): Promise<void>;
  /** Removes the temp directory. */
  dispose(): Promise<void>;
}

/** A file backend in `stateDir` with passphrase secrets. */
export interface FileBackend {
  readonly stateDir: string;
  readonly passphrase: string;
}

/**
 * The environment of a copy's CLI: `base` minus the user's Pulumi settings, the CLI install first on
 * PATH, its own PULUMI_HOME, no update check or plugin download; with `backend`, logged in to it
 * (without, the CLI has no login and no passphrase, as on a fresh machine).
 */
export function terminalEnv(
  base: NodeJS.ProcessEnv,
  dirs: { binDir: string; homeDir: string },
  backend?: FileBackend,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) {
    if (v !== undefined && !SCRUBBED_ENV.includes(k)) env[k] = v;
  }
  env.PATH = [dirs.binDir, base.PATH].filter(Boolean).join(path.delimiter);
  env.PULUMI_HOME = dirs.homeDir;
  env.PULUMI_SKIP_UPDATE_CHECK = "true";
  env.PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION = "true";
  if (backend) {
    env.PULUMI_BACKEND_URL = `file://${backend.stateDir}`;
    env.PULUMI_CONFIG_PASSPHRASE = backend.passphrase;
  }
  return env;
}

/**
 * Copies the project in `source` into the existing `projectDir` as a clone has it (every top-level
 * entry but NOT_COPIED, timestamps kept) and links the repo's node_modules into it.
 */
export async function copyProject(source: string, projectDir: string): Promise<void> {
  for (const entry of await fs.promises.readdir(source)) {
    if (NOT_COPIED.has(entry)) continue;
    await fs.promises.cp(path.join(source, entry), path.join(projectDir, entry), {
      recursive: true,
      preserveTimestamps: true,
    });
  }
  await fs.promises.symlink(
    path.join(REPO_ROOT, "node_modules"),
    path.join(projectDir, "node_modules"),
    "dir",
  );
}

async function linkOrCopy(from: string, to: string): Promise<void> {
  try {
    await fs.promises.link(from, to);
  } catch {
    await fs.promises.copyFile(from, to);
  }
}

/**
 * Lays out the CLI install in the existing `binDir`: the `pulumi` found on PATH, the dynamic-provider
 * shim and `pulumi-language-nodejs` linked to `languageHost`. Returns the function that repoints
 * that link.
 */
export async function layOutCliInstall(
  binDir: string,
  languageHost: string,
): Promise<(executable: string) => Promise<void>> {
  const cli = locatePulumiCli();
  if (!cli) throw new Error("no `pulumi` on PATH");
  await linkOrCopy(await fs.promises.realpath(cli), path.join(binDir, "pulumi"));
  const shim = path.join(binDir, PROVIDER_SHIM);
  await fs.promises.copyFile(
    path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi", PROVIDER_SHIM),
    shim,
  );
  await fs.promises.chmod(shim, 0o755);
  const hostLink = path.join(binDir, LANGUAGE_HOST);
  const useLanguageHost = async (executable: string) => {
    await fs.promises.rm(hostLink, { force: true });
    await fs.promises.symlink(executable, hostLink);
  };
  await useLanguageHost(languageHost);
  return useLanguageHost;
}

/** Creates the temp project copy and CLI install for `host`. */
export async function createTerminalProject(host: LanguageHost): Promise<TerminalProject> {
  const rootDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "kong-jwt-lab-bench-terminal-"));
  const dispose = () => fs.promises.rm(rootDir, { recursive: true, force: true });
  try {
    const projectDir = path.join(rootDir, "project");
    const binDir = path.join(rootDir, "cli-bin");
    const homeDir = path.join(rootDir, "pulumi-home");
    const stateDir = path.join(rootDir, "state");
    for (const dir of [projectDir, binDir, homeDir, stateDir]) await fs.promises.mkdir(dir);
    await copyProject(REPO_ROOT, projectDir);
    const useLanguageHost = await layOutCliInstall(binDir, host.path);
    const env = terminalEnv(
      process.env,
      { binDir, homeDir },
      { stateDir, passphrase: `bench-${randomBytes(16).toString("hex")}` },
    );
    return { projectDir, binDir, env, useLanguageHost, dispose };
  } catch (e) {
    await dispose();
    throw e;
  }
}
