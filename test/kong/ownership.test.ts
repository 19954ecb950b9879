/**
 * The one ownership rule (components/kong/ownership.ts): its pure classification as properties,
 * then every write path against the Kong stand-in (a test double of Kong's Admin API), with the
 * stand-in's request log showing that a foreign entity receives zero writes: the per-entity
 * providers and KongConsumerSet alike (same-name consumer made by someone else, a credential key
 * held by another consumer, a shrinking set, a destroy), and adoption of untagged entities.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { LIST_INSTEAD_OF_GETS } from "../../components/kong/consumerSetOwnership";
import { encodeConsumers, encodeSecrets } from "../../components/kong/consumerSetWire";
import {
  NotOwnedError,
  ownershipForWrite,
  ownershipOf,
  type OwnershipPolicy,
} from "../../components/kong/ownership";
import type { KongStandIn } from "../kong-standin";
import { standInConsumerSetPerDescribe } from "./consumerSetFixture";
import { checkAndCreate, OWNER_TAG, standInConnection, standInLabPerDescribe } from "./labFixture";

type Entity = Record<string, unknown> & { id: string };
const WRITES = ["POST", "PUT", "PATCH", "DELETE"];

/** The admin write requests the stand-in saw (method and path), in order. */
function writesSeen(standIn: KongStandIn): string[] {
  return standIn.requests
    .filter((r) => r.target === "admin" && WRITES.includes(r.method))
    .map((r) => `${r.method} ${r.path}`);
}

/** Writes that touched `id` or `name` (by path). */
function writesTo(standIn: KongStandIn, ...keys: string[]): string[] {
  return writesSeen(standIn).filter((w) => keys.some((k) => w.includes(`/${k}`)));
}

/** Asserts that `promise` rejects with an error whose message matches `pattern`. */
async function rejectsMatching(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (e: { message?: unknown }) => {
    assert.match(String(e.message), pattern);
    return true;
  });
}

