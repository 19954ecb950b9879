/**
 * What the stand-in (a TEST DOUBLE of Kong's Admin API and proxy, not Kong) records about every
 * request it answers, and the faults a test can inject into the next matching admin requests.
 */
export interface RecordedRequest {
  target: "admin" | "proxy";
  method: string;
  /** The request path with its query string, as received. */
  path: string;
  /** The answered status; 0 when the connection was reset by an injected fault. */
  status: number;
}

export interface FaultRule {
  times: number;
  /** Answer this status (with a JSON body) instead of handling the request. */
  status?: number;
  /** Destroy the socket without answering. */
  reset?: boolean;
  match?: (method: string, path: string) => boolean;
}

export class RequestLog {
  readonly requests: RecordedRequest[] = [];
  private readonly faults: FaultRule[] = [];

  record(entry: RecordedRequest): void {
    this.requests.push(entry);
  }

  clear(): void {
    this.requests.length = 0;
  }

  countsByMethod(target?: "admin" | "proxy"): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of this.requests) {
      if (target && r.target !== target) continue;
      counts[r.method] = (counts[r.method] ?? 0) + 1;
    }
    return counts;
  }

  injectFault(rule: FaultRule): void {
    if (!Number.isInteger(rule.times) || rule.times < 1) {
      throw new Error("injectFault: times must be a positive integer");
    }
    if (!rule.reset && rule.status === undefined) {
      throw new Error("injectFault: give a status or reset: true");
    }
    this.faults.push({ ...rule });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** The fault to apply to this admin request, if any (consumes one of its `times`). */
  takeFault(method: string, path: string): FaultRule | undefined {
    const index = this.faults.findIndex((f) => f.times > 0 && (!f.match || f.match(method, path)));
    if (index < 0) return undefined;
    const rule = this.faults[index];
    rule.times -= 1;
    if (rule.times <= 0) this.faults.splice(index, 1);
    return rule;
  }
}
