/**
 * The stand-in's (a TEST DOUBLE of Kong's Admin API, not Kong) listings of entity kinds it does not
 * model (/certificates, /ca_certificates, /snis, /upstreams): empty pages, with `size` and `tags`
 * validated like the other listings; nothing else answers on those paths.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { EMPTY_LISTINGS } from "./admin/emptyListings";
import { KongStandIn, startKongStandIn } from "./index";

let standIn: KongStandIn;
before(async () => {
  standIn = await startKongStandIn({ version: "3.9.3" });
});
after(() => standIn.close());

async function get(path: string) {
  const res = await fetch(`${standIn.adminUrl}${path}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

for (const collection of EMPTY_LISTINGS) {
  test(`GET ${collection} answers an empty page, with or without size and tags`, async () => {
    for (const query of ["", "?size=1000", "?size=1000&tags=kong-jwt-lab.bench", "?tags=a/b"]) {
      assert.deepEqual(await get(`${collection}${query}`), {
        status: 200,
        body: { data: [], next: null },
      });
    }
  });

  test(`GET ${collection} validates size and tags like the other listings`, async () => {
    assert.equal((await get(`${collection}?size=0`)).status, 400);
    const mixed = await get(`${collection}?tags=a,b/c`);
    assert.equal(mixed.status, 400);
    assert.equal(mixed.body.message, "schema violation (tags: invalid filter syntax)");
  });

  test(`${collection} answers only GET of the listing`, async () => {
    const post = await fetch(`${standIn.adminUrl}${collection}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    assert.equal(post.status, 405);
    assert.equal((await get(`${collection}/some-id`)).status, 404);
  });
}

test("the stand-in still answers 404 for other unmodelled collections", async () => {
  assert.equal((await get("/targets")).status, 404);
});
