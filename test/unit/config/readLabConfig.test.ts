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
  assert.equal(config.lab.credential.secret, undefined);
});

test("a jwtSecret set with --secret comes back as a secret Output", async () => {
  pulumi.runtime.setAllConfig({ ...dev, "kong-jwt-lab:jwtSecret": "!Qwaszxerdfcv" }, [
    "kong-jwt-lab:jwtSecret",
  ]);
  const secret = readLabConfig().lab.credential.secret;
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
      "kong-jwt-lab:jwtAlgorithm": "RS256",
      "kong-jwt-lab:zipkinImage": "openzipkin/zipkin",
    },
    [],
  );
  assert.throws(readLabConfig, (err: unknown) => {
    assert.ok(err instanceof LabConfigError);
    // The dev stack verifies after `up`, which RS256 (no private key in the stack) rules out.
    assert.equal(err.problems.length, 4, err.message);
    assert.match(
      err.message,
      /kong-jwt-lab:verifyAfterUp: needs an HS\* kong-jwt-lab:jwtAlgorithm/,
    );
    assert.match(err.message, /kong-jwt-lab:proxyHttpPort, kong-jwt-lab:adminPort: port 8000/);
    assert.match(
      err.message,
      /kong-jwt-lab:jwtRsaPublicKey: is required with kong-jwt-lab:jwtAlgorithm RS256/,
    );
    assert.match(err.message, /kong-jwt-lab:zipkinImage: "openzipkin\/zipkin" has no tag/);
    return true;
  });
});
