/**
 * Kong stand-in: a TEST DOUBLE of Kong Gateway's Admin API and proxy for the project's tests. It
 * reproduces the behaviour recorded from real Kong 2.8.4 and 3.9.3 gateways
 * (transcripts/); it is not Kong and does not claim anything was checked against Kong.
 *
 * `startKongStandIn({ version })` starts two HTTP servers on 127.0.0.1 (ephemeral ports by default):
 * the Admin API (services, routes, consumers, jwt credentials, plugins, GET /, /status, schemas) and
 * the proxy (route matching, the jwt plugin, real forwarding to the service's upstream URL).
 */
import http, { Server } from "node:http";
import { AddressInfo } from "node:net";
import { consumerRoutes } from "./admin/consumerRoutes";
import { emptyListingRoutes } from "./admin/emptyListings";
import { jwtRoutes } from "./admin/jwtRoutes";
import { nodeRoutes } from "./admin/nodeRoutes";
import { pluginRoutes } from "./admin/pluginRoutes";
import { routeRoutes } from "./admin/routeRoutes";
import { serviceRoutes } from "./admin/serviceRoutes";
import { adminHandler } from "./adminServer";
import { proxyHandler } from "./proxy";
import { FaultRule, RecordedRequest, RequestLog } from "./requestLog";
import { StandInContext } from "./standInContext";
import { EntityStore } from "./store";
import { StandInVersion, isStandInVersion, versionTraits } from "./versions";

export type { StandInVersion } from "./versions";
export type { FaultRule, RecordedRequest } from "./requestLog";

export interface StandInOptions {
  version?: StandInVersion;
  host?: string;
  adminPort?: number;
  proxyPort?: number;
}

export interface KongStandIn {
  readonly version: StandInVersion;
  readonly adminUrl: string;
  readonly proxyUrl: string;
  readonly requests: RecordedRequest[];
  countsByMethod(target?: "admin" | "proxy"): Record<string, number>;
  clearRequests(): void;
  injectFault(rule: FaultRule): void;
  snapshot(): {
    services: object[];
    routes: object[];
    consumers: object[];
    jwt_secrets: object[];
    plugins: object[];
  };
  reset(): void;
  close(): Promise<void>;
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startKongStandIn(opts: StandInOptions = {}): Promise<KongStandIn> {
  const version = opts.version ?? "3.9.3";
  if (!isStandInVersion(version))
    throw new Error(`stand-in version must be 2.8.4 or 3.9.3, got ${String(version)}`);
  const host = opts.host ?? "127.0.0.1";
  const store = new EntityStore();
  const log = new RequestLog();
  const listeners = { admin: { host, port: 0 }, proxy: { host, port: 0 } };
  const ctx: StandInContext = { store, traits: versionTraits(version), listeners };
  const routes = [
    ...nodeRoutes(() => log.requests.length),
    ...serviceRoutes,
    ...routeRoutes,
    ...consumerRoutes,
    ...jwtRoutes,
    ...pluginRoutes,
    ...emptyListingRoutes,
  ];
  const adminServer = http.createServer(adminHandler(ctx, routes, log));
  const proxyServer = http.createServer(proxyHandler(ctx, log));
  listeners.admin.port = await listen(adminServer, host, opts.adminPort ?? 0);
  try {
    listeners.proxy.port = await listen(proxyServer, host, opts.proxyPort ?? 0);
  } catch (err) {
    await closeServer(adminServer);
    throw err;
  }
  const urlHost = host.includes(":") ? `[${host}]` : host;
  let closed = false;

  return {
    version,
    adminUrl: `http://${urlHost}:${listeners.admin.port}`,
    proxyUrl: `http://${urlHost}:${listeners.proxy.port}`,
    requests: log.requests,
    countsByMethod: (target) => log.countsByMethod(target),
    clearRequests: () => log.clear(),
    injectFault: (rule) => log.injectFault(rule),
    snapshot: () => store.snapshot(),
    reset: () => {
      store.reset();
      log.clearFaults();
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await Promise.all([closeServer(adminServer), closeServer(proxyServer)]);
    },
  };
}
