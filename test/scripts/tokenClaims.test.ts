import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InputError } from "../../scripts/lib/inputError";
import { parseAlgorithm } from "../../scripts/lib/jwtAlgorithms";
import {
  buildClaims,
  checkLifetime,
  parseClaimFlag,
  parseSeconds,
} from "../../scripts/lib/tokenClaims";

describe("buildClaims", () => {
  it("gives iat = now, exp = iat + lifetime and iss, in the write-up's order", () => {
    const claims = buildClaims({
      issuer: "jwttoken",
      lifetimeSeconds: 600,
      nowSeconds: 1733285147,
    });
    assert.equal(JSON.stringify(claims), '{"iat":1733285147,"exp":1733285747,"iss":"jwttoken"}');
  });

  it("uses the current time when no time is given", () => {
    const before = Math.floor(Date.now() / 1000);
    const claims = buildClaims({ issuer: "k", lifetimeSeconds: 60 });
    const after = Math.floor(Date.now() / 1000);
    assert.ok(claims.iat >= before && claims.iat <= after);
    assert.equal(claims.exp, claims.iat + 60);
  });

  it("adds sub and extra claims after the standard ones", () => {
    const claims = buildClaims({
      issuer: "k",
      lifetimeSeconds: 10,
      nowSeconds: 100,
      subject: "alice",
      extraClaims: { role: "admin", n: 3 },
    });
    assert.deepEqual(claims, { iat: 100, exp: 110, iss: "k", sub: "alice", role: "admin", n: 3 });
  });

  it("refuses extra claims that would override iat/exp/iss/sub", () => {
    for (const name of ["iat", "exp", "iss", "sub"]) {
      assert.throws(
        () => buildClaims({ issuer: "k", lifetimeSeconds: 1, extraClaims: { [name]: 1 } }),
        (err: Error) => err instanceof InputError && err.message.includes(`"${name}"`),
      );
    }
  });
});

describe("parseClaimFlag", () => {
  it("keeps JSON scalars, objects and arrays as JSON and everything else as a string", () => {
    assert.deepEqual(parseClaimFlag("n=42"), ["n", 42]);
    assert.deepEqual(parseClaimFlag("f=-1.5"), ["f", -1.5]);
    assert.deepEqual(parseClaimFlag("admin=true"), ["admin", true]);
    assert.deepEqual(parseClaimFlag("x=null"), ["x", null]);
    assert.deepEqual(parseClaimFlag('o={"a":[1]}'), ["o", { a: [1] }]);
    assert.deepEqual(parseClaimFlag("roles=[1,2]"), ["roles", [1, 2]]);
    assert.deepEqual(parseClaimFlag("name=alice"), ["name", "alice"]);
    assert.deepEqual(parseClaimFlag("eq=a=b"), ["eq", "a=b"]);
    assert.deepEqual(parseClaimFlag("empty="), ["empty", ""]);
  });

  it("rejects a flag without name=value, broken JSON and reserved names", () => {
    assert.throws(() => parseClaimFlag("novalue"), /--claim "novalue" must look like name=value/);
    assert.throws(() => parseClaimFlag("=x"), /must look like name=value/);
    assert.throws(() => parseClaimFlag("o={oops"), /does not parse/);
    assert.throws(() => parseClaimFlag("exp=1"), /--claim cannot set "exp": use --lifetime/);
  });
});

describe("parseSeconds", () => {
  it("accepts whole numbers at or above the minimum", () => {
    assert.equal(parseSeconds("600", "--lifetime", 1), 600);
    assert.equal(parseSeconds(" 0 ", "--max-expiration", 0), 0);
  });

  it("rejects anything else, naming the flag", () => {
    for (const bad of ["abc", "", "1.5", "-5", "1e3", "0x10", "99999999999999999999"]) {
      assert.throws(
        () => parseSeconds(bad, "--lifetime", 1),
        /^InputError: --lifetime must be a whole number/,
      );
    }
    assert.throws(
      () => parseSeconds("0", "--lifetime", 1),
      /--lifetime must be a whole number of seconds of at least 1/,
    );
  });
});

describe("checkLifetime", () => {
  it("passes a lifetime equal to maximum_expiration (Kong's check is strict >)", () => {
    assert.doesNotThrow(() => checkLifetime(600, 600));
    assert.doesNotThrow(() => checkLifetime(1, 600));
  });

  it("refuses one second more, quoting the 401 body Kong would answer", () => {
    assert.throws(
      () => checkLifetime(601, 600),
      (err: Error) =>
        err instanceof InputError &&
        err.message.includes("--lifetime 601") &&
        err.message.includes("maximum_expiration of 600") &&
        err.message.includes('401 {"exp":"exceeds maximum allowed expiration"}'),
    );
  });

  it("does not limit anything when maximum_expiration is 0", () => {
    assert.doesNotThrow(() => checkLifetime(31536000, 0));
  });
});

describe("parseAlgorithm", () => {
  it("accepts the algorithms Kong's credentials accept, case-insensitively", () => {
    assert.equal(parseAlgorithm("hs512", "--alg"), "HS512");
    assert.equal(parseAlgorithm("ES256", "--alg"), "ES256");
  });

  it("rejects an unknown algorithm naming the flag", () => {
    assert.throws(
      () => parseAlgorithm("none", "--alg"),
      /--alg "none" is not a supported algorithm/,
    );
    assert.throws(() => parseAlgorithm("PS256", "--alg"), /--alg "PS256"/);
  });
});
