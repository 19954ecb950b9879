/**
 * Layering: bench/ and localEngine/ never import or require anything under test/ (the stand-in,
 * a test double, is run by bench/ as a program of its own; see bench/standInProcess.ts).
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { REPO_ROOT } from "../../localEngine";

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "results" ? [] : tsFiles(full);
    return e.name.endsWith(".ts") ? [full] : [];
  });
}

test("bench/ and localEngine/ import nothing from test/", () => {
  const offenders: string[] = [];
  for (const dir of ["bench", "localEngine"]) {
    for (const file of tsFiles(path.join(REPO_ROOT, dir))) {
      const text = fs.readFileSync(file, "utf8");
      const specifiers = [
        ...text.matchAll(/(?:from|import|require)\s*\(?\s*["']([^"']+)["']/g),
      ].map((m) => m[1]!);
      for (const s of specifiers) {
        if (!s.startsWith(".")) continue;
        const target = path.resolve(path.dirname(file), s);
        if (target.startsWith(path.join(REPO_ROOT, "test") + path.sep)) {
          offenders.push(`${path.relative(REPO_ROOT, file)} → ${s}`);
        }
      }
      if (/path\.join\([^)]*"test"/.test(text) && /require\(path\.join/.test(text)) {
        offenders.push(`${path.relative(REPO_ROOT, file)} → require(path.join(... "test" ...))`);
      }
    }
  }
  assert.deepEqual(offenders, []);
});
