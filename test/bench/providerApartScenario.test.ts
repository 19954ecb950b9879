/**
 * The provider-apart benchmark scenario, run for real on a small set against the Kong stand-in (a
 * test double) through the recording proxy: a fresh worker process creates three sets in a row,
 * each step is recorded with its requests and the provider's CPU, the first is paired with decK's
 * create, and the worker's clean-up leaves nothing behind.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { StepRecorder } from "../../bench/measure";
import { type RecordingProxy, startRecordingProxy } from "../../bench/recordingProxy";
import type { ScenarioContext } from "../../bench/scenarios/context";
import { consumerScenarioName } from "../../bench/scenarios/consumerSetScenario";
import { countTagged } from "../../bench/scenarios/kongState";
import {
  PROVIDER_APART_OWNER_TAG,
  PROVIDER_APART_STEPS,
  providerApartScenarioName,
  runProviderApartScenario,
} from "../../bench/scenarios/providerApartScenario";
import { type KongStandIn, startKongStandIn } from "../kong-standin";

describe("the set's provider apart (no engine)", () => {
  let standIn: KongStandIn;
  let proxy: RecordingProxy;
  const recorder = new StepRecorder();
  before(async () => {
    standIn = await startKongStandIn();
    proxy = await startRecordingProxy(standIn.adminUrl);
    const ctx: ScenarioContext = {
      targetAdminUrl: standIn.adminUrl,
      proxy,
      recorder,
      stateSizes: [],
      runs: 1,
      parallelism: 10,
      salt: "t",
      log: () => undefined,
    };
    await runProviderApartScenario(ctx, 5);
  });
  after(async () => {
    await proxy.close();
    await standIn.close();
  });

  test("records the three creates of one fresh process, each 10 writes, with the provider's CPU", () => {
    const scenario = providerApartScenarioName(5);
    for (const step of PROVIDER_APART_STEPS) {
      const rec = recorder.find(scenario, step, "pulumi");
      assert.ok(rec, step);
      assert.equal(rec.samples.length, 1, step);
      const [sample] = rec.samples;
      assert.equal(sample!.counts.writes, 10, step);
      assert.ok(sample!.wallMs > 0, step);
      assert.ok(sample!.cpuMs! > 0, step);
    }
  });

  test("pairs only the first create with decK's create of the same size", () => {
    const scenario = providerApartScenarioName(5);
    assert.equal(recorder.find(scenario, "create", "pulumi")?.comparesTo, consumerScenarioName(5));
    for (const step of PROVIDER_APART_STEPS.slice(1)) {
      assert.equal(recorder.find(scenario, step, "pulumi")?.comparesTo, undefined, step);
    }
  });

  test("leaves no consumer or credential behind", async () => {
    const held = await countTagged(standIn.adminUrl, PROVIDER_APART_OWNER_TAG);
    assert.equal(held.consumers, 0);
    assert.equal(held.jwts, 0);
  });
});
