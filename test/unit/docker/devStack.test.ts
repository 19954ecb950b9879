/**
 * The real program (index.ts) under Pulumi's mocks with the dev stack's config (Pulumi.dev.yaml
 * over Pulumi.yaml's defaults): what a real Docker run needs, container by container.
 */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";
import {
  ProgramRun,
  RecordedResourceByName,
  isSecretInput,
  mapSecrets,
  plain,
  runProgram,
} from "../../support/mocks";
import { REPO_ROOT, stackConfig } from "../../support/mocksStackConfig";
import { MIGRATIONS_UP } from "../../../components/docker/KongMigrations";

const CONTAINER = "docker:index/container:Container";
const COMMAND = "command:local:Command";
const REMOTE_IMAGE = "docker:index/remoteImage:RemoteImage";
const PASSWORD = "mock-generated-lab-postgres-password";
const JWT_SECRET = "mock-generated-lab-jwt-secret-jwttoken";

let run: ProgramRun;
before(async () => {
  run = await runProgram(stackConfig("dev"), { stack: "dev" });
});

const container = (name: string) => run.byName(`lab-${name}`);
const migration = (step: "bootstrap" | "up") => run.byName(`lab-migrations-${step}`);
const environmentOf = (r: RecordedResourceByName) =>
  Object.fromEntries(
    Object.entries(plain<Record<string, unknown>>(r.inputs.environment) ?? {}).map(([k, v]) => [
      k,
      plain<string>(v),
    ]),
  );
const envsOf = (r: RecordedResourceByName) => plain<string[]>(r.inputs.envs) ?? [];
const envOf = (r: RecordedResourceByName) =>
  Object.fromEntries(
    envsOf(r).map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]),
  );
type Port = { internal: number; external?: number; ip?: string };
const portsOf = (r: RecordedResourceByName) =>
  Object.fromEntries((plain<Port[]>(r.inputs.ports) ?? []).map((p) => [p.internal, p]));
type Healthcheck = { tests: string[] };
type HealthcheckTiming = { interval?: string; startInterval?: string; startPeriod?: string };
type NetworkAttachment = { name: string; aliases?: string[] };

describe("images", () => {
  test("pinned images from config, kept locally on destroy", () => {
    const refs = Object.fromEntries(
      run.ofType(REMOTE_IMAGE).map((r) => [r.name, plain<string>(r.inputs.name)]),
    );
    assert.deepEqual(refs, {
      "lab-kong-image": "kong:3.9.1",
      "lab-postgres-image": "postgres:16.9-alpine",
      "lab-prometheus-image": "prom/prometheus:v3.5.0",
      "lab-zipkin-image": "openzipkin/zipkin:3.5.1",
      "lab-grafana-image": "grafana/grafana:13.0.1",
    });
    for (const r of run.ofType(REMOTE_IMAGE)) assert.equal(plain(r.inputs.keepLocally), true);
  });

  test("each container runs its image; migrations and gateway share the Kong image", () => {
    const imageOf = (n: string) => plain<string>(container(n).inputs.image);
    assert.equal(imageOf("postgres-container"), "sha256:mock-lab-postgres-image");
    assert.equal(imageOf("kong-container"), "sha256:mock-lab-kong-image");
    for (const step of ["bootstrap", "up"] as const) {
      assert.equal(environmentOf(migration(step)).LAB_KONG_IMAGE, "sha256:mock-lab-kong-image");
    }
    assert.equal(imageOf("prometheus-container"), "sha256:mock-lab-prometheus-image");
    assert.equal(imageOf("zipkin-container"), "sha256:mock-lab-zipkin-image");
  });

  test("the FastAPI image is built from the repository's app/ folder, not pushed, tagged by content", () => {
    const image = run.byName("lab-fastapi-image");
    const build = plain<{ context: string; dockerfile: string }>(image.inputs.build);
    assert.equal(build.context, path.join(REPO_ROOT, "app"));
    assert.equal(build.dockerfile, path.join(REPO_ROOT, "app", "Dockerfile"));
    assert.equal(plain(image.inputs.skipPush), true);
    assert.match(plain<string>(image.inputs.imageName), /^kong-jwt-lab-dev-fastapi:[0-9a-f]{12}$/);
    assert.equal(plain(container("fastapi-container").inputs.image), plain(image.inputs.imageName));
  });

  test("no Docker resource uses the latest tag", () => {
    for (const r of run.resources.filter((x) => x.type.startsWith("docker:"))) {
      const text = JSON.stringify(r.inputs ?? {});
      assert.doesNotMatch(text, /:latest\b/i, r.name);
    }
  });
});

