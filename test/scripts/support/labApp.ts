import { spawn } from "node:child_process";
import * as path from "node:path";
import { labPython, REPO_ROOT } from "./labPython";

export interface RunningLabApp {
  /** e.g. http://127.0.0.1:41234 */
  readonly url: string;
  close(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 20_000;

/** Starts the real FastAPI app (app/main.py) under uvicorn on 127.0.0.1, on a port the OS picks. */
export function startLabApp(): Promise<RunningLabApp> {
  const child = spawn(
    labPython(),
    ["-m", "uvicorn", "main:app", "--host", "127.0.0.1", "--port", "0", "--no-access-log"],
    {
      cwd: path.join(REPO_ROOT, "app"),
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, PYTHONUNBUFFERED: "1" },
    },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    }
  };
  return new Promise((resolve, reject) => {
    let log = "";
    const timer = setTimeout(() => {
      void close();
      reject(new Error(`uvicorn did not start within ${STARTUP_TIMEOUT_MS} ms:\n${log}`));
    }, STARTUP_TIMEOUT_MS);
    child.stderr.on("data", (data: Buffer) => {
      log += data.toString();
      const match = /Uvicorn running on (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1], close });
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`uvicorn exited with ${String(code)} before listening:\n${log}`));
    });
    child.once("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}
