/**
 * The stand-in's Admin API HTTP handler (the stand-in is a TEST DOUBLE reproducing recorded Kong
 * behaviour, not Kong): JSON bodies, injected faults, the request log, routing and Kong-shaped
 * errors (404 {"message":"Not found"}, 405, 400 for unparsable JSON, 500 for the unexpected).
 */
import { IncomingMessage, ServerResponse } from "node:http";
import { ApiError } from "./errors";
import { Json } from "./json";
import { RouteSpec, findRoute } from "./admin/router";
import { RequestLog } from "./requestLog";
import { StandInContext } from "./standInContext";

const JSON_TYPE = "application/json; charset=utf-8";

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body?: Json): void {
  if (status === 204 || body === undefined) {
    res.writeHead(status, { "content-length": "0" });
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": JSON_TYPE, "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function parseBody(raw: Buffer, contentType: string | undefined): Json | undefined {
  if (raw.length === 0) return undefined;
  const text = raw.toString("utf8");
  if (contentType && contentType.includes("application/x-www-form-urlencoded")) {
    const out: Record<string, Json> = {};
    for (const [k, v] of new URLSearchParams(text)) out[k] = v;
    return out;
  }
  try {
    return JSON.parse(text) as Json;
  } catch {
    throw new ApiError(400, { message: "Cannot parse JSON body" });
  }
}

export function adminHandler(
  ctx: StandInContext,
  routes: readonly RouteSpec[],
  log: RequestLog,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const method = (req.method ?? "GET").toUpperCase();
    const rawPath = req.url ?? "/";
    const fault = log.takeFault(method, rawPath);
    if (fault) {
      log.record({
        target: "admin",
        method,
        path: rawPath,
        status: fault.reset ? 0 : fault.status!,
      });
      if (fault.reset) {
        req.socket.destroy();
        return;
      }
      sendJson(res, fault.status!, { message: `injected fault (stand-in): ${fault.status}` });
      return;
    }
    readBody(req)
      .then((raw) => {
        const url = new URL(rawPath, "http://stand-in");
        let status: number;
        let body: Json | undefined;
        try {
          const match = findRoute(routes, method, url.pathname);
          if (match === undefined) throw new ApiError(404, { message: "Not found" });
          if (match === "method not allowed")
            throw new ApiError(405, { message: "Method not allowed" });
          const result = match.spec.handler({
            method,
            path: url.pathname,
            params: match.params,
            query: url.searchParams,
            body: parseBody(raw, req.headers["content-type"]),
            ctx,
          });
          status = result.status;
          body = result.body;
        } catch (err) {
          if (err instanceof ApiError) {
            status = err.status;
            body = err.body;
          } else {
            status = 500;
            body = { message: "An unexpected error occurred" };
            console.error("stand-in admin error:", err);
          }
        }
        log.record({ target: "admin", method, path: rawPath, status });
        sendJson(res, status, body);
      })
      .catch(() => req.socket.destroy());
  };
}