describe("Kong environment", () => {
  test("database settings: Postgres on the lab network, user and database kong, the generated password", () => {
    const envs = {
      "kong-container": envOf(container("kong-container")),
      "migrations-bootstrap": environmentOf(migration("bootstrap")),
      "migrations-up": environmentOf(migration("up")),
    };
    for (const [name, env] of Object.entries(envs)) {
      assert.equal(env.KONG_DATABASE, "postgres", name);
      assert.equal(env.KONG_PG_HOST, "postgres", name);
      assert.equal(env.KONG_PG_PORT, "5432", name);
      assert.equal(env.KONG_PG_USER, "kong", name);
      assert.equal(env.KONG_PG_DATABASE, "kong", name);
      assert.equal(env.KONG_PG_PASSWORD, PASSWORD, name);
    }
  });

  test("listeners, log targets, Kong Manager and tracing", () => {
    const env = envOf(container("kong-container"));
    assert.equal(env.KONG_PROXY_LISTEN, "0.0.0.0:8000, 0.0.0.0:8443 ssl");
    assert.equal(env.KONG_ADMIN_LISTEN, "0.0.0.0:8001");
    assert.equal(env.KONG_ADMIN_GUI_LISTEN, "0.0.0.0:8002");
    assert.equal(env.KONG_STATUS_LISTEN, "0.0.0.0:8100");
    assert.equal(env.KONG_PROXY_ACCESS_LOG, "/dev/stdout");
    assert.equal(env.KONG_ADMIN_ACCESS_LOG, "/dev/stdout");
    assert.equal(env.KONG_PROXY_ERROR_LOG, "/dev/stderr");
    assert.equal(env.KONG_ADMIN_ERROR_LOG, "/dev/stderr");
    assert.equal(env.KONG_ADMIN_GUI_URL, "http://127.0.0.1:8002");
    assert.equal(env.KONG_ADMIN_GUI_API_URL, "http://127.0.0.1:8001");
    assert.equal(env.KONG_TRACING_INSTRUMENTATIONS, "all");
    assert.equal(env.KONG_TRACING_SAMPLING_RATE, "1");
  });

  test("Postgres: user and database kong, the generated password", () => {
    const env = envOf(container("postgres-container"));
    assert.deepEqual(env, {
      POSTGRES_USER: "kong",
      POSTGRES_DB: "kong",
      POSTGRES_PASSWORD: PASSWORD,
    });
  });
});

describe("published ports", () => {
  test("Kong: proxy on proxyBindAddress (127.0.0.1 in dev); Admin API, Manager, status on 127.0.0.1", () => {
    assert.deepEqual(portsOf(container("kong-container")), {
      8000: { internal: 8000, external: 8000, ip: "127.0.0.1" },
      8443: { internal: 8443, external: 8443, ip: "127.0.0.1" },
      8001: { internal: 8001, external: 8001, ip: "127.0.0.1" },
      8002: { internal: 8002, external: 8002, ip: "127.0.0.1" },
      8100: { internal: 8100, external: 8100, ip: "127.0.0.1" },
    });
  });

  test("Postgres, Prometheus, Zipkin and the FastAPI app on 127.0.0.1 only", () => {
    assert.deepEqual(portsOf(container("postgres-container")), {
      5432: { internal: 5432, external: 5432, ip: "127.0.0.1" },
    });
    assert.deepEqual(portsOf(container("prometheus-container")), {
      9090: { internal: 9090, external: 9090, ip: "127.0.0.1" },
    });
    assert.deepEqual(portsOf(container("zipkin-container")), {
      9411: { internal: 9411, external: 9411, ip: "127.0.0.1" },
    });
    assert.deepEqual(portsOf(container("fastapi-container")), {
      8080: { internal: 8080, external: 8080, ip: "127.0.0.1" },
    });
  });

  test("every published port names an address: none defaults to 0.0.0.0", () => {
    for (const r of run.ofType(CONTAINER)) {
      for (const p of plain<Port[]>(r.inputs.ports) ?? []) {
        assert.ok(p.ip && p.ip !== "0.0.0.0", `${r.name}:${p.internal} ip ${p.ip}`);
      }
    }
  });
});

