/**
 * Runs dynamic providers the way Pulumi's dynamic-provider host does, for tests.
 *
 * 1. `captureDynamicResources(program)` runs `program` under `pulumi.runtime.setMocks` and returns
 *    every registered resource with its inputs; a dynamic resource's inputs carry the serialized
 *    provider text (`__provider`), produced by Pulumi's own closure serializer.
 * 2. `loadSerializedProvider(text)` loads that text exactly as
 *    node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js does: `require-from-string` (the
 *    copy @pulumi/pulumi depends on), then `.handler()`. The returned `HostedProvider` calls the
 *    provider's check/diff/create/read/update/delete with the host's conventions: values pass
 *    through google.protobuf.Struct both ways (what the gRPC boundary does: `undefined` is not a
 *    value there, and results must survive `Struct.fromJavaScript`), `__provider` is added to
 *    every property bag the provider receives and returns, check without a method passes inputs
 *    through, update's missing `outs` wipe the outputs (as the host does).
 *
 * So the tests drive the code the engine would run, not the TypeScript module it came from.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";

const PROVIDER_KEY = "__provider";

/** Loads a package that @pulumi/pulumi itself depends on, from @pulumi/pulumi's location. */
function requireFromPulumi<T>(id: string): T {
  const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  return require(require.resolve(id, { paths: [pulumiDir] })) as T;
}

type Props = Record<string, unknown>;

interface StructModule {
  Struct: {
    fromJavaScript(v: Props): { toJavaScript(): Props };
  };
}

/** What crossing the gRPC boundary does to a property bag (throws on values Struct refuses). */
export function throughStruct(props: Props): Props {
  const structproto = requireFromPulumi<StructModule>("google-protobuf/google/protobuf/struct_pb");
  return structproto.Struct.fromJavaScript(props).toJavaScript();
}

export interface RegisteredResource {
  type: string;
  name: string;
  custom: boolean;
  inputs: Props;
}

/**
 * Runs `program` under mocks and waits until every resource it registered has been seen by the
 * mocks. `program` returns the resources whose registration to wait for.
 */
export async function captureDynamicResources(
  program: () => pulumi.Resource[],
  opts: {
    config?: Record<string, string>;
    secretKeys?: string[];
    /** Output state the mocks answer for a resource (default: its inputs). */
    mockState?: (args: pulumi.runtime.MockResourceArgs) => Record<string, unknown>;
  } = {},
): Promise<RegisteredResource[]> {
  const registered: RegisteredResource[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource(args: pulumi.runtime.MockResourceArgs) {
        registered.push({
          type: args.type,
          name: args.name,
          custom: args.custom ?? true,
          inputs: args.inputs as Props,
        });
        return {
          id: `${args.name}-id`,
          state: opts.mockState ? opts.mockState(args) : args.inputs,
        };
      },
      call(args: pulumi.runtime.MockCallArgs) {
        return args.inputs;
      },
    },
    "kong-jwt-lab",
    "test",
    false,
  );
  if (opts.config) {
    pulumi.runtime.setAllConfig(opts.config, opts.secretKeys);
  }
  const resources = program();
  await Promise.all(
    resources.map((r) => new Promise<void>((resolve) => r.urn.apply((u) => (resolve(), u)))),
  );
  return registered;
}

/** The serialized provider text of a captured dynamic resource. */
export function serializedProviderOf(r: RegisteredResource): string {
  const text = r.inputs[PROVIDER_KEY];
  if (typeof text !== "string" || !text.includes("exports.handler")) {
    throw new Error(`${r.type} ${r.name} has no serialized dynamic provider among its inputs`);
  }
  return text;
}

