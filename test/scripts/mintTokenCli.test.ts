/** The minter as users run it: `node --import tsx scripts/mintToken.ts` (what `npm run token` runs). */
import assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import * as jwt from "jsonwebtoken";
import { runMintTokenCli } from "../../scripts/lib/mintTokenCli";
import { installFakePulumi } from "./support/fakePulumi";
import { labPython } from "./support/labPython";
import { verifyWithPyJwt } from "./support/pyjwt";
import { runProcess, runScript } from "./support/runProcess";

const SECRET = "!Qwaszxerdfcv";
const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;

function payloadOf(token: string): Record<string, number | string> {
  return JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8")) as Record<
    string,
    number | string
  >;
}

let dir: string;
let rsaKeyFile: string;
let rsaPublicPem: string;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "mint-cli-"));
  const pair = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  rsaKeyFile = path.join(dir, "rsa.pem");
  fs.writeFileSync(rsaKeyFile, pair.privateKey.export({ type: "pkcs8", format: "pem" }));
  rsaPublicPem = pair.publicKey.export({ type: "spki", format: "pem" }).toString();
  fs.writeFileSync(path.join(dir, "secret.txt"), SECRET + "\n");
  fs.writeFileSync(path.join(dir, "empty.txt"), "\n");
  fs.writeFileSync(path.join(dir, "not-a-key.pem"), "hello\n");
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("mintToken CLI output", () => {
  it("prints only the token on stdout, details on stderr, never the secret", async () => {
    const result = await runScript("mintToken", [
      "--issuer",
      "jwttoken",
      "--secret",
      SECRET,
      "--lifetime",
      "120",
      "--sub",
      "alice",
      "--claim",
      "role=admin",
    ]);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.split("\n");
    assert.deepEqual(lines.length, 2, `stdout: ${JSON.stringify(result.stdout)}`);
    assert.match(lines[0], JWT);
    assert.equal(lines[1], "");
    assert.match(result.stderr, /iat \(Issued At\): +\d+/);
    assert.match(result.stderr, /lifetime 120 s/);
    assert.ok(!result.stderr.includes(SECRET) && !result.stdout.includes(SECRET));
    const claims = payloadOf(lines[0]);
    assert.equal(claims.exp, (claims.iat as number) + 120);
    assert.equal(claims.sub, "alice");
    assert.equal(claims.role, "admin");
  });

  it("reads the secret from --secret-file and signs RS256 from --key-file", async () => {
    const [hs, rs] = await Promise.all([
      runScript("mintToken", ["--iss", "jwttoken", "--secret-file", path.join(dir, "secret.txt")]),
      runScript("mintToken", ["--iss", "rsa-key", "--alg", "RS256", "--key-file", rsaKeyFile]),
    ]);
    assert.equal(hs.code, 0, hs.stderr);
    assert.equal(rs.code, 0, rs.stderr);
    assert.equal((await verifyWithPyJwt(hs.stdout.trim(), SECRET, "HS256", "jwttoken")).ok, true);
    const verdict = await verifyWithPyJwt(rs.stdout.trim(), rsaPublicPem, "RS256", "rsa-key");
    assert.equal(verdict.ok, true, verdict.error);
    assert.equal(verdict.claims?.exp, (verdict.claims?.iat as number) + 300);
  });
});

