/**
 * KongConsumerSet's provider, serialized and loaded as the dynamic-provider host does, driven
 * against the Kong stand-in (a test double of Kong's Admin API): a set of 50 consumers with JWT
 * credentials created, left alone, changed by one credential, drifted, re-created after an
 * interruption, and deleted, counting the Admin API writes of each step.
 */
import assert from "node:assert/strict";
import * as crypto from "node:crypto";
import { describe, test } from "node:test";
import type { ConsumerSpec } from "../../components/kong/ConsumerSet";
import { encodeConsumers, encodeSecrets } from "../../components/kong/consumerSetWire";
import { UNKNOWN } from "../../components/unknownValue";
import type { KongStandIn } from "../kong-standin";
import { standInConsumerSetPerDescribe } from "./consumerSetFixture";

const N = 50;
const OWNER = "kong-jwt-lab.test";
const MEMBER = `${OWNER}.set.team`;
const SECRET_MARK = "cs-secret-7Hq2";
const WRITES = ["POST", "PUT", "PATCH", "DELETE"];

type Props = Record<string, unknown>;
type Entity = Record<string, unknown>;

const pad = (i: number) => String(i).padStart(3, "0");

const secretOfDefault = (i: number) => `${SECRET_MARK}-${pad(i)}`;

/** The set as the component's arguments give it: typed consumers and a secrets map. */
function specsFor(secretOf = secretOfDefault, n = N) {
  const consumers: ConsumerSpec[] = Array.from({ length: n }, (_, i) => ({
    username: `team-user-${pad(i)}`,
    credentials: [{ key: `team-key-${pad(i)}`, algorithm: "HS256" }],
  }));
  const secrets = Object.fromEntries(
    consumers.map((c, i) => [c.credentials![0]!.key, secretOf(i)]),
  );
  return { consumers, secrets };
}

/** The provider's inputs, encoded as the component sends them (consumerSetWire.ts). */
function inputsFor(adminUrl: string, secretOf = secretOfDefault, n = N): Props {
  const { consumers, secrets } = specsFor(secretOf, n);
  return {
    adminUrl,
    ownerTag: OWNER,
    memberTag: MEMBER,
    consumers: encodeConsumers(consumers),
    secrets: encodeSecrets(secrets),
    concurrency: 10,
  };
}

function writes(standIn: KongStandIn): Record<string, number> {
  const counts = standIn.countsByMethod("admin");
  return Object.fromEntries(WRITES.filter((m) => counts[m]).map((m) => [m, counts[m]!]));
}

const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);

function entities(standIn: KongStandIn) {
  const snap = standIn.snapshot();
  return { consumers: snap.consumers as Entity[], creds: snap.jwt_secrets as Entity[] };
}

