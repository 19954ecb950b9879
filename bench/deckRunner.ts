/**
 * Runs decK (Kong's declarative sync tool; Debian package `deck`) for the side-by-side figures:
 * writes a decK state file for N consumers with JWT credentials and syncs it into an Admin API.
 *
 * decK 1.x (`deck sync`) and decK >= 1.28 (`deck gateway sync`) are both handled. Entities are
 * scoped with `--select-tag`, so a sync touches only the benchmark's own consumers (decK then
 * deletes every entity with that tag that the file does not hold).
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import type { BenchConsumer } from "./consumerFixtures";

export interface DeckInfo {
  readonly path: string;
  readonly version: string;
  /** ["sync"] (decK 1.x before 1.28) or ["gateway", "sync"]. */
  readonly syncCommand: readonly string[];
}

export interface DeckSyncResult {
  readonly wallMs: number;
  readonly stdout: string;
}

function exec(
  file: string,
  args: readonly string[],
  timeoutMs = 300_000,
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      [...args],
      { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) {
          reject(
            new Error(`${file} ${args.join(" ")} failed: ${err.message}\n${stderr}\n${stdout}`),
          );
        } else {
          resolve({ stdout, stderr });
        }
      },
    );
  });
}

export const DECK_MISSING =
  "decK is not installed (no `deck` on PATH). On Debian/Ubuntu: `apt-get install -y deck`; " +
  "elsewhere see https://docs.konghq.com/deck/. The side-by-side decK figures need it.";

/** Finds `deck` on PATH and its version; throws a clear message when it is missing. */
export async function findDeck(): Promise<DeckInfo> {
  let stdout: string;
  try {
    ({ stdout } = await exec("deck", ["version"], 20_000));
  } catch (e) {
    const missing = /ENOENT/.test(String(e));
    throw new Error(missing ? DECK_MISSING : `decK did not run: ${String(e)}`);
  }
  const m = stdout.match(/(\d+)\.(\d+)\.(\d+)/);
  if (!m) throw new Error(`decK printed no version: ${stdout.trim()}`);
  const [major, minor] = [Number(m[1]), Number(m[2])];
  const gateway = major > 1 || (major === 1 && minor >= 28);
  return { path: "deck", version: m[0], syncCommand: gateway ? ["gateway", "sync"] : ["sync"] };
}

/** A decK state file (YAML) holding `consumers`, each with its JWT credential, tagged `tag`. */
export function deckStateYaml(consumers: readonly BenchConsumer[], tag: string): string {
  const YAML = require("yaml") as typeof import("yaml");
  return YAML.stringify({
    _format_version: "1.1",
    consumers: consumers.map((c) => ({
      username: c.username,
      tags: [tag],
      jwt_secrets: [{ key: c.key, algorithm: "HS256", secret: c.secret, tags: [tag] }],
    })),
  });
}

/** `deck sync` of a state file into `adminUrl`, scoped to `tag`, timed from spawn to exit. */
export async function deckSync(
  deck: DeckInfo,
  opts: { adminUrl: string; stateFile: string; tag: string; parallelism: number },
): Promise<DeckSyncResult> {
  const args = [
    ...deck.syncCommand,
    "--kong-addr",
    opts.adminUrl,
    "-s",
    opts.stateFile,
    "--select-tag",
    opts.tag,
    "--parallelism",
    String(opts.parallelism),
    "--no-color",
  ];
  const start = process.hrtime.bigint();
  const { stdout } = await exec(deck.path, args);
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  return { wallMs, stdout };
}

/** Writes a decK state file for `consumers` and returns its path. */
export async function writeDeckState(
  file: string,
  consumers: readonly BenchConsumer[],
  tag: string,
): Promise<string> {
  await fs.promises.writeFile(file, deckStateYaml(consumers, tag));
  return file;
}
