/**
 * For a stack that configures an existing Kong (containers off): at preview (also the preview that
 * `pulumi up` runs first) the program asks the Admin API for its version (GET /) before any Kong
 * resource is registered, so a wrong or unreachable kongAdminUrl fails `pulumi preview` with one
 * clear message instead of a preview that shows creates an `up` cannot perform. The update itself
 * does not ask again (its providers report connection errors themselves).
 */
import * as pulumi from "../../pulumiSdk";
import { createAdminClient, type KongAdminError } from "./adminClient";

/** The Admin API did not answer GET /; a RunError so the CLI prints the message without a stack. */
export class AdminApiUnreachableError extends pulumi.RunError {
  constructor(
    readonly adminUrl: string,
    readonly reason: string,
  ) {
    super(
      `Kong's Admin API at ${adminUrl} (kongAdminUrl) did not answer GET /: ${reason}. ` +
        "Nothing was changed. Check that Kong runs and that kongAdminUrl " +
        "(`pulumi config set kongAdminUrl <url>`) is its Admin API as seen from this machine.",
    );
    this.name = "AdminApiUnreachableError";
  }
}

/**
 * `adminUrl`, once GET / of it has answered with Kong's version; rejects with an
 * AdminApiUnreachableError otherwise. Not secret, even though the headers are.
 */
export function reachableAdminUrl(
  adminUrl: string,
  headers: pulumi.Input<Record<string, string>> | undefined,
): pulumi.Output<string> {
  if (!pulumi.runtime.isDryRun()) return pulumi.output(adminUrl);
  const checked = pulumi.output(headers ?? {}).apply(async (h) => {
    const kong = createAdminClient({
      baseUrl: adminUrl,
      headers: h,
      timeoutMs: 5_000,
      maxRetries: 1,
      retryBaseDelayMs: 250,
    });
    try {
      await kong.version();
    } catch (err) {
      const e = err as Partial<KongAdminError>;
      throw new AdminApiUnreachableError(adminUrl, e.message ?? String(err));
    }
    return adminUrl;
  });
  return pulumi.unsecret(checked);
}
