/**
 * The Node.js language host (`pulumi-language-nodejs`) for the terminal scenario: the CLI runs a
 * `runtime: nodejs` project through it. A user's CLI install (the release archive) has it beside
 * `pulumi`; the benchmark takes it from `--language-host <path>` or from PATH, and says which one
 * it used. A host under the repo's test/ is the project's test double (test/language-host): the
 * benchmark runs it as a program (like the stand-in), it never imports it.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../localEngine";
import { summarize, type Summary } from "./stats";

export const LANGUAGE_HOST = "pulumi-language-nodejs";

export interface LanguageHost {
  /** Absolute path of the executable. */
  readonly path: string;
  readonly from: "--language-host" | "PATH";
  /** The project's test double (an executable under the repo's test/ directory). */
  readonly testDouble: boolean;
}

/** The language host was not found; the message says how to provide one. */
export class LanguageHostNotFoundError extends Error {
  constructor(detail: string) {
    super(
      `no Node.js language host: ${detail}. The terminal scenario runs \`pulumi\` from the project ` +
        `directory, which needs ${LANGUAGE_HOST} (it ships beside \`pulumi\` in the CLI's release ` +
        `archive): put it on PATH, or pass --language-host <path> ` +
        `(on the project's test machines: --language-host test/language-host/launcher/${LANGUAGE_HOST}, a test double)`,
    );
    this.name = "LanguageHostNotFoundError";
  }
}

const isExecutableFile = (file: string): boolean => {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
};

const underTest = (file: string, repoRoot: string): boolean =>
  fs.realpathSync(file).startsWith(path.join(fs.realpathSync(repoRoot), "test") + path.sep);

/**
 * The host given with --language-host (relative to `cwd`), else the first executable
 * `pulumi-language-nodejs` on `envPath`. Throws LanguageHostNotFoundError when there is none.
 */
export function findLanguageHost(
  option: string | undefined,
  envPath: string = process.env.PATH ?? "",
  cwd: string = process.cwd(),
  repoRoot: string = REPO_ROOT,
): LanguageHost {
  if (option !== undefined) {
    const file = path.resolve(cwd, option);
    if (!isExecutableFile(file)) {
      throw new LanguageHostNotFoundError(`--language-host ${option} is not an executable file`);
    }
    return { path: file, from: "--language-host", testDouble: underTest(file, repoRoot) };
  }
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const file = path.resolve(cwd, dir, LANGUAGE_HOST);
    if (isExecutableFile(file)) {
      return { path: file, from: "PATH", testDouble: underTest(file, repoRoot) };
    }
  }
  throw new LanguageHostNotFoundError(`none on PATH and no --language-host given`);
}

/** "…/pulumi-language-nodejs (from PATH)" or with "test double (test/language-host)". */
export function describeLanguageHost(host: LanguageHost, repoRoot: string = REPO_ROOT): string {
  const shown = path.relative(repoRoot, host.path).startsWith("..")
    ? host.path
    : path.relative(repoRoot, host.path);
  return `${shown} (from ${host.from})${host.testDouble ? ", a test double (test/language-host), not Pulumi's host" : ""}`;
}

/**
 * How long the host takes from spawn to serving: the CLI starts it with the engine's address and
 * reads the port it prints. Started `runs` times with an address nobody serves, stopped once it
 * prints its port. Milliseconds.
 */
export async function timeLanguageHostStart(host: LanguageHost, runs = 3): Promise<Summary> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    samples.push(
      await new Promise<number>((resolve, reject) => {
        const started = process.hrtime.bigint();
        const child = spawn(host.path, ["127.0.0.1:1"], { stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        let stderr = "";
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          if (/^\d+\s*\n/.test(out)) {
            const ms = Number(process.hrtime.bigint() - started) / 1e6;
            child.kill("SIGKILL");
            resolve(ms);
          }
        });
        child.once("error", reject);
        child.once("exit", (code) =>
          reject(new Error(`${LANGUAGE_HOST} exited (${String(code)}) before serving\n${stderr}`)),
        );
      }),
    );
  }
  return summarize(samples);
}
