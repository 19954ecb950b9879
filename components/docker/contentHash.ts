/** A short, stable hash of a build context's files, used as the local image tag (never `latest`). */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";

/** Folders that never reach the image (tests, caches, virtualenvs). */
export const IGNORED_DIRECTORIES = new Set([
  "tests",
  "__pycache__",
  ".pytest_cache",
  ".venv",
  ".mypy_cache",
  ".ruff_cache",
]);

/** sha256 over relative paths and contents of every file under `dir`, sorted; first 12 hex digits. */
export function contentHash(dir: string): string {
  const hash = crypto.createHash("sha256");
  const walk = (current: string) => {
    const entries = fs.readdirSync(current, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (!IGNORED_DIRECTORIES.has(entry.name)) walk(full);
      } else if (entry.isFile() && !entry.name.endsWith(".pyc")) {
        hash.update(path.relative(dir, full).split(path.sep).join("/"));
        hash.update("\0");
        hash.update(fs.readFileSync(full));
        hash.update("\0");
      }
    }
  };
  walk(dir);
  return hash.digest("hex").slice(0, 12);
}
