/**
 * The pure validator: one test per rejected case, each asserting that the message names the key
 * and says what is allowed; plus the accepted shapes and "every problem at once".
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { ConfigKeyName } from "../../../config/configKeys";
import {
  LabConfigError,
  RawLabConfig,
  checkLabConfig,
  imageRefProblem,
  validateLabConfig,
} from "../../../config/validateLabConfig";

const PEM =
  "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEexampleexampleexampleexample\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==\n-----END PUBLIC KEY-----\n";

function raw(
  values: Partial<Record<ConfigKeyName, string>> = {},
  secretKeys: ConfigKeyName[] = [],
  unknownKeys: string[] = [],
): RawLabConfig {
  return {
    project: "kong-jwt-lab",
    stack: "dev",
    values,
    secretKeys: new Set(secretKeys),
    unknownKeys,
  };
}

/** Asserts the config is rejected with exactly one problem naming `key` and matching `allowed`. */
function rejects(
  values: Partial<Record<ConfigKeyName, string>>,
  key: string,
  allowed: RegExp,
  secretKeys: ConfigKeyName[] = [],
) {
  const { problems } = checkLabConfig(raw(values, secretKeys));
  assert.equal(problems.length, 1, `expected one problem, got:\n${problems.join("\n")}`);
  assert.ok(problems[0].includes(`kong-jwt-lab:${key}`), `names the key: ${problems[0]}`);
  assert.match(problems[0], /allowed: /);
  assert.match(problems[0], allowed);
  assert.throws(
    () => validateLabConfig(raw(values, secretKeys)),
    (err: unknown) => {
      assert.ok(err instanceof LabConfigError);
      assert.ok(
        pulumi.RunError.isInstance(err),
        "a RunError: preview prints it without a stack trace",
      );
      assert.ok(err.message.includes(`kong-jwt-lab:${key}`));
      return true;
    },
  );
  return problems[0];
}