async function admin(standIn: KongStandIn, method: string, path: string, body?: unknown) {
  const res = await fetch(standIn.adminUrl + path, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.status < 300, `setup ${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : {}) as Entity;
}

describe("the ownership rule (pure)", () => {
  const tag = fc.stringMatching(/^[a-z][a-z0-9.-]{0,12}$/);
  const policy = fc.record({ ownerTag: tag, adoptExisting: fc.boolean() });

  test("owned exactly when the owner tag is present; adoptable only untagged and when adopting", () => {
    fc.assert(
      fc.property(policy, fc.array(tag, { maxLength: 4 }), (p: OwnershipPolicy, tags) => {
        const o = ownershipOf({ tags }, p);
        assert.equal(o === "owned", tags.includes(p.ownerTag));
        assert.equal(o === "adoptable", p.adoptExisting && tags.length === 0);
      }),
    );
  });

  test("a foreign entity throws a NotOwnedError naming it, its tags and the ways out", () => {
    const err = (() => {
      try {
        ownershipForWrite(
          'consumer "alice"',
          { id: "c-1", tags: ["hr"] },
          {
            ownerTag: "kong-jwt-lab.dev",
            adoptExisting: true,
          },
        );
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    assert.ok(err instanceof NotOwnedError);
    assert.match(err.message, /consumer "alice" already exists in Kong \(id c-1\)/);
    assert.match(err.message, /not tagged "kong-jwt-lab\.dev" \(its tags: \["hr"\]\)/);
    assert.match(err.message, /Ways out: delete or rename it in Kong/);
    // adoption only takes untagged entities, so it is not offered for a tagged one
    assert.doesNotMatch(err.message, /adoptExisting/);
    assert.throws(
      () =>
        ownershipForWrite(
          'consumer "bob"',
          { id: "c-2", tags: null },
          {
            ownerTag: "o",
            adoptExisting: false,
          },
        ),
      /pulumi config set adoptExisting true/,
    );
  });
});

describe("per-entity providers under the ownership rule (stand-in as 3.9.3)", () => {
  const lab = standInLabPerDescribe();
  const conn = () => standInConnection(lab.standIn);

  test("a same-name consumer made by someone else is refused, with zero writes to it", async () => {
    const alice = await admin(lab.standIn, "POST", "/consumers", {
      username: "alice",
      custom_id: "hr-42",
    });
    lab.standIn.clearRequests();
    await assert.rejects(
      checkAndCreate(lab.providers.consumer, { ...conn(), username: "alice" }),
      (e: Error) => {
        assert.equal(e.name, "NotOwnedError");
        assert.match(e.message, /consumer "alice" already exists in Kong/);
        return true;
      },
    );
    assert.deepEqual(writesSeen(lab.standIn), []);
    const after = await admin(lab.standIn, "GET", `/consumers/${alice.id}`);
    assert.equal(after.custom_id, "hr-42");
    assert.equal(after.tags, null);
  });

  test("a credential key held by another consumer is never moved, even when adopting", async () => {
    const bob = await admin(lab.standIn, "POST", "/consumers", { username: "bob" });
    await admin(lab.standIn, "POST", `/consumers/${bob.id}/jwt`, { key: "bobs-key" });
    const carol = await checkAndCreate(lab.providers.consumer, { ...conn(), username: "carol" });
    lab.standIn.clearRequests();
    await rejectsMatching(
      checkAndCreate(lab.providers.credential, {
        ...conn(),
        adoptExisting: true,
        consumerId: carol.id,
        key: "bobs-key",
        secret: "carols-secret-000",
      }),
      /JWT credential "bobs-key" already exists in Kong .*belongs to another consumer/,
    );
    assert.deepEqual(writesSeen(lab.standIn), []);
    const cred = await admin(lab.standIn, "GET", "/jwts/bobs-key");
    assert.deepEqual(cred.consumer, { id: bob.id });
  });

  test("adoptExisting takes over an untagged entity: its id kept, the tag added, preview says so", async () => {
    const svc = await admin(lab.standIn, "POST", "/services", {
      name: "fastapi-service",
      url: "http://old.example:8080/healthy",
    });
    lab.standIn.clearRequests();
    const inputs = {
      ...conn(),
      adoptExisting: true,
      name: "fastapi-service",
      url: "http://new.example:8080/healthy",
    };
    const checked = await lab.providers.service.check({}, inputs);
    assert.deepEqual(checked.failures, []);
    assert.match(
      String(checked.inputs.adoption),
      new RegExp(
        `^adopts untagged ${svc.id}: \\+ tag ${OWNER_TAG.replace(/\./g, "\\.")}, changes url$`,
      ),
    );
    assert.deepEqual(writesSeen(lab.standIn), [], "preview writes nothing");
    const created = await lab.providers.service.create(checked.inputs);
    assert.equal(created.id, svc.id, "id kept");
    assert.deepEqual(writesSeen(lab.standIn), [`PUT /services/${svc.id}`]);
    const after = await admin(lab.standIn, "GET", `/services/${svc.id}`);
    assert.deepEqual(after.tags, [OWNER_TAG]);
    assert.equal(after.host, "new.example");
  });

  test("adoptExisting never takes an entity that carries tags of its own", async () => {
    await admin(lab.standIn, "POST", "/consumers", { username: "dave", tags: ["team-a"] });
    lab.standIn.clearRequests();
    await rejectsMatching(
      checkAndCreate(lab.providers.consumer, { ...conn(), adoptExisting: true, username: "dave" }),
      /consumer "dave" already exists in Kong .*its tags: \["team-a"\]/,
    );
    assert.deepEqual(writesSeen(lab.standIn), []);
  });

  test("adopting an untagged HS256 credential without a configured secret keeps its secret", async () => {
    const erin = await admin(lab.standIn, "POST", "/consumers", { username: "erin" });
    const cred = await admin(lab.standIn, "POST", `/consumers/${erin.id}/jwt`, {
      key: "erin-key",
      secret: "erins-handed-out-secret",
    });
    const consumer = await checkAndCreate(lab.providers.consumer, {
      ...conn(),
      adoptExisting: true,
      username: "erin",
    });
    assert.equal(consumer.id, erin.id);
    const created = await checkAndCreate(lab.providers.credential, {
      ...conn(),
      adoptExisting: true,
      consumerId: consumer.id,
      key: "erin-key",
    });
    assert.equal(created.id, cred.id);
    assert.equal(created.outs.secret, "erins-handed-out-secret");
    const after = await admin(lab.standIn, "GET", "/jwts/erin-key");
    assert.equal(after.secret, "erins-handed-out-secret");
    assert.deepEqual(after.tags, [OWNER_TAG]);
  });
});

describe("KongConsumerSet under the ownership rule (stand-in as 3.9.3)", () => {
  const OWNER = "kong-jwt-lab.test";
  const MEMBER = `${OWNER}.set.team`;
  const set = standInConsumerSetPerDescribe(OWNER, "s");

  const inputs = (
    consumers: { username: string; key?: string; customId?: string }[],
    extra: Record<string, unknown> = {},
  ) => ({
    adminUrl: set.standIn.adminUrl,
    ownerTag: OWNER,
    memberTag: MEMBER,
    consumers: encodeConsumers(
      consumers.map((c) => ({
        username: c.username,
        ...(c.customId ? { customId: c.customId } : {}),
        ...(c.key ? { credentials: [{ key: c.key, algorithm: "HS256" as const }] } : {}),
      })),
    ),
    secrets: encodeSecrets(
      Object.fromEntries(consumers.flatMap((c) => (c.key ? [[c.key, `secret-of-${c.key}`]] : []))),
    ),
    ...extra,
  });

  /** The real-Kong case: untagged alice (hr-42, alice-key) and bob (bobs-key). */
  async function handMadeAliceAndBob() {
    const alice = await admin(set.standIn, "POST", "/consumers", {
      username: "alice",
      custom_id: "hr-42",
    });
    await admin(set.standIn, "POST", `/consumers/${alice.id}/jwt`, {
      key: "alice-key",
      secret: "alices-secret",
    });
    const bob = await admin(set.standIn, "POST", "/consumers", { username: "bob" });
    await admin(set.standIn, "POST", `/consumers/${bob.id}/jwt`, {
      key: "bobs-key",
      secret: "bobs-secret",
    });
    set.standIn.clearRequests();
    return { alice, bob };
  }

  test("same-name consumer and a key held by another consumer: refused together, zero writes", async () => {
    const { alice, bob } = await handMadeAliceAndBob();
    const wanted = inputs([
      { username: "alice", key: "alice-key" },
      { username: "carol", key: "bobs-key" },
    ]);
    await assert.rejects(set.provider.create(wanted), (e: Error) => {
      assert.equal(e.name, "OwnershipConflictError");
      assert.match(e.message, /consumer "alice" already exists in Kong/);
      assert.match(e.message, /JWT credential "alice-key" already exists in Kong/);
      assert.match(e.message, /JWT credential "bobs-key" .*belongs to another consumer/);
      assert.match(e.message, /nothing was written/);
      assert.doesNotMatch(e.message, /alices-secret|bobs-secret|secret-of-/);
      return true;
    });
    assert.deepEqual(writesSeen(set.standIn), []);
    const a = await admin(set.standIn, "GET", `/consumers/${alice.id}`);
    assert.equal(a.custom_id, "hr-42");
    assert.equal(a.tags, null);
    assert.equal((await admin(set.standIn, "GET", "/jwts/alice-key")).secret, "alices-secret");
    assert.deepEqual((await admin(set.standIn, "GET", "/jwts/bobs-key")).consumer, { id: bob.id });
  });

  test("a large set checks ownership with one listing per collection: same conflicts, zero writes", async () => {
    const { alice, bob } = await handMadeAliceAndBob();
    const many = Array.from({ length: LIST_INSTEAD_OF_GETS + 20 }, (_, i) => ({
      username: `user-${i}`,
      key: `key-${i}`,
    }));
    const wanted = inputs([
      { username: "alice", key: "alice-key" },
      { username: "carol", key: "bobs-key" },
      ...many,
    ]);
    await assert.rejects(set.provider.create(wanted), (e: Error) => {
      assert.equal(e.name, "OwnershipConflictError");
      assert.match(e.message, /consumer "alice" already exists in Kong/);
      assert.match(e.message, /JWT credential "bobs-key" .*belongs to another consumer/);
      assert.doesNotMatch(e.message, /alices-secret|bobs-secret|secret-of-/);
      return true;
    });
    assert.deepEqual(writesSeen(set.standIn), []);
    const lookups = set.standIn.requests.filter(
      (r) => r.target === "admin" && r.method === "GET" && /^\/(consumers|jwts)\/[^?]/.test(r.path),
    );
    assert.deepEqual(lookups, [], "no GET per wanted consumer or key");
    assert.equal((await admin(set.standIn, "GET", `/consumers/${alice.id}`)).custom_id, "hr-42");
    assert.deepEqual((await admin(set.standIn, "GET", "/jwts/bobs-key")).consumer, { id: bob.id });
  });

  test("a large create lists /consumers and /jwts once each, in one round, before any write", async () => {
    const { alice } = await handMadeAliceAndBob();
    const many = Array.from({ length: LIST_INSTEAD_OF_GETS + 20 }, (_, i) => ({
      username: `user-${i}`,
      key: `key-${i}`,
    }));
    const reads = () =>
      set.standIn.requests
        .filter((r) => r.target === "admin" && r.method === "GET")
        .map((r) => r.path.replace(/\?.*/, ""));
    await rejectsMatching(
      set.provider.create(inputs([{ username: "alice", key: "alice-key" }, ...many])),
      /consumer "alice" already exists in Kong/,
    );
    assert.deepEqual(reads().sort(), ["/consumers", "/jwts"], "one listing per collection");
    assert.deepEqual(writesSeen(set.standIn), []);

    // Without alice: the create writes, and every read came before the first write.
    set.standIn.clearRequests();
    const created = await set.provider.create(inputs(many));
    const log = set.standIn.requests.filter((r) => r.target === "admin");
    const firstWrite = log.findIndex((r) => WRITES.includes(r.method));
    assert.deepEqual(reads().sort(), ["/consumers", "/jwts"]);
    assert.ok(
      log.slice(firstWrite).every((r) => WRITES.includes(r.method)),
      "no read after a write",
    );
    assert.equal(writesSeen(set.standIn).length, 2 * many.length);
    assert.equal(created.outs.consumerCount, many.length);

    // A create re-run over what it wrote (an interrupted up) finds its members: 0 writes.
    set.standIn.clearRequests();
    await set.provider.create(inputs(many));
    assert.deepEqual(writesSeen(set.standIn), []);
    assert.equal((await admin(set.standIn, "GET", `/consumers/${alice.id}`)).tags, null);
  });

  test("with adoptExisting: untagged alice is adopted (id kept), bob's key is still not moved", async () => {
    const { alice } = await handMadeAliceAndBob();
    await rejectsMatching(
      set.provider.create(
        inputs(
          [
            { username: "alice", key: "alice-key", customId: "hr-42" },
            { username: "carol", key: "bobs-key" },
          ],
          { adoptExisting: true },
        ),
      ),
      /JWT credential "bobs-key" .*belongs to another consumer/,
    );
    assert.deepEqual(writesSeen(set.standIn), [], "one conflict stops the whole apply");
    const created = await set.provider.create(
      inputs([{ username: "alice", key: "alice-key", customId: "hr-42" }], {
        adoptExisting: true,
      }),
    );
    assert.equal(created.outs.consumerCount, 1);
    const a = await admin(set.standIn, "GET", "/consumers/alice");
    assert.equal(a.id, alice.id, "id kept");
    assert.deepEqual([...(a.tags as string[])].sort(), [OWNER, MEMBER].sort());
    assert.equal(writesTo(set.standIn, "bob", "bobs-key").length, 0);
  });

  test("a shrinking set never deletes an untagged entity, nor one on a member consumer", async () => {
    const created = await set.provider.create(
      inputs([
        { username: "m1", key: "k1" },
        { username: "m2", key: "k2" },
      ]),
    );
    const stranger = await admin(set.standIn, "POST", "/consumers", { username: "stranger" });
    const m2 = await admin(set.standIn, "GET", "/consumers/m2");
    const handAdded = await admin(set.standIn, "POST", `/consumers/${m2.id}/jwt`, {
      key: "hand-added-key",
    });
    set.standIn.clearRequests();
    // Dropping m2 would delete hand-added-key with it: refused, nothing written.
    await rejectsMatching(
      set.provider.update(created.id, created.outs, inputs([{ username: "m1", key: "k1" }])),
      /JWT credential "hand-added-key" .*would delete it with the consumer/,
    );
    assert.deepEqual(writesSeen(set.standIn), []);
    // Once the hand-added credential is gone, the shrink deletes m2 and nothing else.
    await admin(set.standIn, "DELETE", `/consumers/${m2.id}/jwt/${handAdded.id}`);
    set.standIn.clearRequests();
    await set.provider.update(created.id, created.outs, inputs([{ username: "m1", key: "k1" }]));
    assert.deepEqual(writesSeen(set.standIn), [`DELETE /consumers/${m2.id}`]);
    await admin(set.standIn, "GET", `/consumers/${stranger.id}`);
  });

  test("a large shrink or destroy checks the deleted consumers' credentials with one listing of /jwts, not a GET per consumer", async () => {
    const many = Array.from({ length: LIST_INSTEAD_OF_GETS + 20 }, (_, i) => ({
      username: `user-${i}`,
      key: `key-${i}`,
    }));
    const created = await set.provider.create(inputs(many));
    const last = await admin(set.standIn, "GET", `/consumers/user-${many.length - 1}`);
    const handAdded = await admin(set.standIn, "POST", `/consumers/${last.id}/jwt`, {
      key: "hand-added-key",
    });
    const perConsumerLists = () =>
      set.standIn.requests.filter(
        (r) =>
          r.target === "admin" && r.method === "GET" && /^\/consumers\/[^/]+\/jwt/.test(r.path),
      );
    set.standIn.clearRequests();
    // The hand-added credential is still found: the destroy is refused, nothing written.
    await rejectsMatching(
      set.provider.delete(created.id, created.outs),
      /JWT credential "hand-added-key" .*would delete it with the consumer/,
    );
    assert.deepEqual(writesSeen(set.standIn), []);
    assert.deepEqual(perConsumerLists(), [], "no listing per deleted consumer");
    // Once it is gone, the destroy deletes every member with one DELETE each.
    await admin(set.standIn, "DELETE", `/consumers/${last.id}/jwt/${handAdded.id}`);
    set.standIn.clearRequests();
    await set.provider.delete(created.id, created.outs);
    assert.equal(writesSeen(set.standIn).length, many.length);
    assert.deepEqual(perConsumerLists(), []);
  });

  test("destroy deletes only the set's members", async () => {
    await handMadeAliceAndBob();
    const created = await set.provider.create(inputs([{ username: "m1", key: "k1" }]));
    const m1 = await admin(set.standIn, "GET", "/consumers/m1");
    set.standIn.clearRequests();
    await set.provider.delete(created.id, created.outs);
    assert.deepEqual(writesSeen(set.standIn), [`DELETE /consumers/${m1.id}`]);
    const snap = set.standIn.snapshot();
    assert.deepEqual((snap.consumers as Entity[]).map((c) => c.username).sort(), ["alice", "bob"]);
    assert.equal(snap.jwt_secrets.length, 2);
  });
});
