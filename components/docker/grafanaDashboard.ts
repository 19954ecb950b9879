/**
 * The lab's Grafana dashboard of Kong's Prometheus metrics, as Grafana's dashboard JSON model
 * (the classic model, loaded from a file by Grafana's dashboard provisioning).
 *
 * Every query works on Kong 2.8 and on Kong 3.x: the two majors name their metrics differently
 * (../shared/kong/metrics/README.md; test/dashboard/data/README.md), so each query is the 3.x
 * expression `or` the 2.8 one. Only one side has series on a given Kong, and the dashboard keeps
 * working across an upgrade and for image references that carry no version (a digest).
 *
 * What Kong cannot report is not asked for: a 401 from the jwt plugin carries no consumer (3.x
 * counts it with consumer="", 2.8 only in kong_http_status), so consumers are shown for 200s only
 * and 401s by route.
 */
import { KONG_SCRAPE_JOB } from "./prometheusConfig";

export const GRAFANA_DASHBOARD_UID = "kong-jwt-lab-gateway";
export const GRAFANA_DASHBOARD_TITLE = "Kong JWT lab: gateway";
/** Uid of the provisioned Prometheus data source every panel queries. */
export const GRAFANA_DATASOURCE_UID = "kong-jwt-lab-prometheus";
/** Grafana's dashboard JSON schema version this model is written in. */
export const GRAFANA_DASHBOARD_SCHEMA_VERSION = 41;
/** Grafana's rate window variable: at least four scrape intervals (set on the data source). */
export const RATE_INTERVAL = "$__rate_interval";

export interface DatasourceRef {
  readonly type: "prometheus";
  readonly uid: string;
}

export interface DashboardTarget {
  readonly refId: string;
  readonly datasource: DatasourceRef;
  readonly expr: string;
  readonly legendFormat: string;
  readonly range: boolean;
  readonly instant: boolean;
}

export interface DashboardPanel {
  readonly id: number;
  readonly type: "timeseries" | "stat";
  readonly title: string;
  readonly description: string;
  readonly gridPos: {
    readonly x: number;
    readonly y: number;
    readonly w: number;
    readonly h: number;
  };
  readonly datasource: DatasourceRef;
  readonly targets: readonly DashboardTarget[];
  readonly fieldConfig: {
    readonly defaults: Record<string, unknown>;
    readonly overrides: readonly unknown[];
  };
  readonly options: Record<string, unknown>;
}

export interface GrafanaDashboard {
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly schemaVersion: number;
  readonly version: number;
  readonly editable: boolean;
  readonly timezone: string;
  readonly refresh: string;
  readonly time: { readonly from: string; readonly to: string };
  readonly templating: { readonly list: readonly unknown[] };
  readonly annotations: { readonly list: readonly unknown[] };
  readonly panels: readonly DashboardPanel[];
}

/** The 3.x series, else the 2.8 series (only one of them exists on a given Kong). */
function onEitherMajor(kong3: string, kong28: string): string {
  return `(${kong3}) or (${kong28})`;
}

const rate = (selector: string) => `rate(${selector}[${RATE_INTERVAL}])`;

/** Kong 3.x: kong_http_requests_total (status_code_metrics); 2.8: kong_http_status. */
function requestRate(by: string, labels = ""): string {
  return onEitherMajor(
    `sum by (${by}) (${rate(`kong_http_requests_total{${labels}}`)})`,
    `sum by (${by}) (${rate(`kong_http_status{${labels}}`)})`,
  );
}

const LATENCIES = [
  {
    key: "kong",
    title: "Latency added by Kong (Kong and its plugins)",
    kong3: "kong_kong_latency_ms_bucket",
    kong28: 'kong_latency_bucket{type="kong"}',
    description:
      'Time Kong spends on a request itself, plugins included (the jwt check), per route. Kong 3.x: kong_kong_latency_ms; 2.8: kong_latency{type="kong"}.',
  },
  {
    key: "upstream",
    title: "Upstream latency (the FastAPI app)",
    kong3: "kong_upstream_latency_ms_bucket",
    kong28: 'kong_latency_bucket{type="upstream"}',
    description:
      'Time the upstream takes to answer, per route. Only requests that reached the upstream count: a 401 from the jwt plugin never does. Kong 3.x: kong_upstream_latency_ms; 2.8: kong_latency{type="upstream"}.',
  },
  {
    key: "request",
    title: "Whole request latency",
    kong3: "kong_request_latency_ms_bucket",
    kong28: 'kong_latency_bucket{type="request"}',
    description:
      'Time from the first byte read from the client to the last byte sent back, per route. Kong 3.x: kong_request_latency_ms; 2.8: kong_latency{type="request"}.',
  },
] as const;

