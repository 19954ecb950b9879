/**
 * The one Kong Admin API client used by every Kong dynamic provider.
 *
 * API
 * ```ts
 * const kong = createAdminClient({ baseUrl, headers, timeoutMs, maxRetries, retryBaseDelayMs });
 * const { status, data } = await kong.request({ method, path, body, entity, okStatuses, redact });
 * const items = await kong.list("/plugins", { entity: "global plugins", size: 1000 });
 * const version = await kong.version(); // "3.9.3", from GET /
 * versionAtLeast(version, "3.2");       // true
 * ```
 * - `baseUrl`: the Admin API root, e.g. `http://127.0.0.1:8001` (a path prefix such as
 *   `https://gw.example/admin` works; every `path` and every pagination `next` is appended to it).
 * - `headers`: sent with every request (e.g. `Kong-Admin-Token`); never written into an error.
 * - `timeoutMs` (default 10000) per attempt; `maxRetries` (default 6) extra attempts after the
 *   first; the delay doubles from `retryBaseDelayMs` (default 250) up to 5 s (a 429's
 *   `Retry-After` is honoured up to that cap).
 * - Retried: connection errors (ECONNREFUSED, ECONNRESET, EPIPE, timeouts, socket hang-ups: Kong
 *   not up yet or restarting), 429 and every 5xx. Not retried: other 4xx.
 * - `okStatuses` (default: 200..299) are returned as `{ status, data }`; any other final status
 *   throws a {@link KongAdminError} whose message names the entity, the request (method + path)
 *   and Kong's answer (status, Kong's `name`/`message`/`fields`). Request bodies are never echoed;
 *   every string in `redact` (e.g. a JWT secret) is replaced by `[redacted]` in the message.
 *   Pass e.g. `okStatuses: [200, 404]` to handle "not found" yourself.
 * - `list` follows Kong's `next` links and returns every `data` item. Kong 2.8 drops `size` from
 *   `next`, Kong 3.x keeps it (and answers 500 to a duplicated `size`), so `size` is re-added only
 *   when the link lacks it.
 *
 * - Connections are kept alive: each client has its own keep-alive agent.
 * - Transport: axios (its config, headers, response transforms, errors) over Node's http for a
 *   plain-HTTP Admin API reached without a proxy; axios's own http adapter for anything else
 *   (https, or an `http_proxy` / `all_proxy` variable in the environment, which it honours). The
 *   reason is CPU: in a 2,000-write KongConsumerSet create the client is the provider's whole
 *   cost, and axios's http adapter (URL parsing, proxy resolution, stream plumbing per request)
 *   was about a fifth of it. See {@link PROXY_ENVIRONMENT}.
 *
 * Everything, axios included, is required inside `createAdminClient`: dynamic providers capture
 * this module by value when Pulumi serializes them, and no module-level state exists.
 */

export type AdminMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface AdminClientOptions {
  readonly baseUrl: string;
  readonly headers?: Record<string, string>;
  readonly timeoutMs?: number;
  readonly maxRetries?: number;
  readonly retryBaseDelayMs?: number;
}

export interface AdminRequest {
  readonly method: AdminMethod;
  /** Path below the base URL, starting with `/`, query string included. */
  readonly path: string;
  readonly body?: unknown;
  /** What the request is about, for error messages, e.g. `service "fastapi-service"`. */
  readonly entity: string;
  /** Statuses returned instead of thrown; default 200..299. */
  readonly okStatuses?: readonly number[];
  /** Strings that must never appear in an error message (secrets sent in the body). */
  readonly redact?: readonly string[];
}

export interface AdminResponse<T = unknown> {
  readonly status: number;
  readonly data: T;
}

/**
 * The error the client throws (`instanceof KongAdminError` works in the program and in tests),
 * with fields for callers that branch on Kong's answer. The message is already redacted.
 */
