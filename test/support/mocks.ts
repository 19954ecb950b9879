/**
 * Runs the real program (index.ts) under Pulumi's mocks with a given config, and records what it
 * registers: every resource's type, name, inputs (secret-marked values kept recognisable), parent,
 * dependencies and additionalSecretOutputs. Like the engine (and unlike bare mocks), outputs named
 * in a resource's additionalSecretOutputs come back secret. Node caches the program module, so use one program
 * run per test file (node --test runs each file in its own process).
 */
import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  /** Inputs as the engine receives them; secrets as { [sig]: secret, value }. */
  readonly inputs: Record<string, unknown>;
  readonly parentUrn: string;
  readonly dependencies: string[];
  readonly additionalSecretOutputs: string[];
}

export interface RecordedResourceByName extends RecordedResource {
  /** Name of the parent resource ("" for the stack). */
  readonly parent: string;
  /** Names of the resources this one depends on. */
  readonly dependsOn: string[];
}

export interface ProgramRun {
  readonly resources: RecordedResourceByName[];
  /** Stack outputs, resolved. */
  readonly outputs: Record<string, unknown>;
  /** Stack outputs as the program exported them (Outputs), e.g. for pulumi.isSecret. */
  readonly exports: Record<string, unknown>;
  byName(name: string): RecordedResourceByName;
  ofType(type: string): RecordedResourceByName[];
}

/** True when a recorded input value was sent to the engine as a secret. */
export function isSecretInput(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG
  );
}

/** The plain value of a recorded input, secret or not. */
export function plain<T = unknown>(value: unknown): T {
  return (isSecretInput(value) ? (value as { value: unknown }).value : value) as T;
}

/**
 * A recorded value with every secret at any depth replaced: by "[secret]" (what a reader of the
 * state sees in plain text), or with `reveal` by its plain value (what a provider receives).
 */
export function mapSecrets(value: unknown, reveal = false): unknown {
  if (isSecretInput(value)) {
    return reveal ? mapSecrets((value as { value: unknown }).value, true) : "[secret]";
  }
  if (Array.isArray(value)) return value.map((v) => mapSecrets(v, reveal));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapSecrets(v, reveal)]));
  }
  return value;
}

/**
 * Answers the mocks give for `command:local:Command` resources: stdout and stderr, or a thrown error
 * (the provider failing the resource). Default: every command succeeds without running.
 */
export type CommandAnswer = (
  name: string,
  inputs: Record<string, unknown>,
) => { stdout: string; stderr: string };

const succeedWithoutRunning: CommandAnswer = () => ({ stdout: "", stderr: "" });

/** State the mocks return for a resource: its inputs plus what the real provider would compute. */
function mockState(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  commands: CommandAnswer,
  realisticIds: boolean,
) {
  const state: Record<string, unknown> = { ...inputs };
  switch (type) {
    case "docker:index/remoteImage:RemoteImage":
      state.imageId = realisticIds
        ? `sha256:mock-${name}-${digest(plain(inputs.name))}`
        : `sha256:mock-${name}`;
      state.repoDigest = `${plain(inputs.name)}@sha256:${"0".repeat(64)}`;
      break;
    case "command:local:Command":
      Object.assign(state, commands(name, inputs));
      break;
    case "pulumi-nodejs:dynamic/secrets:GeneratedPassword":
      state.result = `mock-generated-${name}`;
      break;
  }
  return state;
}

/** Stable JSON: object keys sorted, so equal inputs give equal text. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

function digest(value: unknown): string {
  return crypto.createHash("sha256").update(stableJson(value)).digest("hex").slice(0, 12);
}

/**
 * Ids like the providers give them where replacement matters: a docker container is replaced on
 * (nearly) any input change, a command when one of its triggers changes; both then get a new id.
 */
function realisticId(type: string, name: string, inputs: Record<string, unknown>): string {
  switch (type) {
    case "docker:index/container:Container":
      return `${name}-${digest(inputs)}`;
    case "command:local:Command":
      return `${name}-${digest(inputs.triggers ?? null)}`;
    default:
      return `${name}-id`;
  }
}

async function settle(count: () => number): Promise<void> {
  let last = -1;
  let stable = 0;
  for (let i = 0; i < 200 && stable < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const now = count();
    stable = now === last ? stable + 1 : 0;
    last = now;
  }
}

