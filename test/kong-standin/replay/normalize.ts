/**
 * Normalizes what the Kong stand-in (a TEST DOUBLE, not Kong) answers exactly the way the recorded
 * transcripts were normalized (../transcripts/README.md, "Normalization"), and maps the
 * installation-dependent values of the replay onto those of the recording:
 *
 * - UUIDs → "<uuid:N>", N by first appearance in the file (ids the replay put into requests for a
 *   recorded "<uuid:N>" keep that N); created_at / updated_at numbers → "<timestamp>".
 * - GET / volatile values (hostname, node_id, pids, timers), GET /status counters, `request_id`
 *   and the upstream's `x-kong-request-id` → "<volatile>".
 * - Filesystem paths → "<path>" (system directories anywhere; in GET / configuration also every
 *   other absolute path, lua_package_path/cpath, prefix, kong_env and log settings).
 * - Values generated for an omitted credential key / secret → "<generated>" (checked to be 32
 *   alphanumeric characters first); `offset` and `offset=` in `next` → "<offset>".
 * - Minted tokens → "<token:i>"; enabled_plugins / enabled_in_cluster sorted.
 * - Installation values: the recording's echo upstream was 127.0.0.1:9997 and its listeners were
 *   fixed ports (2.8.4: proxy 8000, admin 8001; 3.9.3: proxy 9000, admin 9001); the replay's echo
 *   upstream and the stand-in listen on ephemeral ports. Request bodies get the real echo address,
 *   and in responses the real ports are mapped back to the recorded ones: "127.0.0.1:<port>" in
 *   strings, `port` fields, and the upstream's `x-forwarded-port`. Nothing else is rewritten.
 */
import { randomUUID } from "node:crypto";
import { Json, JsonObject, isObject } from "../json";

