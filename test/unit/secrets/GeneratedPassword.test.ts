import { test } from "node:test";
import assert from "node:assert/strict";
import { generatedPasswordProvider as provider } from "../../../components/secrets/GeneratedPassword";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

test("create generates a letters-and-digits value of the requested length", async () => {
  const a = await provider.create({ length: 24 });
  const b = await provider.create({ length: 24 });
  assert.equal(a.outs?.result.length, 24);
  assert.match(a.outs?.result ?? "", /^[A-Za-z0-9]{24}$/);
  assert.notEqual(a.outs?.result, b.outs?.result);
  assert.notEqual(a.id, b.id);
  assert.equal(a.outs?.length, 24);
});

test("check rejects lengths outside 16..256 and non-integers, naming the property", async () => {
  for (const length of [0, 15, 257, 20.5]) {
    const res = await provider.check!({ length: 20 }, { length });
    assert.equal(res.failures?.length, 1, `length ${length}`);
    assert.equal(res.failures?.[0].property, "length");
    assert.match(res.failures?.[0].reason ?? "", /16 to 256/);
  }
  const ok = await provider.check!({ length: 20 }, { length: 32 });
  assert.deepEqual(ok.failures ?? [], []);
});

test("check lets the unknown-value sentinel pass at preview", async () => {
  const res = await provider.check!({ length: 20 }, { length: UNKNOWN as unknown as number });
  assert.deepEqual(res.failures ?? [], []);
});

test("diff replaces only when length changes", async () => {
  const olds = { length: 24, result: "x".repeat(24) };
  assert.deepEqual(await provider.diff!("id", olds, { length: 24 }), {
    changes: false,
    replaces: [],
  });
  assert.deepEqual(await provider.diff!("id", olds, { length: 32 }), {
    changes: true,
    replaces: ["length"],
  });
});

test("read returns the stored value and update keeps it", async () => {
  const olds = { length: 24, result: "y".repeat(24) };
  assert.deepEqual(await provider.read!("id", olds), { id: "id", props: olds });
  assert.deepEqual(await provider.update!("id", olds, { length: 24 }), { outs: olds });
});