const QUANTILES = [
  { q: "0.5", label: "p50" },
  { q: "0.95", label: "p95" },
  { q: "0.99", label: "p99" },
] as const;

interface PanelSpec {
  readonly type: DashboardPanel["type"];
  readonly title: string;
  readonly description: string;
  readonly w: number;
  readonly h: number;
  readonly unit: string;
  readonly targets: readonly { readonly expr: string; readonly legendFormat: string }[];
  readonly mappings?: readonly unknown[];
  readonly thresholds?: readonly { readonly color: string; readonly value: number | null }[];
  readonly min?: number;
  readonly max?: number;
}

function panelSpecs(): PanelSpec[] {
  const health: PanelSpec[] = [
    {
      type: "stat",
      title: "Prometheus reaches Kong",
      description: `Whether Prometheus's last scrape of Kong's /metrics (job "${KONG_SCRAPE_JOB}") succeeded. 0: every other panel is stale.`,
      w: 6,
      h: 4,
      unit: "none",
      targets: [{ expr: `up{job="${KONG_SCRAPE_JOB}"}`, legendFormat: "{{instance}}" }],
      mappings: upDownMappings("up", "down"),
      thresholds: redBelowOne(),
    },
    {
      type: "stat",
      title: "Datastore reachable",
      description:
        "kong_datastore_reachable: whether Kong reaches its Postgres database (1) or not (0).",
      w: 6,
      h: 4,
      unit: "none",
      targets: [{ expr: "kong_datastore_reachable", legendFormat: "datastore" }],
      mappings: upDownMappings("reachable", "unreachable"),
      thresholds: redBelowOne(),
    },
    {
      type: "timeseries",
      title: "Client connections",
      description:
        "Nginx connections of Kong's HTTP subsystem by state. Kong 3.x: kong_nginx_connections_total; 2.8: kong_nginx_http_current_connections.",
      w: 12,
      h: 4,
      unit: "short",
      targets: [
        {
          expr: onEitherMajor(
            'sum by (state) (kong_nginx_connections_total{state=~"active|reading|writing|waiting"})',
            'sum by (state) (kong_nginx_http_current_connections{state=~"active|reading|writing|waiting"})',
          ),
          legendFormat: "{{state}}",
        },
      ],
    },
  ];

  const traffic: PanelSpec[] = [
    {
      type: "timeseries",
      title: "Requests per second by status code and route",
      description:
        "Every proxied request, by HTTP status and route. Kong 3.x: kong_http_requests_total (status_code_metrics); 2.8: kong_http_status.",
      w: 12,
      h: 8,
      unit: "reqps",
      targets: [{ expr: requestRate("route, code"), legendFormat: "{{code}} {{route}}" }],
    },
    {
      type: "timeseries",
      title: "Allowed requests (200) per second by consumer",
      description:
        "200s of authenticated requests, by the consumer whose JWT credential matched. Kong 3.x: kong_http_requests_total with a consumer (per_consumer); 2.8: kong_http_consumer_status.",
      w: 12,
      h: 8,
      unit: "reqps",
      targets: [
        {
          expr: onEitherMajor(
            `sum by (consumer) (${rate('kong_http_requests_total{code="200",consumer!=""}')})`,
            `sum by (consumer) (${rate('kong_http_consumer_status{code="200"}')})`,
          ),
          legendFormat: "{{consumer}}",
        },
      ],
    },
    {
      type: "timeseries",
      title: "Rejected requests (401) per second by route",
      description:
        "401s, mostly from the jwt plugin (no token, a bad signature, an expired token, an unknown key). They carry no consumer: Kong has not identified one.",
      w: 12,
      h: 8,
      unit: "reqps",
      targets: [{ expr: requestRate("route", 'code="401"'), legendFormat: "401 {{route}}" }],
    },
    {
      type: "timeseries",
      title: "Share of requests rejected with 401",
      description: "401s divided by all requests, per route.",
      w: 12,
      h: 8,
      unit: "percentunit",
      min: 0,
      max: 1,
      targets: [
        {
          expr: `(${requestRate("route", 'code="401"')}) / (${requestRate("route")})`,
          legendFormat: "{{route}}",
        },
      ],
    },
  ];

  const latency: PanelSpec[] = LATENCIES.map((l) => ({
    type: "timeseries",
    title: l.title,
    description: l.description,
    w: 8,
    h: 8,
    unit: "ms",
    targets: QUANTILES.map(({ q, label }) => ({
      expr: `histogram_quantile(${q}, ${onEitherMajor(
        `sum by (route, le) (${rate(l.kong3)})`,
        `sum by (route, le) (${rate(l.kong28)})`,
      )})`,
      legendFormat: `${label} {{route}}`,
    })),
  }));

  const bandwidth: PanelSpec = {
    type: "timeseries",
    title: "Bandwidth by direction",
    description:
      "Bytes per second through Kong: ingress (from clients) and egress (to clients). Kong 3.x: kong_bandwidth_bytes{direction} (bandwidth_metrics); 2.8: kong_bandwidth{type}.",
    w: 24,
    h: 8,
    unit: "Bps",
    targets: [
      {
        expr: onEitherMajor(
          `sum by (direction) (${rate("kong_bandwidth_bytes")})`,
          `label_replace(sum by (type) (${rate("kong_bandwidth")}), "direction", "$1", "type", "(.*)")`,
        ),
        legendFormat: "{{direction}}",
      },
    ],
  };

  return [...health, ...traffic, ...latency, bandwidth];
}