describe("accepted configuration", () => {
  test("all defaults: the local lab", () => {
    const s = validateLabConfig(raw());
    assert.ok(s.containers);
    assert.deepEqual(s.containers.images, {
      kong: "kong:3.9.1",
      postgres: "postgres:16.9-alpine",
      prometheus: "prom/prometheus:v3.5.0",
      zipkin: "openzipkin/zipkin:3.5.1",
      grafana: "grafana/grafana:13.0.1",
    });
    assert.equal(s.containers.ports.admin, 8001);
    assert.equal(s.containers.ports.grafana, 3000);
    assert.equal(s.containers.namePrefix, "kong-jwt-lab-dev");
    assert.equal(s.kong.ownerTag, "kong-jwt-lab.dev");
    assert.deepEqual(s.lab.jwtPlugin, {
      instanceName: "jwt-authentication",
      claimsToVerify: ["exp"],
      keyClaimName: "iss",
      maximumExpiration: 600,
      scope: "global",
    });
    assert.deepEqual(s.lab.credentials, [{ key: "jwttoken", algorithm: "HS256" }]);
    assert.equal(s.lab.currentCredentialKey, "jwttoken");
    assert.deepEqual(s.credentialSecretPaths, [undefined]);
    assert.equal(s.kong.adoptExisting, false);
    assert.deepEqual(s.consumers, []);
    assert.deepEqual(s.lab.routePaths, ["/kong/healthy"]);
    assert.equal(s.lab.zipkinSampleRatio, 1);
  });

  test("image digests, registry hosts with ports, and tag@digest are pinned", () => {
    for (const ref of [
      `kong@sha256:${"a".repeat(64)}`,
      "registry.example.com:5000/team/kong:3.9.1",
      `kong:3.9.1@sha256:${"0".repeat(64)}`,
      "prom/prometheus:v3.5.0",
    ]) {
      assert.equal(imageRefProblem(ref), undefined, ref);
    }
  });

  test("a secret jwtSecret and secret admin headers are accepted and not read", () => {
    const s = validateLabConfig(raw({}, ["jwtSecret", "kongAdminHeaders"]));
    assert.equal(s.jwtSecretProvided, true);
    assert.equal(s.adminHeadersProvided, true);
  });

  test("RS256 with a PEM key, maximum_expiration 0 without exp, ratio 0.25, proxy on 0.0.0.0", () => {
    const s = validateLabConfig(
      raw({
        jwtAlgorithm: "RS256",
        jwtRsaPublicKey: PEM,
        jwtMaximumExpiration: "0",
        jwtClaimsToVerify: '["nbf"]',
        zipkinSampleRatio: "0.25",
        proxyBindAddress: "0.0.0.0",
      }),
    );
    assert.equal(s.lab.credentials[0].rsaPublicKey, PEM.trim());
    assert.deepEqual(s.lab.jwtPlugin.claimsToVerify, ["nbf"]);
    assert.equal(s.lab.zipkinSampleRatio, 0.25);
  });

  test("RS256 and ES256 without jwtRsaPublicKey: accepted, the program generates the key pair", () => {
    for (const jwtAlgorithm of ["RS256", "ES256"]) {
      const s = validateLabConfig(raw({ jwtAlgorithm }));
      assert.deepEqual(s.lab.credentials, [{ key: "jwttoken", algorithm: jwtAlgorithm }]);
    }
  });

  test("containers off with URLs: existing Kong", () => {
    const s = validateLabConfig(
      raw({
        containersEnabled: "false",
        kongAdminUrl: "https://kong-admin.example:8444/",
        upstreamUrl: "http://app.example:8080/healthy",
        zipkinEndpoint: "http://zipkin.example:9411/api/v2/spans",
      }),
    );
    assert.equal(s.containers, undefined);
    assert.equal(s.kong.adminUrl, "https://kong-admin.example:8444");
    assert.equal(s.kong.zipkinEndpoint, "http://zipkin.example:9411/api/v2/spans");
    assert.equal(s.lab.upstreamUrl, "http://app.example:8080/healthy");
  });

  test("with containers off, the same port twice does not matter (nothing is published)", () => {
    const s = validateLabConfig(
      raw({
        containersEnabled: "false",
        kongAdminUrl: "http://127.0.0.1:8001",
        upstreamUrl: "http://127.0.0.1:8080/healthy",
        managerPort: "8001",
      }),
    );
    assert.equal(s.containers, undefined);
  });
});