describe("healthchecks and readiness", () => {
  test("Postgres: pg_isready over TCP -d kong -U kong, waited for", () => {
    const c = container("postgres-container");
    assert.deepEqual(plain<Healthcheck>(c.inputs.healthcheck).tests, [
      "CMD",
      "pg_isready",
      "-h",
      "127.0.0.1",
      "-d",
      "kong",
      "-U",
      "kong",
    ]);
    assert.equal(plain(c.inputs.wait), true);
  });

  test("Kong: kong health, waited for", () => {
    const c = container("kong-container");
    assert.deepEqual(plain<Healthcheck>(c.inputs.healthcheck).tests, ["CMD", "kong", "health"]);
    assert.equal(plain(c.inputs.wait), true);
  });

  test("FastAPI: python fetching /healthy on 8080, waited for", () => {
    const c = container("fastapi-container");
    const tests = plain<Healthcheck>(c.inputs.healthcheck).tests;
    assert.equal(tests[0], "CMD");
    assert.equal(tests[1], "python");
    assert.match(tests.join(" "), /http:\/\/127\.0\.0\.1:8080\/healthy/);
    assert.equal(plain(c.inputs.wait), true);
  });

  test("every waited-for container is probed each second while starting, each 10 s once running", () => {
    for (const name of ["postgres-container", "kong-container", "fastapi-container"]) {
      const h = plain<HealthcheckTiming>(container(name).inputs.healthcheck);
      assert.equal(plain(container(name).inputs.wait), true, name);
      assert.equal(h.startInterval, "1s", `${name}: readiness seen within a second`);
      assert.equal(h.startPeriod, "60s", `${name}: the fast probes cover a slow start`);
      assert.equal(h.interval, "10s", `${name}: a running lab is probed each 10 s`);
    }
  });

  test("Prometheus and Zipkin are not waited for", () => {
    for (const name of ["prometheus-container", "zipkin-container"]) {
      assert.notEqual(plain(container(name).inputs.wait), true, name);
    }
  });

  test("Prometheus probes its own /-/healthy", () => {
    const tests = plain<Healthcheck>(container("prometheus-container").inputs.healthcheck).tests;
    assert.match(tests.join(" "), /9090\/-\/healthy/);
  });
});

describe("dependency order: Postgres healthy → migrations → gateway → Kong configuration", () => {
  test("migrations: two commands, bootstrap, then what `kong migrations list` asks for, each a docker run --rm of the Kong image on the lab network", () => {
    assert.deepEqual(
      run
        .ofType(COMMAND)
        .map((r) => r.name)
        .filter((n) => n.startsWith("lab-migrations-")),
      ["lab-migrations-bootstrap", "lab-migrations-up"],
    );
    assert.equal(plain(migration("bootstrap").inputs.create), "kong migrations bootstrap");
    assert.equal(plain(migration("up").inputs.create), MIGRATIONS_UP);
    for (const step of ["bootstrap", "up"] as const) {
      const script = plain<string[]>(migration(step).inputs.interpreter).join(" ");
      assert.match(script, /docker run --rm --network "\$LAB_NETWORK" /, step);
      assert.match(script, /"\$LAB_KONG_IMAGE" sh -c "\$1"/, step);
      assert.equal(environmentOf(migration(step)).LAB_NETWORK, "kong-jwt-lab-dev-net", step);
      assert.equal(plain(migration(step).inputs.delete), undefined, `${step}: nothing to undo`);
    }
  });

  test("bootstrap waits for the (healthy) Postgres container; up waits for bootstrap", () => {
    assert.ok(migration("bootstrap").dependsOn.includes("lab-postgres-container"));
    assert.ok(migration("up").dependsOn.includes("lab-migrations-bootstrap"));
    assert.ok(!migration("bootstrap").dependsOn.includes("lab-migrations-up"));
  });

  test("the gateway waits for both migration steps", () => {
    const kong = container("kong-container");
    assert.ok(kong.dependsOn.includes("lab-migrations-bootstrap"), kong.dependsOn.join());
    assert.ok(kong.dependsOn.includes("lab-migrations-up"), kong.dependsOn.join());
  });

  test("the Kong configuration waits for the gateway", () => {
    const kongConfigs = run.ofType("kong-jwt-lab:kong:KongJwtConfiguration");
    assert.equal(kongConfigs.length, 1);
    assert.ok(
      kongConfigs[0].dependsOn.some((d) => d === "lab-kong" || d === "lab-kong-container"),
      kongConfigs[0].dependsOn.join(),
    );
  });
});