/**
 * Sets the mocks and config, imports the program, waits for it to settle.
 * `config`: full keys (`kong-jwt-lab:adminPort`) → string values; `secretKeys` are marked secret.
 */
export interface RunProgramOptions {
  /** Keys (`kong-jwt-lab:jwtSecret`) the engine marks secret. */
  readonly secretKeys?: string[];
  readonly stack?: string;
  readonly programPath?: string;
  /** How `command:local:Command` resources answer; default: success without running. */
  readonly commands?: CommandAnswer;
  /**
   * Ids that change where the real providers' ids change: an image id per image reference, a
   * container id per set of inputs (replaced on change), a command id per set of triggers.
   * Default false: `<name>-id` and `sha256:mock-<name>`.
   */
  readonly realisticIds?: boolean;
  /** Wait for every stack output (default true); false for programs expected to fail. */
  readonly awaitOutputs?: boolean;
}

export async function runProgram(
  config: Record<string, string>,
  options: RunProgramOptions = {},
): Promise<ProgramRun> {
  const secretKeys = options.secretKeys ?? [];
  const stack = options.stack ?? "dev";
  const programPath = options.programPath ?? "../../index";
  const commands = options.commands ?? succeedWithoutRunning;
  const realisticIds = options.realisticIds ?? false;
  const resources: RecordedResource[] = [];
  const requests = new Map<
    string,
    { parent: string; dependencies: string[]; additionalSecretOutputs: string[] }
  >();

  await pulumi.runtime.setMocks(
    {
      newResource(args: pulumi.runtime.MockResourceArgs) {
        const request = requests.get(`${args.type}::${args.name}`);
        resources.push({
          type: args.type,
          name: args.name,
          custom: args.custom ?? true,
          inputs: args.inputs,
          parentUrn: request?.parent ?? "",
          dependencies: request?.dependencies ?? [],
          additionalSecretOutputs: request?.additionalSecretOutputs ?? [],
        });
        // Like the engine: outputs named in additionalSecretOutputs come back as secrets.
        const state = mockState(args.type, args.name, args.inputs, commands, realisticIds);
        for (const key of request?.additionalSecretOutputs ?? []) {
          if (key in state && !isSecretInput(state[key])) {
            state[key] = { [SIG_KEY]: SECRET_SIG, value: state[key] };
          }
        }
        const id =
          args.custom === false
            ? undefined
            : realisticIds
              ? realisticId(args.type, args.name, args.inputs)
              : `${args.name}-id`;
        return { id, state };
      },
      call(args: pulumi.runtime.MockCallArgs) {
        return args.inputs;
      },
    },
    "kong-jwt-lab",
    stack,
    false,
  );

  type Request = {
    getType(): string;
    getName(): string;
    getParent(): string;
    getDependenciesList(): string[];
    getAdditionalsecretoutputsList(): string[];
  };
  const monitor = pulumi.runtime.getMonitor() as unknown as {
    registerResource(req: Request, cb: unknown): unknown;
  };
  const original = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    requests.set(`${req.getType()}::${req.getName()}`, {
      parent: req.getParent(),
      dependencies: req.getDependenciesList(),
      additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
    });
    return original(req, cb);
  };

  pulumi.runtime.setAllConfig(config, secretKeys);

  // The program's module.exports (index.ts assigns it whole: `export =`), as Pulumi's runner reads it.
  const imported = (await import(programPath)) as { default?: Record<string, unknown> };
  const program = imported.default ?? (imported as Record<string, unknown>);
  const outputs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(program)) {
    if (options.awaitOutputs === false) break;
    outputs[key] = pulumi.Output.isInstance(value)
      ? await new Promise((resolve) => value.apply(resolve))
      : value;
  }
  await settle(() => resources.length);

  // Names are unique in this program: dependencies and parents are reported by name.
  const nameOf = (urn: string) => urn.split("::").pop() ?? "";
  const recorded = resources.map((r) => ({
    ...r,
    parent: nameOf(r.parentUrn),
    dependsOn: r.dependencies.map(nameOf),
  }));

  const byName = (name: string) => {
    const found = recorded.find((r) => r.name === name);
    if (!found) {
      throw new Error(`no resource named ${name}; have: ${recorded.map((r) => r.name).join(", ")}`);
    }
    return found;
  };
  return {
    resources: recorded,
    outputs,
    exports: program,
    byName,
    ofType: (type) => recorded.filter((r) => r.type === type),
  };
}