describe("rejected configuration: one problem each, naming the key and what is allowed", () => {
  test("image without a tag", () => {
    const p = rejects({ kongImage: "kong" }, "kongImage", /no tag/);
    assert.match(p, /repo:tag/);
  });
  test("image tagged latest", () => {
    rejects({ postgresImage: "postgres:latest" }, "postgresImage", /latest/);
  });
  test("image with a malformed tag", () => {
    rejects({ prometheusImage: "prom/prometheus:v3 .5" }, "prometheusImage", /malformed tag/);
  });
  test("image with a malformed digest", () => {
    rejects({ zipkinImage: "openzipkin/zipkin@sha256:abc" }, "zipkinImage", /malformed digest/);
  });
  test("image with a malformed repository", () => {
    rejects({ kongImage: "Kong/Gateway:3.9.1" }, "kongImage", /malformed repository/);
  });
  test("Grafana image tagged latest, and Grafana on a port another container uses", () => {
    rejects({ grafanaImage: "grafana/grafana:latest" }, "grafanaImage", /latest/);
    const p = rejects({ grafanaPort: "9090" }, "prometheusPort", /different host port/);
    assert.ok(p.includes("kong-jwt-lab:grafanaPort"), "names both keys");
  });
  test("port 0", () => {
    rejects({ adminPort: "0" }, "adminPort", /from 1 to 65535/);
  });
  test("port above 65535", () => {
    rejects({ proxyHttpPort: "70000" }, "proxyHttpPort", /from 1 to 65535/);
  });
  test("port that is not an integer", () => {
    rejects({ zipkinPort: "94.11" }, "zipkinPort", /integer port/);
  });
  test("the same host port twice", () => {
    const p = rejects({ managerPort: "8001" }, "adminPort", /different host port/);
    assert.ok(p.includes("kong-jwt-lab:managerPort"), "names both keys");
    assert.match(p, /8001/);
  });
  test("negative jwtMaximumExpiration", () => {
    rejects({ jwtMaximumExpiration: "-1" }, "jwtMaximumExpiration", /from 0 to 31536000/);
  });
  test("jwtMaximumExpiration above a year", () => {
    rejects({ jwtMaximumExpiration: "31536001" }, "jwtMaximumExpiration", /from 0 to 31536000/);
  });
  test("unknown jwtAlgorithm", () => {
    rejects(
      { jwtAlgorithm: "HS257" },
      "jwtAlgorithm",
      /HS256, HS384, HS512, RS256, RS384, RS512, ES256, ES384/,
    );
  });
  test("lower-case algorithm name is unknown too", () => {
    rejects({ jwtAlgorithm: "hs256" }, "jwtAlgorithm", /one of HS256/);
  });
  test("ES256 with something that is not PEM", () => {
    rejects(
      { jwtAlgorithm: "ES256", jwtRsaPublicKey: "ssh-rsa AAAA" },
      "jwtRsaPublicKey",
      /PEM public key/,
    );
  });
  test("HS256 with a jwtRsaPublicKey", () => {
    rejects({ jwtRsaPublicKey: PEM }, "jwtRsaPublicKey", /RS\* and ES\*/);
  });
  test("claims_to_verify with an unknown claim", () => {
    rejects({ jwtClaimsToVerify: '["exp","iat"]' }, "jwtClaimsToVerify", /exp, nbf/);
  });
  test("claims_to_verify that is not a list", () => {
    rejects({ jwtClaimsToVerify: "exp" }, "jwtClaimsToVerify", /a list of strings/);
  });
  test("maximum_expiration > 0 without exp in claims_to_verify", () => {
    const p = rejects({ jwtClaimsToVerify: '["nbf"]' }, "jwtClaimsToVerify", /add "exp"/);
    assert.ok(p.includes("kong-jwt-lab:jwtMaximumExpiration"));
  });
  test("zipkinSampleRatio above 1", () => {
    rejects({ zipkinSampleRatio: "1.5" }, "zipkinSampleRatio", /from 0 to 1/);
  });
  test("negative zipkinSampleRatio", () => {
    rejects({ zipkinSampleRatio: "-0.1" }, "zipkinSampleRatio", /from 0 to 1/);
  });
  test("proxyBindAddress that is not an IP address", () => {
    rejects({ proxyBindAddress: "localhost" }, "proxyBindAddress", /IPv4 or IPv6/);
  });
  test("containers off without kongAdminUrl", () => {
    rejects(
      { containersEnabled: "false", upstreamUrl: "http://127.0.0.1:8080/healthy" },
      "kongAdminUrl",
      /Admin API URL/,
    );
  });
  test("containers off without upstreamUrl", () => {
    rejects(
      { containersEnabled: "false", kongAdminUrl: "http://127.0.0.1:8001" },
      "upstreamUrl",
      /URL Kong forwards to/,
    );
  });
  test("kongAdminUrl that is not http(s)", () => {
    rejects(
      {
        containersEnabled: "false",
        kongAdminUrl: "ftp://kong:8001",
        upstreamUrl: "http://a:1/healthy",
      },
      "kongAdminUrl",
      /http:\/\/ or https:\/\//,
    );
  });
  test("kongAdminUrl with credentials in it", () => {
    rejects(
      {
        containersEnabled: "false",
        kongAdminUrl: "http://admin:pw@127.0.0.1:8001",
        upstreamUrl: "http://a:1/healthy",
      },
      "kongAdminUrl",
      /without them/,
    );
  });
  test("containers on with kongAdminUrl set (it would be ignored)", () => {
    rejects({ kongAdminUrl: "http://127.0.0.1:8001" }, "kongAdminUrl", /leave it empty/);
  });
  test("containersEnabled that is not a boolean", () => {
    rejects({ containersEnabled: "yes" }, "containersEnabled", /true or false/);
  });
  test("route path not starting with '/'", () => {
    rejects({ routePath: "kong/healthy" }, "routePath", /starting with '\/'/);
  });
  test("route methods in lower case", () => {
    rejects({ routeMethods: '["get"]' }, "routeMethods", /upper-case HTTP methods/);
  });
  test("plaintext jwtSecret in the stack file (not marked secret); the value is not repeated", () => {
    const p = rejects({ jwtSecret: "!Qwaszxerdfcv" }, "jwtSecret", /--secret/);
    assert.ok(!p.includes("Qwaszxerdfcv"), "never echoes the secret");
  });
  test("plaintext kongAdminHeaders; the value is not repeated", () => {
    const p = rejects(
      { kongAdminHeaders: '{"X-Api-Key":"hunter2"}' },
      "kongAdminHeaders",
      /--secret/,
    );
    assert.ok(!p.includes("hunter2"));
  });
  test("empty service name", () => {
    rejects({ serviceName: "" }, "serviceName", /non-empty name/);
  });
  test("route name with a space", () => {
    rejects({ routeName: "fastapi route" }, "routeName", /letters, digits/);
  });
  test("unknown key (typo) with a suggestion", () => {
    const { problems } = checkLabConfig(raw({}, [], ["kong-jwt-lab:adminport"]));
    assert.equal(problems.length, 1);
    assert.match(problems[0], /kong-jwt-lab:adminport: unknown key; allowed: /);
    assert.match(problems[0], /did you mean kong-jwt-lab:adminPort\?/);
  });
});

