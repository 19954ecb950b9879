/**
 * A recording HTTP proxy for Kong's Admin API: listens on 127.0.0.1 (ephemeral port by default),
 * forwards every request unchanged to `targetUrl` (the stand-in or any real Kong) and counts the
 * requests per method and per path pattern, so a benchmark step can say what it cost on the wire
 * whatever sits behind the Admin API URL.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

export interface ProxiedRequest {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  /** `path` with names and ids replaced by `{}`: /consumers/{}/jwt/{}. */
  readonly pattern: string;
  /** Upstream status; 502 when the target could not be reached. */
  readonly status: number;
}

export interface RequestCounts {
  readonly total: number;
  /** Requests that change state: every method except GET, HEAD and OPTIONS. */
  readonly writes: number;
  readonly reads: number;
  readonly byMethod: Record<string, number>;
  /** Keys read "METHOD /pattern". */
  readonly byPattern: Record<string, number>;
}

export interface RecordingProxy {
  /** "http://127.0.0.1:<port>": give this to the client instead of the Admin API URL. */
  readonly url: string;
  readonly targetUrl: string;
  /** Every answered request since the start or the last `reset()`, in answer order. */
  readonly requests: readonly ProxiedRequest[];
  counts(): RequestCounts;
  reset(): void;
  close(): Promise<void>;
}

export interface RecordingProxyOptions {
  readonly host?: string;
  readonly port?: number;
}

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Segments of Kong Admin API paths that name an endpoint rather than an entity. */
const ENDPOINT_WORDS = new Set([
  "acls",
  "basic-auths",
  "ca_certificates",
  "certificates",
  "config",
  "consumer_groups",
  "consumers",
  "endpoints",
  "hmac-auths",
  "jwt",
  "jwts",
  "key-auths",
  "keys",
  "plugins",
  "routes",
  "schemas",
  "services",
  "snis",
  "status",
  "tags",
  "targets",
  "upstreams",
  "validate",
  "vaults",
  "workspaces",
]);

/**
 * "/consumers/alice/jwt/k1?x=1" → "/consumers/{}/jwt/{}": endpoint words stay, the rest become {}.
 * Schema paths (/schemas/plugins/jwt) stay as they are.
 */
export function pathPattern(rawPath: string): string {
  const path = rawPath.split("?")[0] ?? "";
  const segments = path.split("/").filter((s) => s.length > 0);
  // Schema paths name schemas (a handful), not entities: kept as they are.
  if (segments[0] === "schemas") return "/" + segments.join("/");
  return "/" + segments.map((s) => (ENDPOINT_WORDS.has(s) ? s : "{}")).join("/");
}

/** Counts per method and pattern; writes are everything except GET, HEAD and OPTIONS. */
export function countRequests(
  requests: readonly { method: string; path: string }[],
): RequestCounts {
  const byMethod: Record<string, number> = {};
  const byPattern: Record<string, number> = {};
  let writes = 0;
  for (const r of requests) {
    const method = r.method.toUpperCase();
    byMethod[method] = (byMethod[method] ?? 0) + 1;
    const key = `${method} ${pathPattern(r.path)}`;
    byPattern[key] = (byPattern[key] ?? 0) + 1;
    if (!READ_METHODS.has(method)) writes++;
  }
  return { total: requests.length, writes, reads: requests.length - writes, byMethod, byPattern };
}

export async function startRecordingProxy(
  targetUrl: string,
  opts: RecordingProxyOptions = {},
): Promise<RecordingProxy> {
  const target = new URL(targetUrl);
  if (target.protocol !== "http:") {
    throw new Error(`recording proxy: only http:// Admin API URLs are supported, got ${targetUrl}`);
  }
  const basePath = target.pathname.replace(/\/+$/, "");
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  let requests: ProxiedRequest[] = [];

  const server = http.createServer((req, res) => {
    const method = (req.method ?? "GET").toUpperCase();
    const rawPath = req.url ?? "/";
    const path = rawPath.split("?")[0] ?? "/";
    const record = (status: number) =>
      requests.push({ method, path, pattern: pathPattern(path), status });
    const headers = { ...req.headers, host: target.host };
    const upstream = http.request(
      {
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port || 80,
        method,
        path: basePath + rawPath,
        headers,
        agent,
      },
      (upRes) => {
        // Counted before the first byte goes back, so a client that has its answer sees it counted.
        record(upRes.statusCode ?? 502);
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      },
    );
    upstream.on("error", (err) => {
      record(502);
      if (!res.headersSent) {
        res.writeHead(502, { "content-type": "application/json" });
      }
      res.end(
        JSON.stringify({ message: `recording proxy: ${targetUrl} unreachable: ${err.message}` }),
      );
    });
    req.pipe(upstream);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;

  return {
    url: `http://${address}:${port}`,
    targetUrl,
    get requests() {
      return requests;
    },
    counts: () => countRequests(requests),
    reset: () => {
      requests = [];
    },
    close: async () => {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
