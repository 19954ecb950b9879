/**
 * Bad credential lists through the real engine (index.ts on the Kong stand-in, a test double of
 * Kong's Admin API): refused at preview with one message naming every problem, and nothing
 * written, neither to the Admin API nor to the stack's state.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { after, before, describe, test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { KongStandIn, startKongStandIn } from "../kong-standin";
import { EngineStack, REPO_ROOT, engineSuite, freshProgram } from "../support/engineHarness";

const WRITES = ["POST", "PUT", "PATCH", "DELETE"];

engineSuite("bad credential lists on the Kong stand-in", () => {
  describe("bad credential lists (real engine, stand-in)", () => {
    let standIn: KongStandIn;
    let engine: EngineStack;

    // An inline program that throws leaves rejected promises of the SDK behind after the run, which
    // node's test runner counts as failures of this file. The program here is index.ts with its
    // LabConfigError logged as an error instead (what the CLI prints for a thrown RunError); the
    // engine then fails the run the same way, and the message is asserted in its output.
    const fresh = freshProgram(path.join(REPO_ROOT, "index.ts"));
    const program = async () => {
      try {
        return await fresh();
      } catch (err) {
        if ((err as Error).name !== "LabConfigError") throw err;
        await pulumi.log.error((err as Error).message);
        return {};
      }
    };

    before(async () => {
      standIn = await startKongStandIn({ version: "3.9.3" });
      engine = await EngineStack.create({
        stackName: "rotation-bad-input",
        program,
        config: {
          "kong-jwt-lab:containersEnabled": { value: "false" },
          "kong-jwt-lab:kongAdminUrl": { value: standIn.adminUrl },
          "kong-jwt-lab:upstreamUrl": { value: "http://127.0.0.1:9/healthy" },
        },
      });
    });

    after(async () => {
      await engine?.dispose();
      await standIn?.close();
    });

    /** Admin API writes since the last clearRequests(). */
    const writes = () =>
      Object.entries(standIn.countsByMethod("admin")).filter(([m]) => WRITES.includes(m));

    /** The stack's resources in its state, but the root stack resource a failed up leaves. */
    const stateResources = async (): Promise<string[]> => {
      const state = JSON.parse(await engine.exportState()) as {
        deployment?: { resources?: { type: string; urn: string }[] };
      };
      return (state.deployment?.resources ?? [])
        .filter((r) => r.type !== "pulumi:pulumi:Stack")
        .map((r) => r.urn);
    };

    test("duplicate keys, an unknown current key and a plaintext secret: one message with every problem, nothing written", async () => {
      await engine.stack.setAllConfig(
        {
          "kong-jwt-lab:jwtCredentials[0].key": { value: "a" },
          "kong-jwt-lab:jwtCredentials[1].key": { value: "a" },
          "kong-jwt-lab:jwtCredentials[2].key": { value: "b" },
          "kong-jwt-lab:jwtCredentials[2].algorithm": { value: "HS256" },
          "kong-jwt-lab:jwtCurrentKey": { value: "c" },
        },
        true,
      );
      standIn.clearRequests();
      await assert.rejects(engine.preview(), (err: Error) => {
        assert.match(
          err.message,
          /Invalid configuration of stack "rotation-bad-input" \(2 problems\)/,
        );
        assert.match(
          err.message,
          /kong-jwt-lab:jwtCredentials: key "a" appears 2 times \(items 0, 1\)/,
        );
        assert.match(
          err.message,
          /kong-jwt-lab:jwtCurrentKey: "c" is not a key of kong-jwt-lab:jwtCredentials; allowed: one of "a", "b"/,
        );
        return true;
      });
      await assert.rejects(engine.up());
      assert.deepEqual(writes(), []);
      assert.deepEqual(await stateResources(), []);
    });

    test("retiring the only credential is refused, nothing written", async () => {
      await engine.stack.removeConfig("kong-jwt-lab:jwtCredentials");
      await engine.stack.setAllConfig(
        {
          "kong-jwt-lab:jwtCredentials[0].key": { value: "only" },
          "kong-jwt-lab:jwtCurrentKey": { value: "next" },
        },
        true,
      );
      standIn.clearRequests();
      await assert.rejects(engine.preview(), (err: Error) => {
        assert.match(err.message, /\(1 problem\)/);
        assert.match(err.message, /would retire its only credential "only"/);
        return true;
      });
      assert.deepEqual(writes(), []);
    });

    test("a retiring credential whose generated secret the stack does not hold: refused at preview, nothing written", async () => {
      await engine.stack.removeConfig("kong-jwt-lab:jwtCredentials");
      await engine.stack.setAllConfig(
        {
          "kong-jwt-lab:jwtCredentials[0].key": { value: "never-deployed" },
          "kong-jwt-lab:jwtCredentials[1].key": { value: "new" },
          "kong-jwt-lab:jwtCurrentKey": { value: "new" },
        },
        true,
      );
      standIn.clearRequests();
      await assert.rejects(engine.preview(), (err: Error) => {
        assert.match(
          err.message,
          /retiring JWT credential "never-deployed" \(HS256\) has no configured secret and the stack holds no generated one for it/,
        );
        return true;
      });
      assert.deepEqual(writes(), []);
      assert.deepEqual(await stateResources(), []);
    });
  });
});
