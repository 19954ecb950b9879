/**
 * An interrupted `pulumi up` converges on the next one. The test program (programs/labWithConsumers.ts)
 * is the lab (containers off) plus a 1,000-consumer KongConsumerSet, on the Kong stand-in (a test
 * double of Kong's Admin API, running in this process). While the set's consumers are being written,
 * the CLI gets SIGINT (what Ctrl-C sends it) or SIGKILL. After SIGINT the next `pulumi up --yes`
 * converges; after SIGKILL the stack is locked and `bash scripts/lab.sh` releases the stale lock and
 * converges (docs/troubleshooting-interrupted-up.md). Converged: exactly the desired entities, no
 * duplicate, no orphan credential, nothing untagged, no pending operation, no state edited by hand.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, test } from "node:test";
import { CliProject, CommandResult, describeResult } from "../support/cliHarness";
import { REPO_ROOT, engineSuite } from "../support/engineHarness";
import { LabUpstream, startLabUpstream } from "../support/standInTarget";
import { KongStandIn, startKongStandIn } from "../kong-standin";

const CONSUMERS = 1000;
const PROGRAM = path.join("test", "cli", "programs", "labWithConsumers.ts");
const PROGRAM_FILE = "labWithConsumers.ts";
/** The program's entry, as the project's own (loader/program.js): TypeScript loader, then the program. */
const MAIN = "labWithConsumers.js";

type Entity = Record<string, unknown>;

