/**
 * The verification's command line signs with the current credential of the list, reading its
 * signing key from stdin: the HMAC secret for HS*, the generated private key for RS* and ES*.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { KongLabConfig } from "../../../config/types";
import { smokeCheckCommand } from "../../../components/verification/smokeCheckCommand";
import { labConfig } from "../../kong/labFixture";

const lab = (credentials: KongLabConfig["credentials"], currentCredentialKey: string) =>
  labConfig({ credentials, currentCredentialKey });

test("an HS256 rotation in progress: signs as the current key, the secret from stdin", () => {
  const line = smokeCheckCommand(
    "http://127.0.0.1:8000",
    lab(
      [
        { key: "old-key", algorithm: "HS256" },
        { key: "new-key", algorithm: "HS512" },
      ],
      "new-key",
    ),
  );
  assert.match(line, /--iss 'new-key' --alg 'HS512'/);
  assert.match(line, /--secret-file '\/dev\/stdin'/);
  assert.doesNotMatch(line, /old-key|--key-file/);
});

test("a generated RS256 key pair: the private key from stdin", () => {
  const line = smokeCheckCommand(
    "http://127.0.0.1:8000",
    lab([{ key: "rsa-key", algorithm: "RS256" }], "rsa-key"),
  );
  assert.match(line, /--iss 'rsa-key' --alg 'RS256'/);
  assert.match(line, /--key-file '\/dev\/stdin'/);
  assert.doesNotMatch(line, /--secret-file/);
});
