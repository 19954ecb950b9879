/**
 * The echo upstream the recordings used (there on 127.0.0.1:9997): answers every request with 200
 * and JSON {method, path, query, headers}. The replay test of the Kong stand-in (a test double of
 * Kong, not Kong) starts one on an ephemeral port.
 */
import http, { Server } from "node:http";
import { AddressInfo } from "node:net";

export interface EchoUpstream {
  readonly port: number;
  close(): Promise<void>;
}

export async function startEchoUpstream(): Promise<EchoUpstream> {
  const server: Server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://echo");
      const query: Record<string, string | string[]> = {};
      for (const key of new Set(url.searchParams.keys())) {
        const values = url.searchParams.getAll(key);
        query[key] = values.length === 1 ? values[0] : values;
      }
      const body = JSON.stringify({
        method: req.method,
        path: url.pathname,
        query,
        headers: req.headers,
      });
      res.writeHead(200, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(body),
      });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