describe("the critical path: only Postgres, the migrations and the gateway precede the Kong configuration", () => {
  /** Every resource `name` waits for, directly or through others (dependencies and parents). */
  const waitsFor = (name: string): Set<string> => {
    const seen = new Set<string>();
    const visit = (n: string) => {
      const r = run.resources.find((x) => x.name === n);
      for (const d of [...(r?.dependsOn ?? []), ...(r?.parent ? [r.parent] : [])]) {
        if (!seen.has(d)) {
          seen.add(d);
          visit(d);
        }
      }
    };
    visit(name);
    return seen;
  };
  const containersIn = (names: Set<string>) =>
    run
      .ofType(CONTAINER)
      .filter((c) => names.has(c.name))
      .map((c) => c.name);
  const kongEntities = [
    "lab-service",
    "lab-route",
    "lab-consumer",
    "lab-credential-jwttoken",
    "lab-jwt-plugin",
    "lab-prometheus-plugin",
    "lab-zipkin-plugin",
  ];

  test("each Kong entity waits for the healthy gateway, hence the migrations and Postgres", () => {
    for (const entity of kongEntities) {
      assert.ok(run.byName(entity), `${entity} is part of the lab`);
      const waited = containersIn(waitsFor(entity));
      for (const c of ["lab-kong-container", "lab-postgres-container"]) {
        assert.ok(waited.includes(c), `${entity} waits for ${c}: ${waited.join()}`);
      }
    }
  });

  test("no Kong entity waits for the FastAPI app, Prometheus or Zipkin", () => {
    for (const entity of kongEntities) {
      const waited = containersIn(waitsFor(entity));
      for (const c of [
        "lab-fastapi-container",
        "lab-prometheus-container",
        "lab-zipkin-container",
        "lab-grafana-container",
      ]) {
        assert.ok(run.byName(c), `${c} is part of the lab`);
        assert.ok(!waited.includes(c), `${entity} waits for ${c}: ${waited.join()}`);
      }
    }
  });

  test("the gateway waits for no container but Postgres and the migrations", () => {
    const waited = containersIn(waitsFor("lab-kong-container"));
    assert.deepEqual(
      waited.filter((c) => !c.startsWith("lab-migrations-")),
      ["lab-postgres-container"],
    );
  });
});

describe("volumes, network, names", () => {
  test("Postgres keeps its data in a named volume", () => {
    const volume = run.byName("lab-postgres-data");
    assert.equal(plain(volume.inputs.name), "kong-jwt-lab-dev-pgdata");
    assert.deepEqual(plain(container("postgres-container").inputs.volumes), [
      { volumeName: "kong-jwt-lab-dev-pgdata", containerPath: "/var/lib/postgresql/data" },
    ]);
  });

  test("every container is on the lab network, with its alias", () => {
    assert.equal(plain(run.byName("lab-network-network").inputs.name), "kong-jwt-lab-dev-net");
    const aliases: Record<string, string[] | undefined> = {};
    for (const r of run.ofType(CONTAINER)) {
      const nets = plain<NetworkAttachment[]>(r.inputs.networksAdvanced);
      assert.equal(nets.length, 1, r.name);
      assert.equal(nets[0].name, "kong-jwt-lab-dev-net", r.name);
      aliases[r.name] = nets[0].aliases;
    }
    assert.deepEqual(aliases, {
      "lab-postgres-container": ["postgres"],
      "lab-kong-container": ["kong"],
      "lab-fastapi-container": ["fastapi"],
      "lab-prometheus-container": ["prometheus"],
      "lab-zipkin-container": ["zipkin"],
      "lab-grafana-container": ["grafana"],
    });
  });

  test("container names carry the stack's prefix", () => {
    const names = run.ofType(CONTAINER).map((r) => plain<string>(r.inputs.name));
    assert.deepEqual(names.sort(), [
      "kong-jwt-lab-dev-fastapi",
      "kong-jwt-lab-dev-grafana",
      "kong-jwt-lab-dev-kong",
      "kong-jwt-lab-dev-postgres",
      "kong-jwt-lab-dev-prometheus",
      "kong-jwt-lab-dev-zipkin",
    ]);
  });

  test("components are nested: containers under their component, components under DockerLab", () => {
    assert.equal(container("postgres-container").parent, "lab-postgres");
    assert.equal(container("kong-container").parent, "lab-kong");
    assert.equal(run.byName("lab-kong").parent, "lab");
    assert.equal(run.byName("lab-postgres-password").parent, "lab-postgres");
  });
});

