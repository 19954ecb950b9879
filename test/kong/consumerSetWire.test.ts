import assert from "node:assert/strict";
import { UNKNOWN } from "../../components/unknownValue";
import { describe, test } from "node:test";
import { type ConsumerSpec } from "../../components/kong/consumerSetPlan";
import {
  decodeConsumers,
  decodeSecrets,
  encodeConsumer,
  encodeConsumers,
  encodeSecrets,
} from "../../components/kong/consumerSetWire";

describe("consumer set wire format", () => {
  test("a consumer encodes with fixed key order and without absent fields", () => {
    const full: ConsumerSpec = {
      credentials: [{ algorithm: "HS384", key: "k" }],
      tags: ["b", "a"],
      customId: "c-1",
      username: "u",
    };
    assert.equal(
      encodeConsumer(full),
      '{"username":"u","customId":"c-1","tags":["b","a"],"credentials":[{"key":"k","algorithm":"HS384"}]}',
    );
    assert.equal(encodeConsumer({ username: "v" }), '{"username":"v"}');
  });

  test("the same secrets map always encodes the same way", () => {
    assert.equal(encodeSecrets({ b: "2", a: "1" }), encodeSecrets({ a: "1", b: "2" }));
    assert.equal(encodeSecrets({ b: "2", a: "1" }), '{"a":"1","b":"2"}');
  });

  test("decoding gives back what was encoded; unknown rows (preview) are left out", () => {
    const consumers: ConsumerSpec[] = [
      { username: "u1", credentials: [{ key: "k1", algorithm: "HS256" }] },
      { username: "u2", customId: "x", tags: ["t"] },
    ];
    const rows = encodeConsumers(consumers);
    assert.deepEqual(decodeConsumers(rows), { consumers, problems: [] });
    assert.deepEqual(decodeConsumers([rows[0], UNKNOWN]), {
      consumers: [consumers[0]],
      problems: [],
    });
    assert.deepEqual(decodeSecrets(encodeSecrets({ k1: "s" })), {
      secrets: { k1: "s" },
      problems: [],
    });
  });

  test("anything but the JSON text of an object is a problem naming the row", () => {
    const { problems } = decodeConsumers(["[]", "null", "{", 7, '"u"', '{"username":"ok"}']);
    assert.deepEqual(
      problems,
      [0, 1, 2, 3, 4].map((i) => `consumers[${i}] must be the JSON text of one consumer`),
    );
    assert.deepEqual(decodeConsumers("rows").problems, [
      "consumers must be a list of consumer rows",
    ]);
    for (const bad of ["[]", "{", 3, undefined]) {
      assert.deepEqual(decodeSecrets(bad).problems, [
        "secrets must be the JSON text of a map of key to secret",
      ]);
    }
  });
});
