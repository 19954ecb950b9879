/** What every scenario gets: where the Admin API is, the recording proxy in front of it, the recorder. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { StepRecorder } from "../measure";
import type { RecordingProxy } from "../recordingProxy";
import type { StateSize } from "../stateSize";

export interface ScenarioContext {
  /** The real Admin API (stand-in or Kong): for set-up and checks that must not be counted. */
  readonly targetAdminUrl: string;
  /** Kong's proxy URL when known (the lab's stack config wants one). */
  readonly targetProxyUrl?: string;
  /** The recording proxy: every measured client talks to `proxy.url`. */
  readonly proxy: RecordingProxy;
  readonly recorder: StepRecorder;
  /** State sizes measured after a scenario's first up (run 1). */
  readonly stateSizes: StateSize[];
  readonly runs: number;
  /** Parallel writes for KongConsumerSet and decK alike. */
  readonly parallelism: number;
  /** Per-run salt for generated secrets. */
  readonly salt: string;
  readonly log: (line: string) => void;
}

/** A project file for inline bench programs that read no config (written to a temp dir). */
export async function minimalProjectFile(): Promise<string> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "kong-jwt-lab-bench-project-"));
  const file = path.join(dir, "Pulumi.yaml");
  await fs.promises.writeFile(file, "name: kong-jwt-lab\nruntime: nodejs\n");
  return file;
}
