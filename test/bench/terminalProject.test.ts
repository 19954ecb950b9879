import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, test } from "node:test";
import { REPO_ROOT } from "../../localEngine";
import {
  NOT_COPIED,
  createTerminalProject,
  terminalEnv,
  type TerminalProject,
} from "../../bench/terminalProject";

describe("terminalEnv", () => {
  test("the user's Pulumi settings are left out; CLI install first on PATH; temp home, file backend, offline", () => {
    const env = terminalEnv(
      {
        PATH: "/usr/bin",
        HOME: "/home/u",
        PULUMI_BACKEND_URL: "https://api.pulumi.com",
        PULUMI_ACCESS_TOKEN: "pul-123",
        PULUMI_CONFIG_PASSPHRASE_FILE: "/home/u/pass",
        PULUMI_STACK: "prod",
        LAB_STACK: "prod",
        PULUMI_NODEJS_TSCONFIG_PATH: "/home/u/tsconfig.json",
      },
      { binDir: "/t/bin", homeDir: "/t/home" },
      { stateDir: "/t/state", passphrase: "p" },
    );
    assert.deepEqual(env, {
      PATH: `/t/bin${path.delimiter}/usr/bin`,
      HOME: "/home/u",
      PULUMI_HOME: "/t/home",
      PULUMI_BACKEND_URL: "file:///t/state",
      PULUMI_CONFIG_PASSPHRASE: "p",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    });
  });
});

test("terminalEnv without a backend: no login and no passphrase, as on a fresh machine", () => {
  const env = terminalEnv(
    { PATH: "/usr/bin", PULUMI_BACKEND_URL: "file:///home/u/state", PULUMI_CONFIG_PASSPHRASE: "x" },
    { binDir: "/t/bin", homeDir: "/t/home" },
  );
  assert.equal(env.PULUMI_BACKEND_URL, undefined);
  assert.equal(env.PULUMI_CONFIG_PASSPHRASE, undefined);
  assert.equal(env.PULUMI_HOME, "/t/home");
});

describe("createTerminalProject", () => {
  let fakeCliDir: string;
  let project: TerminalProject;
  const savedPath = process.env.PATH;
  const repoEntriesBefore = fs.readdirSync(REPO_ROOT);

  before(async () => {
    fakeCliDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "terminal-project-cli-"));
    await fs.promises.writeFile(path.join(fakeCliDir, "pulumi"), "#!/bin/sh\n", { mode: 0o755 });
    await fs.promises.writeFile(path.join(fakeCliDir, "host"), "#!/bin/sh\n", { mode: 0o755 });
    process.env.PATH = `${fakeCliDir}${path.delimiter}${savedPath ?? ""}`;
    project = await createTerminalProject({
      path: path.join(fakeCliDir, "host"),
      from: "--language-host",
      testDouble: false,
    });
  });
  after(async () => {
    process.env.PATH = savedPath;
    await project?.dispose();
    await fs.promises.rm(fakeCliDir, { recursive: true, force: true });
  });

  test("the copy has the project's files, not tests, benchmarks, tools, state or version control; node_modules is the repo's", async () => {
    const copied = new Set(await fs.promises.readdir(project.projectDir));
    for (const f of ["Pulumi.yaml", "index.ts", "package.json", "components", "config"]) {
      assert.ok(copied.has(f), `${f} missing from the copy`);
    }
    for (const f of NOT_COPIED) {
      if (f !== "node_modules") assert.equal(copied.has(f), false, `${f} copied`);
    }
    assert.equal(
      await fs.promises.realpath(path.join(project.projectDir, "node_modules")),
      await fs.promises.realpath(path.join(REPO_ROOT, "node_modules")),
    );
    assert.ok(!project.projectDir.startsWith(REPO_ROOT + path.sep));
  });

  test("the CLI install holds pulumi, the language host and the provider shim side by side, first on PATH", async () => {
    const bin = project.binDir;
    assert.deepEqual((await fs.promises.readdir(bin)).sort(), [
      "pulumi",
      "pulumi-language-nodejs",
      "pulumi-resource-pulumi-nodejs",
    ]);
    assert.equal(
      await fs.promises.readlink(path.join(bin, "pulumi-language-nodejs")),
      path.join(fakeCliDir, "host"),
    );
    fs.accessSync(path.join(bin, "pulumi-resource-pulumi-nodejs"), fs.constants.X_OK);
    assert.equal(project.env.PATH!.split(path.delimiter)[0], bin);
    assert.match(project.env.PULUMI_CONFIG_PASSPHRASE!, /^bench-[0-9a-f]{32}$/);
  });

  test("useLanguageHost repoints the host; dispose removes everything; the repo gained no stack file", async () => {
    await project.useLanguageHost("/elsewhere/host");
    assert.equal(
      await fs.promises.readlink(path.join(project.binDir, "pulumi-language-nodejs")),
      "/elsewhere/host",
    );
    const root = path.dirname(project.projectDir);
    await project.dispose();
    assert.equal(fs.existsSync(root), false);
    // Stack files are what a CLI run in the repo would leave (other test files may run beside this one).
    const stackFiles = (entries: string[]) => entries.filter((e) => /^Pulumi\..+\.yaml$/.test(e));
    assert.deepEqual(stackFiles(fs.readdirSync(REPO_ROOT)), stackFiles(repoEntriesBefore));
  });
});
