/**
 * What a containers-off stack points at in the CLI tests: an upstream HTTP server standing in for the
 * lab's FastAPI app (answers {"status":"Healthy"}), and the Admin API writes the Kong stand-in saw.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import type { KongStandIn } from "../kong-standin";

const WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"];

/** Admin API writes (POST/PUT/PATCH/DELETE) the stand-in received since the last clearRequests(). */
export function adminWrites(standIn: KongStandIn): Record<string, number> {
  const counts = standIn.countsByMethod("admin");
  return Object.fromEntries(WRITE_METHODS.filter((m) => counts[m]).map((m) => [m, counts[m]]));
}

export interface LabUpstream {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** "METHOD /path" of every request received. */
  readonly hits: string[];
  close(): Promise<void>;
}

/** Starts the upstream on a free loopback port. */
export async function startLabUpstream(): Promise<LabUpstream> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ status: "Healthy" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
