/**
 * What index.ts hands the Kong configuration: with containers on, the local gateway's Admin API,
 * the FastAPI app and Zipkin as Kong reaches them on the lab network, ready after the gateway.
 */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { stackConfig } from "../../support/mocksStackConfig";
import type { LabTarget } from "../../../components/docker/labTarget";

const value = <T>(o: pulumi.Output<T> | undefined) =>
  new Promise<T | undefined>((resolve) => (o ? o.apply(resolve) : resolve(undefined)));

let target: LabTarget;
before(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => ({
        id: `${args.name}-id`,
        state: { ...args.inputs, imageId: "sha256:x", exitCode: 0, result: "pw" },
      }),
      call: (args) => args.inputs,
    },
    "kong-jwt-lab",
    "dev",
    false,
  );
  pulumi.runtime.setAllConfig(stackConfig("dev"), []);
  const { readLabConfig } = await import("../../../config/readLabConfig");
  const { createLabTarget } = await import("../../../components/docker/labTarget");
  target = createLabTarget("lab", readLabConfig());
});

test("containers on: Admin API on 127.0.0.1, upstream and zipkin by network alias", async () => {
  assert.equal(await value(target.adminUrl), "http://127.0.0.1:8001");
  assert.equal(await value(target.upstreamUrl), "http://fastapi:8080/healthy");
  assert.equal(await value(target.zipkinEndpoint), "http://zipkin:9411/api/v2/spans");
});

test("the Kong configuration is ordered after the gateway", () => {
  assert.ok(target.dockerLab);
  assert.deepEqual(target.ready, [target.dockerLab.gateway]);
});

const resourcesOf = (o: pulumi.Output<unknown> | undefined) =>
  (o as unknown as { allResources(): Promise<Set<pulumi.Resource>> }).allResources();

test("the Admin API URL carries a dependency on the gateway container itself", async () => {
  assert.ok(target.dockerLab);
  const deps = await resourcesOf(target.adminUrl);
  assert.ok(deps.has(target.dockerLab.gateway.container), "adminUrl depends on the container");
});

test("the upstream URL and the zipkin endpoint wait for no container", async () => {
  assert.ok(target.dockerLab);
  assert.equal((await resourcesOf(target.upstreamUrl)).size, 0);
  assert.equal((await resourcesOf(target.zipkinEndpoint)).size, 0);
});
