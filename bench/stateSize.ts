/**
 * What a stack's state weighs (`pulumi stack export`, secrets encrypted, as the backend stores it):
 * the whole checkpoint, and each dynamic resource's serialized provider (`__provider`, stored in
 * its inputs and again in its outputs), which the engine also sends with every RPC.
 */
export interface StateSize {
  readonly scenario: string;
  /** Bytes of `pulumi stack export`. */
  readonly stateBytes: number;
  readonly resources: number;
  readonly dynamicResources: number;
  /** The largest serialized provider of one dynamic resource (one copy), in bytes. */
  readonly largestProviderBytes: number;
  /** Every copy of every serialized provider in the state, in bytes. */
  readonly providerBytesTotal: number;
}

interface ExportedResource {
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

/** Measures the text of `pulumi stack export`. */
export function measureStateSize(scenario: string, exported: string): StateSize {
  const parsed = JSON.parse(exported) as { deployment?: { resources?: ExportedResource[] } };
  const resources = parsed.deployment?.resources ?? [];
  let dynamicResources = 0;
  let largestProviderBytes = 0;
  let providerBytesTotal = 0;
  for (const r of resources) {
    const copies = [r.inputs?.__provider, r.outputs?.__provider].filter(
      (p): p is string => typeof p === "string",
    );
    if (copies.length === 0) continue;
    dynamicResources++;
    for (const p of copies) {
      const bytes = Buffer.byteLength(p);
      providerBytesTotal += bytes;
      largestProviderBytes = Math.max(largestProviderBytes, bytes);
    }
  }
  return {
    scenario,
    stateBytes: Buffer.byteLength(exported),
    resources: resources.length,
    dynamicResources,
    largestProviderBytes,
    providerBytesTotal,
  };
}