engineSuite("interrupted pulumi up", () => {
  describe("interrupted pulumi up converges on the next up (CLI, 1,000-consumer set, Kong stand-in)", () => {
    let standIn: KongStandIn;
    let upstream: LabUpstream;
    let project: CliProject;

    before(async () => {
      standIn = await startKongStandIn({ version: "3.9.3" });
      upstream = await startLabUpstream();
      project = await CliProject.create();
      // At the project root (the program directory is main's directory: the project's modules are
      // found from there), its imports made relative to the root, started like the project's own
      // entry (loader/program.js).
      const source = fs.readFileSync(path.join(REPO_ROOT, PROGRAM), "utf8");
      fs.writeFileSync(project.projectFile(PROGRAM_FILE), source.replaceAll('"../../../', '"./'));
      fs.writeFileSync(
        project.projectFile(MAIN),
        `require("./loader/registerTypeScript");\nmodule.exports = require("./${PROGRAM_FILE}");\n`,
      );
      fs.appendFileSync(project.projectFile("Pulumi.yaml"), `main: ${MAIN}\n`);
    });

    after(async () => {
      await project?.dispose();
      await upstream?.close();
      await standIn?.close();
    });

    async function ok(args: string[]): Promise<CommandResult> {
      const result = await project.pulumi(args);
      assert.equal(result.code, 0, describeResult(args.join(" "), result));
      return result;
    }

    async function initStack(stack: string): Promise<void> {
      await ok(["stack", "init", stack]);
      for (const [key, value] of [
        ["kong-jwt-lab:containersEnabled", "false"],
        ["kong-jwt-lab:kongAdminUrl", standIn.adminUrl],
        ["kong-jwt-lab:kongProxyUrl", standIn.proxyUrl],
        ["kong-jwt-lab:upstreamUrl", `${upstream.url}/healthy`],
        ["interruptTest:consumers", String(CONSUMERS)],
      ]) {
        await ok(["config", "set", key, value, "--stack", stack]);
      }
    }

    /** The set's consumer writes so far (it upserts each consumer with PUT /consumers/{username}). */
    const consumerWrites = (): number =>
      standIn.requests.filter(
        (r) =>
          r.target === "admin" && r.method === "PUT" && /^\/consumers\/set-user-\d+$/.test(r.path),
      ).length;

    /** `pulumi up --yes`, sent `signal` once the stand-in has seen `after` of the set's consumer writes. */
    async function interruptedUp(stack: string, signal: NodeJS.Signals, after: number) {
      let pid = 0;
      let sent = false;
      const running = project.pulumi(["up", "--yes", "--stack", stack], {
        onSpawn: (p) => (pid = p),
      });
      const watcher = setInterval(() => {
        if (!sent && pid && consumerWrites() >= after) {
          sent = true;
          process.kill(pid, signal);
        }
      }, 10);
      const result = await running;
      clearInterval(watcher);
      assert.ok(
        sent,
        `the up ended before ${after} consumer writes:\n${describeResult("up", result)}`,
      );
      return result;
    }

    /** Waits until the stand-in got no request for `quietMs` (orphaned plugins have stopped). */
    async function quiescent(quietMs = 3000): Promise<void> {
      let seen = -1;
      while (standIn.requests.length !== seen) {
        seen = standIn.requests.length;
        await new Promise((r) => setTimeout(r, quietMs));
      }
    }

    /** Exactly the lab's consumer and the set's 1,000, each once, each credential on one of them. */
    function assertConverged(stack: string): void {
      const snap = standIn.snapshot();
      const consumers = snap.consumers as Entity[];
      const usernames = consumers.map((c) => String(c.username));
      assert.equal(new Set(usernames).size, usernames.length, "a duplicate consumer");
      assert.equal(usernames.filter((u) => u.startsWith("set-user-")).length, CONSUMERS);
      assert.equal(consumers.length, CONSUMERS + 1, "an orphan consumer");
      const ids = new Set(consumers.map((c) => c.id));
      const creds = snap.jwt_secrets as Entity[];
      const keys = creds.map((c) => String(c.key));
      assert.equal(new Set(keys).size, keys.length, "a duplicate credential key");
      assert.equal(creds.length, CONSUMERS + 1, "an orphan credential");
      for (const cred of creds) {
        assert.ok(
          ids.has((cred.consumer as Entity).id),
          `credential ${String(cred.key)} without consumer`,
        );
      }
      for (const c of consumers) {
        assert.ok(
          (c.tags as string[]).includes(`kong-jwt-lab.${stack}`),
          `consumer ${String(c.username)} without the owner tag`,
        );
      }
      assert.equal(snap.services.length, 1);
      assert.equal(snap.routes.length, 1);
    }

    test("SIGINT (Ctrl-C) during the set's writes, then up again: converged, nothing edited by hand", async () => {
      standIn.reset();
      await initStack("sigint");
      const interrupted = await interruptedUp("sigint", "SIGINT", 100);
      // The CLI lets the running operations finish, records them, and stops.
      assert.equal(interrupted.code, 1, describeResult("interrupted up", interrupted));
      assert.match(interrupted.stdout, /\^C received; cancelling/);
      assert.match(interrupted.stdout, /update canceled/);
      await quiescent();
      const again = await ok(["up", "--yes", "--stack", "sigint"]);
      assert.doesNotMatch(again.stdout + again.stderr, /pending operation/i);
      assertConverged("sigint");
      const unchanged = await ok(["preview", "--stack", "sigint"]);
      assert.doesNotMatch(unchanged.stdout, /to (create|update|delete|replace)/);
      await ok(["destroy", "--yes", "--stack", "sigint"]);
      assert.equal(standIn.snapshot().consumers.length, 0);
    });

    test("SIGKILL of the CLI during the set's writes, then lab.sh: lock released, converged", async (t) => {
      standIn.reset();
      await initStack("sigkill");
      const killed = await interruptedUp("sigkill", "SIGKILL", 100);
      assert.equal(killed.signal, "SIGKILL");
      await quiescent();
      // A kill while the update ran leaves the stack's lock behind (up, refresh and destroy then
      // refuse to start); lab.sh releases a lock whose process is gone.
      const locksDir = path.join(
        project.env.PULUMI_BACKEND_URL.slice("file://".length),
        ".pulumi/locks/organization/kong-jwt-lab/sigkill",
      );
      const lockLeft = fs.existsSync(locksDir) && fs.readdirSync(locksDir).length > 0;
      const lab = await project.run("bash", ["scripts/lab.sh"], { env: { LAB_STACK: "sigkill" } });
      assert.equal(lab.code, 0, describeResult("lab.sh", lab));
      t.diagnostic(
        lockLeft ? "the kill left the lock; lab.sh released it" : "the kill left no lock",
      );
      if (lockLeft)
        assert.match(lab.stdout, /left it locked: releasing the lock \(pulumi cancel\)/);
      assertConverged("sigkill");
      const unchanged = await ok(["preview", "--stack", "sigkill"]);
      assert.doesNotMatch(unchanged.stdout, /to (create|update|delete|replace)/);
      assert.doesNotMatch(unchanged.stdout + unchanged.stderr, /pending operation/i);
      await ok(["destroy", "--yes", "--stack", "sigkill"]);
      assert.equal(standIn.snapshot().consumers.length, 0);
    });
  });
});
