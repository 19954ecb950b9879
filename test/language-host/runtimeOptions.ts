/**
 * Pulumi.yaml's `runtime.options` for a Node.js program, read as pulumi-language-nodejs reads them
 * (parseOptions in sdk/nodejs/cmd/pulumi-language-nodejs/main.go): `typescript` (boolean, default
 * true), `tsconfig` (string), `nodeargs` (string, split shell-style), `packagemanager` (auto, npm,
 * yarn, pnpm, bun; default auto). A value of the wrong type is an error with the real host's words.
 */

export type PackageManager = "auto" | "npm" | "yarn" | "pnpm" | "bun";

export interface NodeRuntimeOptions {
  /** Run the program through ts-node (PULUMI_NODEJS_TYPESCRIPT=true). */
  readonly typescript: boolean;
  /** PULUMI_NODEJS_TSCONFIG_PATH when non-empty. */
  readonly tsconfigPath: string;
  /** Extra arguments for node, placed before the run path. */
  readonly nodeargs: string;
  readonly packageManager: PackageManager;
}

const PACKAGE_MANAGERS: readonly PackageManager[] = ["auto", "npm", "yarn", "pnpm", "bun"];

export class RuntimeOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RuntimeOptionsError";
  }
}

/** `options` is the ProgramInfo.options struct as a plain object (undefined: none set). */
export function parseRuntimeOptions(
  options: Record<string, unknown> | undefined,
): NodeRuntimeOptions {
  const raw = options ?? {};
  let typescript = true;
  let tsconfigPath = "";
  let nodeargs = "";
  let packageManager: PackageManager = "auto";
  if ("typescript" in raw) {
    if (typeof raw.typescript !== "boolean") {
      throw new RuntimeOptionsError("typescript option must be a boolean");
    }
    typescript = raw.typescript;
  }
  if ("tsconfig" in raw) {
    if (typeof raw.tsconfig !== "string") {
      throw new RuntimeOptionsError("tsconfigpath option must be a string");
    }
    tsconfigPath = raw.tsconfig;
  }
  if ("nodeargs" in raw) {
    if (typeof raw.nodeargs !== "string") {
      throw new RuntimeOptionsError("nodeargs option must be a string");
    }
    nodeargs = raw.nodeargs;
  }
  if ("packagemanager" in raw) {
    const pm = raw.packagemanager;
    if (typeof pm !== "string") {
      throw new RuntimeOptionsError("packagemanager option must be a string");
    }
    if (!(PACKAGE_MANAGERS as readonly string[]).includes(pm)) {
      throw new RuntimeOptionsError(
        `packagemanager option must be one of auto, npm, yarn, pnpm or bun, got "${pm}"`,
      );
    }
    packageManager = pm as PackageManager;
  }
  return { typescript, tsconfigPath, nodeargs, packageManager };
}

/**
 * Splits `nodeargs` into words the way a POSIX shell would without expansions (what the real host's
 * shlex.Split does): blanks separate words, single quotes keep everything literally, double quotes
 * keep everything but `\"` and `\\`, a backslash outside quotes escapes the next character, `#` at the
 * start of a word begins a comment. Unterminated quotes or a trailing backslash are errors.
 */
export function splitShellWords(text: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
      i++;
    } else if (c === "#" && !inWord) {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new RuntimeOptionsError("nodeargs: unterminated single-quoted string");
      word += text.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      i++;
      let closed = false;
      while (i < text.length) {
        const d = text[i];
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === "\\" && i + 1 < text.length && (text[i + 1] === '"' || text[i + 1] === "\\")) {
          word += text[i + 1];
          i += 2;
        } else {
          word += d;
          i++;
        }
      }
      if (!closed) throw new RuntimeOptionsError("nodeargs: unterminated double-quoted string");
      inWord = true;
    } else if (c === "\\") {
      if (i + 1 >= text.length) throw new RuntimeOptionsError("nodeargs: trailing backslash");
      word += text[i + 1];
      inWord = true;
      i += 2;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}
