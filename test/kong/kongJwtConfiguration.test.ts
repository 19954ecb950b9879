/**
 * The KongJwtConfiguration component under mocks: which children it registers, with which
 * inputs and parent, and that no secret is captured in any serialized provider.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { GENERATED_JWT_SECRET_LENGTH } from "../../components/kong/KongJwtConfiguration";
import { serializedProviderOf } from "../support/dynamicProvider";
import {
  captureLab,
  LAB_SECRET,
  labConfig,
  mockKongId,
  OWNER_TAG,
  unwrapSecrets,
} from "./labFixture";

describe("KongJwtConfiguration (mocks)", () => {
  test("registers the lab's entities as children with the lab's values", async () => {
    const { resources, parents } = await captureLab({
      adminUrl: "http://127.0.0.1:8001",
      zipkinEndpoint: "http://zipkin:9411/api/v2/spans",
      adminHeaders: { "X-Admin-Token": "header-secret-value" },
    });
    const byName = new Map(resources.map((r) => [r.name, r]));
    assert.deepEqual(
      resources.map((r) => `${r.type} ${r.name}`).sort(),
      [
        "kong-jwt-lab:kong:KongJwtConfiguration lab",
        "pulumi-nodejs:dynamic/kong:Service lab-service",
        "pulumi-nodejs:dynamic/kong:Route lab-route",
        "pulumi-nodejs:dynamic/kong:Consumer lab-consumer",
        "pulumi-nodejs:dynamic/kong:JwtCredential lab-credential-jwttoken",
        "pulumi-nodejs:dynamic/kong:Plugin lab-jwt-plugin",
        "pulumi-nodejs:dynamic/kong:Plugin lab-prometheus-plugin",
        "pulumi-nodejs:dynamic/kong:Plugin lab-zipkin-plugin",
      ].sort(),
    );
    for (const r of resources.filter((x) => x.custom)) {
      assert.equal(parents.get(r.name), "lab", `${r.name} is a child of the component`);
    }
    const inputs = (name: string) =>
      unwrapSecrets(byName.get(name)?.inputs) as Record<string, unknown>;

    assert.equal(inputs("lab-service").name, "fastapi-service");
    assert.equal(inputs("lab-service").url, "http://127.0.0.1:9/healthy");
    assert.equal(inputs("lab-service").ownerTag, OWNER_TAG);
    assert.deepEqual(inputs("lab-service").adminHeaders, {
      "X-Admin-Token": "header-secret-value",
    });

    const route = inputs("lab-route");
    assert.equal(route.name, "fastapi-route");
    assert.equal(route.serviceId, mockKongId("lab-service"));
    assert.deepEqual(route.paths, ["/kong/healthy"]);
    assert.equal(route.stripPath, true);

    assert.equal(inputs("lab-consumer").username, "fastapi-consumer");

    const cred = inputs("lab-credential-jwttoken");
    assert.equal(cred.consumerId, mockKongId("lab-consumer"));
    assert.equal(cred.key, "jwttoken");
    assert.equal(cred.algorithm, "HS256");
    assert.equal(cred.secret, LAB_SECRET);

    const jwt = inputs("lab-jwt-plugin");
    assert.equal(jwt.name, "jwt");
    assert.equal(jwt.instanceName, "jwt-authentication");
    assert.equal(jwt.serviceId, undefined);
    assert.equal(jwt.routeId, undefined);
    assert.deepEqual(jwt.config, {
      claims_to_verify: ["exp"],
      key_claim_name: "iss",
      maximum_expiration: 600,
    });

    assert.deepEqual(inputs("lab-prometheus-plugin").config, {
      per_consumer: true,
      status_code_metrics: true,
      latency_metrics: true,
      bandwidth_metrics: true,
    });
    assert.deepEqual(inputs("lab-zipkin-plugin").config, {
      http_endpoint: "http://zipkin:9411/api/v2/spans",
      sample_ratio: 1,
    });

    // No secret (JWT secret, admin header) is captured in any serialized provider.
    for (const r of resources.filter((x) => x.custom)) {
      const text = serializedProviderOf(r);
      assert.ok(!text.includes(LAB_SECRET), `${r.name}: provider text holds the JWT secret`);
      assert.ok(!text.includes("header-secret-value"), `${r.name}: provider text holds the header`);
    }
  });

  test("without a zipkinEndpoint there is no zipkin plugin", async () => {
    const { resources } = await captureLab({ adminUrl: "http://127.0.0.1:8001" });
    assert.equal(
      resources.some((r) => r.name === "lab-zipkin-plugin"),
      false,
    );
  });

  test("an HS credential without a configured secret gets a GeneratedPassword child", async () => {
    const lab = labConfig({ credentials: [{ key: "jwttoken", algorithm: "HS384" }] });
    const { resources, parents } = await captureLab({ adminUrl: "http://127.0.0.1:8001", lab });
    const gen = resources.find((r) => r.name === "lab-jwt-secret-jwttoken");
    assert.ok(gen, "GeneratedPassword registered");
    assert.equal(parents.get("lab-jwt-secret-jwttoken"), "lab");
    assert.equal(
      (unwrapSecrets(gen.inputs) as { length: number }).length,
      GENERATED_JWT_SECRET_LENGTH,
    );
    const cred = unwrapSecrets(
      resources.find((r) => r.name.startsWith("lab-credential-"))?.inputs,
    ) as Record<string, unknown>;
    assert.equal(cred.secret, "generated-by-mock-0123456789abcd");
    assert.equal(cred.algorithm, "HS384");
  });

  test("an RS256 credential takes the public key and no secret (nothing generated)", async () => {
    const pem = "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----";
    const lab = labConfig({
      credentials: [{ key: "rsa-key", algorithm: "RS256", rsaPublicKey: pem }],
      currentCredentialKey: "rsa-key",
    });
    const { resources } = await captureLab({ adminUrl: "http://127.0.0.1:8001", lab });
    assert.equal(
      resources.some((r) => r.type.includes("secrets:")),
      false,
    );
    const cred = unwrapSecrets(
      resources.find((r) => r.name.startsWith("lab-credential-"))?.inputs,
    ) as Record<string, unknown>;
    assert.equal(cred.rsaPublicKey, pem);
    assert.equal(cred.secret, undefined);
  });

  test("a rotation: one credential resource per key, the first keeps the single credential's earlier names", async () => {
    const lab = labConfig({
      credentials: [
        { key: "jwttoken", algorithm: "HS256" },
        { key: "jwttoken-2", algorithm: "HS256" },
      ],
      currentCredentialKey: "jwttoken-2",
    });
    const { resources, aliasNames } = await captureLab({ adminUrl: "http://127.0.0.1:8001", lab });
    const names = resources.map((r) => r.name);
    for (const name of [
      "lab-credential-jwttoken",
      "lab-credential-jwttoken-2",
      "lab-jwt-secret-jwttoken",
      "lab-jwt-secret-jwttoken-2",
    ]) {
      assert.ok(names.includes(name), `${name} in ${names.join(", ")}`);
    }
    assert.deepEqual(aliasNames.get("lab-credential-jwttoken"), ["lab-credential"]);
    assert.deepEqual(aliasNames.get("lab-jwt-secret-jwttoken"), ["lab-jwt-secret"]);
    assert.deepEqual(aliasNames.get("lab-credential-jwttoken-2"), []);
    const inputsOf = (name: string) =>
      unwrapSecrets(resources.find((r) => r.name === name)?.inputs) as Record<string, unknown>;
    // the retiring credential's generated secret must already exist; the current one may be made
    assert.match(
      String(inputsOf("lab-jwt-secret-jwttoken").requireExisting),
      /retiring JWT credential "jwttoken" \(HS256\) has no configured secret/,
    );
    assert.equal(inputsOf("lab-jwt-secret-jwttoken-2").requireExisting, undefined);
    assert.equal(inputsOf("lab-credential-jwttoken-2").key, "jwttoken-2");
  });

  test("an RS256 credential without a public key gets a generated key pair; Kong gets its public key", async () => {
    const lab = labConfig({
      credentials: [{ key: "rsa-key", algorithm: "RS256" }],
      currentCredentialKey: "rsa-key",
    });
    const { resources } = await captureLab({ adminUrl: "http://127.0.0.1:8001", lab });
    const pair = resources.find((r) => r.name === "lab-jwt-keypair-rsa-key");
    assert.ok(pair, "GeneratedKeyPair registered");
    assert.equal(pair.type, "pulumi-nodejs:dynamic/secrets:GeneratedKeyPair");
    assert.equal((unwrapSecrets(pair.inputs) as { algorithm: string }).algorithm, "RS256");
    const cred = unwrapSecrets(
      resources.find((r) => r.name === "lab-credential-rsa-key")?.inputs,
    ) as Record<string, unknown>;
    assert.equal(cred.rsaPublicKey, "mock-public-key");
  });

  test("jwtPluginScope: global leaves the jwt plugin unscoped, route puts it on the lab's route", async () => {
    const jwtInputs = async (scope: "global" | "route") => {
      const base = labConfig();
      const { resources } = await captureLab({
        adminUrl: "http://127.0.0.1:8001",
        lab: { ...base, jwtPlugin: { ...base.jwtPlugin, scope } },
      });
      return unwrapSecrets(resources.find((r) => r.name === "lab-jwt-plugin")?.inputs) as Record<
        string,
        unknown
      >;
    };
    const global = await jwtInputs("global");
    assert.equal(global.routeId, undefined);
    assert.equal(global.serviceId, undefined);
    const route = await jwtInputs("route");
    assert.equal(route.routeId, mockKongId("lab-route"));
    assert.equal(route.name, "jwt");
  });
});
