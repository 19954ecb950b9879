/**
 * The stand-in's proxy side (the stand-in is a TEST DOUBLE reproducing recorded Kong behaviour, not
 * Kong): route matching (paths as prefixes or `~` regexes, methods, hosts, headers), the jwt plugin
 * (route, then service, then global scope), and real HTTP forwarding to the service's upstream URL
 * with strip_path, the X-Forwarded-* / X-Real-IP headers, the consumer headers (and in 3.9.3 Via and
 * X-Kong-Request-Id). No route → 404 {"message":"no Route matched with those values"}.
 */
import { randomBytes } from "node:crypto";
import http, { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import https from "node:https";
import { readBody } from "./adminServer";
import { Json, JsonObject, isObject } from "./json";
import { runJwtPlugin } from "./jwtPlugin";
import { RequestLog } from "./requestLog";
import { StandInContext } from "./standInContext";

interface RouteMatch {
  readonly route: JsonObject;
  readonly service: JsonObject;
  /** The part of the request path the route's path matched ("" when the route has no paths). */
  readonly matchedPrefix: string;
  readonly score: number;
}

const HOP_BY_HOP = [
  "connection",
  "keep-alive",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
];

function list(value: Json | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function hostMatches(patterns: string[], host: string): boolean {
  return patterns.some((p) => {
    const [name] = p.split(":");
    if (name.startsWith("*.")) return host.endsWith(name.slice(1));
    if (name.endsWith(".*")) return host.startsWith(name.slice(0, -1));
    return name === host;
  });
}

function pathMatch(paths: string[], requestPath: string): string | undefined {
  let best: string | undefined;
  for (const p of paths) {
    let matched: string | undefined;
    if (p.startsWith("~")) {
      const m = new RegExp(`^${p.slice(1)}`).exec(requestPath);
      if (m) matched = m[0];
    } else if (requestPath.startsWith(p)) {
      matched = p;
    }
    if (matched !== undefined && (best === undefined || matched.length > best.length))
      best = matched;
  }
  return best;
}

export function matchRoute(
  ctx: StandInContext,
  method: string,
  requestPath: string,
  host: string,
  headers: IncomingMessage["headers"],
): RouteMatch | undefined {
  let best: RouteMatch | undefined;
  for (const route of ctx.store.all("routes")) {
    if (!list(route.protocols).includes("http")) continue;
    const ref = route.service;
    const service =
      isObject(ref) && typeof ref.id === "string" ? ctx.store.get("services", ref.id) : undefined;
    if (!service || service.enabled === false) continue;
    const methods = list(route.methods);
    if (methods.length > 0 && !methods.includes(method)) continue;
    const hosts = list(route.hosts);
    if (hosts.length > 0 && !hostMatches(hosts, host)) continue;
    const wanted = isObject(route.headers) ? route.headers : {};
    const headerOk = Object.entries(wanted).every(([name, values]) => {
      const got = headers[name.toLowerCase()];
      const have = Array.isArray(got) ? got : got === undefined ? [] : [got];
      return list(values).some((v) => have.some((h) => h.toLowerCase() === v.toLowerCase()));
    });
    if (!headerOk) continue;
    const paths = list(route.paths);
    let matchedPrefix = "";
    if (paths.length > 0) {
      const m = pathMatch(paths, requestPath);
      if (m === undefined) continue;
      matchedPrefix = m;
    }
    const attributes =
      (hosts.length > 0 ? 4 : 0) +
      (Object.keys(wanted).length > 0 ? 2 : 0) +
      (methods.length > 0 ? 1 : 0);
    const score = attributes * 100000 + matchedPrefix.length;
    if (!best || score > best.score) best = { route, service, matchedPrefix, score };
  }
  return best;
}

/** The upstream path for Kong's path_handling v0 (the default). */
export function upstreamPath(
  servicePath: string | null,
  route: JsonObject,
  requestPath: string,
  prefix: string,
): string {
  const rest = route.strip_path === true ? requestPath.slice(prefix.length) : requestPath;
  const base = servicePath ?? "/";
  if (base === "/") return rest.startsWith("/") ? rest : `/${rest}`;
  if (rest === "") return base;
  if (base.endsWith("/") && rest.startsWith("/")) return base + rest.slice(1);
  if (!base.endsWith("/") && !rest.startsWith("/") && route.path_handling === "v1")
    return `${base}/${rest}`;
  return base + rest;
}

function jwtPluginFor(ctx: StandInContext, match: RouteMatch): JsonObject | undefined {
  const jwts = ctx.store.all("plugins").filter((p) => p.name === "jwt" && p.enabled !== false);
  const refId = (p: JsonObject, field: string) =>
    isObject(p[field]) ? (p[field] as JsonObject).id : null;
  return (
    jwts.find((p) => refId(p, "route") === match.route.id && refId(p, "service") === null) ??
    jwts.find((p) => refId(p, "route") === match.route.id) ??
    jwts.find((p) => refId(p, "service") === match.service.id && refId(p, "route") === null) ??
    jwts.find(
      (p) =>
        refId(p, "service") === null && refId(p, "route") === null && refId(p, "consumer") === null,
    )
  );
}

function clientIp(req: IncomingMessage): string {
  const ip = req.socket.remoteAddress ?? "127.0.0.1";
  return ip.startsWith("::ffff:") ? ip.slice(7) : ip;
}

export function proxyHandler(
  ctx: StandInContext,
  log: RequestLog,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const method = (req.method ?? "GET").toUpperCase();
    const rawPath = req.url ?? "/";
    const requestId = randomBytes(16).toString("hex");
    const finish = (status: number, body: JsonObject, headers: Record<string, string> = {}) => {
      log.record({ target: "proxy", method, path: rawPath, status });
      const text = JSON.stringify(body);
      res.writeHead(status, {
        ...headers,
        "content-type": "application/json; charset=utf-8",
        "content-length": Buffer.byteLength(text),
      });
      res.end(text);
    };
    const withRequestId = (body: JsonObject): JsonObject =>
      ctx.traits.requestIds ? { ...body, request_id: requestId } : body;

    readBody(req)
      .then(async (body) => {
        const url = new URL(rawPath, "http://stand-in");
        const hostHeader = req.headers.host ?? "";
        const host = hostHeader.replace(/:\d+$/, "");
        const match = matchRoute(ctx, method, url.pathname, host, req.headers);
        if (!match) {
          finish(404, withRequestId({ message: "no Route matched with those values" }));
          return;
        }
        const headers: OutgoingHttpHeaders = {};
        for (const [name, value] of Object.entries(req.headers)) {
          if (value === undefined || HOP_BY_HOP.includes(name) || name === "host") continue;
          if (/^x-(consumer-|credential-identifier$|anonymous-consumer$)/.test(name)) continue;
          headers[name] = value;
        }
        const plugin = jwtPluginFor(ctx, match);
        if (plugin && isObject(plugin.config)) {
          const outcome = runJwtPlugin(ctx, plugin.config, method, url, req.headers);
          if (outcome !== "skip") {
            if (!outcome.ok) {
              finish(outcome.status, outcome.body, outcome.headers);
              return;
            }
            headers["x-consumer-id"] = String(outcome.consumer.id);
            if (typeof outcome.consumer.username === "string") {
              headers["x-consumer-username"] = outcome.consumer.username;
            }
            if (typeof outcome.consumer.custom_id === "string") {
              headers["x-consumer-custom-id"] = outcome.consumer.custom_id;
            }
            if (outcome.credential)
              headers["x-credential-identifier"] = String(outcome.credential.key);
            if (outcome.anonymous) headers["x-anonymous-consumer"] = "true";
          }
        }
        await forward(ctx, req, res, match, url, headers, body, requestId, (status) =>
          log.record({ target: "proxy", method, path: rawPath, status }),
        ).catch((err: NodeJS.ErrnoException) => {
          const timedOut = err.code === "ETIMEDOUT";
          finish(
            timedOut ? 504 : 502,
            withRequestId({
              message: timedOut
                ? "The upstream server is timing out"
                : "An invalid response was received from the upstream server",
            }),
          );
        });
      })
      .catch(() => req.socket.destroy());
  };
}

function forward(
  ctx: StandInContext,
  req: IncomingMessage,
  res: ServerResponse,
  match: RouteMatch,
  url: URL,
  headers: OutgoingHttpHeaders,
  body: Buffer,
  requestId: string,
  recorded: (status: number) => void,
): Promise<void> {
  const { service, route } = match;
  const protocol = service.protocol === "https" ? "https" : "http";
  const upstreamHost = String(service.host);
  const port = typeof service.port === "number" ? service.port : protocol === "https" ? 443 : 80;
  const defaultPort = protocol === "https" ? 443 : 80;
  const clientHost = (req.headers.host ?? "").replace(/:\d+$/, "");
  const ip = clientIp(req);
  const xff = req.headers["x-forwarded-for"];

  headers.host =
    route.preserve_host === true
      ? req.headers.host
      : port === defaultPort
        ? upstreamHost
        : `${upstreamHost}:${port}`;
  headers.connection = "keep-alive";
  headers["x-forwarded-for"] = xff ? `${String(xff)}, ${ip}` : ip;
  headers["x-forwarded-proto"] = "http";
  headers["x-forwarded-host"] = clientHost;
  headers["x-forwarded-port"] = String(req.socket.localPort ?? "");
  headers["x-forwarded-path"] = url.pathname;
  headers["x-real-ip"] = ip;
  if (route.strip_path === true && match.matchedPrefix !== "") {
    headers["x-forwarded-prefix"] = match.matchedPrefix;
  }
  if (ctx.traits.requestIds) {
    headers.via = `1.1 kong/${ctx.traits.version}`;
    headers["x-kong-request-id"] = requestId;
  }
  if (body.length > 0 || !["GET", "HEAD", "DELETE", "OPTIONS"].includes(req.method ?? "GET")) {
    headers["content-length"] = String(body.length);
  }
  const servicePath = typeof service.path === "string" ? service.path : null;
  const path = upstreamPath(servicePath, route, url.pathname, match.matchedPrefix) + url.search;
  const timeout = typeof service.read_timeout === "number" ? service.read_timeout : 60000;

  return new Promise((resolve, reject) => {
    const started = Date.now();
    const client = protocol === "https" ? https : http;
    const upstream = client.request(
      {
        host: upstreamHost,
        port,
        method: req.method,
        path,
        headers,
        timeout,
        rejectUnauthorized: false,
      },
      (upRes) => {
        const out: OutgoingHttpHeaders = {};
        for (const [name, value] of Object.entries(upRes.headers)) {
          if (value !== undefined && !HOP_BY_HOP.includes(name)) out[name] = value;
        }
        out["x-kong-upstream-latency"] = String(Date.now() - started);
        out["x-kong-proxy-latency"] = "0";
        out.via = ctx.traits.requestIds
          ? `1.1 kong/${ctx.traits.version}`
          : `kong/${ctx.traits.version}`;
        if (ctx.traits.requestIds) out["x-kong-request-id"] = requestId;
        res.writeHead(upRes.statusCode ?? 502, out);
        upRes.pipe(res);
        upRes.on("end", () => {
          recorded(upRes.statusCode ?? 502);
          resolve();
        });
        upRes.on("error", () => resolve());
      },
    );
    upstream.on("timeout", () => {
      const err: NodeJS.ErrnoException = new Error("upstream timeout");
      err.code = "ETIMEDOUT";
      upstream.destroy(err);
    });
    upstream.on("error", reject);
    upstream.end(body);
  });
}
