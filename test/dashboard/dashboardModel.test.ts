/**
 * The generated dashboard has what Grafana needs to load it from a provisioned file (uid, title,
 * schema version, panels with an id, a place on the grid, a data source and targets), it queries
 * the data source the provisioning creates, and it has a panel for everything the lab shows.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as YAML from "yaml";
import {
  GRAFANA_DATASOURCE_UID,
  grafanaDashboard,
  grafanaDashboardUrl,
  renderGrafanaDashboard,
} from "../../components/docker/grafanaDashboard";
import {
  GRAFANA_DASHBOARD_FILE,
  grafanaDatasources,
  grafanaProvisioningFiles,
} from "../../components/docker/grafanaProvisioning";

const dashboard = JSON.parse(renderGrafanaDashboard(grafanaDashboard())) as ReturnType<
  typeof grafanaDashboard
>;
const GRID_COLUMNS = 24;

describe("dashboard JSON model", () => {
  test("uid (Grafana: at most 40 letters, digits, - and _), title and an integer schema version", () => {
    assert.match(dashboard.uid, /^[A-Za-z0-9_-]{1,40}$/);
    assert.ok(dashboard.title.trim().length > 0);
    assert.ok(Number.isInteger(dashboard.schemaVersion));
    // 36+: panels and targets name their data source by { type, uid }.
    assert.ok(dashboard.schemaVersion >= 36, String(dashboard.schemaVersion));
  });

  test("the file is the model as JSON (what Grafana's provisioning reads)", () => {
    assert.deepEqual(dashboard, grafanaDashboard());
  });

  test("panels: unique ids, a known type, a title", () => {
    assert.ok(dashboard.panels.length > 0);
    const ids = dashboard.panels.map((p) => p.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const p of dashboard.panels) {
      assert.ok(Number.isInteger(p.id) && p.id > 0, p.title);
      assert.ok(["timeseries", "stat"].includes(p.type), `${p.title}: ${p.type}`);
      assert.ok(p.title.trim().length > 0);
    }
  });

  test("panels lie on the 24-column grid without overlapping", () => {
    const cells = new Set<string>();
    for (const p of dashboard.panels) {
      const { x, y, w, h } = p.gridPos;
      assert.ok(x >= 0 && w > 0 && x + w <= GRID_COLUMNS && y >= 0 && h > 0, p.title);
      for (let i = x; i < x + w; i++) {
        for (let j = y; j < y + h; j++) {
          const cell = `${i},${j}`;
          assert.ok(!cells.has(cell), `${p.title} overlaps at ${cell}`);
          cells.add(cell);
        }
      }
    }
  });

  test("every panel and every target queries the provisioned Prometheus data source", () => {
    const provisioned = grafanaDatasources({
      prometheusUrl: "http://p:9090",
      scrapeInterval: "15s",
    });
    assert.equal(provisioned.datasources[0].uid, GRAFANA_DATASOURCE_UID);
    for (const p of dashboard.panels) {
      assert.deepEqual(p.datasource, { type: "prometheus", uid: GRAFANA_DATASOURCE_UID }, p.title);
      assert.ok(p.targets.length > 0, `${p.title} has targets`);
      const refIds = p.targets.map((t) => t.refId);
      assert.equal(new Set(refIds).size, refIds.length, `${p.title}: refIds unique`);
      for (const t of p.targets) {
        assert.deepEqual(t.datasource, p.datasource, `${p.title} ${t.refId}`);
        assert.ok(t.expr.trim().length > 0, `${p.title} ${t.refId} has a query`);
      }
    }
  });

  test("every query of a metric Kong 2.8 and 3.x name differently asks for both names", () => {
    const sameOnBoth = /^(up\{.*\}|kong_datastore_reachable)$/;
    for (const p of dashboard.panels) {
      for (const t of p.targets) {
        if (sameOnBoth.test(t.expr)) continue;
        assert.match(t.expr, /\) or \(/, `${p.title} ${t.refId}: ${t.expr}`);
      }
    }
  });

  test("a panel for each thing the lab shows", () => {
    const titles = dashboard.panels.map((p) => p.title);
    for (const wanted of [
      /status code and route/,
      /\(401\) per second by route/,
      /Share of requests rejected with 401/,
      /\(200\) per second by consumer/,
      /Latency added by Kong/,
      /Upstream latency/,
      /Whole request latency/,
      /Bandwidth/,
      /Datastore reachable/,
      /connections/,
    ]) {
      assert.ok(
        titles.some((t) => wanted.test(t)),
        `${wanted} in ${titles.join(" | ")}`,
      );
    }
    for (const p of dashboard.panels.filter((x) => /latency/i.test(x.title))) {
      assert.deepEqual(
        p.targets.map((t) => t.expr.match(/^histogram_quantile\((0\.\d+),/)?.[1]),
        ["0.5", "0.95", "0.99"],
        p.title,
      );
    }
  });
});

describe("provisioning files", () => {
  const files = grafanaProvisioningFiles({
    prometheusUrl: "http://prometheus:9090",
    scrapeInterval: "15s",
  });

  test("the data source points at Prometheus on the lab network and knows its scrape interval", () => {
    const ds = files.find((f) => f.file.endsWith("/datasources/kong-jwt-lab.yaml"));
    assert.ok(ds);
    const parsed = YAML.parse(ds.content);
    assert.equal(parsed.apiVersion, 1);
    assert.equal(parsed.datasources[0].url, "http://prometheus:9090");
    assert.equal(parsed.datasources[0].jsonData.timeInterval, "15s");
  });

  test("the dashboard provider loads the folder that holds the dashboard file", () => {
    const provider = files.find((f) => f.file.endsWith("/dashboards/kong-jwt-lab.yaml"));
    assert.ok(provider);
    const parsed = YAML.parse(provider.content);
    assert.equal(parsed.providers[0].type, "file");
    assert.ok(GRAFANA_DASHBOARD_FILE.startsWith(`${parsed.providers[0].options.path}/`));
    const file = files.find((f) => f.file === GRAFANA_DASHBOARD_FILE);
    assert.ok(file);
    assert.equal(JSON.parse(file.content).uid, dashboard.uid);
  });

  test("provisioning files live under Grafana's provisioning folder", () => {
    for (const f of files.filter((x) => x.file.endsWith(".yaml"))) {
      assert.ok(f.file.startsWith("/etc/grafana/provisioning/"), f.file);
    }
  });
});

test("the dashboard URL is Grafana's /d/<uid>, with or without a trailing slash", () => {
  assert.equal(
    grafanaDashboardUrl("http://127.0.0.1:3000"),
    `http://127.0.0.1:3000/d/${dashboard.uid}`,
  );
  assert.equal(
    grafanaDashboardUrl("http://127.0.0.1:3000/"),
    `http://127.0.0.1:3000/d/${dashboard.uid}`,
  );
});
