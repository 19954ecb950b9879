/**
 * The LanguageRuntime service of this test double, answering each call the way
 * pulumi-language-nodejs v3.248 answers it (sdk/nodejs/cmd/pulumi-language-nodejs/main.go):
 *
 * - Handshake: keeps the engine address and starts the engine health check.
 * - GetPluginInfo: the host's version (here: the installed @pulumi/pulumi's, "v3.248.0").
 * - GetRequiredPlugins: UNIMPLEMENTED (the real host too; the engine asks GetRequiredPackages).
 * - GetRequiredPackages: the node_modules walk of requiredPackages.ts.
 * - Run: programRun.ts.
 * - InstallDependencies: streams nothing and installs nothing: the test harness runs `npm ci`.
 * - RuntimeOptionsPrompts: the packagemanager prompt when Pulumi.yaml sets none. Template: empty.
 * - About: node's path and version, the package manager and its version.
 * - GetProgramDependencies: `npm ls --json` of the program directory.
 * - Cancel: interrupts running programs (SIGINT, SIGKILL 5 s later).
 * - RunPlugin, GenerateProgram/Project/Package, Pack, Link: UNIMPLEMENTED (none of the lab's
 *   commands calls them: they serve Node.js plugins, `pulumi convert`, `pulumi package`).
 */
import { execFile } from "node:child_process";
import * as grpc from "@grpc/grpc-js";
import type { ILanguageRuntimeServer } from "@pulumi/pulumi/proto/language_grpc_pb";
import * as langproto from "@pulumi/pulumi/proto/language_pb";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import { version as sdkVersion } from "@pulumi/pulumi/version";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { watchEngine } from "./engineHealth";
import { RunSpec, RunningProgram, locateModule, startProgram } from "./programRun";
import { findRequiredPackages } from "./requiredPackages";
import { NodeRuntimeOptions, parseRuntimeOptions } from "./runtimeOptions";

/** The real host's default run path (PULUMI_LANGUAGE_NODEJS_RUN_PATH overrides it). */
const DEFAULT_RUN_PATH = "@pulumi/pulumi/cmd/run";

export interface LanguageHostSettings {
  /** The engine address given as the host's first argument ("" when started for debugging). */
  engineAddress: string;
  /** --tracing, passed on to the program. */
  readonly tracing: string;
  /** `node` on PATH. */
  readonly nodeBin: string;
  /** Called when the engine's health check fails: the host exits. */
  readonly onEngineGone: () => void;
}

function unimplemented(method: string): grpc.ServiceError {
  const err = new Error(`method ${method} not implemented`) as grpc.ServiceError;
  err.code = grpc.status.UNIMPLEMENTED;
  err.details = `method ${method} not implemented`;
  err.metadata = new grpc.Metadata();
  return err;
}

function failed(message: string): grpc.ServiceError {
  const err = new Error(message) as grpc.ServiceError;
  err.code = grpc.status.UNKNOWN;
  err.details = message;
  err.metadata = new grpc.Metadata();
  return err;
}

function optionsOf(info: langproto.ProgramInfo | undefined): NodeRuntimeOptions {
  const struct = info?.getOptions();
  return parseRuntimeOptions(
    struct ? (struct.toJavaScript() as Record<string, unknown>) : undefined,
  );
}

function commandOutput(cmd: string, args: string[], cwd?: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, maxBuffer: 64 * 1024 * 1024 }, (err, stdout) =>
      resolve(err && !stdout ? "" : String(stdout)),
    );
  });
}