/** The provider methods as the host calls them. */
export interface HostedProvider {
  readonly text: string;
  check(
    olds: Props,
    news: Props,
  ): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }>;
  diff(
    id: string,
    olds: Props,
    news: Props,
  ): Promise<{
    changes?: boolean;
    replaces: string[];
    deleteBeforeReplace: boolean;
    /** Property → kind of change, as the provider reported it (the engine shows these). */
    detailedDiff: Record<string, { kind: string }>;
  }>;
  create(inputs: Props): Promise<{ id: string; outs: Props }>;
  read(id: string, props: Props): Promise<{ id: string; props: Props }>;
  update(id: string, olds: Props, news: Props): Promise<{ outs: Props }>;
  delete(id: string, props: Props): Promise<void>;
}

interface RawProvider {
  check?(
    olds: Props,
    news: Props,
  ): Promise<{ inputs?: Props; failures?: { property: string; reason: string }[] }>;
  diff?(
    id: string,
    olds: Props,
    news: Props,
  ): Promise<{
    changes?: boolean;
    replaces?: string[];
    deleteBeforeReplace?: boolean;
    detailedDiff?: Record<string, { kind: string }>;
  }>;
  create(inputs: Props): Promise<{ id: string; outs?: Props }>;
  read?(id: string, props: Props): Promise<{ id?: string; props?: Props }>;
  update?(id: string, olds: Props, news: Props): Promise<{ outs?: Props } | undefined>;
  delete?(id: string, props: Props): Promise<void>;
}

/** Loads serialized provider text like the dynamic-provider host (require-from-string + handler()). */
export function loadSerializedProvider(text: string): HostedProvider {
  const requireFromString =
    requireFromPulumi<(code: string) => { handler(): RawProvider }>("require-from-string");
  const raw = requireFromString(text).handler();
  const withProvider = (props: Props | undefined): Props =>
    throughStruct({ ...(props ?? {}), [PROVIDER_KEY]: text });
  const strip = (props: Props): Props => {
    const copy = { ...props };
    delete copy[PROVIDER_KEY];
    return copy;
  };

  return {
    text,
    async check(olds, news) {
      const n = withProvider(news);
      let inputs = n;
      let failures: { property: string; reason: string }[] = [];
      if (raw.check) {
        const result = await raw.check(withProvider(olds), n);
        if (result.inputs) inputs = result.inputs;
        if (result.failures) failures = result.failures;
      }
      return { inputs: strip(withProvider(inputs)), failures };
    },
    async diff(id, olds, news) {
      if (!raw.diff) {
        return { changes: undefined, replaces: [], deleteBeforeReplace: false, detailedDiff: {} };
      }
      const r = await raw.diff(id, withProvider(olds), withProvider(news));
      return {
        changes: r.changes,
        replaces: r.replaces ?? [],
        deleteBeforeReplace: r.deleteBeforeReplace ?? false,
        detailedDiff: r.detailedDiff ?? {},
      };
    },
    async create(inputs) {
      const r = await raw.create(withProvider(inputs));
      if (typeof r.id !== "string" || r.id === "") {
        throw new Error("create returned no id");
      }
      return { id: r.id, outs: strip(withProvider(r.outs)) };
    },
    async read(id, props) {
      if (!raw.read) return { id, props };
      const r = await raw.read(id, withProvider(props));
      return { id: r.id ?? "", props: strip(withProvider(r.props)) };
    },
    async update(id, olds, news) {
      const r = raw.update
        ? ((await raw.update(id, withProvider(olds), withProvider(news))) ?? {})
        : {};
      return { outs: strip(withProvider(r.outs)) };
    },
    async delete(id, props) {
      if (raw.delete) await raw.delete(id, withProvider(props));
    },
  };
}

/**
 * Captures the provider of the first dynamic resource `build` registers and loads it as the host
 * would. `build` constructs the resource (under mocks).
 */
export async function hostedProviderOf(
  build: () => pulumi.Resource,
): Promise<{ provider: HostedProvider; registered: RegisteredResource }> {
  const all = await captureDynamicResources(() => [build()]);
  const registered = all.find((r) => r.type.startsWith("pulumi-nodejs:dynamic"));
  if (!registered) throw new Error("no dynamic resource was registered");
  return { provider: loadSerializedProvider(serializedProviderOf(registered)), registered };
}
