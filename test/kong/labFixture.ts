/**
 * Shared by the Kong provider tests: the lab's configuration (FACTS.md), the KongJwtConfiguration
 * component captured under mocks, and a small driver that runs the captured serialized providers
 * in dependency order the way `pulumi up` / `preview` / `refresh` would call them.
 */
import { after, before, beforeEach } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import type { KongLabConfig } from "../../config/types";
import { KongConsumer } from "../../components/kong/KongConsumer";
import { KongJwtConfiguration } from "../../components/kong/KongJwtConfiguration";
import { KongJwtCredential } from "../../components/kong/KongJwtCredential";
import { KongPlugin } from "../../components/kong/KongPlugin";
import { KongRoute } from "../../components/kong/KongRoute";
import { KongService } from "../../components/kong/KongService";
import { type KongStandIn, startKongStandIn } from "../kong-standin";
import {
  captureDynamicResources,
  HostedProvider,
  loadSerializedProvider,
  RegisteredResource,
  serializedProviderOf,
} from "../support/dynamicProvider";

export const LAB_SECRET = "!Qwaszxerdfcv";
export const OWNER_TAG = "kong-jwt-lab.test";

export function labConfig(overrides: Partial<KongLabConfig> = {}): KongLabConfig {
  return {
    serviceName: "fastapi-service",
    upstreamUrl: "http://127.0.0.1:9/healthy",
    routeName: "fastapi-route",
    routePaths: ["/kong/healthy"],
    routeMethods: ["GET", "POST"],
    consumerUsername: "fastapi-consumer",
    credentials: [{ key: "jwttoken", algorithm: "HS256", secret: pulumi.secret(LAB_SECRET) }],
    currentCredentialKey: "jwttoken",
    jwtPlugin: {
      instanceName: "jwt-authentication",
      claimsToVerify: ["exp"],
      keyClaimName: "iss",
      maximumExpiration: 600,
      scope: "global",
    },
    zipkinSampleRatio: 1,
    ...overrides,
  };
}

/** Pulumi's wire form of a secret, as mocks may hand it over. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** Replaces wire-form secrets by their plain values (the provider sees plaintext). */
export function unwrapSecrets(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(unwrapSecrets);
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (o[SECRET_SIG] !== undefined && "value" in o) return unwrapSecrets(o.value);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) out[k] = unwrapSecrets(x);
    return out;
  }
  return v;
}

export interface CapturedLab {
  resources: RegisteredResource[];
  /** Child name → parent resource's name (from a transformation on the component). */
  parents: Map<string, string | undefined>;
  /** Child name → the names its aliases give (earlier names of the same resource). */
  aliasNames: Map<string, string[]>;
}

/** Mock kongId of a captured resource (what the children's reference inputs hold under mocks). */
export const mockKongId = (name: string) => `mock-kongid-${name}`;

export async function captureLab(args: {
  adminUrl: string;
  zipkinEndpoint?: string;
  lab?: KongLabConfig;
  adminHeaders?: Record<string, string>;
}): Promise<CapturedLab> {
  const parentObjects = new Map<string, pulumi.Resource | undefined>();
  let component: pulumi.Resource | undefined;
  const aliasNames = new Map<string, string[]>();
  const resources = await captureDynamicResources(
    () => {
      component = new KongJwtConfiguration(
        "lab",
        {
          adminUrl: args.adminUrl,
          adminHeaders: args.adminHeaders ? pulumi.secret(args.adminHeaders) : undefined,
          ownerTag: OWNER_TAG,
          upstreamUrl: "http://127.0.0.1:9/healthy",
          zipkinEndpoint: args.zipkinEndpoint,
          lab: args.lab ?? labConfig(),
        },
        {
          transformations: [
            (t) => {
              parentObjects.set(t.name, t.opts.parent);
              aliasNames.set(
                t.name,
                (t.opts.aliases ?? []).map((a) => String((a as { name?: unknown }).name)),
              );
              return undefined;
            },
          ],
        },
      );
      return [component];
    },
    {
      mockState: (a) => ({
        ...a.inputs,
        kongId: mockKongId(a.name),
        result: a.type.includes("GeneratedPassword")
          ? "generated-by-mock-0123456789abcd"
          : undefined,
        publicKey: a.type.includes("GeneratedKeyPair") ? "mock-public-key" : undefined,
      }),
    },
  );
  // Registration of children finishes after the component's own; wait for every child.
  await new Promise((r) => setTimeout(r, 50));
  const parents = new Map<string, string | undefined>();
  for (const [name, parent] of parentObjects) {
    parents.set(name, parent === undefined ? undefined : parent === component ? "lab" : "other");
  }
  return { resources, parents, aliasNames };
}

