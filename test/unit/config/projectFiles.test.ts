/** Pulumi.yaml, the stack files and config/configKeys.ts tell the same story. */
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import assert from "node:assert/strict";
import { CONFIG_KEYS } from "../../../config/configKeys";
import { validateLabConfig, RawLabConfig } from "../../../config/validateLabConfig";
import {
  REPO_ROOT,
  readProjectFile,
  readStackFile,
  stackConfig,
} from "../../support/mocksStackConfig";

test("Pulumi.yaml: project kong-jwt-lab, nodejs runtime, description", () => {
  const project = readProjectFile() as unknown as Record<string, unknown>;
  assert.equal(project.name, "kong-jwt-lab");
  // Pulumi's ts-node off: the entry (package.json main) loads the TypeScript itself
  // (docs/terminal-speed.md); tsconfig.json still type-checks everything in the test run.
  assert.deepEqual(project.runtime, { name: "nodejs", options: { typescript: false } });
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
    main: string;
  };
  assert.equal(pkg.main, "loader/program.js");
  assert.ok(fs.existsSync(path.join(REPO_ROOT, pkg.main)));
  assert.ok(typeof project.description === "string" && project.description.length > 20);
});

test("Pulumi.yaml declares exactly the keys of config/configKeys.ts, with the same type, default and secrecy", () => {
  const declared = readProjectFile().config;
  assert.deepEqual(Object.keys(declared).sort(), Object.keys(CONFIG_KEYS).sort());
  for (const [key, spec] of Object.entries(CONFIG_KEYS)) {
    const decl = declared[key];
    assert.equal(decl.type, spec.type, key);
    assert.deepEqual(decl.default, spec.default, key);
    // No `secret: true` in Pulumi.yaml: the CLI would refuse stacks that leave an optional secret
    // key unset; the program refuses plaintext values of mustBeSecret keys instead.
    assert.equal(decl.secret, undefined, key);
    assert.deepEqual(decl.items, "items" in spec ? spec.items : undefined, key);
    assert.ok(decl.description.length > 10, `${key} has a description`);
  }
  assert.equal(CONFIG_KEYS.jwtSecret.mustBeSecret, true);
  assert.equal(CONFIG_KEYS.kongAdminHeaders.mustBeSecret, true);
  assert.match(declared.jwtSecret.description, /--secret/);
  assert.match(declared.kongAdminHeaders.description, /--secret/);
});

function rawFor(stack: string): RawLabConfig {
  const all = stackConfig(stack);
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(all)) values[k.slice("kong-jwt-lab:".length)] = v;
  return { project: "kong-jwt-lab", stack, values, secretKeys: new Set() };
}

test("the dev stack file holds no plaintext secret and validates", () => {
  const file = readStackFile("dev").config ?? {};
  assert.equal(file["kong-jwt-lab:jwtSecret"], undefined);
  const settings = validateLabConfig(rawFor("dev"));
  assert.ok(settings.containers, "containers on");
  assert.equal(settings.containers.proxyBindAddress, "127.0.0.1");
  assert.equal(settings.kong.adminUrl, "http://127.0.0.1:8001");
  assert.equal(settings.jwtSecretProvided, false);
});

test("the remote-kong stack file turns containers off and points at an Admin API", () => {
  const settings = validateLabConfig(rawFor("remote-kong"));
  assert.equal(settings.containers, undefined);
  assert.equal(settings.kong.adminUrl, "http://127.0.0.1:8001");
  assert.match(settings.lab.upstreamUrl ?? "", /^http:\/\/.+\/healthy$/);
  assert.equal(settings.kong.ownerTag, "kong-jwt-lab.remote-kong");
  assert.equal(settings.lab.jwtPlugin.scope, "route", "a shared Kong: the jwt plugin on the route");
});