describe("mintToken CLI bad input: non-zero exit, a message naming the flag, nothing on stdout", () => {
  const cases: [string, () => string[], RegExp][] = [
    [
      "non-numeric lifetime",
      () => ["--iss", "k", "--secret", SECRET, "--lifetime", "abc"],
      /--lifetime must be a whole number of seconds/,
    ],
    [
      "zero lifetime",
      () => ["--iss", "k", "--secret", SECRET, "--lifetime", "0"],
      /--lifetime must be a whole number of seconds of at least 1/,
    ],
    [
      "non-numeric max expiration",
      () => ["--iss", "k", "--secret", SECRET, "--max-expiration", "ten"],
      /--max-expiration must be a whole number/,
    ],
    [
      "lifetime over maximum_expiration",
      () => ["--iss", "k", "--secret", SECRET, "--lifetime", "601", "--max-expiration", "600"],
      /--lifetime 601 is over the jwt plugin's maximum_expiration of 600 s: Kong would answer 401 \{"exp":"exceeds maximum allowed expiration"\}/,
    ],
    ["empty secret", () => ["--iss", "k", "--secret", ""], /--secret cannot be empty/],
    ["no secret", () => ["--iss", "k"], /--secret or --secret-file is required for HS256/],
    [
      "empty secret file",
      () => ["--iss", "k", "--secret-file", path.join(dir, "empty.txt")],
      /--secret-file ".*empty.txt" is empty/,
    ],
    [
      "unreadable secret file",
      () => ["--iss", "k", "--secret-file", path.join(dir, "missing.txt")],
      /--secret-file: cannot read ".*missing.txt" \(ENOENT\)/,
    ],
    ["empty issuer", () => ["--iss", "", "--secret", SECRET], /--issuer cannot be empty/],
    ["blank issuer", () => ["--issuer", "   ", "--secret", SECRET], /--issuer cannot be empty/],
    ["no issuer", () => ["--secret", SECRET], /--issuer is required/],
    [
      "unreadable key file",
      () => ["--iss", "k", "--alg", "RS256", "--key-file", path.join(dir, "nope.pem")],
      /--key-file: cannot read ".*nope.pem" \(ENOENT\)/,
    ],
    [
      "key file that is not a key",
      () => ["--iss", "k", "--alg", "RS256", "--key-file", path.join(dir, "not-a-key.pem")],
      /--key-file .*not-a-key.pem is not a PEM private key/,
    ],
    [
      "RSA key for ES256",
      () => ["--iss", "k", "--alg", "ES256", "--key-file", rsaKeyFile],
      /--key-file .*rsa.pem holds a rsa key; ES256 needs an EC prime256v1 private key/,
    ],
    [
      "no key file for RS256",
      () => ["--iss", "k", "--alg", "RS256"],
      /--key-file is required for RS256/,
    ],
    [
      "secret with RS256",
      () => ["--iss", "k", "--alg", "RS256", "--secret", SECRET],
      /--secret is for HS\* algorithms/,
    ],
    [
      "unknown algorithm",
      () => ["--iss", "k", "--secret", SECRET, "--alg", "none"],
      /--alg "none" is not a supported algorithm/,
    ],
    [
      "malformed --claim",
      () => ["--iss", "k", "--secret", SECRET, "--claim", "oops"],
      /--claim "oops" must look like name=value/,
    ],
    [
      "reserved --claim",
      () => ["--iss", "k", "--secret", SECRET, "--claim", "exp=1"],
      /--claim cannot set "exp"/,
    ],
    [
      "unknown option",
      () => ["--iss", "k", "--secret", SECRET, "--bogus"],
      /Unknown option '--bogus'/,
    ],
  ];

  it(`rejects all ${cases.length} cases (in process: scripts/mintToken.ts only wires this to the process)`, async () => {
    for (const [name, args, message] of cases) {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runMintTokenCli(args(), {
        stdout: (t) => out.push(t),
        stderr: (t) => err.push(t),
        readStackOutputs: () => Promise.reject(new Error("not called")),
      });
      assert.equal(code, 2, `${name}: exit code ${code}, stderr ${err.join("")}`);
      assert.equal(out.join(""), "", `${name}: stdout must stay empty`);
      assert.match(err.join(""), /^error: /, name);
      assert.match(err.join(""), message, name);
      assert.ok(!err.join("").includes(SECRET), `${name}: the secret leaked`);
    }
  });

  const throughCli = [
    "non-numeric lifetime",
    "lifetime over maximum_expiration",
    "empty secret",
    "empty issuer",
    "unreadable key file",
    "unknown algorithm",
  ];
  it(`rejects ${throughCli.join(", ")} through the real CLI`, async () => {
    const chosen = cases.filter(([name]) => throughCli.includes(name));
    assert.equal(chosen.length, throughCli.length);
    const results = await Promise.all(chosen.map(([, args]) => runScript("mintToken", args())));
    results.forEach((result, i) => {
      const [name, , message] = chosen[i];
      assert.equal(
        result.code,
        2,
        `${name}: exit code ${String(result.code)}, stderr ${result.stderr}`,
      );
      assert.equal(result.stdout, "", `${name}: stdout must stay empty`);
      assert.match(result.stderr, message, name);
      assert.ok(!result.stderr.includes(SECRET), `${name}: the secret leaked`);
    });
  });
});

