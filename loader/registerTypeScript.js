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

if (!Module._extensions[".ts"]) {
  Module._extensions[".ts"] = function loadTypeScript(module, filename) {
    const source = fs.readFileSync(filename, "utf8");
    module._compile(compiledSource(source, filename), filename);
  };
  // Stack traces point into the .ts files (the compiled code carries an inline source map).
  process.setSourceMapsEnabled(true);
}

/** For the tests: where a file's compiled code is kept. */
module.exports = { cacheFileOf };
