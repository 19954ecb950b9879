/**
 * The `consumers`, `jwtPluginScope` and `adoptExisting` keys of the pure validator, and the one
 * per-credential validation (config/jwtCredentialSpec.ts) they share with the lab's credential.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { checkJwtCredential } from "../../../config/jwtCredentialSpec";
import { JWT_ALGORITHMS } from "../../../config";
import { checkLabConfig, validateLabConfig } from "../../../config/validateLabConfig";
import { withoutSecretValues } from "../../../config/readLabConfig";
import { SECRET_VALUE_MARKER } from "../../../config/validateLabConfig";

const PEM =
  "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEexampleexampleexampleexample\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==\n-----END PUBLIC KEY-----\n";

const raw = (values: Record<string, string>, secretKeys: string[] = []) => ({
  project: "kong-jwt-lab",
  stack: "dev",
  values,
  secretKeys: new Set(secretKeys) as never,
});

const consumersRaw = (consumers: unknown, marked = true) =>
  raw({ consumers: JSON.stringify(consumers) }, marked ? ["consumers"] : []);

describe("consumers config", () => {
  test("three consumers (HS256 with a secret, HS512 generated, RS256 with a key) are accepted", () => {
    const s = validateLabConfig(
      consumersRaw([
        {
          username: "alice",
          customId: "hr-42",
          credentials: [{ key: "alice-key", algorithm: "HS256", secret: true }],
        },
        {
          username: "bob",
          tags: ["team-b"],
          credentials: [{ key: "bob-key", algorithm: "HS512" }],
        },
        {
          username: "carol",
          credentials: [{ key: "carol-key", algorithm: "RS256", rsaPublicKey: PEM }],
        },
      ]),
    );
    assert.deepEqual(s.consumers, [
      {
        username: "alice",
        customId: "hr-42",
        credentials: [{ key: "alice-key", algorithm: "HS256", secretProvided: true }],
      },
      {
        username: "bob",
        tags: ["team-b"],
        credentials: [{ key: "bob-key", algorithm: "HS512", secretProvided: false }],
      },
      {
        username: "carol",
        credentials: [
          { key: "carol-key", algorithm: "RS256", rsaPublicKey: PEM.trim(), secretProvided: false },
        ],
      },
    ]);
  });

  test("every problem in one message: duplicates (also against the lab's consumer), tags, plaintext secret, keys", () => {
    const { problems } = checkLabConfig(
      consumersRaw(
        [
          { username: "fastapi-consumer", credentials: [{ key: "jwttoken", algorithm: "HS256" }] },
          {
            username: "dan",
            tags: ["a,b"],
            credentials: [{ key: "k1", algorithm: "HS256", secret: "in-clear-7781" }],
          },
          { username: "dan", credentials: [{ key: "k1", algorithm: "RS256" }] },
          { username: "eve", credentials: [{ key: "k3", algorithm: "HS384", rsaPublicKey: PEM }] },
          {
            username: "fay",
            credentials: [{ key: "k4", algorithm: "ES256", rsaPublicKey: "ssh-rsa AAAA" }],
          },
        ],
        false,
      ),
    );
    const text = problems.join("\n");
    const expect = [
      /consumers\[0\]\.username: "fastapi-consumer" is already used by kong-jwt-lab:consumerUsername/,
      /consumers\[0\]\.credentials\[0\]\.key: "jwttoken" is already used by kong-jwt-lab:jwtKey/,
      /consumers\[1\]\.tags\[0\]: must be printable ASCII without spaces, commas or slashes/,
      /consumers\[1\]\.credentials\[0\]\.secret: is set in plaintext; allowed: .*--secret --path 'consumers\[1\]\.credentials\[0\]\.secret'/,
      /consumers\[2\]\.username: "dan" is already used by kong-jwt-lab:consumers\[1\]\.username/,
      /consumers\[2\]\.credentials\[0\]\.rsaPublicKey: is required with .*RS256/,
      /consumers\[2\]\.credentials\[0\]\.key: "k1" is already used by kong-jwt-lab:consumers\[1\]\.credentials\[0\]\.key/,
      /consumers\[3\]\.credentials\[0\]\.rsaPublicKey: is only used with RS\* and ES\* algorithms/,
      /consumers\[4\]\.credentials\[0\]\.rsaPublicKey: is not a PEM public key/,
    ];
    for (const re of expect) assert.match(text, re);
    assert.equal(problems.length, expect.length, text);
    assert.doesNotMatch(text, /in-clear-7781/, "a secret is never quoted");
    for (const p of problems) assert.match(p, /^kong-jwt-lab:consumers\[\d\]/);
  });

  test("not a list, unknown fields, a secret on an RS256 credential", () => {
    assert.match(
      checkLabConfig(raw({ consumers: '{"a":1}' })).problems.join(),
      /consumers: is not a list/,
    );
    const { problems } = checkLabConfig(
      consumersRaw([
        {
          username: "x",
          credential: {},
          credentials: [{ key: "kx", algorithm: "RS256", rsaPublicKey: PEM, secret: true, alg: 1 }],
        },
      ]),
    );
    assert.match(
      problems.join("\n"),
      /consumers\[0\]: unknown field\(s\) credential; allowed: username/,
    );
    assert.match(problems.join("\n"), /credentials\[0\]: unknown field\(s\) alg/);
    assert.match(
      problems.join("\n"),
      /credentials\[0\]\.secret: is only used with HS\* algorithms/,
    );
  });

  test("withoutSecretValues: the validator never sees a secret value", () => {
    const text = withoutSecretValues(
      JSON.stringify([
        {
          username: "a",
          credentials: [{ key: "k", algorithm: "HS256", secret: "s3cr3t-value" }, { key: "k2" }],
        },
      ]),
    );
    assert.doesNotMatch(text, /s3cr3t-value/);
    assert.deepEqual(JSON.parse(text), [
      {
        username: "a",
        credentials: [{ key: "k", algorithm: "HS256", secret: SECRET_VALUE_MARKER }, { key: "k2" }],
      },
    ]);
  });
});

describe("jwtPluginScope and adoptExisting", () => {
  test("route and global are accepted; anything else is refused naming both", () => {
    assert.equal(validateLabConfig(raw({ jwtPluginScope: "route" })).lab.jwtPlugin.scope, "route");
    assert.equal(validateLabConfig(raw({})).lab.jwtPlugin.scope, "global");
    const { problems } = checkLabConfig(raw({ jwtPluginScope: "service" }));
    assert.equal(problems.length, 1);
    assert.match(
      problems[0]!,
      /kong-jwt-lab:jwtPluginScope: "service" is not allowed; allowed: global .* or route/,
    );
  });

  test("adoptExisting is a boolean", () => {
    assert.equal(validateLabConfig(raw({ adoptExisting: "true" })).kong.adoptExisting, true);
    assert.match(
      checkLabConfig(raw({ adoptExisting: "yes" })).problems.join(),
      /adoptExisting: "yes" is not allowed; allowed: true or false/,
    );
  });
});

describe("checkJwtCredential (one credential)", () => {
  const names = { key: "k", algorithm: "a", secret: "s", rsaPublicKey: "p", setSecret: "set it" };
  const secretStates = fc.constantFrom("absent" as const, "secret" as const, "plaintext" as const);
  test("accepted exactly when: known algorithm, a key, no plaintext secret, HS* without and RS*/ES* with a PEM and no secret", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...JWT_ALGORITHMS, "HS257", "none"),
        fc.constantFrom("", "key-1"),
        secretStates,
        fc.constantFrom(undefined, "", PEM, "not a pem"),
        (algorithm, key, secret, rsaPublicKey) => {
          const { spec, problems } = checkJwtCredential(
            { key, algorithm, secret, rsaPublicKey },
            names,
          );
          const known = (JWT_ALGORITHMS as readonly string[]).includes(algorithm);
          const hmac = algorithm.startsWith("HS") && known;
          const pem = rsaPublicKey === PEM;
          const ok =
            known &&
            key !== "" &&
            secret !== "plaintext" &&
            (hmac ? !rsaPublicKey : pem && secret === "absent");
          assert.equal(problems.length === 0, ok, problems.join("; "));
          assert.equal(spec !== undefined, ok);
          for (const p of problems) assert.match(p, /^(k|a|s|p): .*allowed: /);
        },
      ),
    );
  });
});
