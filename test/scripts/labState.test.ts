/** scripts/lib/labState.ts: the npm scripts find the lab's own state by lab.sh's rule. */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { labStateEnv } from "../../scripts/lib/labState";

test("with .pulumi-state/ and no PULUMI_BACKEND_URL: that backend and its passphrase file", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lab-state-"));
  try {
    const env = labStateEnv({ PATH: "/bin", PULUMI_CONFIG_PASSPHRASE: "other" }, dir);
    assert.equal(env.PULUMI_BACKEND_URL, `file://${dir}`);
    assert.equal(env.PULUMI_CONFIG_PASSPHRASE_FILE, path.join(dir, "passphrase"));
    assert.equal(
      env.PULUMI_CONFIG_PASSPHRASE,
      undefined,
      "a stray passphrase would win over the file",
    );
    assert.equal(env.PATH, "/bin");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a chosen backend (PULUMI_BACKEND_URL) or no .pulumi-state/: the environment unchanged", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lab-state-"));
  try {
    const chosen = { PULUMI_BACKEND_URL: "s3://bucket" };
    assert.equal(labStateEnv(chosen, dir), chosen);
    const none = { PATH: "/bin" };
    assert.equal(labStateEnv(none, path.join(dir, "missing")), none);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
