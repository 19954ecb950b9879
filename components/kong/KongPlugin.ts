/**
 * A Kong plugin instance (Admin API `/plugins`): global, or scoped to a service and/or a route.
 *
 * Fields: `name` (e.g. "jwt"), optional `config` (Kong's config object, Kong's field names),
 * `instanceName` (Kong 3.2+), `enabled` (default true), `serviceId` / `routeId` (scope; both
 * absent = global), `protocols`, `tags`. Changing `name` or the scope replaces the plugin (the old
 * one is deleted first, since Kong allows one plugin of a name per scope).
 *
 * Diff compares `config` only on the keys the user wrote, recursively, so the defaults Kong fills
 * in never show as changes; removing a key from `config` is a change (the update's PUT puts it
 * back to Kong's default). `enabled` defaults to true, so a plugin disabled out of band shows up
 * as drift.
 *
 * Kong versions: Kong's version is read from `GET /` on create/update. Fields a Kong does not know
 * yet are left out with a warning (output `warnings`, logged by the resource at every `up`) and
 * never cause a diff: `instanceName` before 3.2; prometheus' `status_code_metrics`,
 * `latency_metrics`, `bandwidth_metrics`, `upstream_health_metrics` before 3.0 (Kong 2.x always
 * collects those metrics); prometheus `ai_metrics` and jwt `realm` before 3.8.
 *
 * Guard: before creating or updating an enabled `jwt` plugin, every plugin is listed; enabled
 * authentication plugins (key-auth, basic-auth, hmac-auth, oauth2, ldap-auth, session,
 * openid-connect, jwt-signer, mtls-auth, ...) without this stack's ownership tag that apply where
 * the jwt plugin applies make the operation fail with a message naming them: for a global jwt
 * plugin the global ones; for one on a route the global ones, those of the route's service and
 * those of the route itself (each of them would also have to be satisfied on that route).
 */
import * as pulumi from "../../pulumiSdk";
import { versionAtLeast } from "./adminClient";
import type { AdminClient } from "./adminClient";
import { providerReference } from "../dynamicResource";
import { KongEntityResource } from "./KongEntityResource";
import { buildEntityProvider, KongEntity, Props } from "./entityProvider";
import { isOwned } from "./ownership";
import {
  checkOptional,
  checkRequired,
  checkTags,
  isUnknown,
  KongConnectionArgs,
  projectOnto,
  sameTags,
  withoutOwnerTag,
  withOwnerTag,
} from "./providerSupport";

export interface KongPluginArgs extends KongConnectionArgs {
  readonly name: pulumi.Input<string>;
  readonly config?: pulumi.Input<Record<string, unknown>>;
  /** Kong 3.2+; left out with a warning on older Kong. */
  readonly instanceName?: pulumi.Input<string>;
  /** Default true. */
  readonly enabled?: pulumi.Input<boolean>;
  /** Scope: Kong id of a service (KongService.kongId). */
  readonly serviceId?: pulumi.Input<string>;
  /** Scope: Kong id of a route (KongRoute.kongId). */
  readonly routeId?: pulumi.Input<string>;
  readonly protocols?: pulumi.Input<pulumi.Input<string>[]>;
  readonly tags?: pulumi.Input<pulumi.Input<string>[]>;
}

/** Global authentication plugins that conflict with a global jwt plugin. */
export const CONFLICTING_AUTH_PLUGINS = [
  "key-auth",
  "key-auth-enc",
  "basic-auth",
  "hmac-auth",
  "oauth2",
  "oauth2-introspection",
  "ldap-auth",
  "ldap-auth-advanced",
  "session",
  "openid-connect",
  "jwt-signer",
  "mtls-auth",
  "vault-auth",
];

const scopeOf = (e: KongEntity | Props) => ({
  service: ((e.service as { id?: string } | null | undefined)?.id ?? null) as string | null,
  route: ((e.route as { id?: string } | null | undefined)?.id ?? null) as string | null,
  consumer: ((e.consumer as { id?: string } | null | undefined)?.id ?? null) as string | null,
});

function describePlugin(p: Props): string {
  const scope =
    p.routeId !== undefined && p.routeId !== null
      ? `route ${String(p.routeId)}`
      : p.serviceId !== undefined && p.serviceId !== null
        ? `service ${String(p.serviceId)}`
        : "global";
  const instance = typeof p.instanceName === "string" ? ` "${p.instanceName}"` : "";
  return `plugin ${String(p.name)}${instance} (${scope})`;
}

/** Every plugin (all scopes); `/plugins` is the one listing every Kong version serves alike. */
async function listPlugins(kong: AdminClient, p: Props): Promise<KongEntity[]> {
  return kong.list<KongEntity>("/plugins", { entity: describePlugin(p) });
}

