/**
 * Entry point of the test double of pulumi-language-nodejs (see README.md). Started by the Pulumi
 * CLI through launcher/pulumi-language-nodejs as `pulumi-language-nodejs [-tracing T] [-runtime
 * nodejs] <engine address>`, like the real host: serves the LanguageRuntime service on 127.0.0.1
 * (a free port), prints that port on stdout, exits when the engine's health check fails, and stops
 * serving on SIGINT.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { LanguageRuntimeService } from "@pulumi/pulumi/proto/language_grpc_pb";
import { version as sdkVersion } from "@pulumi/pulumi/version";
import { languageRuntime } from "./languageRuntime";

/** The gRPC message limit of Pulumi's rpcutil (400 MiB). */
const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;

interface HostArgs {
  tracing: string;
  runtime: string;
  showVersion: boolean;
  positional: string[];
}

/** Go `flag` style: -name value, -name=value, --name value; a bare word ends the flags. */
export function parseHostArgs(argv: readonly string[]): HostArgs {
  const out: HostArgs = { tracing: "", runtime: "nodejs", showVersion: false, positional: [] };
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--" || !arg.startsWith("-") || arg === "-") {
      if (arg === "--") i++;
      break;
    }
    const [rawName, inline] = arg.replace(/^--?/, "").split(/=(.*)/s, 2);
    const value = (): string => {
      if (inline !== undefined) return inline;
      i++;
      if (i >= argv.length) throw new Error(`flag needs an argument: -${rawName}`);
      return argv[i];
    };
    if (rawName === "tracing") out.tracing = value();
    else if (rawName === "runtime") out.runtime = value();
    else if (rawName === "version") out.showVersion = inline === undefined || inline === "true";
    else throw new Error(`flag provided but not defined: -${rawName}`);
  }
  out.positional = argv.slice(i);
  return out;
}

function findOnPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Starts the host (the launcher calls this). */
export function main(): void {
  const args = parseHostArgs(process.argv.slice(2));
  if (args.showVersion) {
    process.stdout.write(`v${sdkVersion}\n`);
    return;
  }
  if (args.runtime !== "nodejs") {
    // The real host also knows "bun"; this double runs node only.
    process.stderr.write(`error: unsupported runtime: ${args.runtime}\n`);
    process.exit(1);
  }
  const server = new grpc.Server({
    "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
    "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
  });
  const settings = {
    engineAddress: args.positional[0] ?? "",
    tracing: args.tracing,
    nodeBin: findOnPath("node") ?? "node",
    onEngineGone: () => {
      server.forceShutdown();
      process.exit(1);
    },
  };
  server.addService(LanguageRuntimeService, languageRuntime(settings));
  server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
    if (err) {
      process.stderr.write(`error: could not start language host RPC server: ${err.message}\n`);
      process.exit(1);
    }
    process.stdout.write(`${port}\n`);
  });
  process.on("SIGINT", () => {
    server.tryShutdown(() => process.exit(0));
  });
}
