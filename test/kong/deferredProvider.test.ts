/**
 * The Kong resources' serialized providers are small shims (deferredProvider.ts): the state of
 * each resource carries where its provider lives, not the provider's code. Each is captured under
 * mocks with Pulumi's own closure serializer, as `pulumi up` would store it.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, test } from "node:test";
import { deferredProvider, projectRootFrom } from "../../components/kong/deferredProvider";
import { KongConsumerSet } from "../../components/kong/ConsumerSet";
import {
  captureDynamicResources,
  loadSerializedProvider,
  serializedProviderOf,
} from "../support/dynamicProvider";
import { captureLab, OWNER_TAG } from "./labFixture";

/** The bound of issue 15: each resource's serialized provider stays under 20 kB. */
const MAX_PROVIDER_BYTES = 20_000;
const REPO_ROOT = path.resolve(__dirname, "..", "..");

describe("deferred providers", () => {
  test("every Kong resource of the lab serializes a provider of at most 20 kB, without an absolute path", async () => {
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

  test("the consumer set serializes a provider of at most 20 kB", async () => {
    const [set] = await captureDynamicResources(() => [
      new KongConsumerSet("set", {
        adminUrl: "http://127.0.0.1:8001",
        ownerTag: OWNER_TAG,
        consumers: [],
        secrets: {},
      }),
    ]);
    assert.ok(set);
    const bytes = Buffer.byteLength(serializedProviderOf(set));
    assert.ok(bytes <= MAX_PROVIDER_BYTES, `set provider is ${bytes} bytes`);
  });

  test("the project root is where node_modules/@pulumi/pulumi lives", () => {
    assert.equal(projectRootFrom(REPO_ROOT), REPO_ROOT);
    assert.equal(projectRootFrom(path.join(REPO_ROOT, "components", "kong")), REPO_ROOT);
  });

  test("one shim per provider, so Pulumi serializes each provider once per program run", () => {
    const file = path.join(REPO_ROOT, "components/kong/KongPlugin.ts");
    assert.equal(
      deferredProvider(file, "kongPluginProvider"),
      deferredProvider(file, "kongPluginProvider"),
    );
    assert.notEqual(
      deferredProvider(file, "kongPluginProvider"),
      deferredProvider(path.join(REPO_ROOT, "components/kong/KongRoute.ts"), "kongRouteProvider"),
    );
  });

  test("a shim naming an export its module lacks fails on use, naming the export and the file", async () => {
    const shim = deferredProvider(path.join(REPO_ROOT, "components/kong/KongService.ts"), "nope");
    await assert.rejects(
      () => Promise.resolve().then(() => shim.check({}, {})),
      (e: Error) =>
        e.message.includes("nope") && e.message.includes(path.join("components", "kong")),
    );
  });

  test("a serialized shim loaded as the host loads it runs the real provider", async () => {
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
});
