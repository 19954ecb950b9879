/** The key pair generator's provider: real key pairs that sign and verify, the requireExisting guard. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as crypto from "node:crypto";
import { generatedKeyPairProvider as provider } from "../../../components/secrets/GeneratedKeyPair";
import { generatedPasswordProvider } from "../../../components/secrets/GeneratedPassword";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

test("create makes a PEM key pair of the algorithm's kind whose private key signs what the public key verifies", async () => {
  for (const [algorithm, type, curve, digest] of [
    ["RS256", "rsa", undefined, "sha256"],
    ["ES256", "ec", "prime256v1", "sha256"],
    ["ES384", "ec", "secp384r1", "sha384"],
  ] as const) {
    const { id, outs } = await provider.create({ algorithm });
    assert.ok(id.length > 0);
    assert.ok(outs);
    assert.match(outs.publicKey, /^-----BEGIN PUBLIC KEY-----\n/);
    assert.match(outs.privateKey, /^-----BEGIN PRIVATE KEY-----\n/);
    const privateKey = crypto.createPrivateKey(outs.privateKey);
    assert.equal(privateKey.asymmetricKeyType, type, algorithm);
    assert.equal(privateKey.asymmetricKeyDetails?.namedCurve, curve, algorithm);
    const data = Buffer.from("header.payload");
    const signature = crypto.sign(digest, data, privateKey);
    assert.ok(crypto.verify(digest, data, outs.publicKey, signature), algorithm);
  }
  const a = await provider.create({ algorithm: "RS256" });
  const b = await provider.create({ algorithm: "RS256" });
  assert.notEqual(a.outs?.privateKey, b.outs?.privateKey);
});

test("check refuses an algorithm without a key pair, lets the unknown value pass", async () => {
  const bad = await provider.check!({} as never, { algorithm: "HS256" });
  assert.equal(bad.failures?.[0].property, "algorithm");
  assert.match(bad.failures?.[0].reason ?? "", /RS256, RS384, RS512, ES256, ES384/);
  assert.deepEqual((await provider.check!({} as never, { algorithm: UNKNOWN })).failures ?? [], []);
});

test("diff replaces only when the algorithm changes; read and update keep the stored pair", async () => {
  const olds = { algorithm: "RS256", publicKey: "pub", privateKey: "priv" };
  assert.deepEqual(await provider.diff!("id", olds, { algorithm: "RS256" }), {
    changes: false,
    replaces: [],
  });
  assert.deepEqual(await provider.diff!("id", olds, { algorithm: "ES256" }), {
    changes: true,
    replaces: ["algorithm"],
  });
  assert.deepEqual(await provider.read!("id", olds), { id: "id", props: olds });
  assert.deepEqual(await provider.update!("id", olds, { algorithm: "RS256" }), { outs: olds });
});

test("requireExisting: a new key pair or password is refused with the reason; an existing one passes", async () => {
  const reason = "retiring JWT credential k has no configured key";
  const pairNew = await provider.check!({} as never, {
    algorithm: "RS256",
    requireExisting: reason,
  });
  assert.deepEqual(pairNew.failures, [{ property: "requireExisting", reason }]);
  const pairKept = await provider.check!(
    { algorithm: "RS256" },
    { algorithm: "RS256", requireExisting: reason },
  );
  assert.deepEqual(pairKept.failures ?? [], []);
  assert.deepEqual(pairKept.inputs, { algorithm: "RS256" });

  const passwordNew = await generatedPasswordProvider.check!({} as never, {
    length: 32,
    requireExisting: reason,
  });
  assert.deepEqual(passwordNew.failures, [{ property: "requireExisting", reason }]);
  const passwordKept = await generatedPasswordProvider.check!(
    { length: 32 },
    { length: 32, requireExisting: reason },
  );
  assert.deepEqual(passwordKept.failures ?? [], []);
  assert.deepEqual(passwordKept.inputs, { length: 32 });
});
