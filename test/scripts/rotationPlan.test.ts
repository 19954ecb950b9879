/** The rotate helper: where a stack is in a rotation, from its outputs and its history. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  currentSince,
  formatRotationPlan,
  planRotation,
  proposeNextKey,
  retireIsSafe,
  type HistoryEntry,
} from "../../scripts/lib/rotationPlan";
import { runRotateCli } from "../../scripts/lib/rotateCli";

const cfg = (values: Record<string, string>, list?: unknown[], listSecret = false) => ({
  ...Object.fromEntries(
    Object.entries(values).map(([k, v]) => [`kong-jwt-lab:${k}`, { value: v, secret: false }]),
  ),
  ...(list === undefined
    ? {}
    : {
        "kong-jwt-lab:jwtCredentials": {
          value: listSecret ? "[secret]" : JSON.stringify(list),
          objectValue: listSecret ? undefined : list,
          secret: listSecret,
        },
      }),
});
const update = (endTime: string, config: HistoryEntry["config"], result = "succeeded") => ({
  kind: "update",
  result,
  endTime,
  config,
});

// newest first, as `pulumi stack history --json` prints it
const HISTORY: HistoryEntry[] = [
  update("2026-01-01T10:10:00.000Z", cfg({ jwtCurrentKey: "k-2" }, undefined, true)),
  update("2026-01-01T10:05:00.000Z", cfg({ jwtCurrentKey: "k-2" }, undefined, true)),
  update("2026-01-01T10:04:00.000Z", cfg({ jwtCurrentKey: "k-3" }), "failed"),
  update("2026-01-01T10:00:00.000Z", cfg({ jwtCurrentKey: "k-2" }, undefined, true)),
  { kind: "refresh", result: "succeeded", endTime: "2026-01-01T09:59:00.000Z" },
  update("2026-01-01T09:00:00.000Z", cfg({ jwtKey: "k" }, [])),
];

describe("rotation plan", () => {
  test("the current key is current since the oldest update of the latest run made with it", () => {
    assert.equal(currentSince(HISTORY, "k-2")?.toISOString(), "2026-01-01T10:00:00.000Z");
    assert.equal(currentSince(HISTORY.slice(5), "k")?.toISOString(), "2026-01-01T09:00:00.000Z");
    assert.equal(currentSince(HISTORY, "other"), undefined);
  });

  test("a destroy ends the search: the key is current since the update after it", () => {
    const history = [
      update("2026-01-01T12:00:00.000Z", cfg({ jwtKey: "k" })),
      { kind: "destroy", result: "succeeded", endTime: "2026-01-01T11:00:00.000Z" },
      update("2026-01-01T10:00:00.000Z", cfg({ jwtKey: "k" })),
    ];
    assert.equal(currentSince(history, "k")?.toISOString(), "2026-01-01T12:00:00.000Z");
  });

  test("step (b) is next while a retiring key is listed; safe maximum_expiration (+1 s) after the switch", () => {
    const plan = planRotation(
      "dev",
      { jwtKey: "k-2", jwtKeys: ["k", "k-2"], jwtAlgorithm: "HS256", jwtMaximumExpiration: 600 },
      HISTORY,
    );
    assert.equal(plan.next, "retire");
    assert.deepEqual(plan.retiring, ["k"]);
    assert.equal(plan.safeFrom?.toISOString(), "2026-01-01T10:10:01.000Z");
    assert.equal(retireIsSafe(plan, new Date("2026-01-01T10:10:00.000Z")), false);
    assert.equal(retireIsSafe(plan, new Date("2026-01-01T10:10:01.000Z")), true);
    const early = formatRotationPlan(plan, new Date("2026-01-01T10:09:01.000Z"));
    assert.match(early, /"k" \(retiring\), "k-2" \(current\)/);
    assert.match(early, /Next: step \(b\), retire "k"/);
    assert.match(early, /Safe from 2026-01-01T10:10:01.000Z \(in 60 s\)/);
    assert.match(early, /pulumi config rm --stack dev --path 'jwtCredentials\[0\]'/);
    assert.match(
      formatRotationPlan(plan, new Date("2026-01-01T11:00:00.000Z")),
      /Safe now: every token issued with a retiring key has expired/,
    );
  });

  test("step (a) is next with one credential; a stack on the single-credential keys lists it first", () => {
    const single = planRotation(
      "dev",
      { jwtKey: "jwttoken", jwtAlgorithm: "RS256", jwtMaximumExpiration: 600 },
      HISTORY.slice(5),
    );
    assert.equal(single.next, "add");
    assert.equal(single.listed, false);
    const text = formatRotationPlan(single, new Date());
    assert.match(text, /jwtCredentials\[0\]\.key' jwttoken/);
    assert.match(text, /jwtCredentials\[1\]\.key' jwttoken-2/);
    assert.match(text, /jwtCredentials\[1\]\.algorithm' RS256/);
    assert.match(text, /key pair: generated when no public key is set/);
    assert.match(text, /pulumi config set --stack dev jwtCurrentKey jwttoken-2/);
  });

  test("proposeNextKey counts the trailing number up and skips taken keys", () => {
    assert.equal(proposeNextKey("jwttoken", []), "jwttoken-2");
    assert.equal(proposeNextKey("jwttoken-2", ["jwttoken"]), "jwttoken-3");
    assert.equal(proposeNextKey("k-9", ["k-10"]), "k-11");
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 10 }),
        fc.array(fc.string({ maxLength: 12 })),
        (key, taken) => {
          const next = proposeNextKey(key, taken);
          assert.ok(!taken.includes(next) && next !== key);
        },
      ),
    );
  });

  test("the CLI prints the plan; without --stack it exits 2 with the usage", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = {
      stdout: (t: string) => out.push(t),
      stderr: (t: string) => err.push(t),
      readStackOutputs: () =>
        Promise.resolve({ jwtKey: "k-2", jwtKeys: ["k", "k-2"], jwtMaximumExpiration: 5 }),
      readStackHistory: () => Promise.resolve(HISTORY as unknown[]),
      now: () => new Date("2026-01-01T10:10:03.000Z"),
    };
    assert.equal(await runRotateCli(["--stack", "dev"], io), 0);
    assert.match(out.join(""), /Next: step \(b\)/);
    assert.equal(await runRotateCli([], io), 2);
    assert.match(err.join(""), /--stack is required/);
  });
});