describe("KongConsumerSet provider against the stand-in", () => {
  const set = standInConsumerSetPerDescribe(OWNER, `${SECRET_MARK}-captured?`);

  test("the serialized provider captures no secret", () => {
    assert.ok(!set.provider.text.includes(SECRET_MARK));
  });

  test("create: one write per entity; an unchanged set: no change, 0 writes", async () => {
    const inputs = inputsFor(set.standIn.adminUrl);
    const created = await set.provider.create(inputs);
    assert.equal(created.id, `consumer-set/${MEMBER}`);
    assert.deepEqual(writes(set.standIn), { PUT: 2 * N });
    const { consumers, creds } = entities(set.standIn);
    assert.equal(consumers.length, N);
    assert.equal(creds.length, N);
    const c7 = consumers.find((c) => c.username === "team-user-007")!;
    assert.deepEqual([...(c7.tags as string[])].sort(), [OWNER, MEMBER].sort());
    const k7 = creds.find((c) => c.key === "team-key-007")!;
    assert.equal(k7.secret, `${SECRET_MARK}-007`);
    assert.equal(k7.algorithm, "HS256");
    assert.deepEqual(k7.consumer, { id: c7.id });
    assert.equal(created.outs.consumerCount, N);
    assert.equal((created.outs.lastApply as Props).writes, 2 * N);
    // compact state: no echo of the consumers or secrets, one fingerprint per consumer
    assert.equal(created.outs.consumers, undefined);
    assert.equal(created.outs.secrets, undefined);
    assert.equal(Object.keys(created.outs.fingerprints as Props).length, N);
    assert.ok(!JSON.stringify(created.outs).includes(SECRET_MARK));

    const diff = await set.provider.diff(created.id, created.outs, inputs);
    assert.equal(diff.changes, false);
    set.standIn.clearRequests();
    const updated = await set.provider.update(created.id, created.outs, inputs);
    assert.deepEqual(writes(set.standIn), {});
    assert.equal(
      set.standIn.countsByMethod("admin").GET,
      2,
      "one tag-filtered listing each of consumers and jwts",
    );
    assert.equal((updated.outs.lastApply as Props).writes, 0);
  });

  test("one credential changed among 50: diff sees it, update makes exactly one write", async () => {
    const created = await set.provider.create(inputsFor(set.standIn.adminUrl));
    const changed = inputsFor(set.standIn.adminUrl, (i) =>
      i === 21 ? `${SECRET_MARK}-rotated` : `${SECRET_MARK}-${pad(i)}`,
    );
    const diff = await set.provider.diff(created.id, created.outs, changed);
    assert.equal(diff.changes, true);
    assert.deepEqual(diff.replaces, []);
    set.standIn.clearRequests();
    await set.provider.update(created.id, created.outs, changed);
    assert.deepEqual(writes(set.standIn), { PUT: 1 });
    const put = set.standIn.requests.find((r) => r.method === "PUT")!;
    assert.equal(put.path, "/consumers/team-user-021/jwt/team-key-021");
    assert.equal(
      entities(set.standIn).creds.find((c) => c.key === "team-key-021")!.secret,
      `${SECRET_MARK}-rotated`,
    );
  });

  test("RS256 and several credentials per consumer: created, then unchanged (0 writes, no drift)", async () => {
    const { publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
    const pem = publicKey.export({ type: "spki", format: "pem" }).toString();
    const inputs = {
      ...inputsFor(set.standIn.adminUrl, undefined, 0),
      consumers: encodeConsumers([
        {
          username: "multi",
          credentials: [
            { key: "multi-hs", algorithm: "HS512" },
            { key: "multi-rs", algorithm: "RS256", rsaPublicKey: pem },
          ],
        },
      ]),
      secrets: encodeSecrets({ "multi-hs": `${SECRET_MARK}-hs512` }),
    };
    assert.deepEqual((await set.provider.check({}, inputs)).failures, []);
    const created = await set.provider.create(inputs);
    assert.deepEqual(writes(set.standIn), { PUT: 3 });
    const rs = entities(set.standIn).creds.find((c) => c.key === "multi-rs")!;
    assert.equal(rs.algorithm, "RS256");
    assert.equal(String(rs.rsa_public_key).trim(), pem.trim());
    set.standIn.clearRequests();
    const read = await set.provider.read(created.id, created.outs);
    assert.deepEqual(read.props.drift, {
      missing: [],
      unexpected: [],
      fieldsChanged: [],
      secretsChanged: [],
    });
    assert.equal((await set.provider.diff(created.id, read.props, inputs)).changes, false);
    await set.provider.update(created.id, read.props, inputs);
    assert.deepEqual(writes(set.standIn), {});
  });

  test("a changed member tag replaces the set; consumer order alone is no change", async () => {
    const inputs = inputsFor(set.standIn.adminUrl);
    const created = await set.provider.create(inputs);
    const reordered = { ...inputs, consumers: [...(inputs.consumers as unknown[])].reverse() };
    assert.equal((await set.provider.diff(created.id, created.outs, reordered)).changes, false);
    const retagged = { ...inputs, memberTag: `${MEMBER}-2` };
    assert.deepEqual((await set.provider.diff(created.id, created.outs, retagged)).replaces, [
      "memberTag",
    ]);
  });

  test("drift is seen by read (refresh) and repaired by update", async () => {
    const inputs = inputsFor(set.standIn.adminUrl);
    const created = await set.provider.create(inputs);
    // out of band: one consumer deleted (its credential goes with it), one secret edited
    assert.equal(
      (await fetch(`${set.standIn.adminUrl}/consumers/team-user-003`, { method: "DELETE" })).status,
      204,
    );
    const res = await fetch(`${set.standIn.adminUrl}/consumers/team-user-004/jwt/team-key-004`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ secret: "edited-out-of-band" }),
    });
    assert.equal(res.status, 200);

    const read = await set.provider.read(created.id, created.outs);
    assert.equal(read.id, created.id);
    assert.equal(read.props.consumerCount, N - 1);
    assert.deepEqual(read.props.drift, {
      missing: ["team-user-003"],
      unexpected: [],
      fieldsChanged: [],
      secretsChanged: ["team-user-004"],
    });
    assert.ok(!JSON.stringify(read.props).includes("edited-out-of-band"));
    // a second refresh still reports the drift (it is measured against what was applied)
    const again = await set.provider.read(read.id, read.props);
    assert.deepEqual(again.props.drift, read.props.drift);

    const diff = await set.provider.diff(read.id, read.props, inputs);
    assert.equal(diff.changes, true);
    assert.deepEqual(Object.keys(diff.detailedDiff).sort(), ["consumers", "secrets"]);
    set.standIn.clearRequests();
    await set.provider.update(read.id, read.props, inputs);
    assert.deepEqual(writes(set.standIn), { PUT: 3 });
    const { consumers, creds } = entities(set.standIn);
    assert.equal(consumers.length, N);
    assert.equal(creds.find((c) => c.key === "team-key-004")!.secret, `${SECRET_MARK}-004`);
    const repaired = await set.provider.read(
      read.id,
      (await set.provider.update(read.id, read.props, inputs)).outs,
    );
    assert.equal(repaired.props.consumerCount, N);
    assert.equal((await set.provider.diff(repaired.id, repaired.props, inputs)).changes, false);

    // everything gone out of band: read reports the set gone
    set.standIn.reset();
    assert.equal((await set.provider.read(created.id, created.outs)).id, "");
  });

  test("an interrupted create is adopted by the next create: only what is missing is written", async () => {
    const inputs = inputsFor(set.standIn.adminUrl);
    set.standIn.injectFault({
      times: 1,
      status: 400,
      match: (m, p) => m === "PUT" && p === "/consumers/team-user-030",
    });
    await assert.rejects(set.provider.create(inputs), /team-user-030/);
    const before = entities(set.standIn);
    assert.ok(
      before.consumers.length > 0 && before.consumers.length < N,
      `partial: ${before.consumers.length}`,
    );
    const already = before.consumers.length + before.creds.length;

    set.standIn.clearRequests();
    await set.provider.create(inputs);
    const w = writes(set.standIn);
    assert.deepEqual(Object.keys(w), ["PUT"]);
    assert.equal(total(w), 2 * N - already);
    assert.ok(!set.standIn.requests.some((r) => r.status === 409));
    assert.equal(entities(set.standIn).consumers.length, N);
    assert.equal(entities(set.standIn).creds.length, N);
  });

  test("delete removes every member (one DELETE per consumer) and leaves other consumers alone", async () => {
    const other = await fetch(`${set.standIn.adminUrl}/consumers`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "fastapi-consumer", tags: [OWNER] }),
    });
    assert.equal(other.status, 201);
    const created = await set.provider.create(inputsFor(set.standIn.adminUrl));
    set.standIn.clearRequests();
    await set.provider.delete(created.id, created.outs);
    assert.deepEqual(writes(set.standIn), { DELETE: N });
    const { consumers, creds } = entities(set.standIn);
    assert.deepEqual(
      consumers.map((c) => c.username),
      ["fastapi-consumer"],
    );
    assert.equal(creds.length, 0);
    // already gone: delete is done, not an error
    await set.provider.delete(created.id, created.outs);
  });

  test("shrinking the set deletes only the dropped members", async () => {
    const created = await set.provider.create(inputsFor(set.standIn.adminUrl));
    set.standIn.clearRequests();
    await set.provider.update(
      created.id,
      created.outs,
      inputsFor(set.standIn.adminUrl, undefined, N - 5),
    );
    assert.deepEqual(writes(set.standIn), { DELETE: 5 });
    assert.equal(entities(set.standIn).consumers.length, N - 5);
    assert.equal(entities(set.standIn).creds.length, N - 5);
  });

  test("check collects every problem and lets unknown values through", async () => {
    const bad = {
      ...inputsFor(set.standIn.adminUrl, undefined, 2),
      adminUrl: "ftp://x",
      memberTag: "a,b",
      concurrency: 0,
      consumers: encodeConsumers([
        { username: "a", credentials: [{ key: "k", algorithm: "RS256" }] },
        { username: "a", credentials: [{ key: "k2", algorithm: "HS256" }] },
      ]),
      secrets: encodeSecrets({ k: "s" }),
    };
    const res = await set.provider.check({}, bad);
    const props = res.failures.map((f) => f.property).sort();
    assert.deepEqual(props, [
      "adminUrl",
      "concurrency",
      "consumers",
      "consumers",
      "consumers",
      "memberTag",
    ]);
    const reasons = res.failures.map((f) => f.reason).join("\n");
    assert.match(reasons, /consumers\[0\]\.credentials\[0\]\.rsaPublicKey: is required with/);
    assert.match(reasons, /consumers\[1\]\.username "a" appears more than once/);
    assert.match(reasons, /consumers\[1\]\.credentials\[0\]: no secret for key "k2"/);

    // rows that are not the JSON text of a consumer are named, the secrets text is never quoted
    const garbled = await set.provider.check(
      {},
      {
        ...inputsFor(set.standIn.adminUrl, undefined, 2),
        consumers: ["{", "[]"],
        secrets: `${SECRET_MARK}{`,
      },
    );
    assert.deepEqual(
      garbled.failures.map((f) => `${f.property}: ${f.reason}`),
      [
        "secrets: secrets must be the JSON text of a map of key to secret",
        "consumers: consumers[0] must be the JSON text of one consumer",
        "consumers: consumers[1] must be the JSON text of one consumer",
      ],
    );
    const unknown = await set.provider.check(
      {},
      { ...inputsFor(UNKNOWN), consumers: UNKNOWN, secrets: UNKNOWN },
    );
    assert.deepEqual(unknown.failures, []);
  });

  test("a Kong error names the entity and never shows the secret", async () => {
    set.standIn.injectFault({
      times: 1,
      status: 400,
      match: (m, p) => m === "PUT" && p.includes("/jwt/team-key-000"),
    });
    await assert.rejects(
      set.provider.create(inputsFor(set.standIn.adminUrl, undefined, 1)),
      (e: Error) => {
        assert.match(e.message, /JWT credential "team-key-000"/);
        assert.ok(!e.message.includes(SECRET_MARK));
        return true;
      },
    );
  });
});
