/**
 * Replays every recorded Kong transcript (transcripts/<version>/*.json, recorded from
 * real Kong 2.8.4 and 3.9.3 gateways) against the Kong stand-in, a TEST DOUBLE of Kong's Admin API
 * and proxy, acting as that version. Each file gets a fresh stand-in and a fresh echo upstream;
 * every step's request is sent (tokens minted per the README's rules, <uuid:N> and <offset>
 * substituted with the real values seen earlier), the response is normalized exactly as the README
 * describes (see replay/normalize.ts, which also states how installation-dependent values, i.e. the
 * echo upstream's address, the listener ports in GET / configuration and the upstream's
 * x-forwarded-port, are mapped), and status, recorded headers and body are compared structurally.
 * A missing transcripts folder fails the test; the step counts (134 / 135) are asserted.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { after, describe, test } from "node:test";
import { startKongStandIn } from "./index";
import { Json } from "./json";
import { startEchoUpstream } from "./replay/echoUpstream";
import { ReplayNormalizer } from "./replay/normalize";
import { structuralDiff } from "./replay/structuralDiff";
import { mintToken, placeToken } from "./replay/tokens";
import { RECORDED_HEADERS, TokenSpec, Transcript, TranscriptStep } from "./replay/transcriptFormat";
import { StandInVersion } from "./versions";

const TRANSCRIPTS = path.resolve(__dirname, "transcripts");
const EXPECTED_STEPS: Record<StandInVersion, number> = { "2.8.4": 134, "3.9.3": 135 };
/** The recording installations' listener ports (README "How each Kong was run"). */
const RECORDED_PORTS: Record<StandInVersion, { proxy: number; admin: number }> = {
  "2.8.4": { proxy: 8000, admin: 8001 },
  "3.9.3": { proxy: 9000, admin: 9001 },
};
const RECORDED_ECHO_PORT = 9997;

const replayed: Record<StandInVersion, { steps: number; passed: number; ms: number }> = {
  "2.8.4": { steps: 0, passed: 0, ms: 0 },
  "3.9.3": { steps: 0, passed: 0, ms: 0 },
};

function transcriptFiles(version: StandInVersion): string[] {
  const dir = path.join(TRANSCRIPTS, version);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort();
}

function parseBody(text: string, contentType: string | null): Json {
  if (text === "") return "";
  if (contentType && contentType.includes("json")) return JSON.parse(text) as Json;
  return text;
}

async function replayFile(version: StandInVersion, file: string): Promise<void> {
  const transcript = JSON.parse(
    readFileSync(path.join(TRANSCRIPTS, version, file), "utf8"),
  ) as Transcript;
  assert.equal(transcript.kong_version, version, `${file}: kong_version`);
  const echo = await startEchoUpstream();
  const standIn = await startKongStandIn({ version });
  const ports = RECORDED_PORTS[version];
  const normalizer = new ReplayNormalizer(
    [
      { real: Number(new URL(standIn.proxyUrl).port), recorded: ports.proxy },
      { real: Number(new URL(standIn.adminUrl).port), recorded: ports.admin },
    ],
    { real: echo.port, recorded: RECORDED_ECHO_PORT },
  );
  const failures: string[] = [];
  const started = Date.now();
  try {
    for (const [index, step] of transcript.steps.entries()) {
      const problems = await replayStep(step, standIn, normalizer);
      replayed[version].steps += 1;
      if (problems.length === 0) replayed[version].passed += 1;
      else {
        failures.push(
          `${version}/${file} step ${index + 1} "${step.name}" (${step.request.method} ${step.request.path}):\n` +
            problems.map((p) => `    ${p}`).join("\n"),
        );
      }
    }
  } finally {
    replayed[version].ms += Date.now() - started;
    await standIn.close();
    await echo.close();
  }
  assert.equal(
    failures.length,
    0,
    `${failures.length} step(s) differ from the recording:\n${failures.join("\n")}`,
  );
}

async function replayStep(
  step: TranscriptStep,
  standIn: Awaited<ReturnType<typeof startKongStandIn>>,
  normalizer: ReplayNormalizer,
): Promise<string[]> {
  const request = {
    path: normalizer.substitute(step.request.path),
    headers: { ...(step.request.headers ?? {}) },
  };
  const specs: TokenSpec[] =
    step.request.token === undefined
      ? []
      : Array.isArray(step.request.token)
        ? step.request.token
        : [step.request.token];
  normalizer.tokens = specs.map((spec) => mintToken(spec));
  specs.forEach((spec, i) => placeToken(spec, normalizer.tokens[i], request));

  let requestBody: Json | undefined;
  let payload: string | undefined;
  if (step.request.body !== undefined) {
    requestBody = normalizer.substituteJson(step.request.body);
    payload = typeof requestBody === "string" ? requestBody : JSON.stringify(requestBody);
  }
  const base = step.target === "admin" ? standIn.adminUrl : standIn.proxyUrl;
  const res = await fetch(`${base}${request.path}`, {
    method: step.request.method,
    headers: request.headers,
    body: payload,
    redirect: "manual",
  });
  const text = await res.text();
  const headers: Record<string, string> = {};
  for (const name of RECORDED_HEADERS) {
    const value = res.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  let body: Json;
  try {
    body = parseBody(text, res.headers.get("content-type"));
  } catch {
    return [`response body is not JSON: ${text.slice(0, 200)}`];
  }
  normalizer.noteGenerated(step.request.method, request.path, requestBody, res.status, body);
  const normalized = normalizer.body(step.target, step.request.method, request.path, body);

  const problems: string[] = [];
  if (res.status !== step.response.status) {
    problems.push(`status: expected ${step.response.status}, got ${res.status}`);
  }
  problems.push(...structuralDiff(step.response.headers, headers, "headers"));
  problems.push(...structuralDiff(step.response.body, normalized, "body"));
  return problems;
}

test("the recorded transcripts are there (test/kong-standin/transcripts)", () => {
  assert.ok(existsSync(TRANSCRIPTS), `transcripts folder missing: ${TRANSCRIPTS}`);
  for (const version of ["2.8.4", "3.9.3"] as const) {
    assert.ok(
      transcriptFiles(version).length > 0,
      `no transcripts for ${version} in ${TRANSCRIPTS}`,
    );
  }
});

for (const version of ["2.8.4", "3.9.3"] as const) {
  describe(`transcripts of Kong ${version} replayed against the stand-in acting as ${version}`, () => {
    for (const file of transcriptFiles(version)) {
      test(file, () => replayFile(version, file));
    }

    test(`every step was replayed and matched (${EXPECTED_STEPS[version]} steps)`, () => {
      const files = transcriptFiles(version);
      const recorded = files.reduce(
        (n, f) =>
          n +
          (JSON.parse(readFileSync(path.join(TRANSCRIPTS, version, f), "utf8")) as Transcript).steps
            .length,
        0,
      );
      assert.equal(recorded, EXPECTED_STEPS[version], "steps in the transcript files");
      assert.equal(replayed[version].steps, EXPECTED_STEPS[version], "steps replayed");
      assert.equal(
        replayed[version].passed,
        EXPECTED_STEPS[version],
        "steps matching the recording",
      );
    });
  });
}

after(() => {
  for (const version of ["2.8.4", "3.9.3"] as const) {
    const r = replayed[version];
    console.log(`replay ${version}: ${r.passed}/${r.steps} steps matched in ${r.ms} ms`);
  }
});
