/**
 * Peak memory of the dynamic-provider processes that a Pulumi step starts (Linux only).
 *
 * While a step runs, this polls /proc for processes started by this one (the CLI starts the
 * provider through the `pulumi-resource-pulumi-nodejs` shell script) whose command line runs
 * @pulumi/pulumi's `cmd/dynamic-provider`. It keeps the largest `VmHWM`, the process's peak
 * resident set so far, as reported by the kernel. Growth in the last poll interval before a
 * process exits is not seen. Other users' provider processes are skipped because they do not
 * descend from this process.
 */
import * as fs from "node:fs";

export interface PeakMemoryWatch {
  /** Stops polling; the largest peak resident set seen, in bytes (undefined: none seen). */
  stop(): number | undefined;
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/** `VmHWM` of a /proc/<pid>/status text, in bytes. */
export function peakResidentBytes(status: string): number | undefined {
  const m = status.match(/^VmHWM:\s+(\d+)\s+kB$/m);
  return m ? Number(m[1]) * 1024 : undefined;
}

/** The parent pid in a /proc/<pid>/status text. */
export function parentPid(status: string): number | undefined {
  const m = status.match(/^PPid:\s+(\d+)$/m);
  return m ? Number(m[1]) : undefined;
}

function descendsFrom(pid: number, ancestor: number): boolean {
  let current: number | undefined = pid;
  for (let depth = 0; current !== undefined && current > 1 && depth < 8; depth++) {
    if (current === ancestor) return true;
    const status = readText(`/proc/${current}/status`);
    current = status === undefined ? undefined : parentPid(status);
  }
  return false;
}

/** Starts polling every `intervalMs`; on a system without /proc, `stop()` answers undefined. */
export function watchProviderPeakMemory(intervalMs = 50): PeakMemoryWatch {
  if (!fs.existsSync("/proc/self/status")) return { stop: () => undefined };
  let peak: number | undefined;
  const poll = () => {
    for (const entry of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      const cmdline = readText(`/proc/${entry}/cmdline`);
      if (!cmdline?.includes("dynamic-provider")) continue;
      if (!descendsFrom(Number(entry), process.pid)) continue;
      const status = readText(`/proc/${entry}/status`);
      const bytes = status === undefined ? undefined : peakResidentBytes(status);
      if (bytes !== undefined && (peak === undefined || bytes > peak)) peak = bytes;
    }
  };
  const timer = setInterval(poll, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      poll();
      return peak;
    },
  };
}
