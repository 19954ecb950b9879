/**
 * The lab itself (the project's index.ts, containers off, Kong configuration pointed at the
 * target through the recording proxy): first up, an unchanged up and preview, refresh, destroy.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { EngineStack, REPO_ROOT, freshProgram } from "../../localEngine";
import { clockEngineCommands } from "../engineClock";
import { measureStep } from "../measure";
import { measureStateSize } from "../stateSize";
import type { ScenarioContext } from "./context";
import { countTagged } from "./kongState";

export const LAB_SCENARIO = "lab (index.ts, containers off)";

/** A stand-in for the FastAPI upstream: the lab's service needs a URL; nothing is proxied here. */
export async function startUpstream(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end('{"status":"Healthy"}');
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export async function runLabScenario(ctx: ScenarioContext): Promise<void> {
  const upstream = await startUpstream();
  try {
    for (let run = 1; run <= ctx.runs; run++) {
      const stackName = `bench-lab-${run}`;
      const ownerTag = `kong-jwt-lab.${stackName}`;
      const engine = await EngineStack.create({
        stackName,
        program: freshProgram(path.join(REPO_ROOT, "index.ts")),
        config: {
          "kong-jwt-lab:containersEnabled": { value: "false" },
          "kong-jwt-lab:kongAdminUrl": { value: ctx.proxy.url },
          ...(ctx.targetProxyUrl
            ? { "kong-jwt-lab:kongProxyUrl": { value: ctx.targetProxyUrl } }
            : {}),
          "kong-jwt-lab:upstreamUrl": { value: `${upstream.url}/healthy` },
          "kong-jwt-lab:jwtSecret": { value: `bench-lab-secret-${ctx.salt}`, secret: true },
        },
      });
      const clock = clockEngineCommands(engine.stack);
      try {
        const add = (step: string, s: Awaited<ReturnType<typeof measureStep>>) => {
          const rec = ctx.recorder.add(LAB_SCENARIO, step, "pulumi", s);
          ctx.log(
            `  [pulumi] lab run ${run}: ${step}: ${(s.wallMs / 1000).toFixed(2)} s, ${s.counts.total} requests (${s.counts.writes} writes)`,
          );
          return rec;
        };
        const first = add("first up", await measureStep(ctx.proxy, () => engine.up(), clock));
        const held = await countTagged(ctx.targetAdminUrl, ownerTag);
        first.expectedWrites =
          held.services + held.routes + held.consumers + held.jwts + held.plugins;
        if (run === 1) {
          ctx.stateSizes.push(measureStateSize(LAB_SCENARIO, await engine.exportState()));
        }
        add("unchanged up", await measureStep(ctx.proxy, () => engine.up(), clock));
        add("unchanged preview", await measureStep(ctx.proxy, () => engine.preview(), clock));
        add("refresh", await measureStep(ctx.proxy, () => engine.refresh(), clock));
        add("destroy", await measureStep(ctx.proxy, () => engine.destroy(), clock));
      } finally {
        await engine.dispose();
      }
    }
  } finally {
    await upstream.close();
  }
}
