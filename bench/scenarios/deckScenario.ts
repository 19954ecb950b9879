/**
 * The same N-consumer state synced with decK into the same Admin API (through the same recording
 * proxy): create, an unchanged sync, one credential changed, destroy (sync of an empty file).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { benchConsumers } from "../consumerFixtures";
import { type DeckInfo, deckSync, writeDeckState } from "../deckRunner";
import { measureStep } from "../measure";
import { UNCHANGED_SYNC } from "../report";
import { consumerScenarioName } from "./consumerSetScenario";
import type { ScenarioContext } from "./context";
import { countTagged, deleteTaggedConsumers } from "./kongState";

export const DECK_TAG = "kong-jwt-lab.bench-deck";

export async function runDeckScenario(
  ctx: ScenarioContext,
  deck: DeckInfo,
  n: number,
): Promise<void> {
  const scenario = consumerScenarioName(n, ctx.parallelism);
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "kong-jwt-lab-bench-deck-"));
  try {
    const file = path.join(dir, "kong.yaml");
    const sync = () =>
      deckSync(deck, {
        adminUrl: ctx.proxy.url,
        stateFile: file,
        tag: DECK_TAG,
        parallelism: ctx.parallelism,
      });
    for (let run = 1; run <= ctx.runs; run++) {
      await deleteTaggedConsumers(ctx.targetAdminUrl, DECK_TAG);
      const add = (step: string, s: Awaited<ReturnType<typeof measureStep>>) => {
        const rec = ctx.recorder.add(scenario, step, "deck", s);
        ctx.log(
          `  [deck]   ${scenario} run ${run}: ${step}: ${(s.wallMs / 1000).toFixed(2)} s, ${s.counts.total} requests (${s.counts.writes} writes)`,
        );
        return rec;
      };
      await writeDeckState(file, benchConsumers(n, ctx.salt), DECK_TAG);
      add("create", await measureStep(ctx.proxy, sync)).expectedWrites = 2 * n;
      const held = await countTagged(ctx.targetAdminUrl, DECK_TAG);
      if (held.consumers !== n || held.jwts !== n) {
        throw new Error(
          `after decK's create the Admin API holds ${held.consumers} consumers and ${held.jwts} credentials, expected ${n}`,
        );
      }
      add(UNCHANGED_SYNC, await measureStep(ctx.proxy, sync));
      await writeDeckState(file, benchConsumers(n, ctx.salt, [Math.floor(n / 2)]), DECK_TAG);
      add("one credential changed", await measureStep(ctx.proxy, sync));
      await writeDeckState(file, [], DECK_TAG);
      add("destroy", await measureStep(ctx.proxy, sync));
      const left = await countTagged(ctx.targetAdminUrl, DECK_TAG);
      if (left.consumers !== 0)
        throw new Error(`after decK's destroy ${left.consumers} consumers are left`);
    }
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}
