import assert from "node:assert/strict";
import { UNKNOWN } from "../../components/unknownValue";
import { createHash } from "node:crypto";
import { describe, test } from "node:test";
import {
  type ActualSet,
  type ConsumerSpec,
  type DesiredSet,
  compareFingerprints,
  desiredFingerprints,
  observedFingerprints,
  planConsumerSet,
  planSize,
  validateConsumers,
} from "../../components/kong/consumerSetPlan";

const OWNER = "lab.dev";
const MEMBER = "lab.dev.set.bench";

function desired(n: number, secretOf = (i: number) => `s${i}`): DesiredSet {
  const consumers: ConsumerSpec[] = [];
  const secrets: Record<string, string> = {};
  for (let i = 0; i < n; i++) {
    consumers.push({ username: `u${i}`, credentials: [{ key: `k${i}`, algorithm: "HS256" }] });
    secrets[`k${i}`] = secretOf(i);
  }
  return { ownerTag: OWNER, memberTag: MEMBER, consumers, secrets };
}

/** What Kong would hold after the set was applied. */
function actualOf(set: DesiredSet): ActualSet {
  const tags = [MEMBER, OWNER].sort();
  return {
    consumers: set.consumers.map((c) => ({
      id: `id-${c.username}`,
      username: c.username,
      custom_id: null,
      tags,
    })),
    credentials: set.consumers.map((c) => ({
      id: `cid-${c.credentials![0]!.key}`,
      key: c.credentials![0]!.key,
      algorithm: c.credentials![0]!.algorithm,
      secret: set.secrets[c.credentials![0]!.key],
      rsa_public_key: null,
      consumer: { id: `id-${c.username}` },
      tags,
    })),
  };
}

describe("planConsumerSet", () => {
  test("empty Kong: one consumer PUT then one credential PUT per consumer, chained", () => {
    const plan = planConsumerSet(desired(3), { consumers: [], credentials: [] });
    assert.equal(plan.deletions.length, 0);
    assert.equal(plan.upserts.length, 3);
    assert.deepEqual(
      plan.upserts[0]!.map((w) => w.kind),
      ["putConsumer", "putCredential"],
    );
    assert.equal(planSize(plan), 6);
    const cred = plan.upserts[0]![1]!;
    assert.equal(cred.kind, "putCredential");
    if (cred.kind === "putCredential") {
      assert.deepEqual(cred.body, {
        algorithm: "HS256",
        secret: "s0",
        tags: [OWNER, MEMBER].sort(),
      });
    }
  });

  test("nothing differs: no writes", () => {
    const set = desired(5);
    assert.equal(planSize(planConsumerSet(set, actualOf(set))), 0);
  });

  test("one secret changed: exactly one credential PUT", () => {
    const before = desired(50);
    const after = desired(50, (i) => (i === 17 ? "changed" : `s${i}`));
    const plan = planConsumerSet(after, actualOf(before));
    assert.equal(planSize(plan), 1);
    assert.deepEqual(
      plan.upserts[0]!.map((w) => [w.kind, "key" in w ? w.key : ""]),
      [["putCredential", "k17"]],
    );
  });

  test("extra user tag or custom_id: only the consumer is written", () => {
    const set = desired(2);
    const changed: DesiredSet = {
      ...set,
      consumers: [{ ...set.consumers[0]!, tags: ["team-a"], customId: "c-0" }, set.consumers[1]!],
    };
    const plan = planConsumerSet(changed, actualOf(set));
    assert.equal(planSize(plan), 1);
    const w = plan.upserts[0]![0]!;
    assert.equal(w.kind, "putConsumer");
    if (w.kind === "putConsumer") {
      assert.deepEqual(w.body, { custom_id: "c-0", tags: [OWNER, MEMBER, "team-a"].sort() });
    }
  });

  test("removed consumers: one DELETE each (Kong cascades their credentials)", () => {
    const plan = planConsumerSet(desired(2), actualOf(desired(4)));
    assert.deepEqual(
      plan.deletions.map((w) => [w.kind, "username" in w ? w.username : ""]),
      [
        ["deleteConsumer", "u2"],
        ["deleteConsumer", "u3"],
      ],
    );
    assert.equal(plan.upserts.length, 0);
  });

  test("a credential key dropped from a kept consumer is deleted by id under its consumer", () => {
    const set = desired(2);
    const noCred: DesiredSet = { ...set, consumers: [set.consumers[0]!, { username: "u1" }] };
    const plan = planConsumerSet(noCred, actualOf(set));
    assert.deepEqual(plan.deletions, [
      { kind: "deleteCredential", consumerId: "id-u1", credentialId: "cid-k1", key: "k1" },
    ]);
  });

  test("a key moved to another consumer is re-PUT under the new one, never deleted", () => {
    const set = desired(2);
    const moved: DesiredSet = {
      ...set,
      consumers: [
        { username: "u0", credentials: [{ key: "k1", algorithm: "HS256" }] },
        { username: "u1", credentials: [{ key: "k0", algorithm: "HS256" }] },
      ],
    };
    const plan = planConsumerSet(moved, actualOf(set));
    assert.equal(plan.deletions.length, 0);
    assert.equal(planSize(plan), 2);
  });

  test("a consumer left untagged by someone else is adopted by PUT (tags become ours)", () => {
    const set = desired(1);
    const plan = planConsumerSet(set, { consumers: [], credentials: [] });
    assert.deepEqual(
      plan.upserts.flat().map((w) => w.kind),
      ["putConsumer", "putCredential"],
    );
  });

  test("a credential with the wrong algorithm or tags is rewritten", () => {
    const set = desired(1);
    const actual = actualOf(set);
    const wrongAlg: ActualSet = {
      ...actual,
      credentials: [{ ...actual.credentials[0]!, algorithm: "HS512" }],
    };
    assert.equal(planSize(planConsumerSet(set, wrongAlg)), 1);
    const wrongTags: ActualSet = {
      ...actual,
      credentials: [{ ...actual.credentials[0]!, tags: [MEMBER] }],
    };
    assert.equal(planSize(planConsumerSet(set, wrongTags)), 1);
  });

  test("a missing secret is an error naming the key", () => {
    const set = desired(1);
    assert.throws(
      () => planConsumerSet({ ...set, secrets: {} }, { consumers: [], credentials: [] }),
      /"k0"/,
    );
  });
});

