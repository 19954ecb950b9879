/**
 * loader/registerTypeScript.js: what makes the program's TypeScript loadable where Pulumi starts
 * plain Node.js (the program, the dynamic-provider process). Each check runs in a child `node`
 * without any other TypeScript loader, as Pulumi starts it.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, test } from "node:test";

const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
const LOADER = path.join(REPO_ROOT, "loader", "registerTypeScript.js");

/** Runs `script` in plain Node.js in the project directory; returns its stdout. */
function plainNode(script: string): string {
  const child = spawnSync(process.execPath, ["-e", script], {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_OPTIONS: "" },
    encoding: "utf8",
  });
  assert.equal(child.status, 0, child.stderr);
  return child.stdout;
}

describe("the TypeScript loader", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kong-jwt-lab-loader-"));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("a .ts module (and its extensionless imports) load in plain Node.js; an edited file is compiled again into its one cache entry", () => {
    fs.writeFileSync(path.join(dir, "value.ts"), "export const value: number = 1;\n");
    fs.writeFileSync(
      path.join(dir, "main.ts"),
      'import { value } from "./value";\nexport const doubled: number = value * 2;\n',
    );
    const load = `require(${JSON.stringify(LOADER)}); console.log(require(${JSON.stringify(path.join(dir, "main.ts"))}).doubled);`;
    assert.equal(plainNode(load).trim(), "2");
    assert.equal(plainNode(load).trim(), "2", "the second process, from the cache");
    const entry = plainNode(
      `console.log(require(${JSON.stringify(LOADER)}).cacheFileOf(${JSON.stringify(path.join(dir, "value.ts"))}))`,
    ).trim();
    const before = fs.readFileSync(entry, "utf8");
    fs.writeFileSync(path.join(dir, "value.ts"), "export const value: number = 21;\n");
    assert.equal(plainNode(load).trim(), "42", "the edited file's new content");
    assert.notEqual(fs.readFileSync(entry, "utf8"), before, "the file's one cache entry, replaced");
  });

  test("a stack trace names the .ts file and line of the throw", () => {
    fs.writeFileSync(
      path.join(dir, "thrower.ts"),
      "interface Unused {\n  a: string;\n}\nexport function fail(): never {\n  throw new Error('boom');\n}\n",
    );
    const out = plainNode(
      `require(${JSON.stringify(LOADER)}); try { require(${JSON.stringify(path.join(dir, "thrower.ts"))}).fail(); } catch (e) { console.log(e.stack); }`,
    );
    assert.match(out, /thrower\.ts:5:/);
  });

  test("a stack trace names the .ts line also where source-map-support formats stacks, as in Pulumi's program and dynamic-provider hosts", () => {
    fs.writeFileSync(
      path.join(dir, "hostThrower.ts"),
      "interface Unused {\n  a: string;\n}\nexport function fail(): never {\n  throw new Error('boom');\n}\n",
    );
    // Pulumi's hosts (cmd/run and cmd/dynamic-provider of @pulumi/pulumi) register it before any
    // project code: the same module instance, resolved from the SDK's directory.
    const sdkDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    const register = require.resolve("source-map-support/register", { paths: [sdkDir] });
    const out = plainNode(
      `require(${JSON.stringify(register)}); require(${JSON.stringify(LOADER)}); try { require(${JSON.stringify(path.join(dir, "hostThrower.ts"))}).fail(); } catch (e) { console.log(e.stack); }`,
    );
    assert.match(out, /hostThrower\.ts:5:/);
  });

  test("the program's modules load without the SDK's index, its closure serializer or TypeScript's compiler", () => {
    const modules = [
      "config/readLabConfig",
      "components/docker/labTarget",
      "components/kong/KongJwtConfiguration",
      "components/secrets/GeneratedPassword",
    ].map((m) => JSON.stringify(path.join(REPO_ROOT, m)));
    const loaded = JSON.parse(
      plainNode(
        `require(${JSON.stringify(LOADER)}); for (const m of [${modules.join(",")}]) require(m); console.log(JSON.stringify(Object.keys(require.cache)));`,
      ),
    ) as string[];
    assert.ok(
      loaded.some((f) => f.endsWith(path.join("components", "kong", "KongJwtConfiguration.ts"))),
    );
    const heavy = loaded.filter(
      (f) =>
        f.endsWith(path.join("@pulumi", "pulumi", "index.js")) ||
        f.includes(path.join("@pulumi", "pulumi", "runtime", "closure")) ||
        f.includes(path.join("node_modules", "typescript")) ||
        f.includes(path.join("node_modules", "@pulumi", "command")),
    );
    assert.deepEqual(heavy, [], "modules a containers-off program does not need");
  });
});