/** Builds the service implementation; `settings.engineAddress` is updated by Handshake. */
export function languageRuntime(settings: LanguageHostSettings): ILanguageRuntimeServer {
  const running = new Set<RunningProgram>();
  let cancelled = false;
  let stopWatch: (() => void) | undefined;
  const watch = (): void => {
    if (stopWatch || !settings.engineAddress) return;
    stopWatch = watchEngine(settings.engineAddress, settings.onEngineGone);
  };
  watch();

  return {
    handshake(call, callback) {
      settings.engineAddress = call.request.getEngineAddress();
      watch();
      callback(null, new langproto.LanguageHandshakeResponse());
    },

    getPluginInfo(_call, callback) {
      callback(null, new plugproto.PluginInfo().setVersion(`v${sdkVersion}`));
    },

    getRequiredPlugins(_call, callback) {
      callback(unimplemented("GetRequiredPlugins"));
    },

    getRequiredPackages(call, callback) {
      const dir = call.request.getInfo()?.getProgramDirectory() ?? "";
      const packages = findRequiredPackages(dir).map((p) => {
        const dep = new plugproto.PackageDependency()
          .setName(p.name)
          .setKind(p.kind)
          .setVersion(p.version)
          .setServer(p.server);
        if (p.parameterization) {
          dep.setParameterization(
            new plugproto.PackageParameterization()
              .setName(p.parameterization.name)
              .setVersion(p.parameterization.version)
              .setValue(p.parameterization.value),
          );
        }
        return dep;
      });
      callback(null, new langproto.GetRequiredPackagesResponse().setPackagesList(packages));
    },

    run(call, callback) {
      const req = call.request;
      const info = req.getInfo();
      const respond = (error: string, bail = false): void =>
        callback(null, new langproto.RunResponse().setError(error).setBail(bail));
      if (cancelled) {
        respond("context canceled");
        return;
      }
      let options: NodeRuntimeOptions;
      try {
        options = optionsOf(info);
      } catch (err) {
        respond(err instanceof Error ? err.message : String(err));
        return;
      }
      const spec: RunSpec = {
        monitorAddress: req.getMonitorAddress(),
        engineAddress: settings.engineAddress,
        tracing: settings.tracing,
        organization: req.getOrganization(),
        project: req.getProject(),
        rootDirectory: info?.getRootDirectory() ?? "",
        stack: req.getStack(),
        programDirectory: info?.getProgramDirectory() ?? req.getPwd(),
        entryPoint: info?.getEntryPoint() ?? (req.getProgram() || "."),
        dryRun: req.getDryrun(),
        parallel: req.getParallel(),
        args: req.getArgsList(),
        config: new Map(req.getConfigMap().toArray()),
        configSecretKeys: req.getConfigsecretkeysList(),
        options,
      };
      const runModule = process.env.PULUMI_LANGUAGE_NODEJS_RUN_PATH || DEFAULT_RUN_PATH;
      locateModule(settings.nodeBin, runModule, spec.programDirectory).then(
        (runPath) => {
          let program: RunningProgram;
          try {
            program = startProgram(settings.nodeBin, runPath, spec);
          } catch (err) {
            respond(err instanceof Error ? err.message : String(err));
            return;
          }
          running.add(program);
          call.on("cancelled", () => program.interrupt());
          void program.outcome.then((outcome) => {
            running.delete(program);
            respond(outcome.error, outcome.bail);
          });
        },
        (err: unknown) => respond(err instanceof Error ? err.message : String(err)),
      );
    },

    installDependencies(call) {
      // The harness installs the project's dependencies (npm ci); nothing to stream.
      call.end();
    },

    runtimeOptionsPrompts(call, callback) {
      const response = new langproto.RuntimeOptionsResponse();
      const raw = call.request.getInfo()?.getOptions()?.toJavaScript() ?? {};
      if (!("packagemanager" in raw)) {
        const STRING = langproto.RuntimeOptionPrompt.RuntimeOptionType.STRING;
        const value = (name: string) =>
          new langproto.RuntimeOptionPrompt.RuntimeOptionValue()
            .setPrompttype(STRING)
            .setStringvalue(name)
            .setDisplayname(name);
        response.setPromptsList([
          new langproto.RuntimeOptionPrompt()
            .setKey("packagemanager")
            .setDescription("The package manager to use for installing dependencies")
            .setPrompttype(STRING)
            .setChoicesList(["npm", "pnpm", "yarn", "bun"].map(value))
            .setDefault(value("npm")),
        ]);
      }
      callback(null, response);
    },

    template(_call, callback) {
      callback(null, new langproto.TemplateResponse());
    },

    about(call, callback) {
      let options: NodeRuntimeOptions;
      try {
        options = optionsOf(call.request.getInfo());
      } catch (err) {
        callback(failed(`failed to parse options: ${(err as Error).message}`));
        return;
      }
      const pm = options.packageManager === "auto" ? "npm" : options.packageManager;
      void Promise.all([
        commandOutput(settings.nodeBin, ["--version"]),
        commandOutput(pm, ["--version"]),
      ]).then(([nodeVersion, pmVersion]) => {
        const response = new langproto.AboutResponse()
          .setExecutable(settings.nodeBin)
          .setVersion(nodeVersion.trim());
        response.getMetadataMap().set("packagemanager", pm);
        response.getMetadataMap().set("packagemanagerVersion", pmVersion.trim());
        callback(null, response);
      });
    },

    getProgramDependencies(call, callback) {
      const dir = call.request.getInfo()?.getProgramDirectory() ?? call.request.getPwd();
      const transitive = call.request.getTransitivedependencies();
      void commandOutput("npm", ["ls", "--json", transitive ? "--all" : "--depth=0"], dir).then(
        (text) => {
          type Tree = { dependencies?: Record<string, Tree & { version?: string }> };
          const list: langproto.DependencyInfo[] = [];
          const collect = (tree: Tree): void => {
            for (const [name, dep] of Object.entries(tree.dependencies ?? {})) {
              list.push(new langproto.DependencyInfo().setName(name).setVersion(dep.version ?? ""));
              if (transitive) collect(dep);
            }
          };
          try {
            collect(JSON.parse(text || "{}") as Tree);
          } catch (err) {
            callback(failed(`failed to get node dependencies: ${(err as Error).message}`));
            return;
          }
          callback(null, new langproto.GetProgramDependenciesResponse().setDependenciesList(list));
        },
      );
    },

    runPlugin(call) {
      call.destroy(unimplemented("RunPlugin"));
    },
    generateProgram(_call, callback) {
      callback(unimplemented("GenerateProgram"));
    },
    generateProject(_call, callback) {
      callback(unimplemented("GenerateProject"));
    },
    generatePackage(_call, callback) {
      callback(unimplemented("GeneratePackage"));
    },
    pack(_call, callback) {
      callback(unimplemented("Pack"));
    },
    link(_call, callback) {
      callback(unimplemented("Link"));
    },

    cancel(_call, callback) {
      cancelled = true;
      for (const program of running) program.interrupt();
      callback(null, new Empty());
    },
  };
}
