/**
 * The Kong stand-in (test/kong-standin, a TEST DOUBLE of Kong's Admin API and proxy, not Kong) as
 * the benchmarks' default target. bench/ never imports test/: the stand-in runs as its own program
 * (test/kong-standin/main.ts, through tsx), the way a real Kong is a process of its own, and is
 * reached over HTTP like any `--admin-url`.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { REPO_ROOT } from "../localEngine";

export interface StandInProcess {
  readonly adminUrl: string;
  readonly proxyUrl: string;
  close(): Promise<void>;
}

/** Starts the stand-in program acting as `version` and waits for its URLs (its first line). */
export function startStandInProcess(version: "3.9.3" | "2.8.4"): Promise<StandInProcess> {
  const main = path.join(REPO_ROOT, "test", "kong-standin", "main.ts");
  const child = spawn(process.execPath, ["--import", "tsx", main, "--version", version], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    let out = "";
    const onData = (d: Buffer) => {
      out += d.toString();
      const newline = out.indexOf("\n");
      if (newline < 0) return;
      child.stdout.off("data", onData);
      try {
        const { adminUrl, proxyUrl } = JSON.parse(out.slice(0, newline)) as StandInProcess;
        resolve({
          adminUrl,
          proxyUrl,
          close: async () => {
            if (child.exitCode === null) child.kill("SIGTERM");
            await exited;
          },
        });
      } catch (e) {
        child.kill("SIGTERM");
        reject(new Error(`the stand-in printed no URLs: ${String(e)}\n${out}${stderr}`));
      }
    };
    child.stdout.on("data", onData);
    child.once("exit", (code) =>
      reject(
        new Error(`the stand-in exited (code ${String(code)}) before it was ready\n${stderr}`),
      ),
    );
  });
}
