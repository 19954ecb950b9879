/**
 * The minter's tokens checked by an independent implementation: PyJWT verifies them, and the
 * write-up's own get-iat-exp.py (run with PyJWT) produces the same claims for the same inputs.
 */
import assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as path from "node:path";
import { describe, it } from "node:test";
import { mintToken } from "../../scripts/lib/mintTokenCli";
import { parsePrivateKey } from "../../scripts/lib/signToken";
import { labPython } from "./support/labPython";
import { verifyWithPyJwt } from "./support/pyjwt";
import { runProcess, runScript } from "./support/runProcess";

const SECRET = "!Qwaszxerdfcv";
const WRITE_UP_SCRIPT = path.join(__dirname, "fixtures", "get-iat-exp.py");

/** Runs the write-up's script with its three answers; `frozenTime` pins time.time(). */
async function runWriteUpScript(answers: string[], frozenTime?: number) {
  const code =
    frozenTime === undefined
      ? `import runpy; runpy.run_path(${JSON.stringify(WRITE_UP_SCRIPT)})`
      : `import runpy, time; time.time = lambda: ${frozenTime}.0; runpy.run_path(${JSON.stringify(WRITE_UP_SCRIPT)})`;
  const result = await runProcess(labPython(), ["-W", "ignore", "-c", code], {
    input: answers.join("\n") + "\n",
  });
  assert.equal(result.code, 0, result.stdout + result.stderr);
  const iat = Number(/iat \(Issued At\): (\d+)/.exec(result.stdout)?.[1]);
  const exp = Number(/exp \(Expiration\): (\d+)/.exec(result.stdout)?.[1]);
  const token = result.stdout.trim().split("\n").at(-1) ?? "";
  return { iat, exp, token };
}

function generateKeyPair(alg: "RS256" | "ES256"): crypto.KeyPairKeyObjectResult {
  return alg === "RS256"
    ? crypto.generateKeyPairSync("rsa", { modulusLength: 2048 })
    : crypto.generateKeyPairSync("ec", { namedCurve: "prime256v1" });
}

function decodePayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8")) as Record<
    string,
    unknown
  >;
}

describe("PyJWT verifies what the minter signs", () => {
  for (const alg of ["HS256", "HS384", "HS512"] as const) {
    it(`${alg} with the lab's secret`, async () => {
      const minted = mintToken({
        issuer: "jwttoken",
        algorithm: alg,
        key: { kind: "secret", secret: SECRET },
        lifetimeSeconds: 300,
        maximumExpiration: 600,
        subject: "alice",
        extraClaims: { role: "admin" },
      });
      const verdict = await verifyWithPyJwt(minted.token, SECRET, alg, "jwttoken");
      assert.equal(verdict.ok, true, verdict.error);
      assert.deepEqual(verdict.header, { alg, typ: "JWT" });
      assert.deepEqual(verdict.claims, minted.claims);
      assert.equal(verdict.claims?.sub, "alice");
      assert.equal(verdict.claims?.role, "admin");
    });
  }

  it("HS256 fails PyJWT's verification with another secret (the check can fail)", async () => {
    const minted = mintToken({
      issuer: "jwttoken",
      algorithm: "HS256",
      key: { kind: "secret", secret: SECRET },
      lifetimeSeconds: 300,
      maximumExpiration: 600,
      extraClaims: {},
    });
    const verdict = await verifyWithPyJwt(minted.token, SECRET + "x", "HS256", "jwttoken");
    assert.equal(verdict.ok, false);
    assert.match(verdict.error ?? "", /InvalidSignatureError/);
  });

  for (const alg of ["RS256", "ES256"] as const) {
    it(`${alg} with a key pair generated here`, async () => {
      const pair = generateKeyPair(alg);
      const pem = pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
      const publicPem = pair.publicKey.export({ type: "spki", format: "pem" }).toString();
      const minted = mintToken({
        issuer: "rsa-issuer",
        algorithm: alg,
        key: parsePrivateKey(pem, "generated.pem"),
        lifetimeSeconds: 120,
        maximumExpiration: 600,
        extraClaims: {},
      });
      const verdict = await verifyWithPyJwt(minted.token, publicPem, alg, "rsa-issuer");
      assert.equal(verdict.ok, true, verdict.error);
      assert.deepEqual(verdict.claims, minted.claims);
      const other = generateKeyPair(alg);
      const wrong = await verifyWithPyJwt(
        minted.token,
        other.publicKey.export({ type: "spki", format: "pem" }).toString(),
        alg,
        "rsa-issuer",
      );
      assert.equal(wrong.ok, false);
      assert.match(wrong.error ?? "", /InvalidSignatureError/);
    });
  }
});

describe("the minter matches the write-up's get-iat-exp.py", () => {
  it("produces the byte-identical HS256 token for the same inputs and the same second", async () => {
    const frozen = 1733285147; // the iat the write-up printed
    const script = await runWriteUpScript(["600", SECRET, "jwttoken"], frozen);
    assert.equal(script.iat, frozen);
    assert.equal(script.exp, frozen + 600);
    const minted = mintToken(
      {
        issuer: "jwttoken",
        algorithm: "HS256",
        key: { kind: "secret", secret: SECRET },
        lifetimeSeconds: 600,
        maximumExpiration: 600,
        extraClaims: {},
      },
      frozen,
    );
    assert.deepEqual(minted.claims, { iat: script.iat, exp: script.exp, iss: "jwttoken" });
    assert.equal(minted.token, script.token);
  });

  describe("run at the real time, through the CLI", () => {
    it("gives iat = now, exp = iat + lifetime and the same iss as the script", async () => {
      const t0 = Math.floor(Date.now() / 1000);
      const [script, cli] = await Promise.all([
        runWriteUpScript(["600", SECRET, "jwttoken"]),
        runScript("mintToken", [
          "--iss",
          "jwttoken",
          "--secret",
          SECRET,
          "--lifetime",
          "600",
          "--max-expiration",
          "600",
        ]),
      ]);
      const t1 = Math.floor(Date.now() / 1000);
      assert.equal(cli.code, 0, cli.stderr);
      const claims = decodePayload(cli.stdout.trim());
      const scriptClaims = decodePayload(script.token);
      assert.deepEqual(Object.keys(claims), Object.keys(scriptClaims));
      for (const c of [claims, scriptClaims]) {
        assert.ok(
          (c.iat as number) >= t0 && (c.iat as number) <= t1,
          `iat ${String(c.iat)} not in [${t0}, ${t1}]`,
        );
        assert.equal(c.exp, (c.iat as number) + 600);
        assert.equal(c.iss, "jwttoken");
      }
      const verdict = await verifyWithPyJwt(cli.stdout.trim(), SECRET, "HS256", "jwttoken");
      assert.equal(verdict.ok, true, verdict.error);
    });
  });
});
