/**
 * The credential list rules (config/credentialRotation.ts) on their own, and through the validator
 * with the jwtCredentials / jwtCurrentKey keys: every bad list refused with one message naming
 * every problem.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  credentialListProblems,
  credentialsThatMustExist,
  ListedCredential,
  missingRetiringMaterialReason,
  resolveCurrentKey,
  retiringKeys,
} from "../../../config/credentialRotation";
import { ConfigKeyName } from "../../../config/configKeys";
import { checkLabConfig, SECRET_VALUE_MARKER } from "../../../config/validateLabConfig";

const NAMES = { list: "kong-jwt-lab:jwtCredentials", current: "kong-jwt-lab:jwtCurrentKey" };
const hs = (key: string, materialConfigured = false): ListedCredential => ({
  key,
  algorithm: "HS256",
  materialConfigured,
});

describe("credential list rules", () => {
  test("a rotation in progress (old retiring, new current) has no problem", () => {
    assert.deepEqual(credentialListProblems([hs("old"), hs("new")], "new", NAMES), []);
    assert.deepEqual(retiringKeys([hs("old"), hs("new")], "new"), ["old"]);
  });

  test("a single credential is current without naming it", () => {
    assert.deepEqual(credentialListProblems([hs("only")], "", NAMES), []);
    assert.equal(resolveCurrentKey([hs("only")], ""), "only");
  });

  test("an empty list is refused: it would retire every credential", () => {
    const problems = credentialListProblems([], "", NAMES);
    assert.equal(problems.length, 1);
    assert.match(problems[0], /jwtCredentials: holds no credential; allowed: at least/);
  });

  test("two credentials with the same key are refused, naming the key and the items", () => {
    const problems = credentialListProblems([hs("a"), hs("b"), hs("a")], "b", NAMES);
    assert.deepEqual(problems, [
      'kong-jwt-lab:jwtCredentials: key "a" appears 2 times (items 0, 2); allowed: each key once (Kong\'s credential keys are unique)',
    ]);
  });

  test("retiring the only credential is refused", () => {
    const problems = credentialListProblems([hs("only")], "next", NAMES);
    assert.equal(problems.length, 1);
    assert.match(
      problems[0],
      /jwtCurrentKey: "next" is not in .*retire its only credential "only"/,
    );
    assert.match(problems[0], /allowed: "only", or first add the next credential/);
  });

  test("a current key that is not in the list is refused, listing the allowed keys", () => {
    const problems = credentialListProblems([hs("a"), hs("b")], "c", NAMES);
    assert.deepEqual(problems, [
      'kong-jwt-lab:jwtCurrentKey: "c" is not a key of kong-jwt-lab:jwtCredentials; allowed: one of "a", "b"',
    ]);
  });

  test("two credentials and no current key is refused", () => {
    const problems = credentialListProblems([hs("a"), hs("b")], "", NAMES);
    assert.equal(problems.length, 1);
    assert.match(problems[0], /jwtCurrentKey: is required when .* holds 2 credentials/);
  });

  test("every problem at once: duplicate keys and an unknown current key", () => {
    const problems = credentialListProblems([hs("a"), hs("a"), hs("b")], "z", NAMES);
    assert.equal(problems.length, 2, problems.join("\n"));
  });

  test("only retiring credentials without configured material must already exist", () => {
    const list = [hs("generated-old"), hs("configured-old", true), hs("new")];
    assert.deepEqual(credentialsThatMustExist(list, "new"), ["generated-old"]);
    assert.match(
      missingRetiringMaterialReason("generated-old", "HS256"),
      /retiring JWT credential "generated-old" \(HS256\) has no configured secret .*--secret --path/,
    );
    assert.match(missingRetiringMaterialReason("k", "RS256"), /no configured public key/);
  });

  test("property: a list of distinct keys with a listed current key has no problem; the current key is never retiring", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 6 }),
        fc.nat(),
        (keys, pick) => {
          const list = keys.map((k) => hs(k));
          const current = keys[pick % keys.length];
          assert.deepEqual(credentialListProblems(list, current, NAMES), []);
          assert.equal(resolveCurrentKey(list, current), current);
          assert.deepEqual(
            retiringKeys(list, current),
            keys.filter((k) => k !== current),
          );
          assert.ok(!credentialsThatMustExist(list, current).includes(current));
        },
      ),
    );
  });

  test("property: a repeated key is always reported, whatever else the list holds", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
        fc.nat(),
        fc.string({ maxLength: 4 }),
        (keys, pick, current) => {
          const duplicated = keys[pick % keys.length];
          const list = [...keys, duplicated].map((k) => hs(k));
          const problems = credentialListProblems(list, current, NAMES);
          assert.ok(
            problems.some((p) => p.includes(`key ${JSON.stringify(duplicated)} appears`)),
            problems.join("\n"),
          );
        },
      ),
    );
  });
});

/** The validator's problems for these raw values (secret keys as marked). */
function problemsOf(
  values: Partial<Record<ConfigKeyName, string>>,
  secretKeys: ConfigKeyName[] = [],
): string[] {
  return checkLabConfig({
    project: "kong-jwt-lab",
    stack: "dev",
    values,
    secretKeys: new Set(secretKeys),
  }).problems;
}

