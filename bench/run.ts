/**
 * `npm run bench [-- options]`: what configuring Kong costs, side by side with decK, through the
 * real Pulumi engine. NOT a test: it measures and prints.
 *
 *   --admin-url URL          Admin API to measure against (default: a Kong stand-in, a test double,
 *                            started as its own process acting as Kong 3.9.3)
 *   --proxy-url URL          Kong's proxy URL, for the lab's stack config (optional)
 *   --stand-in-version V     3.9.3 (default) or 2.8.4, when no --admin-url is given
 *   --runs N                 runs per scenario (default 3): median, min and max are reported
 *   --sizes 100,1000         consumer counts (default 100,1000)
 *   --parallelism 10,20      parallel writes for KongConsumerSet and decK alike, one pass of the
 *                            consumer scenarios per value (default 10)
 *   --per-entity-sizes 100   consumer counts for the one-resource-per-entity comparison (default 100)
 *   --only a,b               scenarios: baseline, lab, terminal, consumers, provider-apart, deck,
 *                            per-entity (default: all)
 *   --language-host PATH     the Node.js language host (pulumi-language-nodejs) for the terminal
 *                            scenario (default: the one on PATH)
 *
 * Every request goes through a recording proxy in front of the Admin API, so each figure says
 * what it cost per HTTP method. Output: tables on the terminal, JSON in bench/results/.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { createAdminClient, DEFAULT_CONSUMER_SET_CONCURRENCY } from "../components/kong";
import { type DeckInfo, findDeck } from "./deckRunner";
import { ensurePulumiCli } from "./engine";
import { type LanguageHost, describeLanguageHost, findLanguageHost } from "./languageHost";
import { StepRecorder } from "./measure";
import { startRecordingProxy } from "./recordingProxy";
import { type StandInProcess, startStandInProcess } from "./standInProcess";
import {
  checkTargets,
  ratios,
  renderRatios,
  renderStateSizes,
  renderSteps,
  renderTargets,
  summarizeStep,
} from "./report";
import { BASELINE_SCENARIO, runBaselineScenario } from "./scenarios/baselineScenario";
import { DYNAMIC_FLOOR_SCENARIO, runDynamicFloorScenario } from "./scenarios/dynamicFloorScenario";
import { consumerScenarioName, runConsumerSetScenario } from "./scenarios/consumerSetScenario";
import type { ScenarioContext } from "./scenarios/context";
import { runDeckScenario } from "./scenarios/deckScenario";
import { LAB_SCENARIO, runLabScenario } from "./scenarios/labScenario";
import { warmUpAdminApi } from "./warmUp";
import { perEntityScenarioName, runPerEntityScenario } from "./scenarios/perEntityScenario";
import {
  providerApartScenarioName,
  runProviderApartScenario,
} from "./scenarios/providerApartScenario";
import {
  type LanguageHostFigures,
  TERMINAL_SCENARIO,
  runTerminalScenario,
} from "./scenarios/terminalScenario";
import {
  type LanguageHostReport,
  languageHostNote,
  renderTerminalComparison,
  terminalComparison,
} from "./terminalComparison";

const SCENARIOS = [
  "baseline",
  "lab",
  "terminal",
  "consumers",
  "provider-apart",
  "deck",
  "per-entity",
] as const;
type ScenarioName = (typeof SCENARIOS)[number];

interface BenchOptions {
  adminUrl?: string;
  proxyUrl?: string;
  standInVersion: "3.9.3" | "2.8.4";
  runs: number;
  sizes: number[];
  perEntitySizes: number[];
  parallelisms: number[];
  only: Set<ScenarioName>;
  languageHost?: string;
}

export function parseArgs(argv: readonly string[]): BenchOptions {
  const opts: BenchOptions = {
    standInVersion: "3.9.3",
    runs: 3,
    sizes: [100, 1000],
    perEntitySizes: [100],
    parallelisms: [DEFAULT_CONSUMER_SET_CONCURRENCY],
    only: new Set(SCENARIOS),
  };
  const positiveInt = (flag: string, v: string | undefined) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`${flag} wants a positive integer, got ${v}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    const take = () => {
      if (value === undefined) throw new Error(`${flag} needs a value`);
      i++;
      return value;
    };
    switch (flag) {
      case "--admin-url":
        opts.adminUrl = take();
        break;
      case "--proxy-url":
        opts.proxyUrl = take();
        break;
      case "--stand-in-version": {
        const v = take();
        if (v !== "3.9.3" && v !== "2.8.4")
          throw new Error(`--stand-in-version: 3.9.3 or 2.8.4, got ${v}`);
        opts.standInVersion = v;
        break;
      }
      case "--runs":
        opts.runs = positiveInt(flag, take());
        break;
      case "--sizes":
        opts.sizes = take()
          .split(",")
          .map((s) => positiveInt(flag, s));
        break;
      case "--per-entity-sizes":
        opts.perEntitySizes = take()
          .split(",")
          .map((s) => positiveInt(flag, s));
        break;
      case "--parallelism":
        opts.parallelisms = take()
          .split(",")
          .map((s) => positiveInt(flag, s));
        break;
      case "--only": {
        const names = take().split(",");
        for (const n of names) {
          if (!(SCENARIOS as readonly string[]).includes(n)) {
            throw new Error(`--only: unknown scenario "${n}" (known: ${SCENARIOS.join(", ")})`);
          }
        }
        opts.only = new Set(names as ScenarioName[]);
        break;
      }
      case "--language-host":
        opts.languageHost = take();
        break;
      case "--help":
      case "-h":
        process.stdout.write(
          "npm run bench -- [--admin-url URL] [--proxy-url URL] [--stand-in-version 3.9.3|2.8.4]\n" +
            "                 [--runs 3] [--sizes 100,1000] [--per-entity-sizes 100] [--parallelism 10,20]\n" +
            "                 [--only baseline,lab,terminal,consumers,provider-apart,deck,per-entity]\n" +
            "                 [--language-host PATH]\n",
        );
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${flag} (see --help)`);
    }
  }
  return opts;
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  const log = (line: string) => process.stdout.write(line + "\n");
  const started = new Date();

  const pulumiVersion = await ensurePulumiCli();
  let standIn: StandInProcess | undefined;
  let targetAdminUrl = opts.adminUrl;
  let targetProxyUrl = opts.proxyUrl;
  if (!targetAdminUrl) {
    standIn = await startStandInProcess(opts.standInVersion);
    targetAdminUrl = standIn.adminUrl;
    targetProxyUrl = targetProxyUrl ?? standIn.proxyUrl;
  }
  const kongVersion = await createAdminClient({ baseUrl: targetAdminUrl }).version();
  const targetDescription = standIn
    ? `Kong stand-in (a test double of Kong's Admin API, not Kong) acting as ${kongVersion}, in its own process`
    : `Admin API at ${targetAdminUrl} reporting version ${kongVersion}`;
  const proxy = await startRecordingProxy(targetAdminUrl);
  await warmUpAdminApi(proxy.url);

  let deck: DeckInfo | undefined;
  let deckProblem: string | undefined;
  if (opts.only.has("deck")) {
    try {
      deck = await findDeck();
    } catch (e) {
      deckProblem = e instanceof Error ? e.message : String(e);
    }
  }

  let languageHost: LanguageHost | undefined;
  let languageHostProblem: string | undefined;
  if (opts.only.has("terminal")) {
    try {
      languageHost = findLanguageHost(opts.languageHost);
    } catch (e) {
      languageHostProblem = e instanceof Error ? e.message : String(e);
    }
  }

  log(`kong-jwt-lab benchmarks — ${started.toISOString()}`);
  log(`target: ${targetDescription}`);
  log(
    `pulumi: ${pulumiVersion} (real engine, local file backend); decK: ${deck ? deck.version : `unavailable: ${deckProblem ?? "not selected"}`}`,
  );
  if (opts.only.has("terminal")) {
    log(
      `language host (terminal scenario): ${languageHost ? describeLanguageHost(languageHost) : `unavailable: ${languageHostProblem!}`}`,
    );
  }
  log(
    `runs per scenario: ${opts.runs}; parallelism: ${opts.parallelisms.join(", ")}; sizes: ${opts.sizes.join(", ")}`,
  );
  log(
    "wall time: Pulumi = the engine command's CLI process (as `pulumi up` at a terminal; the whole\n" +
      "Automation API call, with its follow-up `stack output`/`stack history` runs, is in the JSON as\n" +
      "automationApiSeconds); decK = the `deck` process\n",
  );

  const recorder = new StepRecorder();
  const ctx: ScenarioContext = {
    targetAdminUrl,
    ...(targetProxyUrl ? { targetProxyUrl } : {}),
    proxy,
    recorder,
    stateSizes: [],
    runs: opts.runs,
    parallelism: opts.parallelisms[0]!,
    salt: started.getTime().toString(36),
    log,
  };
  const errors: { scenario: string; error: string }[] = [];
  let hostFigures: LanguageHostFigures | undefined;
  const attempt = async (scenario: string, fn: () => Promise<void>) => {
    log(`== ${scenario}`);
    try {
      await fn();
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      errors.push({ scenario, error });
      log(`!! ${scenario} failed: ${error}`);
    }
  };

  try {
    if (opts.only.has("baseline")) {
      await attempt(BASELINE_SCENARIO, () => runBaselineScenario(ctx));
      await attempt(DYNAMIC_FLOOR_SCENARIO, () => runDynamicFloorScenario(ctx));
    }
    if (opts.only.has("lab")) await attempt(LAB_SCENARIO, () => runLabScenario(ctx));
    if (opts.only.has("terminal")) {
      if (languageHost) {
        const host = languageHost;
        await attempt(TERMINAL_SCENARIO, async () => {
          hostFigures = await runTerminalScenario(ctx, host);
        });
      } else {
        errors.push({ scenario: TERMINAL_SCENARIO, error: languageHostProblem! });
      }
    }
    for (const parallelism of opts.parallelisms) {
      const pctx: ScenarioContext = { ...ctx, parallelism };
      for (const n of opts.sizes) {
        const name = consumerScenarioName(n, parallelism);
        if (opts.only.has("consumers")) {
          await attempt(`${name} (KongConsumerSet)`, () => runConsumerSetScenario(pctx, n));
        }
        if (opts.only.has("provider-apart")) {
          await attempt(providerApartScenarioName(n), () => runProviderApartScenario(pctx, n));
        }
        if (opts.only.has("deck")) {
          if (deck) {
            const d = deck;
            await attempt(`${name} (decK)`, () => runDeckScenario(pctx, d, n));
          } else {
            errors.push({ scenario: `${name} (decK)`, error: deckProblem! });
          }
        }
      }
    }
    if (opts.only.has("per-entity")) {
      for (const n of opts.perEntitySizes) {
        await attempt(perEntityScenarioName(n), () => runPerEntityScenario(ctx, n));
      }
    }
  } finally {
    await proxy.close();
    await standIn?.close();
  }

  const steps = recorder.records.filter((r) => r.samples.length > 0).map(summarizeStep);
  const ratioRows = ratios(steps);
  const labState = ctx.stateSizes.find((x) => x.scenario === LAB_SCENARIO);
  const targets = checkTargets(steps, {
    ...(opts.only.has("lab") ? { labScenario: LAB_SCENARIO } : {}),
    ...(opts.only.has("consumers") ? { consumerScenario: consumerScenarioName } : {}),
    ...(opts.only.has("baseline") ? { baselineScenario: BASELINE_SCENARIO } : {}),
    ...(labState ? { labState } : {}),
    sizes: opts.sizes,
  });

  log(
    `\nResults (median of ${opts.runs} runs, min–max in brackets; requests counted by the recording proxy)\n`,
  );
  if (steps.length > 0) log(renderSteps(steps));
  if (ctx.stateSizes.length > 0) {
    log(
      `\nState after the first up (pulumi stack export; providers: __provider per dynamic resource)\n\n${renderStateSizes(ctx.stateSizes)}`,
    );
  }
  if (ratioRows.length > 0) log(`\nRatios ours/decK (medians)\n\n${renderRatios(ratioRows)}`);
  const terminalRows = terminalComparison(steps, LAB_SCENARIO, TERMINAL_SCENARIO);
  const hostReport: LanguageHostReport | undefined =
    languageHost && hostFigures
      ? {
          testDouble: languageHost.testDouble,
          description: describeLanguageHost(languageHost),
          ...hostFigures,
        }
      : undefined;
  if (terminalRows.length > 0) {
    log(
      `\nInline vs terminal: the lab unchanged, inline (Automation API: the CLI process, the program in\n` +
        `the benchmark's process) and from the project directory (\`pulumi\` spawn to exit, its\n` +
        `language host and the program's node included); medians, min–max in brackets\n\n` +
        renderTerminalComparison(terminalRows),
    );
    if (hostReport) log(languageHostNote(hostReport));
  }
  if (targets.length > 0) log(`\nDesign targets\n\n${renderTargets(targets)}`);
  for (const e of errors) log(`\nERROR in ${e.scenario}: ${e.error}`);

  const resultsDir = path.join(__dirname, "results");
  await fs.promises.mkdir(resultsDir, { recursive: true });
  const json = {
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    target: {
      description: targetDescription,
      adminUrl: targetAdminUrl,
      version: kongVersion,
      standIn: Boolean(standIn),
    },
    pulumiVersion,
    deckVersion: deck?.version ?? null,
    options: {
      runs: opts.runs,
      sizes: opts.sizes,
      parallelism: opts.parallelisms,
      only: [...opts.only],
      languageHost: opts.languageHost ?? null,
    },
    steps,
    stateSizes: ctx.stateSizes,
    ratios: ratioRows,
    terminalComparison: terminalRows,
    languageHost: hostReport ?? null,
    targets,
    errors,
  };
  const file = path.join(resultsDir, `bench-${started.toISOString().replace(/[:.]/g, "-")}.json`);
  await fs.promises.writeFile(file, JSON.stringify(json, null, 2) + "\n");
  await fs.promises.writeFile(
    path.join(resultsDir, "latest.json"),
    JSON.stringify(json, null, 2) + "\n",
  );
  log(`\nJSON: ${path.relative(process.cwd(), file)} (and bench/results/latest.json)`);
  return errors.length > 0 ? 1 : 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exit(1);
    },
  );
}
