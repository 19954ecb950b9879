import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { StepRecord, StepSample } from "../../bench/measure";
import { countRequests } from "../../bench/recordingProxy";
import { summarizeStep } from "../../bench/report";
import { summarize } from "../../bench/stats";
import {
  languageHostNote,
  renderTerminalComparison,
  terminalComparison,
} from "../../bench/terminalComparison";

const INLINE = "lab inline";
const TERMINAL = "lab terminal";

const sample = (wallMs: number, cpuMs?: number): StepSample => ({
  wallMs,
  counts: countRequests([{ method: "GET", path: "/" }]),
  ...(cpuMs !== undefined ? { cpuMs } : {}),
});

const rec = (scenario: string, step: string, samples: StepSample[]): StepRecord => ({
  scenario,
  step,
  tool: "pulumi",
  samples,
});

describe("terminalComparison", () => {
  test("pairs each unchanged step of the terminal scenario with the inline one: medians and terminal/inline", () => {
    const steps = [
      rec(INLINE, "unchanged preview", [sample(1000), sample(2000), sample(1500)]),
      rec(INLINE, "unchanged up", [sample(2000)]),
      rec(INLINE, "first up", [sample(9000)]),
      rec(TERMINAL, "unchanged preview", [
        sample(6000, 5000),
        sample(7500, 5200),
        sample(9000, 5400),
      ]),
      rec(TERMINAL, "unchanged up", [sample(10000, 9000)]),
      rec(TERMINAL, "unchanged up --skip-preview", [sample(6000, 5000)]),
    ].map(summarizeStep);
    const rows = terminalComparison(steps, INLINE, TERMINAL);
    assert.deepEqual(
      rows.map((r) => r.step),
      ["unchanged preview", "unchanged up", "unchanged up --skip-preview"],
    );
    // The inline up (the Automation API's: --skip-preview) stands against both terminal ups.
    assert.deepEqual(
      rows.map((r) => r.inlineStep),
      ["unchanged preview", "unchanged up", "unchanged up"],
    );
    assert.equal(rows[0]!.inlineSeconds!.median, 1.5);
    assert.equal(rows[0]!.terminalSeconds.median, 7.5);
    assert.equal(rows[0]!.terminalOverInline, 5);
    assert.equal(rows[0]!.terminalCpuSeconds!.median, 5.2);
    assert.equal(rows[1]!.terminalOverInline, 5);
    assert.equal(rows[2]!.terminalOverInline, 3);
    const text = renderTerminalComparison(rows);
    assert.match(
      text,
      /unchanged preview\s+unchanged preview\s+1\.50 s \(1\.00–2\.00\)\s+7\.50 s \(6\.00–9\.00\)\s+5\.00x\s+5\.20 s/,
    );
  });

  test("without the inline scenario the terminal figures stand alone, with no ratio", () => {
    const steps = [rec(TERMINAL, "unchanged up", [sample(4000, 3000)])].map(summarizeStep);
    const rows = terminalComparison(steps, INLINE, TERMINAL);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.inlineSeconds, undefined);
    assert.equal(rows[0]!.terminalOverInline, undefined);
    assert.match(renderTerminalComparison(rows), /unchanged up\s+not run\s+4\.00 s\s+n\/a/);
  });

  test("no terminal scenario, no rows", () => {
    const steps = [rec(INLINE, "unchanged up", [sample(2000)])].map(summarizeStep);
    assert.deepEqual(terminalComparison(steps, INLINE, TERMINAL), []);
  });
});

describe("languageHostNote", () => {
  test("a test double: its cost per command is its start time times the starts the CLI made", () => {
    const note = languageHostNote({
      testDouble: true,
      description: "test/language-host/launcher/pulumi-language-nodejs (from --language-host)",
      startMs: summarize([500, 600, 700]),
      startsPerCommand: { preview: 2, up: 3, "up --skip-preview": 2 },
    });
    assert.match(
      note,
      /^language host: test double \(test\/language-host\), adds about 1\.20 s per preview, 1\.80 s per up, 1\.20 s per up --skip-preview compared with Pulumi's compiled host/,
    );
    assert.match(
      note,
      /0\.60 s from spawn to serving \(median of 3\) and the CLI started it 2 times per preview, 3 times per up/,
    );
  });

  test("a test double whose start was not measured is still named a test double", () => {
    const note = languageHostNote({ testDouble: true, description: "x", startsPerCommand: {} });
    assert.match(note, /test double/);
    assert.doesNotMatch(note, /adds about/);
  });

  test("a real host is named by where it was found, with no claim about its cost", () => {
    const note = languageHostNote({
      testDouble: false,
      description: "/opt/pulumi/pulumi-language-nodejs (from PATH)",
      startMs: summarize([5]),
      startsPerCommand: { preview: 2, up: 3 },
    });
    assert.equal(note, "language host: /opt/pulumi/pulumi-language-nodejs (from PATH)");
  });
});