/** Dependency order of the component's children (registration order is not deterministic). */
const LAB_ORDER = [
  "-service",
  "-route",
  "-consumer",
  "-credential",
  "-jwt-plugin",
  "-prometheus-plugin",
  "-zipkin-plugin",
];

export interface DrivenResource {
  name: string;
  type: string;
  provider: HostedProvider;
  /** Inputs as captured, secrets unwrapped, without __provider. */
  inputs: Record<string, unknown>;
  id?: string;
  outs?: Record<string, unknown>;
}

/**
 * Runs the captured dynamic resources against a real Admin API (the stand-in): `up` creates in
 * registration order, replacing the mock kongIds of references by the real ones.
 */
export class LabDriver {
  readonly resources: DrivenResource[];
  private readonly realIds = new Map<string, string>();

  constructor(
    captured: RegisteredResource[],
    patch: (inputs: Record<string, unknown>) => void = () => {},
  ) {
    const rank = (name: string) => {
      // a credential is named by its key: <name>-credential-<key>
      const i = LAB_ORDER.findIndex(
        (suffix) =>
          name.endsWith(suffix) || (suffix === "-credential" && name.includes("-credential-")),
      );
      return i < 0 ? LAB_ORDER.length : i;
    };
    this.resources = captured
      .filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/kong:"))
      .sort((a, b) => rank(a.name) - rank(b.name))
      .map((r) => {
        const inputs = unwrapSecrets(r.inputs) as Record<string, unknown>;
        delete inputs.__provider;
        for (const k of Object.keys(inputs)) if (inputs[k] === undefined) delete inputs[k];
        patch(inputs);
        return {
          name: r.name,
          type: r.type,
          provider: loadSerializedProvider(serializedProviderOf(r)),
          inputs,
        };
      });
  }

  byName(name: string): DrivenResource {
    const r = this.resources.find((x) => x.name === name);
    if (!r) throw new Error(`no captured resource ${name}`);
    return r;
  }

  /** Inputs with mock ids of earlier resources replaced by their real Kong ids. */
  resolved(r: DrivenResource): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r.inputs)) {
      out[k] = typeof v === "string" && this.realIds.has(v) ? this.realIds.get(v) : v;
    }
    return out;
  }

  /** check + create of one resource, recording its real Kong id for later references. */
  async createResource(r: DrivenResource): Promise<void> {
    const checked = await r.provider.check({}, this.resolved(r));
    if (checked.failures.length > 0) {
      throw new Error(`${r.name}: check failed: ${JSON.stringify(checked.failures)}`);
    }
    const created = await r.provider.create(checked.inputs);
    r.id = created.id;
    r.outs = created.outs;
    this.realIds.set(mockKongId(r.name), created.id);
  }

  async up(): Promise<void> {
    for (const r of this.resources) await this.createResource(r);
  }

  /** Diff of every resource against its recorded outputs (what a preview shows). */
  async preview(): Promise<Map<string, { changes?: boolean; replaces: string[] }>> {
    const result = new Map<string, { changes?: boolean; replaces: string[] }>();
    for (const r of this.resources) {
      const checked = await r.provider.check(r.outs ?? {}, this.resolved(r));
      result.set(r.name, await r.provider.diff(r.id ?? "", r.outs ?? {}, checked.inputs));
    }
    return result;
  }

  /** Refresh: read every resource; returns the names whose id came back blank (gone). */
  async refresh(): Promise<string[]> {
    const gone: string[] = [];
    for (const r of this.resources) {
      const read = await r.provider.read(r.id ?? "", r.outs ?? {});
      if (read.id === "") {
        gone.push(r.name);
      } else {
        r.outs = read.props;
      }
    }
    return gone;
  }

  async destroy(): Promise<void> {
    for (const r of [...this.resources].reverse()) {
      if (r.id) await r.provider.delete(r.id, r.outs ?? {});
    }
  }
}

