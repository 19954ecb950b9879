/**
 * Bad input, typed as a user would, fails `pulumi preview` through the real CLI with the project's
 * own message (no stack trace) and writes nothing: a JWT secret set without --secret, a mistyped
 * config key, an Admin API nobody answers at. The Kong stand-in (a test double of Kong's Admin API)
 * records every request it gets.
 */
import assert from "node:assert/strict";
import * as net from "node:net";
import { after, before, describe, test } from "node:test";
import { CliProject, CommandResult, describeResult } from "../support/cliHarness";
import { engineSuite } from "../support/engineHarness";
import { adminWrites } from "../support/standInTarget";
import { KongStandIn, startKongStandIn } from "../kong-standin";

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

engineSuite("bad input fails pulumi preview", () => {
  describe("bad input fails pulumi preview with the project's message (CLI, Kong stand-in)", () => {
    let standIn: KongStandIn;
    let project: CliProject;

    before(async () => {
      standIn = await startKongStandIn({ version: "3.9.3" });
      project = await CliProject.create();
    });

    after(async () => {
      await project?.dispose();
      await standIn?.close();
    });

    /** A containers-off stack on the stand-in with `extra` config; returns its failed preview. */
    async function previewOf(stack: string, extra: string[][]): Promise<CommandResult> {
      for (const args of [
        ["stack", "init", stack],
        ["config", "set", "containersEnabled", "false", "--stack", stack],
        ["config", "set", "kongAdminUrl", standIn.adminUrl, "--stack", stack],
        ["config", "set", "upstreamUrl", "http://127.0.0.1:9/healthy", "--stack", stack],
        ...extra.map((args) => ["config", "set", ...args, "--stack", stack]),
      ]) {
        const setup = await project.pulumi(args);
        assert.equal(setup.code, 0, describeResult(args.join(" "), setup));
      }
      standIn.clearRequests();
      const result = await project.pulumi(["preview", "--stack", stack]);
      assert.notEqual(result.code, 0, describeResult("preview", result));
      const output = result.stdout + result.stderr;
      assert.doesNotMatch(output, /    at .+\(.*:\d+:\d+\)/, "a stack trace instead of a message");
      assert.deepEqual(adminWrites(standIn), {}, "preview wrote to the Admin API");
      return result;
    }

    test("jwtSecret set without --secret: refused as plaintext, nothing written", async () => {
      // The CLI itself asks for --secret here; --plaintext is the user insisting.
      const result = await previewOf("plaintext", [
        ["jwtSecret", "typed-in-the-clear", "--plaintext"],
      ]);
      assert.match(result.stdout, /kong-jwt-lab:jwtSecret: is set in plaintext/);
      assert.match(result.stdout, /pulumi config set --secret jwtSecret/);
    });

    test("a mistyped key: named with the key it resembles, nothing written", async () => {
      const result = await previewOf("typo", [["jwtAlgoritm", "HS256"]]);
      assert.match(result.stdout, /kong-jwt-lab:jwtAlgoritm: unknown key/);
      assert.match(result.stdout, /did you mean kong-jwt-lab:jwtAlgorithm\?/);
    });

    test("an Admin API nobody answers at: one message naming kongAdminUrl, nothing written", async () => {
      const url = `http://127.0.0.1:${await closedPort()}`;
      standIn.clearRequests();
      const result = await previewOf("unreachable", [["kongAdminUrl", url]]);
      assert.match(
        result.stdout,
        new RegExp(`Kong's Admin API at ${url} \\(kongAdminUrl\\) did not answer`),
      );
      assert.equal(standIn.requests.length, 0);
    });
  });
});
