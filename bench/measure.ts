/** One measured step: wall time and the Admin API requests it cost, taken through the recording proxy. */
import type { EngineClock } from "./engineClock";
import { watchProviderPeakMemory } from "./providerMemory";
import type { RecordingProxy, RequestCounts } from "./recordingProxy";

export type Tool = "pulumi" | "deck";

export interface StepSample {
  /**
   * Wall time of the step: for a Pulumi step the CLI process of the engine operation (what
   * `pulumi up` at a terminal costs), for decK the `deck` process.
   */
  readonly wallMs: number;
  /** Pulumi steps: the whole Automation API call (CLI process plus its follow-up CLI calls). */
  readonly automationApiMs?: number;
  readonly counts: RequestCounts;
  /** Pulumi steps run with `providerMemory`: the provider processes' peak resident set, bytes. */
  readonly providerPeakBytes?: number;
  /**
   * CPU time (user + system): for terminal steps, of the command's whole process tree; for the
   * provider-apart steps, of the provider process during the create.
   */
  readonly cpuMs?: number;
}

/** Every run of one step of one scenario. */
export interface StepRecord {
  readonly scenario: string;
  readonly step: string;
  readonly tool: Tool;
  readonly samples: StepSample[];
  /** Entities the step should have written once each (first up / create), when known. */
  expectedWrites?: number;
  /** The decK scenario this one is compared with (default: the one with the same name). */
  comparesTo?: string;
}

/**
 * Runs `fn` with the proxy's counters reset first; wall time from call to settle, or, with an
 * engine clock, the engine command's CLI process (the whole call is kept as automationApiMs).
 */
export async function measureStep(
  proxy: RecordingProxy,
  fn: () => Promise<unknown>,
  clock?: EngineClock,
  opts: { providerMemory?: boolean } = {},
): Promise<StepSample> {
  proxy.reset();
  clock?.reset();
  const memory = opts.providerMemory ? watchProviderPeakMemory() : undefined;
  const start = process.hrtime.bigint();
  let peak: number | undefined;
  try {
    await fn();
  } finally {
    peak = memory?.stop();
  }
  const totalMs = Number(process.hrtime.bigint() - start) / 1e6;
  const engineMs = clock?.engineCommandMs();
  const memoryField = peak !== undefined ? { providerPeakBytes: peak } : {};
  if (engineMs === undefined) return { wallMs: totalMs, counts: proxy.counts(), ...memoryField };
  return { wallMs: engineMs, automationApiMs: totalMs, counts: proxy.counts(), ...memoryField };
}

/** Collects samples into records keyed by scenario/step/tool, in first-seen order. */
export class StepRecorder {
  readonly records: StepRecord[] = [];

  add(scenario: string, step: string, tool: Tool, sample: StepSample): StepRecord {
    let rec = this.records.find(
      (r) => r.scenario === scenario && r.step === step && r.tool === tool,
    );
    if (!rec) {
      rec = { scenario, step, tool, samples: [] };
      this.records.push(rec);
    }
    rec.samples.push(sample);
    return rec;
  }

  find(scenario: string, step: string, tool: Tool): StepRecord | undefined {
    return this.records.find((r) => r.scenario === scenario && r.step === step && r.tool === tool);
  }
}