describe("fingerprints", () => {
  const id = (text: string) => createHash("sha256").update(text).digest("hex");

  test("what Kong holds after an apply fingerprints like what was wanted, in any order", () => {
    const set = desired(3);
    const actual = actualOf(set);
    const reversed = { ...actual, consumers: [...actual.consumers].reverse() };
    const want = desiredFingerprints(set, id);
    assert.deepEqual(observedFingerprints(set, reversed, id), want);
    assert.deepEqual(
      desiredFingerprints({ ...set, consumers: [...set.consumers].reverse() }, id),
      want,
    );
    assert.deepEqual(
      desiredFingerprints({ ...set, secrets: { ...set.secrets, unused: "x" } }, id),
      want,
    );
    assert.deepEqual(compareFingerprints(want, want), {
      missing: [],
      unexpected: [],
      fieldsChanged: [],
      secretsChanged: [],
    });
  });

  test("each kind of difference is named by username, secrets apart from other fields", () => {
    const set = desired(4);
    const actual = actualOf(set);
    const drifted: ActualSet = {
      consumers: [
        ...actual.consumers
          .filter((c) => c.username !== "u0")
          .map((c) => (c.username === "u1" ? { ...c, custom_id: "by-hand" } : c)),
        { id: "id-x", username: "x", custom_id: null, tags: [MEMBER] },
      ],
      credentials: actual.credentials.map((c) =>
        c.key === "k2" ? { ...c, secret: "edited" } : c.key === "k3" ? { ...c, tags: [] } : c,
      ),
    };
    const d = compareFingerprints(
      desiredFingerprints(set, id),
      observedFingerprints(set, drifted, id),
    );
    assert.deepEqual(d, {
      missing: ["u0"],
      unexpected: ["x"],
      fieldsChanged: ["u1", "u3"],
      secretsChanged: ["u2"],
    });
  });

  test("an owner tag change or an algorithm change changes the fields part", () => {
    const set = desired(1);
    const want = desiredFingerprints(set, id);
    const retagged = desiredFingerprints({ ...set, ownerTag: "other" }, id);
    assert.deepEqual(compareFingerprints(want, retagged).fieldsChanged, ["u0"]);
    const hs512 = desiredFingerprints(
      { ...set, consumers: [{ username: "u0", credentials: [{ key: "k0", algorithm: "HS512" }] }] },
      id,
    );
    assert.deepEqual(compareFingerprints(want, hs512), {
      missing: [],
      unexpected: [],
      fieldsChanged: ["u0"],
      secretsChanged: [],
    });
  });
});

describe("validateConsumers", () => {
  test("collects every problem", () => {
    const problems = validateConsumers(
      [
        { username: "a", credentials: [{ key: "k", algorithm: "HS256" }] },
        { username: "a", credentials: [{ key: "k", algorithm: "HS256" }] },
        { username: "", tags: ["x,y"] },
        { username: "b", credentials: [{ key: "k2", algorithm: "RS256" }] },
        { username: "c", credentials: [{ key: "k3", algorithm: "HS512" }] },
        { username: "d", credential: { key: "k4" } } as never,
      ],
      { k: "s" },
    );
    assert.equal(problems.length, 7, problems.join("\n"));
    assert.ok(
      problems.some((p) =>
        /consumers\[5\] has unknown field\(s\) credential; allowed: username, customId/.test(p),
      ),
    );
    assert.ok(problems.some((p) => /username "a" appears more than once/.test(p)));
    assert.ok(problems.some((p) => /key "k" appears more than once/.test(p)));
    assert.ok(problems.some((p) => /non-empty/.test(p)));
    assert.ok(
      problems.some((p) => /tags: "x,y" must be printable ASCII without spaces, commas/.test(p)),
    );
    assert.ok(problems.some((p) => /no secret for key "k3"/.test(p)));
    assert.ok(
      problems.some((p) =>
        /credentials\[0\]\.rsaPublicKey: is required with .*RS256; allowed: a PEM public key/.test(
          p,
        ),
      ),
    );
  });

  test("unknown values at preview pass", () => {
    assert.deepEqual(
      validateConsumers(
        [{ username: "a", credentials: [{ key: "k", algorithm: UNKNOWN as never }] }],
        UNKNOWN as never,
      ),
      [],
    );
  });
});
