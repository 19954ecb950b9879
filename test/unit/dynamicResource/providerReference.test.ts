/**
 * The project's dynamic resources store a reference to their provider's module
 * (components/dynamicResource): the state of each resource carries where its provider lives, not
 * the provider's code, and Pulumi's dynamic-provider process loads it in plain Node.js.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, test } from "node:test";
import { projectRootFrom, providerReference } from "../../../components/dynamicResource";
import { KongConsumerSet } from "../../../components/kong/ConsumerSet";
import { GeneratedKeyPair } from "../../../components/secrets/GeneratedKeyPair";
import { GeneratedPassword } from "../../../components/secrets/GeneratedPassword";
import {
  captureDynamicResources,
  loadSerializedProvider,
  serializedProviderOf,
} from "../../support/dynamicProvider";
import { captureLab, OWNER_TAG } from "../../kong/labFixture";

/** The bound of issue 15 was 20 kB per resource; a reference is a few hundred bytes. */
const MAX_PROVIDER_BYTES = 1_000;
const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");

describe("provider references", () => {
  test("every Kong resource of the lab stores a provider reference under 1 kB, without an absolute path", async () => {
    const { resources } = await captureLab({
      adminUrl: "http://127.0.0.1:8001",
      zipkinEndpoint: "http://zipkin:9411/api/v2/spans",
    });
    const kong = resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/kong:"));
    assert.equal(kong.length, 7, "service, route, consumer, credential, three plugins");
    for (const r of kong) {
      const text = serializedProviderOf(r);
      const bytes = Buffer.byteLength(text);
      assert.ok(bytes <= MAX_PROVIDER_BYTES, `${r.name}: provider is ${bytes} bytes`);
      assert.ok(!text.includes(REPO_ROOT), `${r.name}: provider names the checkout's path`);
    }
  });

  test("the consumer set and the generators keep their type tokens and store a reference", async () => {
    const captured = await captureDynamicResources(() => [
      new KongConsumerSet("set", {
        adminUrl: "http://127.0.0.1:8001",
        ownerTag: OWNER_TAG,
        consumers: [],
        secrets: {},
      }),
      new GeneratedPassword("password", { length: 32 }),
      new GeneratedKeyPair("pair", { algorithm: "ES256" }),
    ]);
    assert.deepEqual(captured.map((r) => r.type).sort(), [
      "pulumi-nodejs:dynamic/kong:KongConsumerSet",
      "pulumi-nodejs:dynamic/secrets:GeneratedKeyPair",
      "pulumi-nodejs:dynamic/secrets:GeneratedPassword",
    ]);
    for (const r of captured) {
      const bytes = Buffer.byteLength(serializedProviderOf(r));
      assert.ok(bytes <= MAX_PROVIDER_BYTES, `${r.name}: provider is ${bytes} bytes`);
    }
  });

  test("the project root is where node_modules/@pulumi/pulumi lives", () => {
    assert.equal(projectRootFrom(REPO_ROOT), REPO_ROOT);
    assert.equal(projectRootFrom(path.join(REPO_ROOT, "components", "kong")), REPO_ROOT);
  });

  test("a reference naming an export its module lacks fails on use, naming the export and the file", () => {
    const text = providerReference(path.join(REPO_ROOT, "components/kong/KongService.ts"), "nope");
    assert.throws(
      () => loadSerializedProvider(text),
      (e: Error) =>
        e.message.includes("nope") && e.message.includes(path.join("components", "kong")),
    );
  });

  test("a reference loaded as the host loads it runs the real provider", async () => {
    const { resources } = await captureLab({ adminUrl: "http://127.0.0.1:8001" });
    const service = resources.find((r) => r.name === "lab-service");
    assert.ok(service);
    const hosted = loadSerializedProvider(serializedProviderOf(service));
    const { failures } = await hosted.check({}, { adminUrl: "not a url", ownerTag: OWNER_TAG });
    assert.ok(
      failures.some((f) => f.property === "adminUrl"),
      JSON.stringify(failures),
    );
  });

  test("in plain Node.js (no TypeScript loader), in the project directory, a reference loads its provider", () => {
    // What Pulumi's dynamic-provider process does: require-from-string, then handler().
    const text = providerReference(
      path.join(REPO_ROOT, "components/secrets/GeneratedPassword.ts"),
      "generatedPasswordProvider",
    );
    const script = [
      'const pulumiDir = require("path").dirname(require.resolve("@pulumi/pulumi/package.json"));',
      'const requireFromString = require(require.resolve("require-from-string", { paths: [pulumiDir] }));',
      "const provider = requireFromString(process.env.PROVIDER_TEXT).handler();",
      "provider.check({}, { length: 8 }).then((r) => console.log(JSON.stringify(r.failures)));",
    ].join("\n");
    const child = spawnSync(process.execPath, ["-e", script], {
      cwd: REPO_ROOT,
      env: { ...process.env, NODE_OPTIONS: "", PROVIDER_TEXT: text },
      encoding: "utf8",
    });
    assert.equal(child.status, 0, child.stderr);
    const failures = JSON.parse(child.stdout) as { property: string }[];
    assert.deepEqual(
      failures.map((f) => f.property),
      ["length"],
      "the real provider's check refused a length under 16",
    );
  });
});
