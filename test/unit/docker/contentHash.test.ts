import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { contentHash } from "../../../components/docker/contentHash";

function tempApp(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "content-hash-"));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

test("same files → same 12-hex tag; a changed file → a different tag", () => {
  const a = tempApp({ Dockerfile: "FROM x", "main.py": "print(1)" });
  const b = tempApp({ "main.py": "print(1)", Dockerfile: "FROM x" });
  const c = tempApp({ Dockerfile: "FROM x", "main.py": "print(2)" });
  assert.match(contentHash(a), /^[0-9a-f]{12}$/);
  assert.equal(contentHash(a), contentHash(b));
  assert.notEqual(contentHash(a), contentHash(c));
});

test("a renamed file changes the tag; tests and caches do not", () => {
  const base = { Dockerfile: "FROM x", "main.py": "print(1)" };
  const a = tempApp(base);
  assert.notEqual(
    contentHash(a),
    contentHash(tempApp({ Dockerfile: "FROM x", "app.py": "print(1)" })),
  );
  const withNoise = tempApp({
    ...base,
    "tests/test_main.py": "def test(): pass",
    "__pycache__/main.cpython-312.pyc": "bytes",
    ".pytest_cache/v/cache": "{}",
  });
  assert.equal(contentHash(a), contentHash(withNoise));
});