function upDownMappings(up: string, down: string): unknown[] {
  return [
    {
      type: "value",
      options: {
        "0": { text: down, color: "red", index: 0 },
        "1": { text: up, color: "green", index: 1 },
      },
    },
  ];
}

function redBelowOne() {
  return [
    { color: "red", value: null },
    { color: "green", value: 1 },
  ];
}

/** Lays the panels out left to right in rows of 24 columns, Grafana's grid width. */
function layOut(specs: PanelSpec[], datasource: DatasourceRef): DashboardPanel[] {
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  return specs.map((spec, index) => {
    if (x + spec.w > 24) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    const gridPos = { x, y, w: spec.w, h: spec.h };
    x += spec.w;
    rowHeight = Math.max(rowHeight, spec.h);
    const defaults: Record<string, unknown> = { unit: spec.unit };
    if (spec.min !== undefined) defaults.min = spec.min;
    if (spec.max !== undefined) defaults.max = spec.max;
    if (spec.mappings) defaults.mappings = spec.mappings;
    if (spec.thresholds) defaults.thresholds = { mode: "absolute", steps: spec.thresholds };
    return {
      id: index + 1,
      type: spec.type,
      title: spec.title,
      description: spec.description,
      gridPos,
      datasource,
      targets: spec.targets.map((t, i) => ({
        refId: String.fromCharCode("A".charCodeAt(0) + i),
        datasource,
        expr: t.expr,
        legendFormat: t.legendFormat,
        range: true,
        instant: false,
      })),
      fieldConfig: { defaults, overrides: [] },
      options:
        spec.type === "stat"
          ? {
              colorMode: "background",
              graphMode: "none",
              reduceOptions: { calcs: ["lastNotNull"] },
            }
          : { legend: { displayMode: "list", placement: "bottom" }, tooltip: { mode: "multi" } },
    };
  });
}

/** The dashboard, querying the provisioned Prometheus data source. */
export function grafanaDashboard(): GrafanaDashboard {
  const datasource: DatasourceRef = { type: "prometheus", uid: GRAFANA_DATASOURCE_UID };
  return {
    uid: GRAFANA_DASHBOARD_UID,
    title: GRAFANA_DASHBOARD_TITLE,
    description:
      "Kong's prometheus plugin metrics for the JWT lab: allowed and rejected requests, latency, bandwidth, node health. Works on Kong 2.8 and 3.x.",
    tags: ["kong", "jwt", "kong-jwt-lab"],
    schemaVersion: GRAFANA_DASHBOARD_SCHEMA_VERSION,
    version: 1,
    editable: false,
    timezone: "browser",
    refresh: "10s",
    time: { from: "now-15m", to: "now" },
    templating: { list: [] },
    annotations: { list: [] },
    panels: layOut(panelSpecs(), datasource),
  };
}

/** The dashboard file as Grafana's provisioning reads it. */
export function renderGrafanaDashboard(dashboard: GrafanaDashboard): string {
  return `${JSON.stringify(dashboard, null, 2)}\n`;
}

/** Path of the dashboard on a Grafana at `grafanaUrl`, e.g. http://127.0.0.1:3000/d/<uid>. */
export function grafanaDashboardUrl(grafanaUrl: string): string {
  return `${grafanaUrl.replace(/\/+$/, "")}/d/${GRAFANA_DASHBOARD_UID}`;
}
