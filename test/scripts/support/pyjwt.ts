import { labPython } from "./labPython";
import { runProcess } from "./runProcess";

const VERIFY = `
import json, sys, jwt
req = json.load(sys.stdin)
try:
    claims = jwt.decode(req["token"], req["key"], algorithms=[req["alg"]], issuer=req["iss"],
                        options={"require": ["exp", "iat", "iss"]})
    header = jwt.get_unverified_header(req["token"])
    print(json.dumps({"ok": True, "claims": claims, "header": header}))
except Exception as e:
    print(json.dumps({"ok": False, "error": type(e).__name__ + ": " + str(e)}))
`;

export interface PyJwtVerdict {
  readonly ok: boolean;
  readonly claims?: Record<string, unknown>;
  readonly header?: Record<string, unknown>;
  readonly error?: string;
}

/** Verifies `token` with PyJWT (signature, exp, iss, required claims); `key` is a secret or a PEM public key. */
export async function verifyWithPyJwt(
  token: string,
  key: string,
  alg: string,
  iss: string,
): Promise<PyJwtVerdict> {
  const result = await runProcess(labPython(), ["-c", VERIFY], {
    input: JSON.stringify({ token, key, alg, iss }),
  });
  if (result.code !== 0) throw new Error(`PyJWT verifier failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as PyJwtVerdict;
}