describe("Prometheus", () => {
  test("prometheus.yml is uploaded and scrapes Kong's status listener kong:8100/metrics", () => {
    const uploads = plain<{ file: string; content: string }[]>(
      container("prometheus-container").inputs.uploads,
    );
    assert.equal(uploads.length, 1);
    assert.equal(uploads[0].file, "/etc/prometheus/prometheus.yml");
    const config = YAML.parse(uploads[0].content);
    const kongJob = config.scrape_configs.find((j: { job_name: string }) => j.job_name === "kong");
    assert.equal(kongJob.metrics_path, "/metrics");
    assert.deepEqual(kongJob.static_configs, [{ targets: ["kong:8100"] }]);
  });
});

describe("secrets", () => {
  test("the Postgres password is generated as a secret output", () => {
    const pw = run.byName("lab-postgres-password");
    assert.equal(pw.type, "pulumi-nodejs:dynamic/secrets:GeneratedPassword");
    assert.deepEqual(pw.additionalSecretOutputs, ["result"]);
    assert.equal(plain(pw.inputs.length), 32);
  });

  test("every env holding the password is sent as a secret and kept secret in outputs", () => {
    for (const name of ["postgres-container", "kong-container"]) {
      const c = container(name);
      assert.ok(isSecretInput(c.inputs.envs), `${name} envs secret`);
      assert.ok(c.additionalSecretOutputs.includes("envs"), `${name} envs output secret`);
    }
    for (const step of ["bootstrap", "up"] as const) {
      assert.ok(
        isSecretInput(migration(step).inputs.environment),
        `${step}: environment (with the password) sent as a secret`,
      );
      assert.ok(
        migration(step).additionalSecretOutputs.includes("environment"),
        `${step}: environment kept secret in the state`,
      );
    }
  });

  test("the database password and the generated JWT secret appear nowhere outside a secret", () => {
    assert.ok(
      run.resources.some((r) => r.name === "lab-jwt-secret-jwttoken"),
      "the Kong layer generates the JWT secret",
    );
    for (const r of run.resources) {
      const text = JSON.stringify(mapSecrets(r.inputs ?? {}));
      assert.ok(!text.includes(PASSWORD), r.name);
      assert.ok(!text.includes(JWT_SECRET), `${r.name} holds the JWT secret in plaintext`);
    }
    assert.ok(!JSON.stringify(run.outputs).includes(PASSWORD));
  });
});

describe("stack outputs", () => {
  test("jwtSecret: the generated HS256 secret, exported as a secret", async () => {
    const exported = run.exports.jwtSecret;
    assert.ok(pulumi.Output.isInstance(exported), "jwtSecret is exported");
    assert.equal(await pulumi.isSecret(exported as pulumi.Output<unknown>), true);
    assert.equal(typeof run.outputs.jwtSecret, "string");
    assert.ok((run.outputs.jwtSecret as string).length > 0);
  });

  test("URLs of every service, the sample request and the JWT settings", () => {
    const o = run.outputs;
    assert.equal(o.proxyUrl, "http://127.0.0.1:8000");
    assert.equal(o.adminUrl, "http://127.0.0.1:8001");
    assert.equal(o.managerUrl, "http://127.0.0.1:8002");
    assert.equal(o.prometheusUrl, "http://127.0.0.1:9090");
    assert.equal(o.zipkinUrl, "http://127.0.0.1:9411");
    assert.equal(o.routePath, "/kong/healthy");
    assert.equal(o.jwtKey, "jwttoken");
    assert.equal(o.jwtAlgorithm, "HS256");
    assert.equal(o.jwtMaximumExpiration, 600);
    assert.equal(
      o.sampleRequest,
      'curl -i -H "Authorization: Bearer <token>" http://127.0.0.1:8000/kong/healthy   # <token>: npm run token -- --stack dev',
    );
  });
});