export class KongAdminError extends Error {
  /** What the request was about, e.g. `service "fastapi-service"`. */
  readonly entity: string;
  readonly method: AdminMethod;
  readonly path: string;
  /** HTTP status of the final answer; undefined when no answer came (connection error). */
  readonly status?: number;
  /** Kong's error `code` (2 schema violation, 4 foreign key, 5 unique violation, ...). */
  readonly kongCode?: number;
  /** Kong's `fields` object of a schema violation. */
  readonly fields?: unknown;
  /** How many attempts were made. */
  readonly attempts: number;

  constructor(
    message: string,
    details: Pick<
      KongAdminError,
      "entity" | "method" | "path" | "status" | "kongCode" | "fields" | "attempts"
    >,
  ) {
    super(message);
    // Set again: in a serialized provider the class calls Error as a function, which sets nothing.
    this.message = message;
    this.name = "KongAdminError";
    this.entity = details.entity;
    this.method = details.method;
    this.path = details.path;
    this.attempts = details.attempts;
    if (details.status !== undefined) this.status = details.status;
    if (details.kongCode !== undefined) this.kongCode = details.kongCode;
    if (details.fields !== undefined) this.fields = details.fields;
  }

  override toString(): string {
    return `${this.name}: ${this.message}`;
  }
}

export interface ListOptions {
  readonly entity: string;
  /** Page size, default 1000 (Kong's maximum). */
  readonly size?: number;
  readonly redact?: readonly string[];
}

export interface AdminClient {
  readonly baseUrl: string;
  request<T = unknown>(req: AdminRequest): Promise<AdminResponse<T>>;
  list<T = unknown>(path: string, opts: ListOptions): Promise<T[]>;
  /** Kong's version from `GET /`, e.g. "3.9.3". */
  version(): Promise<string>;
}

/** True when `version` (e.g. "3.9.3", "2.8.4.1-enterprise") is at least `minimum` (e.g. "3.2"). */
export function versionAtLeast(version: string, minimum: string): boolean {
  const parse = (v: string) => (v.match(/\d+/g) ?? []).map((n) => Number(n));
  const a = parse(version);
  const b = parse(minimum);
  for (let i = 0; i < b.length; i++) {
    const x = a[i] ?? 0;
    if (x !== b[i]) {
      return x > b[i];
    }
  }
  return true;
}

/**
 * The environment variables through which axios sends a plain-HTTP request through a proxy
 * (it reads each in lower case, upper case and as `npm_config_<name>`). When one is set, the
 * client leaves the transport to axios's http adapter, so proxies and `no_proxy` work as axios
 * defines them.
 */
export const PROXY_ENVIRONMENT = ["http_proxy", "all_proxy"] as const;

/** True when axios could route a plain-HTTP request through a proxy named in `env`. */
export function proxyFromEnvironment(env: Readonly<Record<string, string | undefined>>): boolean {
  return PROXY_ENVIRONMENT.some((name) =>
    [name, name.toUpperCase(), `npm_config_${name}`].some((key) => Boolean(env[key])),
  );
}

