/**
 * readLabConfig under Pulumi's runtime (mocks): reads every key, refuses plaintext secrets, keeps
 * secrets as secret Outputs, reports typos, and fails with one RunError listing every problem.
 */
import { before, beforeEach, test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { readLabConfig } from "../../../config/readLabConfig";
import { LabConfigError } from "../../../config/validateLabConfig";
import { stackConfig } from "../../support/mocksStackConfig";

const value = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));
let dev: Record<string, string>;

before(async () => {
  await pulumi.runtime.setMocks(
    { newResource: (a) => ({ id: a.name, state: a.inputs }), call: (a) => a.inputs },
    "kong-jwt-lab",
    "dev",
    false,
  );
  dev = stackConfig("dev");
});
beforeEach(() => pulumi.runtime.setAllConfig({}, []));

test("the dev stack: containers on, no JWT secret (the Kong layer generates one), no admin headers", () => {
  pulumi.runtime.setAllConfig(dev, []);
  const config = readLabConfig();
  assert.equal(config.containers?.namePrefix, "kong-jwt-lab-dev");
  assert.equal(config.kong.adminUrl, "http://127.0.0.1:8001");
  assert.equal(config.kong.ownerTag, "kong-jwt-lab.dev");
  assert.equal(config.kong.adminHeaders, undefined);
  assert.equal(config.lab.credentials.length, 1);
  assert.equal(config.lab.credentials[0].secret, undefined);
});

test("a jwtSecret set with --secret comes back as a secret Output", async () => {
  pulumi.runtime.setAllConfig({ ...dev, "kong-jwt-lab:jwtSecret": "!Qwaszxerdfcv" }, [
    "kong-jwt-lab:jwtSecret",
  ]);
  const secret = readLabConfig().lab.credentials[0].secret;
  assert.ok(secret);
  assert.equal(await pulumi.isSecret(secret), true);
  assert.equal(await value(secret), "!Qwaszxerdfcv");
});

test("a jwtSecret in plaintext is refused without repeating it", () => {
  pulumi.runtime.setAllConfig({ ...dev, "kong-jwt-lab:jwtSecret": "!Qwaszxerdfcv" }, []);
  assert.throws(readLabConfig, (err: unknown) => {
    assert.ok(err instanceof LabConfigError);
    assert.ok(pulumi.RunError.isInstance(err));
    assert.match(err.message, /kong-jwt-lab:jwtSecret: is set in plaintext; allowed: .*--secret/);
    assert.ok(!err.message.includes("Qwaszxerdfcv"));
    return true;
  });
});

test("secret admin headers come back as a secret object", async () => {
  pulumi.runtime.setAllConfig({ ...dev, "kong-jwt-lab:kongAdminHeaders": '{"X-Api-Key":"k1"}' }, [
    "kong-jwt-lab:kongAdminHeaders",
  ]);
  const headers = readLabConfig().kong.adminHeaders;
  assert.ok(headers);
  assert.equal(await pulumi.isSecret(headers), true);
  assert.deepEqual(await value(headers), { "X-Api-Key": "k1" });
});

test("a typo in a key is reported with the key it probably meant", () => {
  pulumi.runtime.setAllConfig({ ...dev, "kong-jwt-lab:jwtAlgoritm": "HS512" }, []);
  assert.throws(
    readLabConfig,
    /kong-jwt-lab:jwtAlgoritm: unknown key; .*did you mean kong-jwt-lab:jwtAlgorithm\?/,
  );
});

test("keys of other namespaces (providers) are not this program's business", () => {
  pulumi.runtime.setAllConfig({ ...dev, "docker:host": "unix:///var/run/docker.sock" }, []);
  assert.doesNotThrow(readLabConfig);
});

test("several bad values: one error, every key named", () => {
  pulumi.runtime.setAllConfig(
    {
      ...dev,
      "kong-jwt-lab:adminPort": "8000",
      "kong-jwt-lab:jwtAlgorithm": "RS999",
      "kong-jwt-lab:zipkinImage": "openzipkin/zipkin",
    },
    [],
  );
  assert.throws(readLabConfig, (err: unknown) => {
    assert.ok(err instanceof LabConfigError);
    assert.equal(err.problems.length, 3, err.message);
    assert.match(err.message, /kong-jwt-lab:proxyHttpPort, kong-jwt-lab:adminPort: port 8000/);
    assert.match(
      err.message,
      /kong-jwt-lab:jwtAlgorithm: "RS999" is not allowed; allowed: one of HS256/,
    );
    assert.match(err.message, /kong-jwt-lab:zipkinImage: "openzipkin\/zipkin" has no tag/);
    return true;
  });
});

test("jwtCredentials: each item's secret comes back as a secret Output; the validator never sees it", async () => {
  pulumi.runtime.setAllConfig(
    {
      ...dev,
      "kong-jwt-lab:jwtCredentials": JSON.stringify([
        { key: "old", algorithm: "HS256", secret: "old-secret-value" },
        { key: "new", algorithm: "HS256" },
      ]),
      "kong-jwt-lab:jwtCurrentKey": "new",
    },
    ["kong-jwt-lab:jwtCredentials"],
  );
  const lab = readLabConfig().lab;
  assert.deepEqual(
    lab.credentials.map((c) => c.key),
    ["old", "new"],
  );
  assert.equal(lab.currentCredentialKey, "new");
  const secret = lab.credentials[0].secret;
  assert.ok(secret);
  assert.equal(await pulumi.isSecret(secret), true);
  assert.equal(await value(secret), "old-secret-value");
  assert.equal(lab.credentials[1].secret, undefined);
});

test("jwtCredentials with a secret in plaintext is refused without repeating it", () => {
  pulumi.runtime.setAllConfig(
    {
      ...dev,
      "kong-jwt-lab:jwtCredentials": JSON.stringify([
        { key: "a", algorithm: "HS256", secret: "plain-secret-value" },
      ]),
    },
    [],
  );
  assert.throws(readLabConfig, (err: unknown) => {
    assert.ok(err instanceof LabConfigError);
    assert.match(err.message, /jwtCredentials\[0\]\.secret: is set in plaintext/);
    assert.ok(!err.message.includes("plain-secret-value"));
    return true;
  });
});