test("every problem is reported at once, in one error", () => {
  try {
    validateLabConfig(
      raw({
        kongImage: "kong:latest",
        adminPort: "99999",
        jwtMaximumExpiration: "-5",
        jwtAlgorithm: "none",
        zipkinSampleRatio: "2",
      }),
    );
    assert.fail("should throw");
  } catch (err) {
    assert.ok(err instanceof LabConfigError);
    assert.equal(err.problems.length, 5);
    for (const key of [
      "kongImage",
      "adminPort",
      "jwtMaximumExpiration",
      "jwtAlgorithm",
      "zipkinSampleRatio",
    ]) {
      assert.ok(err.message.includes(`kong-jwt-lab:${key}:`), key);
    }
    assert.match(err.message, /Invalid configuration of stack "dev" \(5 problems\)/);
  }
});

describe("verifyAfterUp", () => {
  test("off by default; on with containers and an HS* credential", () => {
    assert.equal(validateLabConfig(raw()).verifyAfterUp, false);
    assert.equal(validateLabConfig(raw({ verifyAfterUp: "true" })).verifyAfterUp, true);
  });
  test("refused with containers off: the check would run against a Kong this machine may not reach", () => {
    rejects(
      {
        verifyAfterUp: "true",
        containersEnabled: "false",
        kongAdminUrl: "http://127.0.0.1:8001",
        upstreamUrl: "http://127.0.0.1:8080/healthy",
      },
      "verifyAfterUp",
      /containersEnabled true; allowed: false .*npm run smoke -- --stack dev/,
    );
  });
  test("refused with a configured RS*/ES* public key: the stack holds no private key to sign with", () => {
    rejects(
      { verifyAfterUp: "true", jwtAlgorithm: "RS256", jwtRsaPublicKey: PEM },
      "verifyAfterUp",
      /needs a private key to sign RS256 tokens.*"jwttoken" has a configured public key.*allowed: false, or leave the public key out/,
    );
  });
  test("accepted with an RS256 credential whose key pair the stack generates", () => {
    const { problems } = checkLabConfig(raw({ verifyAfterUp: "true", jwtAlgorithm: "RS256" }));
    assert.deepEqual(problems ?? [], []);
  });
  test("not a boolean", () => {
    rejects({ verifyAfterUp: "yes" }, "verifyAfterUp", /true or false/);
  });
});
