/**
 * Every PromQL query of the Grafana dashboard, evaluated by a real Prometheus server against the
 * recorded /metrics of real Kong 3.9.3 and Kong 2.8.4 (test/dashboard/data/). One Prometheus per
 * Kong version scrapes a tiny loopback server every second with the lab's own scrape config
 * (job "kong"); the counters grow between scrapes, so rates are positive. Each query must return
 * at least one series, with a number, on each version.
 *
 * Grafana's $__rate_interval is replaced by a window that holds several 1 s scrapes. What this
 * does not test: Grafana itself rendering the panels (no Grafana here).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as http from "node:http";
import * as path from "node:path";
import * as YAML from "yaml";
import { RATE_INTERVAL, grafanaDashboard } from "../../components/docker/grafanaDashboard";
import {
  KONG_SCRAPE_JOB,
  prometheusConfig,
  renderPrometheusConfig,
} from "../../components/docker/prometheusConfig";
import { growingSample } from "./support/growingSample";
import { MISSING_PROMETHEUS, PrometheusServer, locatePrometheus } from "./support/prometheusServer";

const DATA = path.join(__dirname, "data");
const WINDOW = "10s";
const STARTUP_MS = 20_000;

interface KongSample {
  readonly kong: string;
  readonly file: string;
  /** Metrics only the other major has: absent here, so the query's other branch answers. */
  readonly otherMajorMetrics: readonly string[];
  /** 401s / all requests in the recording. */
  readonly share401: number;
}

const SAMPLES: readonly KongSample[] = [
  {
    kong: "3.9.3",
    file: "kong-3.9.3-status-metrics.txt",
    otherMajorMetrics: ["kong_http_status", "kong_latency_bucket", "kong_bandwidth"],
    share401: 30 / 36,
  },
  {
    kong: "2.8.4",
    file: "kong-2.8.4-admin-metrics.txt",
    otherMajorMetrics: [
      "kong_http_requests_total",
      "kong_kong_latency_ms_bucket",
      "kong_bandwidth_bytes",
    ],
    share401: 105 / 126,
  },
];

const panels = grafanaDashboard().panels;
const evaluable = (expr: string) => expr.split(RATE_INTERVAL).join(WINDOW);
const panelNamed = (title: RegExp) => {
  const found = panels.find((p) => title.test(p.title));
  assert.ok(found, `a panel titled ${title}`);
  return found;
};

