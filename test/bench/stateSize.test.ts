import assert from "node:assert/strict";
import { test } from "node:test";
import { renderStateSizes } from "../../bench/report";
import { measureStateSize } from "../../bench/stateSize";

test("state size counts the export's bytes and every copy of each dynamic resource's provider", () => {
  const exported = JSON.stringify({
    deployment: {
      resources: [
        { type: "pulumi:pulumi:Stack", outputs: {} },
        { inputs: { __provider: "abcd", x: 1 }, outputs: { __provider: "abcd" } },
        { inputs: { __provider: "abcdefgh" }, outputs: { __provider: "abcdefgh" } },
        { inputs: { name: "container" } },
      ],
    },
  });
  const size = measureStateSize("lab", exported);
  assert.deepEqual(size, {
    scenario: "lab",
    stateBytes: Buffer.byteLength(exported),
    resources: 4,
    dynamicResources: 2,
    largestProviderBytes: 8,
    providerBytesTotal: 24,
  });
  assert.match(renderStateSizes([size]), /^lab +\d+\.\d kB +4 +2 +0\.0 kB +0\.0 kB$/m);
});
