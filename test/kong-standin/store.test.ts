/**
 * The stand-in's (a TEST DOUBLE of Kong's Admin API, not Kong) entity store: lookups by a field's
 * value (username, key, name) follow every save, rename and delete, and answer the first row in
 * listing order when several rows share a value.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { EntityStore } from "./store";

const ID_A = "00000000-0000-4000-8000-00000000000a";
const ID_B = "00000000-0000-4000-8000-00000000000b";

test("findBy and lookup follow saves, renames, deletes and reset", () => {
  const store = new EntityStore();
  assert.equal(store.findBy("consumers", "username", "alice"), undefined);
  store.save("consumers", { id: ID_A, username: "alice" });
  assert.equal(store.lookup("consumers", "alice", "username")?.id, ID_A);

  store.save("consumers", { id: ID_A, username: "alice2" }); // renamed by id
  assert.equal(store.findBy("consumers", "username", "alice"), undefined);
  assert.equal(store.findBy("consumers", "username", "alice2")?.id, ID_A);

  store.save("consumers", { id: ID_B, username: "bob" });
  assert.equal(store.delete("consumers", ID_A), true);
  assert.equal(store.delete("consumers", ID_A), false);
  assert.equal(store.findBy("consumers", "username", "alice2"), undefined);
  assert.equal(store.findBy("consumers", "username", "bob")?.id, ID_B);

  store.reset();
  assert.equal(store.findBy("consumers", "username", "bob"), undefined);
  store.save("consumers", { id: ID_B, username: "bob" });
  assert.equal(store.findBy("consumers", "username", "bob")?.id, ID_B);
});

test("findBy answers the first row in listing order; allBy every row with the value", () => {
  const store = new EntityStore();
  store.save("plugins", { id: ID_B, name: "jwt", instance_name: null });
  store.save("plugins", { id: ID_A, name: "jwt", instance_name: null });
  assert.equal(store.findBy("plugins", "name", "jwt")?.id, ID_B);
  store.save("plugins", { id: ID_B, name: "jwt", instance_name: "x" }); // re-saved: keeps its place
  assert.equal(store.findBy("plugins", "name", "jwt")?.id, ID_B);
  assert.deepEqual(
    store
      .allBy("plugins", "name", "jwt")
      .map((r) => r.id)
      .sort(),
    [ID_A, ID_B],
  );
  assert.equal(store.findBy("plugins", "name", "cors"), undefined);
});
