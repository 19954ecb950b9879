/**
 * A Kong service (Admin API `/services`): where matched traffic goes.
 *
 * Fields: `name` (natural key, used for adoption), `url` (upstream, e.g. http://fastapi:8080/healthy),
 * optional `retries`, `connectTimeout`, `readTimeout`, `writeTimeout` (ms), `tags`.
 * Kong stores the URL as protocol/host/port/path; diff compares URLs in that form, so
 * `http://x/p` and `http://x:80/p` are the same. Outputs add `kongId` (Kong's id) and `owned`.
 */
import * as pulumi from "../../pulumiSdk";
import { providerReference } from "../dynamicResource";
import { KongEntityResource } from "./KongEntityResource";
import { buildEntityProvider, keyedCollection, Props } from "./entityProvider";
import {
  checkOptional,
  checkRequired,
  checkTags,
  KongConnectionArgs,
  sameTags,
  withoutOwnerTag,
  withOwnerTag,
} from "./providerSupport";

export interface KongServiceArgs extends KongConnectionArgs {
  readonly name: pulumi.Input<string>;
  readonly url: pulumi.Input<string>;
  readonly retries?: pulumi.Input<number>;
  readonly connectTimeout?: pulumi.Input<number>;
  readonly readTimeout?: pulumi.Input<number>;
  readonly writeTimeout?: pulumi.Input<number>;
  readonly tags?: pulumi.Input<pulumi.Input<string>[]>;
}

/** `scheme://host:port/path` with the default port filled in; undefined when not parseable. */
function canonicalServiceUrl(url: unknown): string | undefined {
  if (typeof url !== "string") return undefined;
  try {
    const u = new URL(url);
    const scheme = u.protocol.replace(/:$/, "").toLowerCase();
    const defaults: Record<string, string> = { http: "80", https: "443", ws: "80", wss: "443" };
    const port = u.port || defaults[scheme] || "";
    const path = u.pathname === "/" || u.pathname === "" ? "" : u.pathname;
    return `${scheme}://${u.hostname.toLowerCase()}:${port}${path}`;
  } catch {
    return undefined;
  }
}

function sameServiceUrl(a: unknown, b: unknown): boolean {
  const ca = canonicalServiceUrl(a);
  return ca !== undefined ? ca === canonicalServiceUrl(b) : a === b;
}

const TIMEOUTS: [string, string][] = [
  ["connectTimeout", "connect_timeout"],
  ["readTimeout", "read_timeout"],
  ["writeTimeout", "write_timeout"],
];

export const kongServiceProvider = buildEntityProvider({
  kind: "service",
  fields: ["name", "url", "retries", "connectTimeout", "readTimeout", "writeTimeout", "tags"],
  equal: { url: sameServiceUrl, tags: sameTags },

  validate(news, failures) {
    checkRequired(news, failures, "name", "string");
    checkRequired(news, failures, "url", "string", (v: string) => {
      let u: URL;
      try {
        u = new URL(v);
      } catch {
        return `must be an absolute URL such as http://fastapi:8080/healthy, got ${JSON.stringify(v)}`;
      }
      const schemes = ["http", "https", "grpc", "grpcs", "tcp", "tls", "udp", "ws", "wss"];
      const scheme = u.protocol.replace(/:$/, "");
      if (!schemes.includes(scheme)) {
        return `has scheme "${scheme}"; allowed: ${schemes.join(", ")}`;
      }
      return u.hostname ? undefined : "must name a host";
    });
    checkOptional(news, failures, "retries", "integer", (v: number) =>
      v < 0 || v > 32767 ? "must be from 0 to 32767" : undefined,
    );
    for (const [field] of TIMEOUTS) {
      checkOptional(news, failures, field, "integer", (v: number) =>
        v < 1 || v > 2147483646 ? "must be from 1 to 2147483646 (milliseconds)" : undefined,
      );
    }
    checkTags(news, failures);
  },

  ...keyedCollection("service", "/services", "name"),

  body(p) {
    const body: Props = {
      name: p.name,
      url: p.url,
      tags: withOwnerTag(p.tags, String(p.ownerTag)),
    };
    if (p.retries !== undefined) body.retries = p.retries;
    for (const [field, kongField] of TIMEOUTS) {
      if (p[field] !== undefined) body[kongField] = p[field];
    }
    return body;
  },

  observe(recorded, entity) {
    const port = entity.port === undefined || entity.port === null ? "" : `:${String(entity.port)}`;
    const kongUrl = `${String(entity.protocol)}://${String(entity.host)}${port}${
      typeof entity.path === "string" ? entity.path : ""
    }`;
    const out: Props = {
      name: entity.name,
      url: sameServiceUrl(recorded.url, kongUrl) ? recorded.url : kongUrl,
    };
    if (recorded.retries !== undefined) out.retries = entity.retries;
    for (const [field, kongField] of TIMEOUTS) {
      if (recorded[field] !== undefined) out[field] = entity[kongField];
    }
    if (recorded.tags !== undefined) out.tags = withoutOwnerTag(entity.tags, recorded.ownerTag);
    return out;
  },
});

export class KongService extends KongEntityResource {
  declare readonly name: pulumi.Output<string>;
  declare readonly url: pulumi.Output<string>;

  constructor(name: string, args: KongServiceArgs, opts?: pulumi.CustomResourceOptions) {
    super(providerReference(__filename, "kongServiceProvider"), "Service", name, args, opts);
  }
}
