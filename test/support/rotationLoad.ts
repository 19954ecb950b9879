/**
 * The load loop of the rotation test (test/engine/rotationOnStandIn.test.ts), run as a process of
 * its own so that the engine's work in the test process (program evaluation, provider
 * serialization) cannot delay its requests:
 *
 *   node --import tsx test/support/rotationLoad.ts '<json LoadLoopConfig>'
 *
 * Reads the stack's outputs continuously with the Pulumi CLI (`pulumi stack output --json
 * --show-secrets`), mints a token from the latest outputs read (scripts/lib/mintTokenCli, what
 * `npm run token -- --stack` runs) at most one second before each request, and sends
 * `requestsPerSecond` GET requests per second to the proxy, each on a connection of its own.
 * Prints one JSON line per minted token ({"minted":{"key","exp"}}) and, when "stop" arrives on
 * stdin, one line {"result":{requests, failures, seconds, keysUsed}} before exiting.
 */
import { execFile } from "node:child_process";
import * as http from "node:http";
import { mintToken, resolveMintRequest } from "../../scripts/lib/mintTokenCli";
import { parseStackOutputs, type LabStackOutputs } from "../../scripts/lib/stackOutputs";

export interface LoadLoopConfig {
  readonly url: string;
  readonly stack: string;
  /** Where the Pulumi CLI runs and what it needs in its environment (the engine test's stack). */
  readonly cwd: string;
  readonly env: Record<string, string>;
  readonly requestsPerSecond: number;
}

export interface LoadLoopResult {
  readonly requests: number;
  readonly failures: string[];
  readonly seconds: number;
  readonly keysUsed: string[];
  /**
   * Reads of the stack's outputs that failed (the file backend's checkpoint can be mid-write while
   * an `up` runs). Not request failures: the loop keeps minting from the outputs it read last, as
   * a client with the key it last fetched would; a key never read shows in `keysUsed`.
   */
  readonly outputReadFailures: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function readOutputs(config: LoadLoopConfig): Promise<LabStackOutputs> {
  return new Promise((resolve, reject) => {
    execFile(
      "pulumi",
      ["stack", "output", "--json", "--show-secrets", "--stack", config.stack, "--non-interactive"],
      { cwd: config.cwd, env: { ...process.env, ...config.env }, timeout: 60_000 },
      (err, stdout) => {
        if (err) reject(new Error(`pulumi stack output failed (exit ${String(err.code)})`));
        else {
          try {
            resolve(parseStackOutputs(stdout, config.stack));
          } catch (parseErr) {
            reject(parseErr as Error);
          }
        }
      },
    );
  });
}

function getOnce(url: string, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      url,
      { agent: false, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
  });
}

async function run(config: LoadLoopConfig): Promise<void> {
  let outputs = await readOutputs(config);
  let stopped = false;
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk: string) => {
    if (chunk.includes("stop")) stopped = true;
  });

  const failures: string[] = [];
  const outputReadFailures: string[] = [];
  const keysUsed = new Set<string>();
  const started = Date.now();

  const poll = (async () => {
    while (!stopped) {
      try {
        outputs = await readOutputs(config);
      } catch (err) {
        outputReadFailures.push(`reading the stack outputs: ${(err as Error).message}`);
      }
      await sleep(200);
    }
  })();

  let token = "";
  let key = "";
  let mintedAt = 0;
  let requests = 0;
  const interval = 1000 / config.requestsPerSecond;
  let next = Date.now();
  while (!stopped) {
    if (Date.now() - mintedAt >= 1000) {
      const minted = mintToken(resolveMintRequest({}, outputs));
      token = minted.token;
      key = minted.claims.iss;
      mintedAt = Date.now();
      keysUsed.add(key);
      process.stdout.write(JSON.stringify({ minted: { key, exp: minted.claims.exp } }) + "\n");
    }
    try {
      const answer = await getOnce(config.url, token);
      if (answer.status !== 200) {
        failures.push(`${answer.status} ${answer.body.slice(0, 80)} (token of key "${key}")`);
      }
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      failures.push(`no answer: ${code} (token of key "${key}")`);
    }
    requests++;
    next += interval;
    await sleep(Math.max(0, next - Date.now()));
  }
  await poll;
  const result: LoadLoopResult = {
    requests,
    failures,
    seconds: (Date.now() - started) / 1000,
    keysUsed: [...keysUsed].sort(),
    outputReadFailures,
  };
  process.stdout.write(JSON.stringify({ result }) + "\n");
}

if (require.main === module) {
  run(JSON.parse(process.argv[2] ?? "{}") as LoadLoopConfig).then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    },
  );
}
