/**
 * A Kong route (Admin API `/routes`): which requests go to a service.
 *
 * Fields: `name` (natural key, used for adoption), `serviceId` (the KongService's `kongId`),
 * at least one of `paths`, `methods`, `hosts`; optional `protocols`, `stripPath`, `preserveHost`,
 * `tags`. Moving the route to another service is an in-place update (Kong allows it).
 */
import * as pulumi from "../../pulumiSdk";
import { providerReference } from "../dynamicResource";
import { KongEntityResource } from "./KongEntityResource";
import { buildEntityProvider, keyedCollection, Props } from "./entityProvider";
import {
  checkOptional,
  checkRequired,
  checkTags,
  isUnknown,
  KongConnectionArgs,
  sameTags,
  withoutOwnerTag,
  withOwnerTag,
} from "./providerSupport";

export interface KongRouteArgs extends KongConnectionArgs {
  readonly name: pulumi.Input<string>;
  /** Kong id of the service (KongService.kongId). */
  readonly serviceId: pulumi.Input<string>;
  readonly paths?: pulumi.Input<pulumi.Input<string>[]>;
  readonly methods?: pulumi.Input<pulumi.Input<string>[]>;
  readonly hosts?: pulumi.Input<pulumi.Input<string>[]>;
  /** Default (Kong): ["http", "https"]. */
  readonly protocols?: pulumi.Input<pulumi.Input<string>[]>;
  /** Default (Kong): true. */
  readonly stripPath?: pulumi.Input<boolean>;
  /** Default (Kong): false. */
  readonly preserveHost?: pulumi.Input<boolean>;
  readonly tags?: pulumi.Input<pulumi.Input<string>[]>;
}

/** User field → Kong field, for the optional plain fields. */
const OPTIONAL_FIELDS: [string, string][] = [
  ["paths", "paths"],
  ["methods", "methods"],
  ["hosts", "hosts"],
  ["protocols", "protocols"],
  ["stripPath", "strip_path"],
  ["preserveHost", "preserve_host"],
];

/** A reason naming the first of `values` not in `allowed`, else undefined. */
function firstNotAllowed(values: string[], allowed: string[], hint = ""): string | undefined {
  const bad = values.find((v) => !allowed.includes(v));
  return bad === undefined
    ? undefined
    : `has ${JSON.stringify(bad)}; allowed: ${allowed.join(", ")}${hint}`;
}

export const kongRouteProvider = buildEntityProvider({
  kind: "route",
  fields: [
    "name",
    "serviceId",
    "paths",
    "methods",
    "hosts",
    "protocols",
    "stripPath",
    "preserveHost",
    "tags",
  ],
  equal: { tags: sameTags },

  validate(news, failures) {
    checkRequired(news, failures, "name", "string");
    checkRequired(news, failures, "serviceId", "string");
    checkOptional(news, failures, "paths", "string[]", (v: string[]) => {
      const bad = v.find((p) => !p.startsWith("/") && !p.startsWith("~"));
      return bad === undefined
        ? undefined
        : `entries must start with "/" (or "~" for a regex), got ${JSON.stringify(bad)}`;
    });
    const methods = [
      "GET",
      "HEAD",
      "POST",
      "PUT",
      "PATCH",
      "DELETE",
      "OPTIONS",
      "TRACE",
      "CONNECT",
    ];
    checkOptional(news, failures, "methods", "string[]", (v: string[]) =>
      firstNotAllowed(v, methods, " (upper case)"),
    );
    checkOptional(news, failures, "hosts", "string[]");
    const protocols = [
      "http",
      "https",
      "grpc",
      "grpcs",
      "tcp",
      "tls",
      "udp",
      "tls_passthrough",
      "ws",
      "wss",
    ];
    checkOptional(news, failures, "protocols", "string[]", (v: string[]) =>
      firstNotAllowed(v, protocols),
    );
    checkOptional(news, failures, "stripPath", "boolean");
    checkOptional(news, failures, "preserveHost", "boolean");
    checkTags(news, failures);
    const matchers = ["paths", "methods", "hosts"];
    const anyUnknown = matchers.some((m) => isUnknown(news[m]));
    const anySet = matchers.some(
      (m) => Array.isArray(news[m]) && (news[m] as unknown[]).length > 0,
    );
    if (!anyUnknown && !anySet) {
      failures.push({
        property: "paths",
        reason:
          "a route needs at least one of paths, methods or hosts (Kong refuses a route that matches nothing)",
      });
    }
  },

  ...keyedCollection("route", "/routes", "name"),

  body(p) {
    const body: Props = {
      name: p.name,
      service: { id: p.serviceId },
      tags: withOwnerTag(p.tags, String(p.ownerTag)),
    };
    for (const [field, kongField] of OPTIONAL_FIELDS) {
      if (p[field] !== undefined) body[kongField] = p[field];
    }
    return body;
  },

  observe(recorded, entity) {
    const service = entity.service as { id?: string } | null | undefined;
    const out: Props = { name: entity.name, serviceId: service?.id ?? null };
    for (const [field, kongField] of OPTIONAL_FIELDS) {
      if (recorded[field] !== undefined) out[field] = entity[kongField];
    }
    if (recorded.tags !== undefined) out.tags = withoutOwnerTag(entity.tags, recorded.ownerTag);
    return out;
  },
});

export class KongRoute extends KongEntityResource {
  declare readonly name: pulumi.Output<string>;
  declare readonly serviceId: pulumi.Output<string>;

  constructor(name: string, args: KongRouteArgs, opts?: pulumi.CustomResourceOptions) {
    super(providerReference(__filename, "kongRouteProvider"), "Route", name, args, opts);
  }
}
