/**
 * A real Prometheus server (Debian's `prometheus` package, or any `prometheus` binary) started on
 * a loopback port with a generated config, for evaluating the dashboard's PromQL. scripts/test.sh
 * installs the package when it is missing and exports LAB_PROMETHEUS.
 */
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";

export const MISSING_PROMETHEUS =
  "no Prometheus server: set LAB_PROMETHEUS or put `prometheus` on PATH (Debian: `apt-get install " +
  "prometheus`; `bash scripts/test.sh` installs it when it runs as root)";

/** The prometheus binary: LAB_PROMETHEUS, else `prometheus` on PATH, else undefined. */
export function locatePrometheus(): string | undefined {
  const fromEnv = process.env.LAB_PROMETHEUS;
  if (fromEnv) return fs.existsSync(fromEnv) ? fromEnv : undefined;
  const found = spawnSync("sh", ["-c", "command -v prometheus"], { encoding: "utf8" });
  const located = found.stdout.trim();
  return found.status === 0 && located !== "" ? located : undefined;
}

/** A free TCP port on 127.0.0.1 (closed again; the caller binds it right away). */
export async function freeLoopbackPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface QueryResult {
  readonly metric: Record<string, string>;
  readonly value: number;
}

export class PrometheusServer {
  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    readonly url: string,
    private readonly log: () => string,
  ) {}

  /** Starts `binary` with `configYaml` on a free loopback port and waits until it is ready. */
  static async start(
    binary: string,
    configYaml: string,
    timeoutMs: number,
  ): Promise<PrometheusServer> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dashboard-prometheus-"));
    const configFile = path.join(dir, "prometheus.yml");
    fs.writeFileSync(configFile, configYaml);
    const port = await freeLoopbackPort();
    const child = spawn(
      binary,
      [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${path.join(dir, "data")}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    const server = new PrometheusServer(child, dir, `http://127.0.0.1:${port}`, () => output);
    await server.waitUntil(
      async () => (await fetch(`${server.url}/-/ready`).catch(() => undefined))?.ok === true,
      timeoutMs,
      "Prometheus ready",
    );
    return server;
  }

  /** Polls `check` every 200 ms until it holds; throws with Prometheus's log after `timeoutMs`. */
  async waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.child.exitCode !== null) {
        throw new Error(
          `Prometheus exited (${this.child.exitCode}) before ${what}:\n${this.log()}`,
        );
      }
      if (await check()) return;
      if (Date.now() > deadline) {
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}:\n${this.log()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** An instant query through the HTTP API; throws on a PromQL error. */
  async query(expr: string): Promise<QueryResult[]> {
    const response = await fetch(`${this.url}/api/v1/query`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ query: expr }).toString(),
    });
    const body = (await response.json()) as {
      status: string;
      error?: string;
      data?: {
        resultType: string;
        result: { metric: Record<string, string>; value: [number, string] }[];
      };
    };
    if (body.status !== "success" || !body.data) {
      throw new Error(`query failed (${body.error ?? response.status}): ${expr}`);
    }
    if (body.data.resultType !== "vector") {
      throw new Error(`expected an instant vector, got ${body.data.resultType}: ${expr}`);
    }
    return body.data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
  }

  /** Stops the server (SIGTERM, then SIGKILL after 5 s) and removes its files. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
      this.child.kill("SIGTERM");
      const timer = setTimeout(() => this.child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
