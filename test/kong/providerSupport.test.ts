/**
 * The pure parts of the Kong providers: comparing only what the user wrote, unknown values, tags,
 * and diffs that need no Admin API (run on the serialized providers).
 */
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import {
  changedFields,
  checkTag,
  containsUnknown,
  jsonEqual,
  projectOnto,
  sameTags,
  UNKNOWN,
  withOwnerTag,
} from "../../components/kong/providerSupport";
import { hostedKongProviders, KongProviders, OWNER_TAG } from "./labFixture";

describe("provider support", () => {
  test("projectOnto keeps only the user's keys, recursively, and keeps keys Kong lacks", () => {
    const kong = {
      claims_to_verify: ["exp"],
      key_claim_name: "iss",
      maximum_expiration: 600,
      uri_param_names: ["jwt"],
      queue: { max_batch_size: 1, max_entries: 10000 },
    };
    assert.deepEqual(
      projectOnto({ maximum_expiration: 300, queue: { max_batch_size: 5 }, realm: "x" }, kong),
      { maximum_expiration: 600, queue: { max_batch_size: 1 }, realm: "x" },
    );
    assert.deepEqual(projectOnto(["a"], ["b", "c"]), ["b", "c"]);
  });

  test("jsonEqual, sameTags, withOwnerTag, checkTag, containsUnknown", () => {
    assert.equal(jsonEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }), true);
    assert.equal(jsonEqual({ a: [1, 2] }, { a: [2, 1] }), false);
    assert.equal(jsonEqual({ a: 1 }, { a: 1, b: null }), false);
    assert.equal(sameTags(["b", "a"], ["a", "b", "a"]), true);
    assert.equal(sameTags(["a"], ["a", "b"]), false);
    assert.deepEqual(withOwnerTag(["x"], "own"), ["x", "own"]);
    assert.deepEqual(withOwnerTag(["own"], "own"), ["own"]);
    assert.deepEqual(withOwnerTag(undefined, "own"), ["own"]);
    assert.equal(checkTag("kong-jwt-lab.dev"), undefined);
    assert.match(String(checkTag("a/b")), /commas or slashes/);
    assert.match(String(checkTag("")), /non-empty/);
    assert.equal(containsUnknown({ a: [1, { b: UNKNOWN }] }), true);
    assert.equal(containsUnknown({ a: [1, { b: "x" }] }), false);
  });

  test("changedFields: only listed fields, unknown counts as changed, custom equality", () => {
    const olds = { name: "a", retries: 5, extra: 1 };
    assert.deepEqual(changedFields(olds, { name: "a", extra: 2 }, ["name"]), []);
    assert.deepEqual(changedFields(olds, { name: "b" }, ["name", "retries"]), ["name", "retries"]);
    assert.deepEqual(changedFields(olds, { name: UNKNOWN, retries: 5 }, ["name", "retries"]), [
      "name",
    ]);
    assert.deepEqual(
      changedFields({ t: ["a", "b"] }, { t: ["b", "a"] }, ["t"], { t: sameTags }),
      [],
    );
  });
});

describe("diffs that need no Admin API (serialized providers)", () => {
  let p: KongProviders;
  before(async () => {
    p = await hostedKongProviders();
  });
  const conn = { adminUrl: "http://127.0.0.1:8001", ownerTag: OWNER_TAG };

  test("service URLs compare the way Kong stores them", async () => {
    const olds = { ...conn, name: "s", url: "http://fastapi:80/healthy", kongId: "1", owned: true };
    const same = await p.service.diff("1", olds, {
      ...conn,
      name: "s",
      url: "http://FastAPI/healthy",
    });
    assert.equal(same.changes, false);
    const other = await p.service.diff("1", olds, {
      ...conn,
      name: "s",
      url: "http://fastapi:81/healthy",
    });
    assert.equal(other.changes, true);
  });

  test("connection changes are updates, never replacements; lost ownership is a change", async () => {
    const olds = { ...conn, username: "c", kongId: "1", owned: true };
    const moved = await p.consumer.diff("1", olds, {
      ...conn,
      adminUrl: "http://127.0.0.1:9001",
      username: "c",
    });
    assert.equal(moved.changes, true);
    assert.deepEqual(moved.replaces, []);
    const headers = await p.consumer.diff("1", olds, {
      ...conn,
      adminHeaders: { a: "b" },
      username: "c",
    });
    assert.equal(headers.changes, true);
    const lost = await p.consumer.diff("1", { ...olds, owned: false }, { ...conn, username: "c" });
    assert.equal(lost.changes, true);
  });

  test("plugin: enabled defaults to true; an omitted secret never differs", async () => {
    const olds = { ...conn, name: "jwt", enabled: true, kongId: "1", owned: true };
    assert.equal((await p.plugin.diff("1", olds, { ...conn, name: "jwt" })).changes, false);
    assert.equal(
      (await p.plugin.diff("1", { ...olds, enabled: false }, { ...conn, name: "jwt" })).changes,
      true,
    );
    const cred = {
      ...conn,
      consumerId: "c",
      key: "k",
      algorithm: "HS256",
      secret: "generated",
      kongId: "1",
      owned: true,
    };
    assert.equal(
      (await p.credential.diff("1", cred, { ...conn, consumerId: "c", key: "k" })).changes,
      false,
    );
    assert.equal(
      (await p.credential.diff("1", cred, { ...conn, consumerId: "c", key: "k", secret: "new" }))
        .changes,
      true,
    );
  });
});
