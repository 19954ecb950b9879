/**
 * An unmeasured warm-up of the Admin API and the recording proxy before the first scenario.
 *
 * Both are long-lived Node processes here (the stand-in; the proxy inside the benchmark), and
 * their first thousands of requests run before V8 has optimised their code: in a first
 * 1,000-consumer create they spent about three times the CPU of a third one. Without a warm-up,
 * whichever tool runs first (KongConsumerSet, before decK) pays for it alone. The clients
 * themselves start fresh in every step (the provider process, the CLI, `deck`), so nothing of
 * theirs is warmed.
 */
import { createAdminClient } from "../components/kong";
import { deleteTaggedConsumers } from "./scenarios/kongState";

export const WARM_UP_TAG = "kong-jwt-lab.bench.warm-up";

/**
 * Through `proxyUrl`: `n` consumers with a JWT credential each (10 in flight, as the scenarios
 * write), a listing, then their deletion. Leaves nothing behind.
 */
export async function warmUpAdminApi(proxyUrl: string, n = 1000): Promise<void> {
  const kong = createAdminClient({ baseUrl: proxyUrl });
  const tags = [WARM_UP_TAG];
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const username = `warm-up-${next++}`;
      await kong.request({
        method: "PUT",
        path: `/consumers/${username}`,
        body: { username, tags },
        entity: `consumer "${username}"`,
      });
      await kong.request({
        method: "PUT",
        path: `/consumers/${username}/jwt/${username}-key`,
        body: { key: `${username}-key`, algorithm: "HS256", secret: `${username}-s`, tags },
        entity: `JWT credential of "${username}"`,
      });
    }
  };
  await Promise.all(Array.from({ length: 10 }, worker));
  await deleteTaggedConsumers(proxyUrl, WARM_UP_TAG);
}