export interface KongProviders {
  service: HostedProvider;
  route: HostedProvider;
  consumer: HostedProvider;
  credential: HostedProvider;
  plugin: HostedProvider;
}

/**
 * The five entity providers, each taken from a resource's serialized `__provider` under mocks and
 * loaded as the dynamic-provider host loads it.
 */
export async function hostedKongProviders(): Promise<KongProviders> {
  const conn = { adminUrl: "http://127.0.0.1:1", ownerTag: OWNER_TAG };
  const captured = await captureDynamicResources(() => [
    new KongService("s", { ...conn, name: "s", url: "http://x/" }),
    new KongRoute("r", { ...conn, name: "r", serviceId: "x", paths: ["/"] }),
    new KongConsumer("c", { ...conn, username: "c" }),
    new KongJwtCredential("j", {
      ...conn,
      consumerId: "x",
      key: "k",
      secret: pulumi.secret(LAB_SECRET),
    }),
    new KongPlugin("p", { ...conn, name: "jwt" }),
  ]);
  const load = (name: string) => {
    const r = captured.find((x) => x.name === name);
    if (!r) throw new Error(`resource ${name} not registered`);
    return loadSerializedProvider(serializedProviderOf(r));
  };
  return {
    service: load("s"),
    route: load("r"),
    consumer: load("c"),
    credential: load("j"),
    plugin: load("p"),
  };
}

/** The stand-in (acting as 3.9.3) and the five hosted providers of one describe block. */
export interface StandInLab {
  readonly standIn: KongStandIn;
  readonly providers: KongProviders;
}

/**
 * For the describe block it is called in: starts the stand-in (acting as 3.9.3) and the five
 * hosted providers side by side before its tests, empties the stand-in and its request log
 * before each test, and closes the stand-in after the block. Fields are set once `before` ran.
 */
export function standInLabPerDescribe(): StandInLab {
  const lab = {} as { standIn: KongStandIn; providers: KongProviders };
  before(async () => {
    [lab.standIn, lab.providers] = await Promise.all([
      startKongStandIn({ version: "3.9.3" }),
      hostedKongProviders(),
    ]);
  });
  after(async () => {
    await lab.standIn?.close();
  });
  beforeEach(() => {
    lab.standIn.reset();
    lab.standIn.clearRequests();
  });
  return lab;
}

/** The connection inputs of a provider aimed at `standIn` (retries without a real back-off). */
export function standInConnection(standIn: KongStandIn) {
  return { adminUrl: standIn.adminUrl, ownerTag: OWNER_TAG, adminRetryBaseDelayMs: 1 };
}

/** check then create, failing loudly on check failures. */
export async function checkAndCreate(
  provider: HostedProvider,
  inputs: Record<string, unknown>,
): Promise<{ id: string; outs: Record<string, unknown> }> {
  const checked = await provider.check({}, inputs);
  if (checked.failures.length > 0) {
    throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
  }
  return provider.create(checked.inputs);
}

/** check then diff against recorded outputs (what a preview computes). */
export async function previewDiff(
  provider: HostedProvider,
  id: string,
  outs: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<{ changes?: boolean; replaces: string[]; deleteBeforeReplace: boolean }> {
  const checked = await provider.check(outs, news);
  if (checked.failures.length > 0) {
    throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
  }
  return provider.diff(id, outs, checked.inputs);
}
