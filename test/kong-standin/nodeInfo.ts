/**
 * GET /, GET /status, GET /plugins/enabled and the recorded jwt plugin schema of the stand-in
 * (a TEST DOUBLE reproducing recorded Kong behaviour, not Kong). The per-version defaults live in
 * data/node-<version>.json, derived from the transcripts (transcripts/<version>/
 * 01-root-status.json and 06-plugins.json); this module fills in the live parts: listener
 * addresses, node id, pids, counters and the plugins configured right now.
 */
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { Json, JsonObject, clone, isObject } from "./json";
import { StandInContext } from "./standInContext";
import { StandInVersion } from "./versions";

interface NodeData {
  lua_version: string;
  tagline: string;
  edition: string | null;
  available_on_server: JsonObject;
  configuration: JsonObject;
  lua_shared_dicts: Record<string, string>;
  jwt_schema: JsonObject;
}

const cache = new Map<StandInVersion, NodeData>();

export function nodeData(version: StandInVersion): NodeData {
  let data = cache.get(version);
  if (!data) {
    const file = path.join(__dirname, "data", `node-${version}.json`);
    data = JSON.parse(readFileSync(file, "utf8")) as NodeData;
    cache.set(version, data);
  }
  return data;
}

export function availablePlugins(version: StandInVersion): string[] {
  return Object.keys(nodeData(version).available_on_server).sort();
}

function rewriteListeners(value: Json, host: string, port: number): Json {
  if (!Array.isArray(value)) return value;
  return value.map((entry) => {
    if (typeof entry === "string") return `${host}:${port}`;
    if (isObject(entry)) return { ...entry, ip: host, port, listener: `${host}:${port}` };
    return entry;
  });
}

/** GET / : the recorded node information with this stand-in's listeners and live plugin list. */
export function rootInfo(ctx: StandInContext, nodeId: string): JsonObject {
  const data = nodeData(ctx.traits.version);
  const configuration = clone(data.configuration);
  const { admin, proxy } = ctx.listeners;
  configuration.admin_listen = rewriteListeners(configuration.admin_listen, admin.host, admin.port);
  configuration.admin_listeners = rewriteListeners(
    configuration.admin_listeners,
    admin.host,
    admin.port,
  );
  configuration.proxy_listen = rewriteListeners(configuration.proxy_listen, proxy.host, proxy.port);
  configuration.proxy_listeners = rewriteListeners(
    configuration.proxy_listeners,
    proxy.host,
    proxy.port,
  );
  const enabled = [...new Set(ctx.store.all("plugins").map((p) => String(p.name)))].sort();
  const body: JsonObject = {
    configuration,
    hostname: hostname(),
    lua_version: data.lua_version,
    node_id: nodeId,
    pids: { master: process.pid, workers: [process.pid, process.pid] },
    plugins: { available_on_server: clone(data.available_on_server), enabled_in_cluster: enabled },
    tagline: data.tagline,
    timers: { pending: 0, running: 0 },
    version: ctx.traits.version,
  };
  if (data.edition !== null) body.edition = data.edition;
  return body;
}

/** GET /status : recorded shape, with counters of this process. */
export function statusInfo(ctx: StandInContext, totalRequests: number): JsonObject {
  const data = nodeData(ctx.traits.version);
  const dicts: JsonObject = {};
  for (const [name, capacity] of Object.entries(data.lua_shared_dicts)) {
    dicts[name] = { allocated_slabs: "0.04 MiB", capacity };
  }
  const gc = `${(process.memoryUsage().heapUsed / 1048576).toFixed(2)} MiB`;
  return {
    database: { reachable: true },
    memory: {
      lua_shared_dicts: dicts,
      workers_lua_vms: [
        { http_allocated_gc: gc, pid: process.pid },
        { http_allocated_gc: gc, pid: process.pid },
      ],
    },
    server: {
      connections_accepted: totalRequests,
      connections_active: 1,
      connections_handled: totalRequests,
      connections_reading: 0,
      connections_waiting: 0,
      connections_writing: 1,
      total_requests: totalRequests,
    },
  };
}

export function recordedJwtSchema(version: StandInVersion): JsonObject {
  return clone(nodeData(version).jwt_schema);
}