/** The id of the service a route points at (null for a route without service). */
async function routeServiceId(kong: AdminClient, routeId: string): Promise<string | null> {
  const res = await kong.request<KongEntity>({
    method: "GET",
    path: `/routes/${encodeURIComponent(routeId)}`,
    entity: `route ${routeId}`,
  });
  return (res.data.service as { id?: string } | null | undefined)?.id ?? null;
}

/** Config keys per plugin that need at least the given Kong version. */
const CONFIG_KEYS_SINCE: Record<string, Record<string, string>> = {
  prometheus: {
    status_code_metrics: "3.0",
    latency_metrics: "3.0",
    bandwidth_metrics: "3.0",
    upstream_health_metrics: "3.0",
    ai_metrics: "3.8",
  },
  jwt: { realm: "3.8" },
};

export const kongPluginProvider = buildEntityProvider({
  kind: "plugin",
  fields: [
    "name",
    "serviceId",
    "routeId",
    "config",
    "instanceName",
    "enabled",
    "protocols",
    "tags",
  ],
  replaceFields: ["name", "serviceId", "routeId"],
  deleteBeforeReplace: true,
  needsVersion: true,
  equal: {
    enabled: (a, b) => (a ?? true) === (b ?? true),
    tags: sameTags,
  },

  validate(news, failures) {
    checkRequired(news, failures, "name", "string", (v: string) =>
      /^[a-z0-9][a-z0-9_-]*$/.test(v)
        ? undefined
        : `must be a plugin name such as "jwt", got ${JSON.stringify(v)}`,
    );
    const config = news.config;
    if (
      config !== undefined &&
      !isUnknown(config) &&
      (config === null || typeof config !== "object" || Array.isArray(config))
    ) {
      failures.push({
        property: "config",
        reason: `config must be an object, got ${JSON.stringify(config)}`,
      });
    }
    checkOptional(news, failures, "instanceName", "string", (v: string) =>
      /^[A-Za-z0-9._~-]+$/.test(v)
        ? undefined
        : `may hold only letters, digits, ".", "_", "~" and "-", got ${JSON.stringify(v)}`,
    );
    checkOptional(news, failures, "enabled", "boolean");
    checkOptional(news, failures, "serviceId", "string");
    checkOptional(news, failures, "routeId", "string");
    checkOptional(news, failures, "protocols", "string[]");
    checkTags(news, failures);
    if (news.name === "jwt" && config && typeof config === "object" && !Array.isArray(config)) {
      const c = config as Record<string, unknown>;
      const claims = c.claims_to_verify;
      if (Array.isArray(claims)) {
        claims.forEach((x, i) => {
          if (!isUnknown(x) && x !== "exp" && x !== "nbf") {
            failures.push({
              property: `config.claims_to_verify[${i}]`,
              reason: `config.claims_to_verify[${i}] must be one of exp, nbf, got ${JSON.stringify(x)}`,
            });
          }
        });
      }
      const max = c.maximum_expiration;
      if (max !== undefined && !isUnknown(max)) {
        if (typeof max !== "number" || !Number.isInteger(max) || max < 0 || max > 31536000) {
          failures.push({
            property: "config.maximum_expiration",
            reason: `config.maximum_expiration must be an integer from 0 to 31536000 (seconds), got ${JSON.stringify(max)}`,
          });
        } else if (
          max > 0 &&
          Array.isArray(claims) &&
          !claims.some(isUnknown) &&
          !claims.includes("exp")
        ) {
          failures.push({
            property: "config.claims_to_verify",
            reason: `config.maximum_expiration > 0 requires config.claims_to_verify to contain "exp" (Kong refuses it otherwise)`,
          });
        }
      }
    }
  },

  describe: describePlugin,
  collectionPath: () => "/plugins",
  entityPath: (_p, id) => `/plugins/${encodeURIComponent(id)}`,

  async findExisting(kong, p) {
    const want = {
      service: typeof p.serviceId === "string" ? p.serviceId : null,
      route: typeof p.routeId === "string" ? p.routeId : null,
      consumer: null,
    };
    const all = await listPlugins(kong, p);
    return all.find((e) => {
      const s = scopeOf(e);
      return (
        e.name === p.name &&
        s.service === want.service &&
        s.route === want.route &&
        s.consumer === want.consumer
      );
    });
  },

  async beforeWrite(p, ctx) {
    if (p.name !== "jwt" || p.enabled === false) return;
    const routeId = typeof p.routeId === "string" ? p.routeId : null;
    const serviceId =
      typeof p.serviceId === "string"
        ? p.serviceId
        : routeId === null
          ? null
          : await routeServiceId(ctx.kong, routeId);
    const global = routeId === null && serviceId === null;
    // Plugins that run on the requests the jwt plugin sees: global ones, and for a scoped jwt
    // plugin those of its service and route.
    const appliesHere = (s: ReturnType<typeof scopeOf>) =>
      s.consumer === null &&
      ((s.service === null && s.route === null) ||
        (!global && s.route === null && s.service === serviceId) ||
        (routeId !== null && s.route === routeId));
    const all = await ctx.kong.list<KongEntity>("/plugins", { entity: "plugins" });
    const conflicts = all.filter(
      (e) =>
        appliesHere(scopeOf(e)) &&
        e.enabled !== false &&
        CONFLICTING_AUTH_PLUGINS.includes(String(e.name)) &&
        !isOwned(e, String(p.ownerTag)),
    );
    if (conflicts.length > 0) {
      const names = conflicts
        .map((e) => {
          const s = scopeOf(e);
          const where = s.route
            ? `route ${s.route}`
            : s.service
              ? `service ${s.service}`
              : "global";
          return `${String(e.name)} (${where}, id ${e.id}, tags ${JSON.stringify(e.tags ?? null)})`;
        })
        .join(", ");
      throw new Error(
        global
          ? `Refusing to enable the global jwt plugin: Kong already has global authentication plugin(s) ` +
              `that this stack does not own: ${names}. Global authentication plugins conflict with the ` +
              `JWT plugin (every request would have to satisfy all of them). Disable or delete them, scope ` +
              `them to a service or route, set jwtPluginScope to route, or tag them "${String(p.ownerTag)}" ` +
              `if this stack should own them.`
          : `Refusing to enable the jwt plugin on ${routeId !== null ? `route ${routeId}` : `service ${String(serviceId)}`}: ` +
              `authentication plugin(s) that this stack does not own already apply there: ${names}. ` +
              `Every request to it would have to satisfy all of them. Disable or delete them, scope them ` +
              `elsewhere, or tag them "${String(p.ownerTag)}" if this stack should own them.`,
      );
    }
  },

  body(p, ctx) {
    const version = ctx.version ?? "0";
    const body: Props = {
      name: p.name,
      enabled: p.enabled ?? true,
      service: typeof p.serviceId === "string" ? { id: p.serviceId } : null,
      route: typeof p.routeId === "string" ? { id: p.routeId } : null,
      tags: withOwnerTag(p.tags, String(p.ownerTag)),
    };
    if (p.protocols !== undefined) body.protocols = p.protocols;
    if (p.config !== undefined) {
      const config = { ...(p.config as Record<string, unknown>) };
      const gated = CONFIG_KEYS_SINCE[String(p.name)] ?? {};
      for (const [key, since] of Object.entries(gated)) {
        if (key in config && !versionAtLeast(version, since)) {
          delete config[key];
          ctx.warnings.push(
            `${describePlugin(p)}: Kong ${version} has no config.${key} (added in Kong ${since}); ` +
              `left out, the stack keeps the value ${JSON.stringify(p.config && (p.config as Props)[key])} unapplied`,
          );
        }
      }
      body.config = config;
    }
    if (typeof p.instanceName === "string") {
      if (versionAtLeast(version, "3.2")) {
        body.instance_name = p.instanceName;
      } else {
        ctx.warnings.push(
          `${describePlugin(p)}: Kong ${version} has no plugin instance_name (added in Kong 3.2); ` +
            `left out, the plugin is identified by name and scope instead`,
        );
      }
    }
    return body;
  },

  observe(recorded, entity) {
    const s = scopeOf(entity);
    const out: Props = { name: entity.name, enabled: entity.enabled };
    if (s.service !== null || recorded.serviceId !== undefined) out.serviceId = s.service;
    if (s.route !== null || recorded.routeId !== undefined) out.routeId = s.route;
    if (recorded.config !== undefined) out.config = projectOnto(recorded.config, entity.config);
    if (recorded.instanceName !== undefined) {
      // Kong < 3.2 has no such field at all: keep what the user wrote (no perpetual diff).
      out.instanceName = "instance_name" in entity ? entity.instance_name : recorded.instanceName;
    }
    if (recorded.protocols !== undefined) out.protocols = entity.protocols;
    if (recorded.tags !== undefined) out.tags = withoutOwnerTag(entity.tags, recorded.ownerTag);
    return out;
  },
});

export class KongPlugin extends KongEntityResource {
  declare readonly name: pulumi.Output<string>;
  declare readonly enabled: pulumi.Output<boolean>;
  /** Fields left out because this Kong version lacks them (also logged as warnings). */
  declare readonly warnings: pulumi.Output<string[]>;

  constructor(name: string, args: KongPluginArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerReference(__filename, "kongPluginProvider"),
      "Plugin",
      name,
      { ...args, warnings: undefined },
      opts,
    );
    // A dynamic provider has no engine connection for warnings; log them from the program.
    this.warnings.apply((ws) => {
      for (const w of ws ?? []) {
        void pulumi.log.warn(w, this);
      }
      return ws;
    });
  }
}
