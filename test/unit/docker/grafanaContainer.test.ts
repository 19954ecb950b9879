/**
 * The Grafana container of the real program (index.ts) under Pulumi's mocks with the dev stack's
 * config: ordered after Prometheus, published on loopback only, provisioned with the data source
 * and the dashboard, its admin password generated and kept secret in state and outputs.
 */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";
import { ProgramRun, isSecretInput, plain, runProgram, mapSecrets } from "../../support/mocks";
import { stackConfig } from "../../support/mocksStackConfig";
import {
  GRAFANA_DASHBOARD_UID,
  GRAFANA_DATASOURCE_UID,
} from "../../../components/docker/grafanaDashboard";

const PASSWORD = "mock-generated-lab-grafana-admin-password";
type Upload = { file: string; content: string };
type Port = { internal: number; external?: number; ip?: string };

let run: ProgramRun;
before(async () => {
  run = await runProgram(stackConfig("dev"), { stack: "dev" });
});

const grafana = () => run.byName("lab-grafana-container");
const uploads = () => plain<Upload[]>(grafana().inputs.uploads);
const upload = (file: string) => {
  const found = uploads().find((u) => u.file === file);
  assert.ok(
    found,
    `upload ${file}; have ${uploads()
      .map((u) => u.file)
      .join(", ")}`,
  );
  return found.content;
};
const env = () =>
  Object.fromEntries(
    plain<string[]>(grafana().inputs.envs).map((e) => [
      e.slice(0, e.indexOf("=")),
      e.slice(e.indexOf("=") + 1),
    ]),
  );

describe("Grafana container", () => {
  test("runs the pinned Grafana image from config", () => {
    assert.equal(plain(run.byName("lab-grafana-image").inputs.name), "grafana/grafana:13.0.1");
    assert.equal(plain(grafana().inputs.image), "sha256:mock-lab-grafana-image");
  });

  test("is created after Prometheus (the component and its container)", () => {
    // The engine receives a component's dependsOn as the custom resources inside it.
    for (const r of [run.byName("lab-grafana"), grafana()]) {
      assert.ok(
        r.dependsOn.includes("lab-prometheus-container"),
        `${r.name}: ${r.dependsOn.join()}`,
      );
    }
  });

  test("publishes port 3000 on 127.0.0.1 only", () => {
    assert.deepEqual(plain<Port[]>(grafana().inputs.ports), [
      { internal: 3000, external: 3000, ip: "127.0.0.1" },
    ]);
  });

  test("provisions the lab's Prometheus as the data source the dashboard queries", () => {
    const file = YAML.parse(upload("/etc/grafana/provisioning/datasources/kong-jwt-lab.yaml")) as {
      datasources: { uid: string; url: string; type: string }[];
    };
    assert.equal(file.datasources.length, 1);
    assert.equal(file.datasources[0].type, "prometheus");
    assert.equal(file.datasources[0].uid, GRAFANA_DATASOURCE_UID);
    assert.equal(file.datasources[0].url, "http://prometheus:9090");
  });

  test("provisions a dashboard provider whose folder holds the uploaded dashboard, also the home page", () => {
    const file = YAML.parse(upload("/etc/grafana/provisioning/dashboards/kong-jwt-lab.yaml")) as {
      providers: { type: string; options: { path: string } }[];
    };
    assert.equal(file.providers.length, 1);
    const dir = file.providers[0].options.path;
    const dashboards = uploads().filter((u) => u.file.startsWith(`${dir}/`));
    assert.equal(dashboards.length, 1);
    assert.equal(JSON.parse(dashboards[0].content).uid, GRAFANA_DASHBOARD_UID);
    assert.equal(env().GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH, dashboards[0].file, "home page");
  });

  test("admin password: generated (32 characters) as a secret output", () => {
    const pw = run.byName("lab-grafana-admin-password");
    assert.equal(pw.type, "pulumi-nodejs:dynamic/secrets:GeneratedPassword");
    assert.deepEqual(pw.additionalSecretOutputs, ["result"]);
    assert.equal(plain(pw.inputs.length), 32);
  });

  test("admin password: reaches Grafana as a file, never in the environment", () => {
    assert.equal(env().GF_SECURITY_ADMIN_PASSWORD__FILE, "/run/secrets/grafana_admin_password");
    assert.equal(upload("/run/secrets/grafana_admin_password"), PASSWORD);
    assert.equal(env().GF_SECURITY_ADMIN_PASSWORD, undefined);
    assert.ok(!JSON.stringify(grafana().inputs.envs).includes(PASSWORD));
  });

  test("admin password: the uploads carrying it are secret in inputs and in state", () => {
    assert.ok(isSecretInput(grafana().inputs.uploads), "uploads sent as a secret");
    assert.ok(grafana().additionalSecretOutputs.includes("uploads"), "uploads output secret");
    for (const r of run.resources) {
      assert.ok(!JSON.stringify(mapSecrets(r.inputs ?? {})).includes(PASSWORD), r.name);
    }
  });

  test("a label changes with the provisioning, so a preview shows it despite the secret uploads", () => {
    const labels = plain<{ label: string; value: string }[]>(grafana().inputs.labels);
    const label = labels.find((l) => l.label === "kong-jwt-lab.grafana-provisioning");
    assert.ok(label);
    assert.match(label.value, /^[0-9a-f]{12}$/);
  });

  test("anonymous visitors may view only; nobody may sign up; no calls home", () => {
    const e = env();
    assert.equal(e.GF_AUTH_ANONYMOUS_ENABLED, "true");
    assert.equal(e.GF_AUTH_ANONYMOUS_ORG_ROLE, "Viewer");
    assert.equal(e.GF_USERS_ALLOW_SIGN_UP, "false");
    assert.equal(e.GF_ANALYTICS_REPORTING_ENABLED, "false");
    assert.equal(e.GF_ANALYTICS_CHECK_FOR_UPDATES, "false");
  });
});

describe("Grafana stack outputs", () => {
  test("grafanaUrl and grafanaDashboardUrl on 127.0.0.1", () => {
    assert.equal(run.outputs.grafanaUrl, "http://127.0.0.1:3000");
    assert.equal(run.outputs.grafanaDashboardUrl, "http://127.0.0.1:3000/d/kong-jwt-lab-gateway");
  });

  test("grafanaAdminPassword: the generated password, exported as a secret", async () => {
    const exported = run.exports.grafanaAdminPassword;
    assert.ok(pulumi.Output.isInstance(exported), "grafanaAdminPassword is exported");
    assert.equal(await pulumi.isSecret(exported as pulumi.Output<unknown>), true);
    assert.equal(run.outputs.grafanaAdminPassword, PASSWORD);
  });
});
