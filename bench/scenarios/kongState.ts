/** Uncounted look-ups and clean-up of the benchmark's entities, straight at the target Admin API. */
import { createAdminClient } from "../../components/kong";

/** Number of entities of each kind carrying `tag`. */
export async function countTagged(
  adminUrl: string,
  tag: string,
): Promise<{ services: number; routes: number; consumers: number; jwts: number; plugins: number }> {
  const kong = createAdminClient({ baseUrl: adminUrl });
  const t = encodeURIComponent(tag);
  const count = async (p: string) =>
    (await kong.list(`/${p}?tags=${t}`, { entity: `${p} tagged "${tag}"` })).length;
  const [services, routes, consumers, jwts, plugins] = await Promise.all(
    ["services", "routes", "consumers", "jwts", "plugins"].map(count),
  );
  return {
    services: services!,
    routes: routes!,
    consumers: consumers!,
    jwts: jwts!,
    plugins: plugins!,
  };
}

/** Deletes every consumer carrying `tag` (their credentials go with them). */
export async function deleteTaggedConsumers(adminUrl: string, tag: string): Promise<number> {
  const kong = createAdminClient({ baseUrl: adminUrl });
  const consumers = await kong.list<{ id: string }>(`/consumers?tags=${encodeURIComponent(tag)}`, {
    entity: `consumers tagged "${tag}"`,
  });
  for (const c of consumers) {
    await kong.request({
      method: "DELETE",
      path: `/consumers/${c.id}`,
      entity: `consumer ${c.id}`,
      okStatuses: [204, 404],
    });
  }
  return consumers.length;
}
