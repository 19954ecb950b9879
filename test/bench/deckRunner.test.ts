import assert from "node:assert/strict";
import { describe, test } from "node:test";
import YAML from "yaml";
import { benchConsumers } from "../../bench/consumerFixtures";
import { DECK_MISSING, deckStateYaml, findDeck } from "../../bench/deckRunner";

describe("decK state file", () => {
  test("holds each consumer with its HS256 credential, all tagged", () => {
    const consumers = benchConsumers(3, "salt", [1]);
    const doc = YAML.parse(deckStateYaml(consumers, "bench-tag")) as {
      _format_version: string;
      consumers: {
        username: string;
        tags: string[];
        jwt_secrets: { key: string; algorithm: string; secret: string; tags: string[] }[];
      }[];
    };
    assert.equal(doc._format_version, "1.1");
    assert.equal(doc.consumers.length, 3);
    assert.deepEqual(doc.consumers[1], {
      username: "bench-consumer-000001",
      tags: ["bench-tag"],
      jwt_secrets: [
        {
          key: "bench-key-000001",
          algorithm: "HS256",
          secret: "bench-secret-salt-000001-rotated",
          tags: ["bench-tag"],
        },
      ],
    });
    assert.equal(doc.consumers[0]!.jwt_secrets[0]!.secret, "bench-secret-salt-000000");
  });

  test("an empty set is a valid file with no consumers (decK then deletes the tagged ones)", () => {
    const doc = YAML.parse(deckStateYaml([], "t")) as { consumers: unknown[] };
    assert.deepEqual(doc.consumers, []);
  });
});

describe("findDeck", () => {
  test("without deck on PATH: a clear message saying how to install it", async () => {
    const saved = process.env.PATH;
    process.env.PATH = "/nonexistent-dir-for-deck-test";
    try {
      await assert.rejects(findDeck(), (e: Error) => e.message === DECK_MISSING);
    } finally {
      process.env.PATH = saved;
    }
  });
});
