/** One measured step: wall time and the Admin API requests it cost, taken through the recording proxy. */
import type { RecordingProxy, RequestCounts } from "./recordingProxy";

export type Tool = "pulumi" | "deck";

export interface StepSample {
  readonly wallMs: number;
  readonly counts: RequestCounts;
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

/** Runs `fn` with the proxy's counters reset first; wall time from call to settle. */
export async function measureStep(
  proxy: RecordingProxy,
  fn: () => Promise<unknown>,
): Promise<StepSample> {
  proxy.reset();
  const start = process.hrtime.bigint();
  await fn();
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  return { wallMs, counts: proxy.counts() };
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