export function createAdminClient(options: AdminClientOptions): AdminClient {
  const axios = require("axios") as typeof import("axios").default;
  const http = require("http") as typeof import("http");
  const baseUrl = String(options.baseUrl).replace(/\/+$/, "");
  const headers = { ...(options.headers ?? {}) };
  const timeoutMs = options.timeoutMs ?? 10000;
  const maxRetries = options.maxRetries ?? 6;
  const baseDelay = options.retryBaseDelayMs ?? 250;
  const maxDelay = 5000;
  const retryableCodes = [
    "ECONNREFUSED",
    "ECONNRESET",
    "ECONNABORTED",
    "EPIPE",
    "ETIMEDOUT",
    "ESOCKETTIMEDOUT",
    "EAI_AGAIN",
    "EHOSTUNREACH",
    "ENETUNREACH",
    "ERR_SOCKET_CONNECTION_TIMEOUT",
  ];

  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

  const agent = new http.Agent({ keepAlive: true });
  // An unparsable base URL goes to axios, which reports it on the first request, as before.
  const target = URL.canParse(baseUrl) ? new URL(baseUrl) : undefined;
  const plainHttp = target?.protocol === "http:" && !proxyFromEnvironment(process.env);
  const origin = {
    host: target?.hostname.replace(/^\[(.*)\]$/, "$1") ?? "",
    port: target?.port || 80,
    pathPrefix: target?.pathname.replace(/\/+$/, "") ?? "",
  };

  /**
   * axios's transport over Node's http (plain HTTP, no proxy): one request on the client's
   * keep-alive agent, the body as text (axios's transformResponse parses JSON as it does for its
   * own adapter), every status resolved (the client's validateStatus accepts all), connection
   * errors and the per-attempt timeout rejected as AxiosErrors with Node's / axios's codes.
   */
  const nodeHttpAdapter = (
    config: import("axios").InternalAxiosRequestConfig,
  ): Promise<import("axios").AxiosResponse> =>
    new Promise((resolve, reject) => {
      const body = config.data as string | undefined;
      const sent: Record<string, string | number> = {
        "user-agent": `axios/${axios.VERSION}`,
        ...(config.headers.toJSON() as Record<string, string>),
      };
      if (body !== undefined) sent["content-length"] = Buffer.byteLength(body);
      const req = http.request(
        {
          host: origin.host,
          port: origin.port,
          path: origin.pathPrefix + (config.url ?? ""),
          method: (config.method ?? "get").toUpperCase(),
          agent,
          headers: sent,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("error", (e) => fail(e));
          res.on("end", () => {
            clearTimeout(timer);
            resolve({
              data: Buffer.concat(chunks).toString("utf8"),
              status: res.statusCode ?? 0,
              statusText: res.statusMessage ?? "",
              headers: new axios.AxiosHeaders(res.headers as Record<string, string>),
              config,
              request: req,
            });
          });
        },
      );
      const fail = (e: Error & { code?: string }, code?: string) => {
        clearTimeout(timer);
        reject(axios.AxiosError.from(e, code ?? e.code, config, req));
      };
      // A timeout of 0 is none, as in axios.
      const timer =
        timeoutMs > 0
          ? setTimeout(() => {
              req.destroy();
              fail(new Error(`timeout of ${timeoutMs}ms exceeded`), "ETIMEDOUT");
            }, timeoutMs)
          : undefined;
      req.on("error", (e) => fail(e));
      req.end(body);
    });

  const client = axios.create({
    baseURL: baseUrl,
    timeout: timeoutMs,
    validateStatus: () => true,
    maxRedirects: 0,
    transitional: { clarifyTimeoutError: true },
    // Bodies are JSON text already (axios would parse each to check it).
    transformRequest: [(data: unknown) => data],
    transformResponse: [
      (data: unknown) => {
        if (typeof data !== "string" || data === "") return data;
        try {
          return JSON.parse(data) as unknown;
        } catch {
          return data;
        }
      },
    ],
    adapter: plainHttp ? nodeHttpAdapter : "http",
    httpAgent: agent,
    headers: { ...headers },
  });
  // A request with a body says it is JSON, unless the caller's headers name a content type.
  const jsonBody = {
    "content-type": "application/json",
    ...Object.fromEntries(
      Object.entries(headers).filter(([name]) => name.toLowerCase() === "content-type"),
    ),
  };

  const redactText = (text: string, redact: readonly string[] | undefined): string => {
    let out = text;
    for (const s of redact ?? []) {
      if (typeof s === "string" && s.length > 0) {
        out = out.split(s).join("[redacted]");
      }
    }
    return out;
  };

  const describeAnswer = (status: number, data: unknown): string => {
    if (data && typeof data === "object") {
      const d = data as { name?: unknown; message?: unknown; fields?: unknown };
      const parts: string[] = [];
      if (typeof d.name === "string") parts.push(d.name);
      if (typeof d.message === "string") parts.push(d.message);
      if (d.fields !== undefined && d.fields !== null)
        parts.push(`fields ${JSON.stringify(d.fields)}`);
      if (parts.length > 0) return `${status}: ${parts.join("; ")}`;
      return `${status}: ${JSON.stringify(data).slice(0, 300)}`;
    }
    const text = typeof data === "string" ? data.trim().slice(0, 300) : "";
    return text ? `${status}: ${text}` : `${status}`;
  };

  const makeError = (
    req: AdminRequest,
    attempts: number,
    detail: string,
    extra: { status?: number; kongCode?: number; fields?: unknown },
  ): KongAdminError => {
    const message = redactText(
      `Kong Admin API error for ${req.entity}: ${req.method} ${req.path} → ${detail}` +
        (attempts > 1 ? ` (after ${attempts} attempts)` : ""),
      req.redact,
    );
    return new KongAdminError(message, {
      entity: req.entity,
      method: req.method,
      path: req.path,
      attempts,
      ...extra,
    });
  };

  const delayFor = (attempt: number, retryAfter: unknown): number => {
    const backoff = Math.min(maxDelay, baseDelay * 2 ** attempt);
    const seconds = Number(retryAfter);
    if (retryAfter !== undefined && Number.isFinite(seconds) && seconds >= 0) {
      return Math.min(maxDelay, Math.max(backoff, seconds * 1000));
    }
    return backoff;
  };

  const request = async <T = unknown>(req: AdminRequest): Promise<AdminResponse<T>> => {
    const ok = req.okStatuses;
    let attempt = 0;
    for (;;) {
      attempt++;
      let status: number;
      let data: unknown;
      let retryAfter: unknown;
      try {
        const res = await client.request({
          method: req.method,
          url: req.path,
          ...(req.body === undefined ? {} : { headers: jsonBody }),
          data: req.body === undefined ? undefined : JSON.stringify(req.body),
        });
        status = res.status;
        data = res.data;
        retryAfter = res.headers?.["retry-after"];
      } catch (e) {
        const code = (e as { code?: string }).code ?? "";
        const msg = String((e as { message?: string }).message ?? e);
        const retryable = retryableCodes.includes(code) || /socket hang up|timeout/i.test(msg);
        if (retryable && attempt <= maxRetries) {
          await sleep(delayFor(attempt - 1, undefined));
          continue;
        }
        throw makeError(req, attempt, `no answer (${code || msg}) from ${baseUrl}`, {});
      }
      const accepted = ok ? ok.includes(status) : status >= 200 && status < 300;
      if (accepted) {
        return { status, data: data as T };
      }
      if ((status === 429 || status >= 500) && attempt <= maxRetries) {
        await sleep(delayFor(attempt - 1, status === 429 ? retryAfter : undefined));
        continue;
      }
      const body = (data && typeof data === "object" ? data : {}) as {
        code?: unknown;
        fields?: unknown;
      };
      throw makeError(req, attempt, describeAnswer(status, data), {
        status,
        kongCode: typeof body.code === "number" ? body.code : undefined,
        fields: body.fields,
      });
    }
  };

  const list = async <T = unknown>(path: string, opts: ListOptions): Promise<T[]> => {
    const size = opts.size ?? 1000;
    const items: T[] = [];
    let next: string | null = `${path}${path.includes("?") ? "&" : "?"}size=${size}`;
    for (let page = 0; next && page < 10000; page++) {
      const res: AdminResponse<{ data?: T[]; next?: string | null }> = await request<{
        data?: T[];
        next?: string | null;
      }>({ method: "GET", path: next, entity: opts.entity, redact: opts.redact });
      items.push(...(res.data.data ?? []));
      const link = res.data.next;
      if (!link) {
        next = null;
      } else {
        // Kong answers with a path relative to its root (never to our base URL's prefix).
        const rel = link.replace(/^[a-z]+:\/\/[^/]+/i, "");
        next = /[?&]size=/.test(rel) ? rel : `${rel}${rel.includes("?") ? "&" : "?"}size=${size}`;
      }
    }
    return items;
  };

  const version = async (): Promise<string> => {
    const res = await request<{ version?: unknown }>({
      method: "GET",
      path: "/",
      entity: "Kong node information",
    });
    const v = res.data && typeof res.data === "object" ? res.data.version : undefined;
    if (typeof v !== "string") {
      throw new Error(
        `Kong Admin API at ${baseUrl}: GET / answered without a "version" field; is this a Kong Admin API?`,
      );
    }
    return v;
  };

  return { baseUrl, request, list, version };
}