const list = (items: object[]) => JSON.stringify(items);

describe("jwtCredentials and jwtCurrentKey in the validator", () => {
  test("a valid rotation: two credentials, a secret set with --secret, an RS256 one generated", () => {
    const result = checkLabConfig({
      project: "kong-jwt-lab",
      stack: "dev",
      values: {
        jwtCredentials: list([
          { key: "old", algorithm: "HS256", secret: SECRET_VALUE_MARKER },
          { key: "new", algorithm: "RS256" },
        ]),
        jwtCurrentKey: "new",
      },
      secretKeys: new Set(["jwtCredentials"]),
    });
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.settings?.lab.credentials, [
      { key: "old", algorithm: "HS256" },
      { key: "new", algorithm: "RS256" },
    ]);
    assert.equal(result.settings?.lab.currentCredentialKey, "new");
    assert.deepEqual(result.settings?.credentialSecretPaths, [0, undefined]);
  });

  test("every list problem and every item problem in one message", () => {
    const problems = problemsOf({
      jwtCredentials: list([
        { key: "a", algorithm: "HS256" },
        { key: "a", algorithm: "HS999" },
        { key: "", algorithm: "RS256", secret: SECRET_VALUE_MARKER },
      ]),
      jwtCurrentKey: "zzz",
    });
    const text = problems.join("\n");
    assert.match(text, /jwtCredentials\[1\]\.algorithm: "HS999" is not allowed/);
    assert.match(text, /jwtCredentials\[2\]\.key: must not be empty/);
    assert.match(text, /jwtCredentials\[2\]\.secret: is only used with HS\* algorithms/);
    assert.match(text, /jwtCredentials: key "a" appears 2 times/);
    assert.match(text, /jwtCurrentKey: "zzz" is not a key of kong-jwt-lab:jwtCredentials/);
    assert.equal(problems.length, 5, text);
  });

  test("a secret in plaintext in the list is refused without repeating it", () => {
    const problems = problemsOf({
      jwtCredentials: list([{ key: "a", algorithm: "HS256", secret: SECRET_VALUE_MARKER }]),
    });
    assert.equal(problems.length, 1);
    assert.match(
      problems[0],
      /jwtCredentials\[0\]\.secret: is set in plaintext; allowed: .*--secret --path 'jwtCredentials\[0\]\.secret'/,
    );
  });

  test("the single-credential keys are refused next to a list, with how to move them", () => {
    const problems = problemsOf(
      {
        jwtCredentials: list([{ key: "a", algorithm: "HS256" }]),
        jwtKey: "mykey",
        jwtAlgorithm: "HS512",
      },
      ["jwtSecret"],
    );
    assert.equal(problems.length, 3, problems.join("\n"));
    for (const key of ["jwtKey", "jwtAlgorithm", "jwtSecret"]) {
      assert.ok(
        problems.some((p) => p.startsWith(`kong-jwt-lab:${key}: is only used while`)),
        key,
      );
    }
    assert.match(problems.join("\n"), /pulumi config get jwtSecret/);
  });

  test("a current key without a list must be the single credential's key", () => {
    assert.deepEqual(problemsOf({ jwtCurrentKey: "jwttoken" }), []);
    const problems = problemsOf({ jwtCurrentKey: "next" });
    assert.equal(problems.length, 1);
    assert.match(
      problems[0],
      /jwtCurrentKey: "next" names no credential: .*jwtCredentials is empty/,
    );
  });

  test("a list that is not a list of objects is refused", () => {
    assert.match(problemsOf({ jwtCredentials: '{"key":"a"}' })[0], /jwtCredentials: is not a list/);
    assert.match(problemsOf({ jwtCredentials: '["a"]' }).join("\n"), /\[0\]: is not an object/);
    assert.match(
      problemsOf({ jwtCredentials: list([{ key: "a", algorithm: "HS256", alg: "x" }]) })[0],
      /jwtCredentials\[0\]: unknown field\(s\) alg; allowed: key, algorithm, secret, rsaPublicKey/,
    );
  });
});
