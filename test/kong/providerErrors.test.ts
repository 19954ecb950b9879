/**
 * Failure behaviour of the serialized Kong providers against the stand-in (a test double of
 * Kong's Admin API): retries through injected 503s and connection resets (requests counted), a
 * clear error for a 400, the global auth-plugin conflict guard, check messages and unknown values
 * at preview, and secrets kept out of the serialized provider and of every error message.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { KongJwtCredential } from "../../components/kong/KongJwtCredential";
import { UNKNOWN } from "../../components/unknownValue";
import { hostedProviderOf } from "../support/dynamicProvider";
import {
  checkAndCreate,
  LAB_SECRET,
  OWNER_TAG,
  previewDiff,
  standInConnection,
  standInLabPerDescribe,
} from "./labFixture";

const JWT_CONFIG = { claims_to_verify: ["exp"], key_claim_name: "iss", maximum_expiration: 600 };

describe("Kong provider failures (stand-in as 3.9.3)", () => {
  const lab = standInLabPerDescribe();
  const conn = () => standInConnection(lab.standIn);

  async function adminPost(path: string, body: unknown) {
    const res = await fetch(lab.standIn.adminUrl + path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    assert.equal(res.status, 201, `setup POST ${path}`);
    return (await res.json()) as { id: string };
  }

  test("retries through injected 503s and connection resets, then succeeds", async () => {
    const isServicePost = (m: string, path: string) => m === "POST" && path.startsWith("/services");
    lab.standIn.injectFault({ times: 2, status: 503, match: isServicePost });
    lab.standIn.injectFault({ times: 1, reset: true, match: (m) => m === "GET" });
    const created = await checkAndCreate(lab.providers.service, {
      ...conn(),
      name: "svc",
      url: "http://127.0.0.1:9/",
    });
    assert.ok(created.id);
    const posts = lab.standIn.requests.filter(
      (r) => r.target === "admin" && isServicePost(r.method, r.path),
    );
    assert.deepEqual(
      posts.map((r) => r.status),
      [503, 503, 201],
      "two 503s retried, then created",
    );
    // The lookup's connection was reset (status 0), then retried and answered (404).
    const lookups = lab.standIn.requests.filter(
      (r) => r.method === "GET" && r.path === "/services/svc",
    );
    assert.deepEqual(
      lookups.map((r) => r.status),
      [0, 404],
    );
    const snap = lab.standIn.snapshot() as unknown as { services: object[] };
    assert.equal(snap.services.length, 1, "created exactly once");
  });

  test("a 409 to the POST (created concurrently after the lookup) falls back to adoption", async () => {
    const existing = await adminPost("/consumers", { username: "alice", tags: [OWNER_TAG] });
    // The lookup misses it (as if it was created right after), so the provider POSTs: 409.
    lab.standIn.injectFault({
      times: 1,
      status: 404,
      match: (m, path) => m === "GET" && path === "/consumers/alice",
    });
    const created = await checkAndCreate(lab.providers.consumer, {
      ...conn(),
      username: "alice",
      customId: "a-1",
    });
    assert.equal(created.id, existing.id, "adopted");
    assert.deepEqual(
      lab.standIn.requests
        .filter((r) => r.target === "admin")
        .map((r) => `${r.method} ${r.status}`),
      ["POST 201", "GET 404", "POST 409", "GET 200", "PUT 200"],
    );
    const snap = lab.standIn.snapshot() as unknown as { consumers: { custom_id: string }[] };
    assert.equal(snap.consumers[0].custom_id, "a-1");
  });

  test("retries are bounded: persistent 503s give a clear error after maxRetries", async () => {
    lab.standIn.injectFault({ times: 50, status: 503 });
    await assert.rejects(
      lab.providers.consumer.create({ ...conn(), username: "alice", adminMaxRetries: 3 }),
      (e: Error) => {
        assert.match(e.message, /consumer "alice"/);
        assert.match(e.message, /GET \/consumers\/alice → 503/);
        assert.match(e.message, /after 4 attempts/);
        return true;
      },
    );
    assert.equal(lab.standIn.requests.filter((r) => r.target === "admin").length, 4);
  });

  test("a 400 from Kong names the entity, the request and Kong's field message", async () => {
    // Bypass check (which would refuse it) to see Kong's own answer.
    await assert.rejects(
      lab.providers.service.create({ ...conn(), name: "bad", url: "not a url" }),
      (e: Error) => {
        assert.match(e.message, /service "bad"/);
        assert.match(e.message, /POST \/services/);
        assert.match(e.message, /400/);
        assert.match(e.message, /schema violation/);
        assert.match(e.message, /host/);
        return true;
      },
    );
    // A route pointing at a service that does not exist: Kong's foreign key error.
    await assert.rejects(
      checkAndCreate(lab.providers.route, {
        ...conn(),
        name: "orphan",
        serviceId: "7b4ea3a4-5b3c-4d5e-9f60-0123456789ab",
        paths: ["/o"],
      }),
      (e: Error) => /route "orphan".*POST \/routes → 400.*foreign key/s.test(e.message),
    );
  });

  test("the global jwt plugin refuses to start next to global auth plugins it does not own", async () => {
    await adminPost("/plugins", { name: "key-auth" });
    await adminPost("/plugins", { name: "basic-auth", tags: ["someone-else"] });
    const svc = await adminPost("/services", { name: "other", url: "http://127.0.0.1:9/" });
    await adminPost(`/services/${svc.id}/plugins`, { name: "hmac-auth" }); // scoped: no conflict
    await adminPost("/plugins", { name: "cors" }); // not an auth plugin
    await assert.rejects(
      checkAndCreate(lab.providers.plugin, { ...conn(), name: "jwt", config: JWT_CONFIG }),
      (e: Error) => {
        assert.match(e.message, /Refusing to enable the global jwt plugin/);
        assert.match(e.message, /key-auth \(global, id/);
        assert.match(e.message, /basic-auth \(global, id/);
        assert.doesNotMatch(e.message, /hmac-auth|cors/);
        return true;
      },
    );
    const snap = lab.standIn.snapshot() as unknown as { plugins: { name: string }[] };
    assert.equal(snap.plugins.filter((x) => x.name === "jwt").length, 0, "nothing created");
  });

  test("a route-scoped jwt plugin: global and same-service auth plugins conflict, other services' do not", async () => {
    const labSvc = await adminPost("/services", { name: "lab-svc", url: "http://127.0.0.1:9/" });
    const route = await adminPost(`/services/${labSvc.id}/routes`, {
      name: "lab-route",
      paths: ["/l"],
    });
    const other = await adminPost("/services", { name: "other", url: "http://127.0.0.1:9/" });
    await adminPost(`/services/${other.id}/plugins`, { name: "key-auth" }); // elsewhere: fine
    const inputs = { ...conn(), name: "jwt", routeId: route.id, config: JWT_CONFIG };
    // Only another service's auth plugin: the route-scoped jwt plugin is created.
    const created = await checkAndCreate(lab.providers.plugin, inputs);
    assert.ok(created.id);
    await lab.providers.plugin.delete(created.id, created.outs);
    // An auth plugin on the lab's service also runs on the route: refused, naming it.
    const onService = await adminPost(`/services/${labSvc.id}/plugins`, { name: "basic-auth" });
    await assert.rejects(checkAndCreate(lab.providers.plugin, inputs), (e: Error) => {
      assert.match(e.message, new RegExp(`Refusing to enable the jwt plugin on route ${route.id}`));
      assert.match(e.message, new RegExp(`basic-auth \\(service ${labSvc.id}, id ${onService.id}`));
      assert.doesNotMatch(e.message, /key-auth/);
      return true;
    });
    const snap = lab.standIn.snapshot() as unknown as { plugins: { name: string }[] };
    assert.equal(snap.plugins.filter((x) => x.name === "jwt").length, 0, "nothing created");
  });

  test("auth plugins owned by this stack, disabled ones, and a scoped jwt plugin pass the guard", async () => {
    await adminPost("/plugins", { name: "key-auth", tags: [OWNER_TAG] });
    await adminPost("/plugins", { name: "basic-auth", enabled: false });
    const created = await checkAndCreate(lab.providers.plugin, {
      ...conn(),
      name: "jwt",
      config: JWT_CONFIG,
    });
    assert.ok(created.id);
    // Re-enabling through an update runs the guard again.
    await adminPost("/plugins", { name: "hmac-auth" });
    const news = { ...conn(), name: "jwt", config: JWT_CONFIG, enabled: true, tags: ["x"] };
    const checked = await lab.providers.plugin.check(created.outs, news);
    await assert.rejects(
      lab.providers.plugin.update(created.id, created.outs, checked.inputs),
      /Refusing to enable/,
    );
  });

  test("check: clear messages naming field and allowed values; unknown values pass at preview", async () => {
    const bad = await lab.providers.credential.check(
      {},
      {
        ...conn(),
        consumerId: "c",
        key: "k",
        algorithm: "none",
      },
    );
    assert.deepEqual(
      bad.failures.map((f) => f.property),
      ["algorithm"],
    );
    assert.match(bad.failures[0].reason, /HS256, HS384, HS512, RS256/);
    const rsWithSecret = await lab.providers.credential.check(
      {},
      {
        ...conn(),
        consumerId: "c",
        key: "k",
        algorithm: "RS256",
        secret: LAB_SECRET,
      },
    );
    assert.deepEqual(rsWithSecret.failures.map((f) => f.property).sort(), [
      "rsaPublicKey",
      "secret",
    ]);
    for (const f of rsWithSecret.failures) assert.ok(!f.reason.includes(LAB_SECRET));

    const route = await lab.providers.route.check(
      {},
      { ...conn(), name: "r", serviceId: "x", methods: ["get"] },
    );
    assert.match(route.failures[0].reason, /methods has "get"; allowed: GET, HEAD/);
    const nothing = await lab.providers.route.check({}, { ...conn(), name: "r", serviceId: "x" });
    assert.match(nothing.failures[0].reason, /at least one of paths, methods or hosts/);
    const jwt = await lab.providers.plugin.check(
      {},
      {
        ...conn(),
        name: "jwt",
        config: { claims_to_verify: ["nbf"], maximum_expiration: 600 },
      },
    );
    assert.match(jwt.failures[0].reason, /requires config.claims_to_verify to contain "exp"/);
    const tag = await lab.providers.service.check(
      {},
      { ...conn(), ownerTag: "a,b", name: "s", url: "http://x/" },
    );
    assert.equal(tag.failures[0].property, "ownerTag");

    // Preview: unknown values everywhere they can appear.
    const unknowns = [
      await lab.providers.service.check(
        {},
        { ...conn(), adminUrl: UNKNOWN, name: UNKNOWN, url: UNKNOWN },
      ),
      await lab.providers.route.check(
        {},
        { ...conn(), name: "r", serviceId: UNKNOWN, paths: UNKNOWN },
      ),
      await lab.providers.credential.check(
        {},
        { ...conn(), consumerId: UNKNOWN, key: "k", secret: UNKNOWN },
      ),
      await lab.providers.credential.check(
        {},
        { ...conn(), consumerId: "c", key: "k", algorithm: UNKNOWN },
      ),
      await lab.providers.plugin.check(
        {},
        { ...conn(), name: "zipkin", config: { http_endpoint: UNKNOWN } },
      ),
    ];
    for (const u of unknowns) assert.deepEqual(u.failures, []);
    const created = await checkAndCreate(lab.providers.service, {
      ...conn(),
      name: "s",
      url: "http://x/",
    });
    const d = await previewDiff(lab.providers.service, created.id, created.outs, {
      ...conn(),
      name: "s",
      url: UNKNOWN,
    });
    assert.equal(d.changes, true, "an unknown value may be a change");
  });

  test("secrets: not in the serialized provider, not in errors, not in check messages", async () => {
    const secret = "s3cr3t-JWT-Value-987";
    const { provider } = await hostedProviderOf(
      () =>
        new KongJwtCredential("cred", {
          adminUrl: lab.standIn.adminUrl,
          ownerTag: OWNER_TAG,
          adminHeaders: pulumi.secret({ "Kong-Admin-Token": "admin-token-secret" }),
          consumerId: "x",
          key: "k",
          secret: pulumi.secret(secret),
        }),
    );
    assert.ok(!provider.text.includes(secret), "serialized provider holds no secret");
    assert.ok(!provider.text.includes("admin-token-secret"), "serialized provider holds no header");

    const messages: string[] = [];
    const collect = async (f: () => Promise<unknown>) => {
      try {
        await f();
        assert.fail("expected an error");
      } catch (e) {
        messages.push(String((e as Error).message) + String((e as Error).stack));
      }
    };
    const base = {
      ...conn(),
      adminHeaders: { "Kong-Admin-Token": "admin-token-secret" },
      key: "k",
      secret,
    };
    // Unknown consumer: Kong answers 404 to the POST.
    await collect(() =>
      provider.create({ ...base, consumerId: "8b4ea3a4-5b3c-4d5e-9f60-0123456789ab" }),
    );
    // Kong unreachable.
    await collect(() =>
      provider.create({
        ...base,
        consumerId: "c",
        adminUrl: "http://127.0.0.1:9",
        adminMaxRetries: 1,
      }),
    );
    // Kong failing.
    lab.standIn.injectFault({ times: 10, status: 500 });
    await collect(() => provider.create({ ...base, consumerId: "c", adminMaxRetries: 1 }));
    assert.equal(messages.length, 3);
    for (const m of messages) {
      assert.ok(!m.includes(secret), `no secret in: ${m}`);
      assert.ok(!m.includes("admin-token-secret"), `no header in: ${m}`);
    }
  });
});
