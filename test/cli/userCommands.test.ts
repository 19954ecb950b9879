/**
 * The user's commands, typed as in the README, through the real Pulumi CLI and the test double of
 * its Node.js language host, from a copy of the project directory: stack init, config set (a
 * --secret too), preview, up, stack output, `npm run token`, `npm run smoke`, an unchanged preview,
 * refresh, destroy. The stack has containers off and points at the Kong stand-in (a test double of
 * Kong's Admin API and proxy, running in this process) and at an upstream server started here.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import * as jwt from "jsonwebtoken";
import { timeUnchangedPreview } from "../../bench/terminalPreview";
import { assertStandInEmpty } from "../support/destroyOnStandIn";
import { CliProject, describeResult } from "../support/cliHarness";
import { engineSuite } from "../support/engineHarness";
import { startLabUpstream, LabUpstream, adminWrites } from "../support/standInTarget";
import { KongStandIn, startKongStandIn } from "../kong-standin";

const STACK = "cli";

engineSuite("user commands through the Pulumi CLI", () => {
  describe("user commands through the Pulumi CLI (containers off, Kong stand-in)", () => {
    const secret = `cli-secret-${randomBytes(12).toString("hex")}`;
    let standIn: KongStandIn;
    let upstream: LabUpstream;
    let project: CliProject;

    const ok = async (
      label: string,
      run: Promise<import("../support/cliHarness").CommandResult>,
    ) => {
      const result = await run;
      assert.equal(result.code, 0, describeResult(label, result));
      return result;
    };

    before(async () => {
      standIn = await startKongStandIn({ version: "3.9.3" });
      upstream = await startLabUpstream();
      project = await CliProject.create();
    });

    after(async () => {
      await project?.dispose();
      await upstream?.close();
      await standIn?.close();
    });

    test("stack init and config set (one value --secret) write the stack file, the secret encrypted", async () => {
      await ok("stack init", project.pulumi(["stack", "init", STACK]));
      for (const [key, value] of [
        ["containersEnabled", "false"],
        ["kongAdminUrl", standIn.adminUrl],
        ["kongProxyUrl", standIn.proxyUrl],
        ["upstreamUrl", `${upstream.url}/healthy`],
      ]) {
        await ok(`config set ${key}`, project.pulumi(["config", "set", key, value]));
      }
      // Typed with the value on the command line; the command line stays out of the transcript
      // (only what the CLI printed is searched for the secret).
      await ok(
        "config set --secret",
        project.pulumi(["config", "set", "--secret", "jwtSecret", secret], {
          recordCommandLine: false,
        }),
      );
      const stackFile = await import("node:fs").then((fs) =>
        fs.readFileSync(project.projectFile(`Pulumi.${STACK}.yaml`), "utf8"),
      );
      assert.match(stackFile, /kong-jwt-lab:jwtSecret:\s*\n\s*secure:/);
      assert.equal(stackFile.includes(secret), false, "the secret in plaintext in the stack file");
    });

    test("preview lists the creates and writes nothing to the Admin API", async () => {
      standIn.clearRequests();
      const result = await ok("preview", project.pulumi(["preview"]));
      assert.match(result.stdout, /\+ 8 to create/);
      assert.deepEqual(adminWrites(standIn), {});
    });

    test("up --yes creates the lab's entities in the stand-in", async () => {
      const result = await ok("up", project.pulumi(["up", "--yes"]));
      assert.match(result.stdout, /\+ 8 created/);
      const snapshot = standIn.snapshot();
      assert.equal(snapshot.services.length, 1);
      assert.equal(snapshot.routes.length, 1);
      assert.equal(snapshot.consumers.length, 1);
      assert.equal(snapshot.jwt_secrets.length, 1);
    });

    test("stack output shows the outputs with the secret hidden", async () => {
      const result = await ok("stack output", project.pulumi(["stack", "output"]));
      assert.match(result.stdout, new RegExp(`proxyUrl\\s+${standIn.proxyUrl}`));
      assert.match(result.stdout, /jwtSecret\s+\[secret\]/);
      assert.equal(result.stdout.includes(secret), false);
    });

    test("npm run token -- --stack S prints a token the configured secret verifies", async () => {
      const result = await ok(
        "npm run token",
        project.run("npm", ["run", "--silent", "token", "--", "--stack", STACK]),
      );
      const token = result.stdout.trim();
      const claims = jwt.verify(token, secret, { algorithms: ["HS256"] }) as jwt.JwtPayload;
      assert.equal(claims.iss, "jwttoken");
    });

    test("npm run smoke -- --stack S passes every case through the stand-in's proxy", async () => {
      const result = await ok(
        "npm run smoke",
        project.run("npm", ["run", "--silent", "smoke", "--", "--stack", STACK]),
      );
      assert.match(result.stdout, /Result: (\d+) of \1 cases as expected/);
      assert.ok(upstream.hits.length > 0, "the upstream was never reached through the proxy");
    });

    test("an unchanged preview reports no changes, no warning, and writes nothing", async () => {
      standIn.clearRequests();
      const result = await ok("preview", project.pulumi(["preview"]));
      assert.match(result.stdout, /8 unchanged/);
      // Outputs that do not apply with containers off are left out, not warned about.
      assert.doesNotMatch(result.stdout + result.stderr, /warning/i);
      assert.doesNotMatch(result.stdout, /to (create|update|delete|replace)/);
      assert.deepEqual(adminWrites(standIn), {});
    });

    test("an unchanged preview from the project directory, timed (docs/terminal-speed.md)", async (t) => {
      const timing = await timeUnchangedPreview({
        cwd: project.projectDir,
        stack: STACK,
        env: project.env,
        runs: 2,
      });
      t.diagnostic(
        `unchanged pulumi preview: ${timing.samples.map((ms) => `${Math.round(ms)} ms`).join(", ")}`,
      );
      assert.equal(timing.samples.length, 2);
    });

    test("refresh finds nothing changed", async () => {
      standIn.clearRequests();
      const result = await ok("refresh", project.pulumi(["refresh", "--yes"]));
      assert.doesNotMatch(result.stdout, /~ \d+ updated/);
      assert.deepEqual(adminWrites(standIn), {});
    });

    test("destroy --yes leaves the stand-in empty, and no command printed the secret", async () => {
      await ok("destroy", project.pulumi(["destroy", "--yes"]));
      assertStandInEmpty(standIn);
      assert.equal(
        project.transcriptText().includes(secret),
        false,
        "a command printed the secret",
      );
    });
  });
});
