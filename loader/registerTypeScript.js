"use strict";
/**
 * Loads the project's TypeScript modules in plain Node.js: `require("x.ts")` (and extensionless
 * requires that resolve to a .ts file) compile the file with esbuild, without type checking, and
 * keep the result in node_modules/.cache/kong-jwt-lab/ts/ (one entry per file, stamped with the
 * hash of its source), so an unchanged file is read back instead of compiled.
 *
 * Used where Pulumi starts Node.js for this project: the program (loader/program.js, package.json
 * "main") and the dynamic-provider process (the provider reference written by
 * components/dynamicResource/providerReference.ts). Only `.ts` files are hooked: the modules in
 * node_modules load as Node loads them. Type checking is `npm run typecheck`'s job (and the test
 * run's), not every preview's. A process that already has a `.ts` loader (tsx, as in the tests)
 * keeps it.
 *
 * Plain JavaScript on purpose: it is what makes TypeScript loadable.
 */
const fs = require("node:fs");
const path = require("node:path");
const crypto = require("node:crypto");
const Module = require("node:module");

const PROJECT_ROOT = path.resolve(__dirname, "..");
const CACHE_DIR = path.join(PROJECT_ROOT, "node_modules", ".cache", "kong-jwt-lab", "ts");

/** esbuild's settings; tsconfig.json's compiler options that change the emitted JavaScript. */
const TRANSFORM_OPTIONS = {
  loader: "ts",
  format: "cjs",
  target: "node20",
  sourcemap: "inline",
  tsconfigRaw: { compilerOptions: { target: "es2022", esModuleInterop: true } },
};

let esbuild;
let compilerTag;

function compile(source, filename) {
  esbuild = esbuild || require("esbuild");
  return esbuild.transformSync(source, { ...TRANSFORM_OPTIONS, sourcefile: filename }).code;
}

function sha256(...parts) {
  const hash = crypto.createHash("sha256");
  for (const part of parts) hash.update(part).update("\0");
  return hash.digest("hex");
}

/** The cache entry of `filename`; a new esbuild or new settings compile everything again. */
function cacheFileOf(filename) {
  compilerTag =
    compilerTag ||
    `${require("esbuild/package.json").version} ${JSON.stringify(TRANSFORM_OPTIONS)}`;
  return path.join(CACHE_DIR, `${sha256(compilerTag, filename).slice(0, 40)}.js`);
}

/**
 * The compiled JavaScript of `filename`: from the cache, or compiled and stored. One cache file per
 * source file (named by the file's path, the esbuild version and the settings), which starts with
 * the hash of the source it was compiled from: an edited file replaces its entry, so the cache never
 * holds more files than the project has.
 */
function compiledSource(source, filename) {
  const cached = cacheFileOf(filename);
  const stamp = `// source ${sha256(source)}\n`;
  try {
    const text = fs.readFileSync(cached, "utf8");
    if (text.startsWith(stamp)) return text.slice(stamp.length);
  } catch {
    // not cached yet
  }
  const code = compile(source, filename);
  try {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    // Written under a name of this process, then renamed: a concurrent reader never sees half a file.
    const partial = `${cached}.${process.pid}.partial`;
    fs.writeFileSync(partial, stamp + code);
    fs.renameSync(partial, cached);
  } catch {
    // A read-only node_modules: compile again next time.
  }
  return code;
}

/** The compiled code of each .ts file loaded here, kept when a stack formatter will ask for maps. */
const compiledFiles = new Map();
let keepCompiled = false;

const INLINE_MAP = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/;

/** source-map-support's question: the source map of `source`, if it is a file compiled here. */
function compiledSourceMap(source) {
  const code = compiledFiles.get(source);
  const inline = code === undefined ? null : INLINE_MAP.exec(code);
  if (!inline) return null;
  return { url: source, map: Buffer.from(inline[1], "base64").toString("utf8") };
}

/**
 * Makes stack traces point into the .ts files (the compiled code carries an inline source map).
 * Pulumi's program and dynamic-provider hosts install source-map-support before any project code
 * runs; its Error.prepareStackTrace then formats every stack and Node's own source maps are never
 * consulted, so the maps go to that instance (resolved from the SDK's directory, as the hosts
 * require it). Anywhere else (tests, scripts), Node's own source maps do it.
 */
function mapStackTraces() {
  if (typeof Error.prepareStackTrace === "function") {
    try {
      const sdk = path.dirname(
        require.resolve("@pulumi/pulumi/package.json", { paths: [PROJECT_ROOT] }),
      );
      const support = require(require.resolve("source-map-support", { paths: [sdk] }));
      support.install({ retrieveSourceMap: compiledSourceMap, handleUncaughtExceptions: false });
      keepCompiled = true;
      return;
    } catch {
      // No source-map-support where the SDK is: the formatter is someone else's.
    }
  }
  process.setSourceMapsEnabled(true);
}

if (!Module._extensions[".ts"]) {
  Module._extensions[".ts"] = function loadTypeScript(module, filename) {
    const source = fs.readFileSync(filename, "utf8");
    const code = compiledSource(source, filename);
    if (keepCompiled) compiledFiles.set(filename, code);
    module._compile(code, filename);
  };
  mapStackTraces();
}

/** For the tests: where a file's compiled code is kept. */
module.exports = { cacheFileOf };