const UUID_G = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const SYSTEM_PATH =
  /(^|[\s"'=:;,(])\/(work|tmp|root|home|usr|etc|var|opt|srv|run|lib|lib64|bin|sbin|proc|sys|dev|mnt|media|boot|nix|snap)(\/|$|[\s"';,)])/;
const GENERATED = /^[A-Za-z0-9]{32}$/;

export interface PortMapping {
  readonly real: number;
  readonly recorded: number;
}

export class ReplayNormalizer {
  private readonly uuidByN = new Map<number, string>();
  private readonly nByUuid = new Map<string, number>();
  private readonly generated = new Set<string>();
  private lastOffset: string | undefined;
  tokens: string[] = [];

  constructor(
    private readonly ports: readonly PortMapping[],
    private readonly echo: PortMapping,
  ) {}

  // ---- requests -------------------------------------------------------------------------------

  private realUuid(n: number): string {
    let id = this.uuidByN.get(n);
    if (!id) {
      id = randomUUID();
      this.bind(n, id);
    }
    return id;
  }

  private bind(n: number, id: string): void {
    this.uuidByN.set(n, id);
    this.nByUuid.set(id.toLowerCase(), n);
  }

  substitute(text: string): string {
    return text
      .replace(/<uuid:(\d+)>/g, (_m, n: string) => this.realUuid(Number(n)))
      .replace(/<offset>/g, () => {
        if (this.lastOffset === undefined)
          throw new Error("<offset> used before any page gave one");
        return encodeURIComponent(this.lastOffset);
      })
      .replace(/127\.0\.0\.1:9997/g, `127.0.0.1:${this.echo.real}`);
  }

  substituteJson(value: Json): Json {
    if (typeof value === "string") return this.substitute(value);
    if (Array.isArray(value)) return value.map((v) => this.substituteJson(v));
    if (isObject(value)) {
      const out: JsonObject = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.substituteJson(v);
      return out;
    }
    return value;
  }

  // ---- responses ------------------------------------------------------------------------------

  /** Remembers credential key / secret values the stand-in generated for an omitted field. */
  noteGenerated(
    method: string,
    path: string,
    requestBody: Json | undefined,
    status: number,
    body: Json,
  ): void {
    if (status >= 300 || !isObject(body)) return;
    if (!/\/jwt(\/[^/?]+)?$/.test(path.split("?")[0]) || !["POST", "PUT"].includes(method)) return;
    const given = isObject(requestBody) ? requestBody : {};
    for (const field of ["key", "secret"]) {
      if (field === "key" && method === "PUT") continue; // the key comes from the path
      const value = body[field];
      if (given[field] === undefined && typeof value === "string" && GENERATED.test(value)) {
        this.generated.add(value);
      }
    }
  }

  private mapPorts(text: string): string {
    let out = text;
    for (const p of [this.echo, ...this.ports]) {
      out = out.split(`127.0.0.1:${p.real}`).join(`127.0.0.1:${p.recorded}`);
    }
    return out;
  }

  private uuids(text: string): string {
    return text.replace(UUID_G, (id) => {
      const key = id.toLowerCase();
      let n = this.nByUuid.get(key);
      if (n === undefined) {
        n = Math.max(0, ...this.uuidByN.keys()) + 1;
        this.bind(n, key);
      }
      return `<uuid:${n}>`;
    });
  }

  private string(text: string): string {
    if (this.generated.has(text)) return "<generated>";
    let out = text;
    this.tokens.forEach((token, i) => {
      out = out.split(token).join(`<token:${i + 1}>`);
    });
    out = this.uuids(out);
    out = this.mapPorts(out);
    if (SYSTEM_PATH.test(out)) return "<path>";
    return out;
  }

  private walk(value: Json, key: string | undefined, depth: number): Json {
    if (typeof value === "string") {
      if (key === "request_id") return "<volatile>";
      if (depth === 1 && key === "offset") {
        this.lastOffset = value;
        return "<offset>";
      }
      if (key === "next") return this.string(value.replace(/offset=[^&]*/, "offset=<offset>"));
      return this.string(value);
    }
    if (typeof value === "number") {
      if (key === "created_at" || key === "updated_at") return "<timestamp>";
      if (key === "port") {
        const mapped = [this.echo, ...this.ports].find((p) => p.real === value);
        if (mapped) return mapped.recorded;
      }
      return value;
    }
    if (Array.isArray(value)) return value.map((v) => this.walk(v, undefined, depth + 1));
    if (isObject(value)) {
      const out: JsonObject = {};
      for (const k of Object.keys(value).sort()) out[k] = this.walk(value[k], k, depth + 1);
      return out;
    }
    return value;
  }

  /** The normalized response body of one step. */
  body(target: "admin" | "proxy", method: string, path: string, body: Json): Json {
    const pathname = path.split("?")[0];
    let input = body;
    if (target === "admin" && method === "GET" && pathname === "/" && isObject(body)) {
      input = this.rootVolatiles(body);
    } else if (target === "admin" && method === "GET" && pathname === "/status" && isObject(body)) {
      input = statusVolatiles(body);
    }
    const out = this.walk(input, undefined, 0);
    if (isObject(out)) {
      if (Array.isArray(out.enabled_plugins)) out.enabled_plugins = [...out.enabled_plugins].sort();
      if (target === "proxy" && isObject(out.headers)) {
        const headers = out.headers;
        if (typeof headers["x-kong-request-id"] === "string")
          headers["x-kong-request-id"] = "<volatile>";
        const port = headers["x-forwarded-port"];
        const mapped = this.ports.find((p) => String(p.real) === port);
        if (mapped) headers["x-forwarded-port"] = String(mapped.recorded);
      }
    }
    return out;
  }

  private rootVolatiles(body: JsonObject): JsonObject {
    const out: JsonObject = { ...body };
    out.hostname = "<volatile>";
    out.node_id = "<volatile>";
    if (isObject(out.pids)) {
      const workers = Array.isArray(out.pids.workers)
        ? out.pids.workers.map(() => "<volatile>")
        : out.pids.workers;
      out.pids = { ...out.pids, master: "<volatile>", workers };
    }
    if (isObject(out.timers))
      out.timers = { ...out.timers, running: "<volatile>", pending: "<volatile>" };
    if (isObject(out.plugins) && Array.isArray(out.plugins.enabled_in_cluster)) {
      out.plugins = {
        ...out.plugins,
        enabled_in_cluster: [...out.plugins.enabled_in_cluster].sort(),
      };
    }
    if (isObject(out.configuration)) out.configuration = configurationPaths(out.configuration);
    return out;
  }
}

const CONFIG_PATH_KEYS = ["lua_package_path", "lua_package_cpath", "prefix", "kong_env"];

function configurationPaths(configuration: JsonObject): JsonObject {
  const visit = (value: Json, key: string | undefined): Json => {
    if (typeof value === "string") {
      if (key && CONFIG_PATH_KEYS.includes(key)) return "<path>";
      if (key && /_logs?$/.test(key) && value !== "off" && value.startsWith("/")) return "<path>";
      if (value.startsWith("/") && value.length > 1) return "<path>";
      return value;
    }
    if (Array.isArray(value)) return value.map((v) => visit(v, undefined));
    if (isObject(value)) {
      const out: JsonObject = {};
      for (const [k, v] of Object.entries(value)) out[k] = visit(v, k);
      return out;
    }
    return value;
  };
  return visit(configuration, undefined) as JsonObject;
}

function statusVolatiles(body: JsonObject): JsonObject {
  const out: JsonObject = JSON.parse(JSON.stringify(body)) as JsonObject;
  if (isObject(out.server)) for (const k of Object.keys(out.server)) out.server[k] = "<volatile>";
  const memory = out.memory;
  if (isObject(memory)) {
    if (Array.isArray(memory.workers_lua_vms)) {
      memory.workers_lua_vms = memory.workers_lua_vms.map((vm) =>
        isObject(vm) ? { ...vm, pid: "<volatile>", http_allocated_gc: "<volatile>" } : vm,
      );
    }
    if (isObject(memory.lua_shared_dicts)) {
      for (const dict of Object.values(memory.lua_shared_dicts)) {
        if (isObject(dict)) dict.allocated_slabs = "<volatile>";
      }
    }
  }
  return out;
}