/** Serves a recorded sample on 127.0.0.1, its counters multiplied by the scrape's number. */
async function sampleTarget(file: string): Promise<{ server: http.Server; target: string }> {
  const text = fs.readFileSync(path.join(DATA, file), "utf8");
  let scrapes = 0;
  const server = http.createServer((req, res) => {
    if (req.url !== "/metrics") {
      res.writeHead(404).end();
      return;
    }
    scrapes += 1;
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
    res.end(growingSample(text, scrapes));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return { server, target: `127.0.0.1:${port}` };
}

/** The lab's prometheus.yml, scraping only `target` as job "kong", every second. */
function scrapeConfig(target: string): string {
  const config = prometheusConfig({ kongStatusTarget: target, scrapeInterval: "1s" });
  const kongOnly = {
    ...config,
    scrape_configs: config.scrape_configs.filter((j) => j.job_name === KONG_SCRAPE_JOB),
  };
  assert.equal(kongOnly.scrape_configs.length, 1);
  return renderPrometheusConfig(kongOnly);
}

const binary = locatePrometheus();

if (binary === undefined) {
  if (process.env.CI === "true") {
    test("dashboard queries: a Prometheus server is available (required when CI=true)", () => {
      throw new Error(`CI=true and ${MISSING_PROMETHEUS}`);
    });
  } else {
    process.stderr.write(`\n!! SKIPPING the dashboard's PromQL tests: ${MISSING_PROMETHEUS}\n\n`);
    test(
      "dashboard queries (skipped: no Prometheus server)",
      { skip: MISSING_PROMETHEUS },
      () => {},
    );
  }
} else {
  const running = new Map<string, PrometheusServer>();
  const targets: http.Server[] = [];

  before(async () => {
    await Promise.all(
      SAMPLES.map(async (sample) => {
        const { server, target } = await sampleTarget(sample.file);
        targets.push(server);
        const prometheus = await PrometheusServer.start(binary, scrapeConfig(target), STARTUP_MS);
        running.set(sample.kong, prometheus);
        // Three scrapes: two to give rate() a slope, one to spare.
        await prometheus.waitUntil(
          async () => {
            const r = await prometheus.query("count_over_time(kong_datastore_reachable[1m])");
            return r.length === 1 && r[0].value >= 3;
          },
          STARTUP_MS,
          `three scrapes of the Kong ${sample.kong} sample`,
        );
      }),
    );
  });

  after(async () => {
    await Promise.all([...running.values()].map((p) => p.stop()));
    await Promise.all(targets.map((s) => new Promise((resolve) => s.close(resolve))));
  });

  for (const sample of SAMPLES) {
    const prometheus = () => {
      const p = running.get(sample.kong);
      assert.ok(p, `Prometheus for Kong ${sample.kong} is running`);
      return p;
    };

    describe(`Kong ${sample.kong}: every panel's query returns series`, () => {
      for (const panel of panels) {
        for (const target of panel.targets) {
          test(`${panel.title} [${target.refId} ${target.legendFormat}]`, async () => {
            const result = await prometheus().query(evaluable(target.expr));
            assert.ok(result.length >= 1, `no series for: ${target.expr}`);
            for (const r of result) {
              assert.ok(Number.isFinite(r.value), `${JSON.stringify(r)} for ${target.expr}`);
            }
          });
        }
      }
    });

    describe(`Kong ${sample.kong}: what the panels show`, () => {
      test("the other major's metric names are absent: each query's own branch answers", async () => {
        for (const metric of sample.otherMajorMetrics) {
          assert.deepEqual(await prometheus().query(metric), [], metric);
        }
      });

      test("requests by status and route: a 200 and a 401 series for the lab's route", async () => {
        const panel = panelNamed(/^Requests per second by status code and route/);
        const result = await prometheus().query(evaluable(panel.targets[0].expr));
        const codes = result
          .filter((r) => r.metric.route === "fastapi-route")
          .map((r) => r.metric.code);
        assert.ok(codes.includes("200") && codes.includes("401"), codes.join());
        for (const r of result) assert.ok(r.value > 0, JSON.stringify(r));
      });

      test("200s by consumer: the lab's consumer, and no consumer-less series", async () => {
        const panel = panelNamed(/by consumer/);
        const result = await prometheus().query(evaluable(panel.targets[0].expr));
        assert.deepEqual(
          result.map((r) => r.metric.consumer),
          ["fastapi-consumer"],
        );
        assert.ok(result[0].value > 0);
      });

      test("share of 401s: the recording's 401s over all its requests", async () => {
        const panel = panelNamed(/^Share of requests rejected with 401/);
        const result = await prometheus().query(evaluable(panel.targets[0].expr));
        assert.equal(result.length, 1);
        assert.equal(result[0].metric.route, "fastapi-route");
        assert.ok(
          Math.abs(result[0].value - sample.share401) < 1e-6,
          `${result[0].value} vs ${sample.share401}`,
        );
      });

      test("latency quantiles are ordered: p50 <= p95 <= p99", async () => {
        for (const panel of panels.filter((p) => /latency/i.test(p.title))) {
          const values: number[] = [];
          for (const target of panel.targets) {
            const [first] = await prometheus().query(evaluable(target.expr));
            values.push(first.value);
          }
          assert.equal(values.length, 3, panel.title);
          assert.ok(values[0] <= values[1] && values[1] <= values[2], `${panel.title}: ${values}`);
        }
      });

      test("bandwidth: an ingress and an egress series", async () => {
        const panel = panelNamed(/^Bandwidth/);
        const result = await prometheus().query(evaluable(panel.targets[0].expr));
        assert.deepEqual(result.map((r) => r.metric.direction).sort(), ["egress", "ingress"]);
      });

      test("node health: Kong scraped (up 1) and its datastore reachable (1)", async () => {
        for (const title of [/^Prometheus reaches Kong/, /^Datastore reachable/]) {
          const panel = panelNamed(title);
          const result = await prometheus().query(evaluable(panel.targets[0].expr));
          assert.deepEqual(
            result.map((r) => r.value),
            [1],
            panel.title,
          );
        }
      });
    });
  }

  test("the scrape config is the lab's own (job name and path)", () => {
    const parsed = YAML.parse(scrapeConfig("127.0.0.1:1")) as {
      scrape_configs: { job_name: string; metrics_path: string }[];
    };
    assert.deepEqual(
      parsed.scrape_configs.map((j) => [j.job_name, j.metrics_path]),
      [["kong", "/metrics"]],
    );
  });
}
