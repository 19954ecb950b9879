/** Creates the lab's Kong entities (FACTS.md, "Lab entities") through an Admin API. */
export interface LabEntityOptions {
  readonly upstreamUrl: string;
  readonly secret: string;
  readonly key?: string;
  readonly maximumExpiration?: number;
  /** Create the route (default true). */
  readonly withRoute?: boolean;
  /** Create the global jwt plugin (default true). */
  readonly withPlugin?: boolean;
  /** Kong 3.2+ only. */
  readonly instanceName?: boolean;
}

async function post(
  adminUrl: string,
  path: string,
  body: object,
): Promise<Record<string, unknown>> {
  const response = await fetch(`${adminUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`POST ${path} → ${response.status} ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

export function createLabRoute(adminUrl: string): Promise<Record<string, unknown>> {
  return post(adminUrl, "/services/fastapi-service/routes", {
    name: "fastapi-route",
    paths: ["/kong/healthy"],
    methods: ["GET"],
    strip_path: true,
  });
}

/** Service, route, consumer, JWT credential and the global jwt plugin; returns the plugin's id. */
export async function createLabEntities(adminUrl: string, opts: LabEntityOptions): Promise<string> {
  await post(adminUrl, "/services", {
    name: "fastapi-service",
    url: `${opts.upstreamUrl}/healthy`,
  });
  if (opts.withRoute ?? true) await createLabRoute(adminUrl);
  await post(adminUrl, "/consumers", { username: "fastapi-consumer" });
  await post(adminUrl, "/consumers/fastapi-consumer/jwt", {
    key: opts.key ?? "jwttoken",
    secret: opts.secret,
    algorithm: "HS256",
  });
  return (opts.withPlugin ?? true) ? createLabJwtPlugin(adminUrl, opts) : "";
}

/** The lab's global jwt plugin; returns its id. */
export async function createLabJwtPlugin(
  adminUrl: string,
  opts: Pick<LabEntityOptions, "maximumExpiration" | "instanceName">,
): Promise<string> {
  const plugin = await post(adminUrl, "/plugins", {
    name: "jwt",
    ...((opts.instanceName ?? true) ? { instance_name: "jwt-authentication" } : {}),
    config: {
      claims_to_verify: ["exp"],
      key_claim_name: "iss",
      maximum_expiration: opts.maximumExpiration ?? 600,
    },
  });
  return String(plugin.id);
}
