/** The configured consumers in the stack outputs: parsed, and used by `npm run token -- --consumer`. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { allConsumerCredentials, consumerCredential } from "../../scripts/lib/consumerCredential";
import { InputError } from "../../scripts/lib/inputError";
import { runMintTokenCli } from "../../scripts/lib/mintTokenCli";
import { parseStackOutputs, type LabStackOutputs } from "../../scripts/lib/stackOutputs";

/** The header and claims of a JWT (no verification). */
function decodeTokenClaims(token: string): {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
} {
  const [h, c] = token.split(".");
  const part = (text: string) => JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  return { header: part(h!), claims: part(c!) };
}

const OUTPUTS = parseStackOutputs(
  JSON.stringify({
    jwtKey: "jwttoken",
    jwtSecret: "lab-secret-123",
    jwtAlgorithm: "HS256",
    jwtMaximumExpiration: 600,
    consumers: [
      { username: "alice", credentials: [{ key: "alice-key", algorithm: "HS512" }] },
      { username: "carol", credentials: [{ key: "carol-rs", algorithm: "RS256" }] },
    ],
    consumerSecrets: { "alice-key": "alice-secret-456" },
  }),
  "dev",
);

test("stack outputs: consumers and their HS* secrets are read; a malformed list is refused", () => {
  assert.deepEqual(allConsumerCredentials(OUTPUTS), [
    { username: "alice", issuer: "alice-key", algorithm: "HS512", secret: "alice-secret-456" },
    { username: "carol", issuer: "carol-rs", algorithm: "RS256", secret: undefined },
  ]);
  assert.throws(
    () => parseStackOutputs(JSON.stringify({ consumers: [{ username: 1 }] }), "dev"),
    /output consumers is not a list of consumers/,
  );
  assert.throws(
    () => consumerCredential(OUTPUTS, "mallory"),
    /"mallory" is not configured; configured consumers: alice, carol/,
  );
  assert.throws(
    () => consumerCredential(OUTPUTS, "alice", "x"),
    /has no credential "x"; its keys: alice-key/,
  );
  assert.throws(() => consumerCredential({} as LabStackOutputs, "alice"), InputError);
});

test("npm run token -- --stack dev --consumer alice mints with alice's key, algorithm and secret", async () => {
  let out = "";
  let err = "";
  const code = await runMintTokenCli(["--stack", "dev", "--consumer", "alice"], {
    stdout: (s: string) => (out += s),
    stderr: (s: string) => (err += s),
    readStackOutputs: async () => OUTPUTS,
  } as never);
  assert.equal(code, 0, err);
  const token = out.trim();
  const { header, claims } = decodeTokenClaims(token);
  assert.equal(header.alg, "HS512");
  assert.equal(claims.iss, "alice-key");
  assert.doesNotMatch(err + out, /alice-secret-456/);
  // RS256 needs the consumer's private key
  let err2 = "";
  const code2 = await runMintTokenCli(["--stack", "dev", "--consumer", "carol"], {
    stdout: () => undefined,
    stderr: (s: string) => (err2 += s),
    readStackOutputs: async () => OUTPUTS,
  } as never);
  assert.equal(code2, 2);
  assert.match(err2, /--key-file is required for RS256/);
});
