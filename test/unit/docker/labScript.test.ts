/**
 * scripts/lab.sh with stand-in `pulumi`, `docker` and `npm` commands on PATH that record how they
 * were called: the checks' messages, and the command sequence of `up` and `down`.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "../../support/mocksStackConfig";

interface Fakes {
  pulumiWhoamiFails?: boolean;
  dockerInfoFails?: boolean;
  without?: string[];
}

function runLab(args: string[], fakes: Fakes = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lab-sh-"));
  // lab.sh works in its project directory (it may create .pulumi-state/ there): a copy of it in a
  // temp project, never the repo.
  const project = path.join(dir, "project");
  fs.mkdirSync(path.join(project, "scripts"), { recursive: true });
  fs.copyFileSync(
    path.join(REPO_ROOT, "scripts", "lab.sh"),
    path.join(project, "scripts", "lab.sh"),
  );
  const log = path.join(dir, "calls.log");
  const fake = (name: string, body: string) => {
    if (fakes.without?.includes(name)) return;
    fs.writeFileSync(
      path.join(dir, name),
      `#!/usr/bin/env bash\necho "${name} $*" >> "${log}"\n${body}\n`,
      { mode: 0o755 },
    );
  };
  fake(
    "pulumi",
    [
      `if [[ "$1" == whoami ]]; then exit ${fakes.pulumiWhoamiFails ? 1 : 0}; fi`,
      'if [[ "$1 $2" == "stack select" ]]; then exit 1; fi',
      'if [[ "$1 $2" == "stack output" ]]; then echo "http://127.0.0.1:8000"; fi',
      "exit 0",
    ].join("\n"),
  );
  fake(
    "docker",
    [
      `if [[ "$1" == info ]]; then exit ${fakes.dockerInfoFails ? 1 : 0}; fi`,
      'if [[ "$1 $2" == "image ls" ]]; then echo sha256:built; fi',
      "exit 0",
    ].join("\n"),
  );
  fake("npm", "exit 0");
  // node (and bash's own tools) stay reachable; nothing else from the real PATH shadows the fakes.
  const nodeDir = path.dirname(process.execPath);
  const result = spawnSync("bash", [path.join(project, "scripts", "lab.sh"), ...args], {
    env: { PATH: `${dir}:${nodeDir}:/usr/bin:/bin`, HOME: dir },
    encoding: "utf8",
    timeout: 20_000,
  });
  const calls = fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : [];
  return { status: result.status, stderr: result.stderr, stdout: result.stdout, calls, project };
}

test("no Pulumi CLI: says so and where to get it", (t) => {
  if (fs.existsSync("/usr/bin/pulumi") || fs.existsSync("/bin/pulumi")) {
    t.skip("a system-wide pulumi in /usr/bin would shadow the missing-CLI case");
    return;
  }
  const r = runLab([], { without: ["pulumi"] });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /the Pulumi CLI is required: https:\/\/www\.pulumi\.com\/docs\/install\//);
});

test("Docker engine not answering: says so before touching Pulumi state", () => {
  const r = runLab([], { dockerInfoFails: true });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /Docker is installed but its engine does not answer/);
  assert.ok(!r.calls.some((c) => c.startsWith("pulumi up")));
});

test("not logged in: state in .pulumi-state/ with a 0600 passphrase file, said in one line", () => {
  const r = runLab([], { pulumiWhoamiFails: true });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^lab: state in \.pulumi-state\/ \(the Pulumi CLI is not logged in\)/m);
  const passphrase = path.join(r.project, ".pulumi-state", "passphrase");
  assert.equal(fs.statSync(passphrase).mode & 0o777, 0o600);
  assert.ok(!r.stdout.includes(fs.readFileSync(passphrase, "utf8")), "the passphrase was printed");
  assert.ok(r.calls.includes("pulumi up --yes --stack dev"), r.calls.join("\n"));
});

test("logged in: no .pulumi-state/, the CLI's own backend", () => {
  const r = runLab([]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(fs.existsSync(path.join(r.project, ".pulumi-state")), false);
  assert.doesNotMatch(r.stdout, /\.pulumi-state/);
});

test("up: creates the dev stack when missing, pulumi up --yes, prints URLs, runs the smoke check", () => {
  const r = runLab([]);
  assert.equal(r.status, 0, r.stderr);
  const pulumiCalls = r.calls.filter((c) => c.startsWith("pulumi "));
  assert.ok(pulumiCalls.includes("pulumi stack init dev"), pulumiCalls.join("\n"));
  assert.ok(pulumiCalls.includes("pulumi up --yes --stack dev"));
  assert.ok(r.calls.includes("npm run --silent smoke -- --stack dev"), r.calls.join("\n"));
  assert.ok(
    r.calls.indexOf("pulumi up --yes --stack dev") <
      r.calls.indexOf("npm run --silent smoke -- --stack dev"),
  );
  assert.match(r.stdout, /proxyUrl\s+http:\/\/127\.0\.0\.1:8000/);
});

test("up: lists Grafana and its dashboard, and how to read Grafana's admin password", () => {
  const r = runLab([]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /grafanaUrl\s+http:\/\//);
  assert.match(r.stdout, /grafanaDashboardUrl\s+http:\/\//);
  assert.match(r.stdout, /pulumi stack output grafanaAdminPassword --show-secrets --stack dev/);
  assert.ok(r.calls.includes("pulumi stack output grafanaDashboardUrl --stack dev"));
});

test("down: pulumi destroy --yes, then removes the image this stack built", () => {
  const r = runLab(["down"]);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.calls.includes("pulumi destroy --yes --stack dev"), r.calls.join("\n"));
  assert.ok(
    r.calls.includes("docker image ls --quiet --filter reference=kong-jwt-lab-dev-fastapi"),
  );
  assert.ok(r.calls.includes("docker image rm --force sha256:built"));
  assert.ok(!r.calls.some((c) => c.startsWith("pulumi up")));
});

test("an unknown command is refused", () => {
  const r = runLab(["sideways"]);
  assert.equal(r.status, 1);
  assert.match(
    r.stderr,
    /unknown command 'sideways'; use: bash scripts\/lab\.sh \[up\|down\|pulumi <args>\]/,
  );
});
