/**
 * Every user field of every Kong resource, changed one at a time: diff reports it (and a
 * replacement where Kong can only replace), update applies it to the stand-in (a test double of
 * Kong's Admin API, acting as 3.9.3), and the next diff is clean again. Providers are the
 * serialized ones, loaded like the dynamic-provider host loads them.
 */
import assert from "node:assert/strict";
import * as crypto from "node:crypto";
import { describe, test } from "node:test";
import type { HostedProvider } from "../support/dynamicProvider";
import {
  checkAndCreate,
  LAB_SECRET,
  OWNER_TAG,
  previewDiff,
  standInConnection,
  standInLabPerDescribe,
} from "./labFixture";

type Props = Record<string, unknown>;
type Entity = Record<string, unknown> & { id: string };

interface Case {
  field: string;
  to: unknown;
  replace?: boolean;
  /** Reads the field back from the entity in the stand-in. */
  kong?: (e: Entity) => unknown;
}

describe("each field change: diff → update → clean (stand-in as 3.9.3)", () => {
  const lab = standInLabPerDescribe();
  const conn = () => standInConnection(lab.standIn);

  const find = (kind: string, id: string): Entity => {
    const snap = lab.standIn.snapshot() as unknown as Record<string, Entity[]>;
    const e = snap[kind].find((x) => x.id === id);
    assert.ok(e, `${kind} ${id} exists in the stand-in`);
    return e;
  };

  /** Creates `base`, then for the case: diff, update (or replace), verify, diff clean. */
  async function exercise(
    provider: HostedProvider,
    kind: string,
    base: () => Promise<Props>,
    c: Case,
  ): Promise<void> {
    lab.standIn.reset();
    const inputs = await base();
    const created = await checkAndCreate(provider, inputs);
    const news = { ...inputs, [c.field]: c.to };
    const diff = await previewDiff(provider, created.id, created.outs, news);
    assert.equal(diff.changes, true, `${kind}.${c.field}: change reported`);
    if (c.replace) {
      assert.deepEqual(diff.replaces, [c.field], `${kind}.${c.field}: replacement`);
      assert.equal(diff.deleteBeforeReplace, true);
      // The engine deletes the old one first, then creates the new one.
      await provider.delete(created.id, created.outs);
      const replaced = await checkAndCreate(provider, news);
      if (c.kong) assert.deepEqual(c.kong(find(kind, replaced.id)), c.to);
      const again = await previewDiff(provider, replaced.id, replaced.outs, news);
      assert.equal(again.changes, false, `${kind}.${c.field}: clean after replace`);
      return;
    }
    assert.deepEqual(diff.replaces, [], `${kind}.${c.field}: in place`);
    const checked = await provider.check(created.outs, news);
    const updated = await provider.update(created.id, created.outs, checked.inputs);
    assert.equal(updated.outs.kongId, created.id, "full outputs returned");
    if (c.kong)
      assert.deepEqual(c.kong(find(kind, created.id)), c.to, `${kind}.${c.field} applied`);
    const again = await previewDiff(provider, created.id, updated.outs, news);
    assert.equal(again.changes, false, `${kind}.${c.field}: clean after update`);
    const read = await provider.read(created.id, updated.outs);
    const afterRefresh = await previewDiff(provider, created.id, read.props, news);
    assert.equal(afterRefresh.changes, false, `${kind}.${c.field}: clean after refresh`);
  }

  const userTags = (e: Entity) => ((e.tags as string[]) ?? []).filter((t) => t !== OWNER_TAG);

  test("service", async () => {
    const base = async () => ({ ...conn(), name: "svc", url: "http://127.0.0.1:9/healthy" });
    const cases: Case[] = [
      { field: "name", to: "svc-renamed", kong: (e) => e.name },
      {
        field: "url",
        to: "https://example.internal:8443/v2",
        kong: (e) => `${String(e.protocol)}://${String(e.host)}:${String(e.port)}${String(e.path)}`,
      },
      { field: "retries", to: 2, kong: (e) => e.retries },
      { field: "connectTimeout", to: 1000, kong: (e) => e.connect_timeout },
      { field: "readTimeout", to: 2000, kong: (e) => e.read_timeout },
      { field: "writeTimeout", to: 3000, kong: (e) => e.write_timeout },
      { field: "tags", to: ["team-a"], kong: userTags },
    ];
    for (const c of cases) await exercise(lab.providers.service, "services", base, c);
  });

  test("route", async () => {
    const serviceFor = async (name: string) =>
      (await checkAndCreate(lab.providers.service, { ...conn(), name, url: "http://127.0.0.1:9/" }))
        .id;
    const base = async () => ({
      ...conn(),
      name: "rt",
      serviceId: await serviceFor("svc"),
      paths: ["/kong/healthy"],
    });
    const cases: Case[] = [
      { field: "name", to: "rt-renamed", kong: (e) => e.name },
      { field: "paths", to: ["/a", "/b"], kong: (e) => e.paths },
      { field: "methods", to: ["GET"], kong: (e) => e.methods },
      { field: "hosts", to: ["example.com"], kong: (e) => e.hosts },
      { field: "protocols", to: ["https"], kong: (e) => e.protocols },
      { field: "stripPath", to: false, kong: (e) => e.strip_path },
      { field: "preserveHost", to: true, kong: (e) => e.preserve_host },
      { field: "tags", to: ["team-a"], kong: userTags },
    ];
    for (const c of cases) await exercise(lab.providers.route, "routes", base, c);
    // Moving the route to another service is an in-place update.
    lab.standIn.reset();
    const inputs = await base();
    const created = await checkAndCreate(lab.providers.route, inputs);
    const other = await serviceFor("svc-2");
    const diff = await previewDiff(lab.providers.route, created.id, created.outs, {
      ...inputs,
      serviceId: other,
    });
    assert.equal(diff.changes, true);
    assert.deepEqual(diff.replaces, []);
  });

  test("consumer", async () => {
    const base = async () => ({ ...conn(), username: "alice" });
    const cases: Case[] = [
      { field: "username", to: "alice-2", kong: (e) => e.username },
      { field: "customId", to: "c-001", kong: (e) => e.custom_id },
      { field: "tags", to: ["team-a"], kong: userTags },
    ];
    for (const c of cases) await exercise(lab.providers.consumer, "consumers", base, c);
  });

  test("JWT credential (HS*, RS256) including replacement on consumer change", async () => {
    const consumerFor = async (username: string) =>
      (await checkAndCreate(lab.providers.consumer, { ...conn(), username })).id;
    const base = async () => ({
      ...conn(),
      consumerId: await consumerFor("alice"),
      key: "jwttoken",
      algorithm: "HS256",
      secret: LAB_SECRET,
    });
    const cases: Case[] = [
      { field: "key", to: "jwttoken-2", kong: (e) => e.key },
      { field: "algorithm", to: "HS512", kong: (e) => e.algorithm },
      { field: "secret", to: "another-secret-value", kong: (e) => e.secret },
      { field: "tags", to: ["team-a"], kong: userTags },
    ];
    for (const c of cases) await exercise(lab.providers.credential, "jwt_secrets", base, c);

    // consumerId: replacement, old one deleted first (keys are unique).
    lab.standIn.reset();
    const inputs = await base();
    const created = await checkAndCreate(lab.providers.credential, inputs);
    const bob = await consumerFor("bob");
    const news = { ...inputs, consumerId: bob };
    const diff = await previewDiff(lab.providers.credential, created.id, created.outs, news);
    assert.deepEqual(diff.replaces, ["consumerId"]);
    assert.equal(diff.deleteBeforeReplace, true);
    await lab.providers.credential.delete(created.id, created.outs);
    const replaced = await checkAndCreate(lab.providers.credential, news);
    assert.deepEqual(find("jwt_secrets", replaced.id).consumer, { id: bob });

    // RS256: a public key, no secret asked for, none returned; key rotation is an update.
    lab.standIn.reset();
    const pem = () =>
      crypto
        .generateKeyPairSync("rsa", { modulusLength: 2048 })
        .publicKey.export({ type: "spki", format: "pem" })
        .toString();
    const rsBase = async () => ({
      ...conn(),
      consumerId: await consumerFor("carol"),
      key: "rsa-key",
      algorithm: "RS256",
      rsaPublicKey: pem(),
    });
    const rs = await rsBase();
    const rsCreated = await checkAndCreate(lab.providers.credential, rs);
    assert.equal(rsCreated.outs.secret, undefined, "no secret output for RS256");
    assert.equal(find("jwt_secrets", rsCreated.id).rsa_public_key, rs.rsaPublicKey);
    const clean = await previewDiff(lab.providers.credential, rsCreated.id, rsCreated.outs, rs);
    assert.equal(clean.changes, false);
    await exercise(lab.providers.credential, "jwt_secrets", rsBase, {
      field: "rsaPublicKey",
      to: pem(),
      kong: (e) => e.rsa_public_key,
    });
  });

  test("HS credential without a secret: Kong generates it, the output keeps it, updates keep it", async () => {
    const consumerId = (
      await checkAndCreate(lab.providers.consumer, { ...conn(), username: "dave" })
    ).id;
    const inputs = { ...conn(), consumerId, key: "generated", algorithm: "HS256" };
    const created = await checkAndCreate(lab.providers.credential, inputs);
    const generated = created.outs.secret as string;
    assert.equal(typeof generated, "string");
    assert.ok(generated.length >= 16);
    assert.equal(
      (await previewDiff(lab.providers.credential, created.id, created.outs, inputs)).changes,
      false,
    );
    const news = { ...inputs, tags: ["x"] };
    const checked = await lab.providers.credential.check(created.outs, news);
    const updated = await lab.providers.credential.update(created.id, created.outs, checked.inputs);
    assert.equal(updated.outs.secret, generated, "PUT kept the generated secret");
    assert.equal(find("jwt_secrets", created.id).secret, generated);
  });

  test("plugin: config keys, instance name, enabled, protocols, tags; name and scope replace", async () => {
    const base = async () => ({
      ...conn(),
      name: "jwt",
      config: { claims_to_verify: ["exp"], key_claim_name: "iss", maximum_expiration: 600 },
    });
    const cfg = (e: Entity) => e.config as Record<string, unknown>;
    const cases: Case[] = [
      {
        field: "config",
        to: { claims_to_verify: ["exp", "nbf"], key_claim_name: "sub", maximum_expiration: 300 },
        kong: (e) => ({
          claims_to_verify: cfg(e).claims_to_verify,
          key_claim_name: cfg(e).key_claim_name,
          maximum_expiration: cfg(e).maximum_expiration,
        }),
      },
      { field: "instanceName", to: "jwt-authentication", kong: (e) => e.instance_name },
      { field: "enabled", to: false, kong: (e) => e.enabled },
      { field: "protocols", to: ["https"], kong: (e) => e.protocols },
      { field: "tags", to: ["team-a"], kong: userTags },
    ];
    for (const c of cases) await exercise(lab.providers.plugin, "plugins", base, c);
    await exercise(lab.providers.plugin, "plugins", async () => ({ ...conn(), name: "cors" }), {
      field: "name",
      to: "prometheus",
      replace: true,
      kong: (e) => e.name,
    });

    // Removing a config key is a change; the update returns it to Kong's default.
    lab.standIn.reset();
    const inputs = await base();
    const created = await checkAndCreate(lab.providers.plugin, inputs);
    const news = { ...inputs, config: { claims_to_verify: ["exp"], maximum_expiration: 600 } };
    await adminPatchKeyClaim(created.id);
    const read = await lab.providers.plugin.read(created.id, created.outs);
    const diff = await previewDiff(lab.providers.plugin, created.id, read.props, news);
    assert.equal(diff.changes, true, "removed config key reported");
    const checked = await lab.providers.plugin.check(read.props, news);
    await lab.providers.plugin.update(created.id, read.props, checked.inputs);
    assert.equal(cfg(find("plugins", created.id)).key_claim_name, "iss", "back to Kong's default");

    // Scope changes replace (the old plugin is deleted first).
    lab.standIn.reset();
    const svc = await checkAndCreate(lab.providers.service, {
      ...conn(),
      name: "svc",
      url: "http://127.0.0.1:9/",
    });
    const rt = await checkAndCreate(lab.providers.route, {
      ...conn(),
      name: "rt",
      serviceId: svc.id,
      paths: ["/x"],
    });
    const promInputs = { ...conn(), name: "prometheus" };
    const prom = await checkAndCreate(lab.providers.plugin, promInputs);
    for (const [field, to] of [
      ["serviceId", svc.id],
      ["routeId", rt.id],
    ]) {
      const d = await previewDiff(lab.providers.plugin, prom.id, prom.outs, {
        ...promInputs,
        [field]: to,
      });
      assert.deepEqual(d.replaces, [field]);
      assert.equal(d.deleteBeforeReplace, true);
    }
    await lab.providers.plugin.delete(prom.id, prom.outs);
    const scopedInputs = { ...promInputs, routeId: rt.id };
    const scoped = await checkAndCreate(lab.providers.plugin, scopedInputs);
    assert.deepEqual(find("plugins", scoped.id).route, { id: rt.id });
    assert.equal(
      (await previewDiff(lab.providers.plugin, scoped.id, scoped.outs, scopedInputs)).changes,
      false,
    );
  });

  async function adminPatchKeyClaim(id: string) {
    const res = await fetch(`${lab.standIn.adminUrl}/plugins/${id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ config: { key_claim_name: "sub" } }),
    });
    assert.equal(res.status, 200);
  }
});
