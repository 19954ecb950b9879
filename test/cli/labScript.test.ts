/**
 * `bash scripts/lab.sh` on a fresh machine: a Pulumi CLI that is not logged in, no passphrase
 * exported, a fresh PULUMI_HOME. The lab keeps its state in .pulumi-state/ with a generated
 * passphrase file (mode 0600), says so in one line and never prints the passphrase; the follow-up
 * commands work without any export; `lab.sh down` removes everything. The stack is a containers-off
 * stack (its Pulumi.<stack>.yaml written beforehand, as a user would) on the Kong stand-in, a test
 * double of Kong's Admin API and proxy running in this process. A user with a backend keeps it.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { after, before, describe, test } from "node:test";
import * as jwt from "jsonwebtoken";
import { assertStandInEmpty } from "../support/destroyOnStandIn";
import { CliProject, describeResult } from "../support/cliHarness";
import { engineSuite } from "../support/engineHarness";
import { LabUpstream, startLabUpstream } from "../support/standInTarget";
import { KongStandIn, startKongStandIn } from "../kong-standin";

const STACK = "labcli";

engineSuite("lab.sh without a prior login", () => {
  describe("lab.sh without a prior login (CLI, containers off, Kong stand-in)", () => {
    let standIn: KongStandIn;
    let upstream: LabUpstream;
    let project: CliProject;
    const lab = (...args: string[]) =>
      project.run("bash", ["scripts/lab.sh", ...args], { env: { LAB_STACK: STACK } });

    before(async () => {
      standIn = await startKongStandIn({ version: "3.9.3" });
      upstream = await startLabUpstream();
      project = await CliProject.create({ backend: "none" });
      fs.writeFileSync(
        project.projectFile(`Pulumi.${STACK}.yaml`),
        [
          "config:",
          "  kong-jwt-lab:containersEnabled: false",
          `  kong-jwt-lab:kongAdminUrl: ${standIn.adminUrl}`,
          `  kong-jwt-lab:kongProxyUrl: ${standIn.proxyUrl}`,
          `  kong-jwt-lab:upstreamUrl: ${upstream.url}/healthy`,
          "",
        ].join("\n"),
      );
    });

    after(async () => {
      await project?.dispose();
      await upstream?.close();
      await standIn?.close();
    });

    test("the CLI is not logged in to begin with", async () => {
      const whoami = await project.pulumi(["whoami"]);
      assert.notEqual(whoami.code, 0, describeResult("whoami", whoami));
    });

    test("lab.sh brings the stack up in .pulumi-state/, says so once, never prints the passphrase", async () => {
      const result = await lab();
      assert.equal(result.code, 0, describeResult("lab.sh", result));
      const notices = result.stdout.split("\n").filter((l) => l.includes(".pulumi-state/"));
      assert.equal(notices.length, 1, result.stdout);
      const passphraseFile = project.projectFile(".pulumi-state/passphrase");
      assert.equal(fs.statSync(passphraseFile).mode & 0o777, 0o600);
      const passphrase = fs.readFileSync(passphraseFile, "utf8");
      assert.ok(passphrase.length >= 32);
      assert.equal(
        project.transcriptText().includes(passphrase),
        false,
        "the passphrase was printed",
      );
      assert.match(result.stdout, /Result: (\d+) of \1 cases as expected/, "lab.sh's smoke check");
      assert.equal(standIn.snapshot().services.length, 1);
      const ignored = fs.readFileSync(project.projectFile(".gitignore"), "utf8").split("\n");
      assert.ok(ignored.includes(".pulumi-state/"), ".pulumi-state/ is not gitignored");
    });

    test("npm run token and npm run smoke find the stack with nothing exported", async () => {
      const token = await project.run("npm", ["run", "--silent", "token", "--", "--stack", STACK]);
      assert.equal(token.code, 0, describeResult("npm run token", token));
      const secretOut = await project.run(
        "bash",
        [
          "scripts/lab.sh",
          "pulumi",
          "stack",
          "output",
          "jwtSecret",
          "--show-secrets",
          "--stack",
          STACK,
        ],
        { record: false },
      );
      assert.equal(secretOut.code, 0, describeResult("stack output jwtSecret", secretOut));
      jwt.verify(token.stdout.trim(), secretOut.stdout.trim(), { algorithms: ["HS256"] });
      const smoke = await project.run("npm", ["run", "--silent", "smoke", "--", "--stack", STACK]);
      assert.equal(smoke.code, 0, describeResult("npm run smoke", smoke));
    });

    for (const [label, command, args] of [
      ["lab.sh pulumi stack output", "bash", ["scripts/lab.sh", "pulumi"]],
      ["npm run pulumi -- stack output", "npm", ["run", "--silent", "pulumi", "--"]],
    ] as const) {
      test(`${label} runs a plain pulumi command on the lab's state, with nothing exported`, async () => {
        const result = await project.run(command, [...args, "stack", "output", "--stack", STACK]);
        assert.equal(result.code, 0, describeResult(label, result));
        assert.match(result.stdout, new RegExp(`proxyUrl\\s+${standIn.proxyUrl}`));
        assert.match(result.stdout, /jwtSecret\s+\[secret\]/);
      });
    }

    test("a bare pulumi stack output, even pointed at .pulumi-state/, stops for the passphrase (docs/state-backend.md)", async () => {
      const result = await project.pulumi(["stack", "output", "--stack", STACK], {
        env: { PULUMI_BACKEND_URL: `file://${project.projectFile(".pulumi-state")}` },
      });
      assert.notEqual(result.code, 0, describeResult("pulumi stack output", result));
      assert.match(result.stderr, /PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE/);
    });

    test("lab.sh down destroys the stack: the stand-in is empty", async () => {
      const result = await lab("down");
      assert.equal(result.code, 0, describeResult("lab.sh down", result));
      assertStandInEmpty(standIn);
    });

    test("a user who chose a backend keeps it: no .pulumi-state/ is created", async () => {
      const other = await CliProject.create();
      try {
        const result = await other.run("bash", ["scripts/lab.sh", "pulumi", "whoami", "--verbose"]);
        assert.equal(result.code, 0, describeResult("lab.sh pulumi whoami", result));
        assert.match(result.stdout, new RegExp(`Backend URL: ${other.env.PULUMI_BACKEND_URL}`));
        assert.equal(fs.existsSync(other.projectFile(".pulumi-state")), false);
      } finally {
        await other.dispose();
      }
    });
  });
});
