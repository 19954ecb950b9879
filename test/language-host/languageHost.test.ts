/**
 * The language-host test double's pure parts behave as the real host's (pulumi-language-nodejs
 * v3.248): runtime options, nodeargs splitting, the `Run` command line and environment, the exit
 * outcome and the required-packages walk.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import {
  configJson,
  findRequiredPackages,
  outcomeOfExit,
  packageFromManifest,
  parseRuntimeOptions,
  runArguments,
  runEnvironment,
  splitShellWords,
} from "./index";

const baseSpec = {
  monitorAddress: "127.0.0.1:1000",
  engineAddress: "127.0.0.1:2000",
  tracing: "",
  organization: "",
  project: "kong-jwt-lab",
  rootDirectory: "/p",
  stack: "dev",
  programDirectory: "/p",
  entryPoint: ".",
  dryRun: true,
  parallel: 0,
  args: [],
  config: new Map([["kong-jwt-lab:jwtSecret", "s"]]),
  configSecretKeys: ["kong-jwt-lab:jwtSecret"],
  options: parseRuntimeOptions(undefined),
};

test("runtime options default to typescript true and reject wrong types like the real host", () => {
  assert.deepEqual(parseRuntimeOptions(undefined), {
    typescript: true,
    tsconfigPath: "",
    nodeargs: "",
    packageManager: "auto",
  });
  assert.equal(parseRuntimeOptions({ typescript: false }).typescript, false);
  assert.throws(
    () => parseRuntimeOptions({ typescript: "yes" }),
    /typescript option must be a boolean/,
  );
  assert.throws(() => parseRuntimeOptions({ packagemanager: "cargo" }), /one of auto, npm/);
});

test("nodeargs split shell-style: quotes, escapes, comments; unterminated quotes fail", () => {
  assert.deepEqual(splitShellWords(`--a "b c" 'd "e"' f\\ g # tail`), [
    "--a",
    "b c",
    'd "e"',
    "f g",
  ]);
  assert.deepEqual(splitShellWords(""), []);
  assert.throws(() => splitShellWords(`"open`), /unterminated/);
});

test("Run's command line: flags only when non-empty, --parallel always, entry point last", () => {
  assert.deepEqual(runArguments(baseSpec, "/run"), [
    "/run",
    "--monitor",
    "127.0.0.1:1000",
    "--engine",
    "127.0.0.1:2000",
    "--project",
    "kong-jwt-lab",
    "--root-directory",
    "/p",
    "--stack",
    "dev",
    "--pwd",
    "/p",
    "--dry-run",
    "--parallel",
    "0",
    ".",
  ]);
  const update = runArguments(
    { ...baseSpec, dryRun: false, organization: "org", parallel: 16 },
    "/run",
  );
  assert.ok(!update.includes("--dry-run"));
  assert.deepEqual(
    update.slice(update.indexOf("--organization"), update.indexOf("--organization") + 2),
    ["--organization", "org"],
  );
});

test("Run's environment: config as ns:config:key, secret keys as sent, typescript and tsconfig", () => {
  const env = runEnvironment({
    ...baseSpec,
    options: parseRuntimeOptions({ tsconfig: "tsconfig.pulumi.json" }),
  });
  assert.deepEqual(JSON.parse(env.PULUMI_CONFIG), { "kong-jwt-lab:config:jwtSecret": "s" });
  assert.deepEqual(JSON.parse(env.PULUMI_CONFIG_SECRET_KEYS), ["kong-jwt-lab:jwtSecret"]);
  assert.equal(env.PULUMI_NODEJS_TYPESCRIPT, "true");
  assert.equal(env.PULUMI_NODEJS_TSCONFIG_PATH, "tsconfig.pulumi.json");
  const js = runEnvironment({ ...baseSpec, options: parseRuntimeOptions({ typescript: false }) });
  assert.equal(js.PULUMI_NODEJS_TYPESCRIPT, undefined);
  assert.equal(configJson(new Map([["aws:config:region", "x"]])), '{"aws:config:region":"x"}');
  assert.throws(() => configJson(new Map([["nocolon", "x"]])), /invalid config key/);
});

test("exit 0 succeeds, 32 bails silently, others and signals report the exit code", () => {
  assert.deepEqual(outcomeOfExit(0, null), { error: "", bail: false });
  assert.deepEqual(outcomeOfExit(32, null), { error: "", bail: true });
  assert.deepEqual(outcomeOfExit(1, null), {
    error: "Program exited with non-zero exit code: 1",
    bail: false,
  });
  assert.deepEqual(outcomeOfExit(null, "SIGKILL"), {
    error: "Program exited with non-zero exit code: -1",
    bail: false,
  });
});

test("required packages: pulumi.resource packages under node_modules, @pulumi/ short names, v versions", () => {
  assert.deepEqual(
    packageFromManifest({ name: "@pulumi/docker", version: "5.2.0", pulumi: { resource: true } }),
    {
      name: "docker",
      kind: "resource",
      version: "v5.2.0",
      server: "",
    },
  );
  assert.equal(packageFromManifest({ name: "axios", version: "1.0.0" }), undefined);
  assert.equal(
    packageFromManifest({ name: "third", version: "1.0.0", pulumi: { resource: true } }),
    undefined,
  );

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "langhost-pkgs-"));
  try {
    const write = (rel: string, body: object) => {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), JSON.stringify(body));
    };
    write("package.json", { name: "prog", pulumi: { resource: true } }); // not under node_modules
    write("node_modules/@pulumi/command/package.json", {
      name: "@pulumi/command",
      version: "1.2.1",
      pulumi: { resource: true, name: "command" },
    });
    write("node_modules/axios/package.json", { name: "axios", version: "1.7.9" });
    write("node_modules/policy/PulumiPolicy.yaml", {});
    write("node_modules/policy/node_modules/@pulumi/aws/package.json", {
      name: "@pulumi/aws",
      version: "6.0.0",
      pulumi: { resource: true },
    });
    fs.symlinkSync(path.join(dir, "node_modules"), path.join(dir, "loop"), "dir");
    assert.deepEqual(
      findRequiredPackages(dir).map((p) => `${p.name}@${p.version}`),
      ["command@v1.2.1"],
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