describe("mintToken --stack", () => {
  it("reads issuer, secret, algorithm and maximum expiration from the stack outputs", async () => {
    const pulumi = installFakePulumi({
      proxyUrl: "http://127.0.0.1:8000",
      routePath: "/kong/healthy",
      jwtKey: "stack-key",
      jwtAlgorithm: "HS512",
      jwtSecret: SECRET,
      jwtMaximumExpiration: 200,
    });
    try {
      const ok = await runScript("mintToken", ["--stack", "dev"], { env: pulumi.env });
      assert.equal(ok.code, 0, ok.stderr);
      assert.deepEqual(pulumi.calls(), [
        ["stack", "output", "--json", "--show-secrets", "--stack", "dev"],
      ]);
      const verdict = await verifyWithPyJwt(ok.stdout.trim(), SECRET, "HS512", "stack-key");
      assert.equal(verdict.ok, true, verdict.error);
      // Default lifetime: 300 s, capped at the stack's maximum expiration.
      assert.equal(verdict.claims?.exp, (verdict.claims?.iat as number) + 200);
      assert.ok(!ok.stderr.includes(SECRET));

      const tooLong = await runScript("mintToken", ["--stack", "dev", "--lifetime", "201"], {
        env: pulumi.env,
      });
      assert.equal(tooLong.code, 2);
      assert.match(tooLong.stderr, /maximum_expiration of 200 s: Kong would answer 401/);

      const overridden = await runScript("mintToken", ["--stack", "dev", "--iss", "other"], {
        env: pulumi.env,
      });
      assert.equal(payloadOf(overridden.stdout.trim()).iss, "other");
    } finally {
      pulumi.remove();
    }
  });

  it("signs with the stack's generated private key for an RS256 credential (no --key-file, no openssl)", async () => {
    const pair = crypto.generateKeyPairSync("rsa", {
      modulusLength: 2048,
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
    });
    const pulumi = installFakePulumi({
      jwtKey: "rsa-key-2",
      jwtKeys: ["rsa-key-1", "rsa-key-2"],
      jwtAlgorithm: "RS256",
      jwtPrivateKey: pair.privateKey,
      jwtMaximumExpiration: 60,
    });
    try {
      const ok = await runScript("mintToken", ["--stack", "dev"], { env: pulumi.env });
      assert.equal(ok.code, 0, ok.stderr);
      const claims = jwt.verify(ok.stdout.trim(), pair.publicKey, {
        algorithms: ["RS256"],
      }) as jwt.JwtPayload;
      assert.equal(claims.iss, "rsa-key-2");
      assert.ok(!ok.stderr.includes("PRIVATE KEY"));
    } finally {
      pulumi.remove();
    }
  });

  it("fails with the CLI's message when the stack cannot be read", async () => {
    const pulumi = installFakePulumi({}, "error: no stack named 'nope' found");
    try {
      const result = await runScript("mintToken", ["--stack", "nope"], { env: pulumi.env });
      assert.equal(result.code, 2);
      assert.equal(result.stdout, "");
      assert.match(
        result.stderr,
        /--stack nope: could not read the stack outputs: error: no stack named 'nope' found/,
      );
    } finally {
      pulumi.remove();
    }
  });

  it("fails when the stack has no jwtKey output and no --issuer is given", async () => {
    const pulumi = installFakePulumi({ jwtSecret: SECRET });
    try {
      const result = await runScript("mintToken", ["--stack", "dev"], { env: pulumi.env });
      assert.equal(result.code, 2);
      assert.match(result.stderr, /--issuer is required/);
    } finally {
      pulumi.remove();
    }
  });
});

/** Drives the CLI on a pseudo-terminal (Python's pty module), answering each prompt in turn. */
const PTY_DRIVER = `
import json, os, pty, re, select, sys, time
req = json.load(sys.stdin)
pid, fd = pty.fork()
if pid == 0:
    os.chdir(req["cwd"])
    os.execv(req["node"], [req["node"], "--import", "tsx", "scripts/mintToken.ts"])
out, answers, deadline = b"", [a.encode() + b"\\r" for a in req["answers"]], time.time() + 30
while time.time() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.1)
    if ready:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    if answers and out.count(b"Enter the ") > len(req["answers"]) - len(answers):
        os.write(fd, answers.pop(0))
_, status = os.waitpid(pid, 0)
print(json.dumps({"code": os.waitstatus_to_exitcode(status), "output": out.decode(errors="replace")}))
`;

async function runOnTerminal(answers: string[]): Promise<{ code: number; output: string }> {
  const result = await runProcess(labPython(), ["-c", PTY_DRIVER], {
    input: JSON.stringify({
      node: process.execPath,
      cwd: path.resolve(__dirname, "../.."),
      answers,
    }),
    timeoutMs: 40_000,
  });
  assert.equal(result.stderr, "");
  return JSON.parse(result.stdout) as { code: number; output: string };
}

describe("mintToken with no flags on a terminal", () => {
  it("asks like get-iat-exp.py, hides the secret, and mints exp = iat + the maximum expiration", async () => {
    const { code, output } = await runOnTerminal(["600", SECRET, "jwttoken"]);
    assert.equal(code, 0, output);
    assert.match(output, /Enter the maximum expiration time in seconds: /);
    assert.match(output, /Enter the secret key: /);
    assert.match(output, /Enter the issuer: /);
    assert.ok(!output.includes(SECRET), "the typed secret was echoed");
    const token = output.trim().split(/\r?\n/).at(-1) ?? "";
    const verdict = await verifyWithPyJwt(token, SECRET, "HS256", "jwttoken");
    assert.equal(verdict.ok, true, verdict.error);
    assert.equal(verdict.claims?.exp, (verdict.claims?.iat as number) + 600);
  });

  it("refuses a non-numeric maximum expiration like the write-up's script", async () => {
    const { code, output } = await runOnTerminal(["ten minutes"]);
    assert.notEqual(code, 0);
    assert.match(output, /the maximum expiration time must be a whole number of seconds/);
  });
});
