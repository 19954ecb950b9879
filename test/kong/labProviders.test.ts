/**
 * The lab's Kong configuration, as the engine would run it: the KongJwtConfiguration component is
 * captured under mocks, its serialized providers are loaded like the dynamic-provider host loads
 * them, and driven against the Kong stand-in (a test double of the Admin API) acting as 3.9.3 and
 * as 2.8.4: full create, a second pass without changes, out-of-band deletion and edit (refresh,
 * then up repairs), adoption after an interrupted run, deletion of what is already gone.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { KongStandIn, startKongStandIn, StandInVersion } from "../kong-standin";
import { captureLab, LAB_SECRET, LabDriver, OWNER_TAG } from "./labFixture";
import type { RegisteredResource } from "../support/dynamicProvider";

type Entity = Record<string, unknown> & { id: string; name?: string; tags?: string[] | null };

async function adminCall(s: KongStandIn, method: string, path: string, body?: unknown) {
  const res = await fetch(s.adminUrl + path, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Entity) : undefined };
}

for (const version of ["3.9.3", "2.8.4"] as StandInVersion[]) {
  describe(`lab configuration on the stand-in acting as Kong ${version}`, () => {
    let s: KongStandIn;
    let captured: RegisteredResource[];
    const newDriver = () => new LabDriver(captured, (i) => (i.adminUrl = s.adminUrl));

    before(async () => {
      s = await startKongStandIn({ version });
      const lab = await captureLab({
        adminUrl: "http://127.0.0.1:1",
        zipkinEndpoint: "http://zipkin:9411/api/v2/spans",
      });
      captured = lab.resources;
    });
    after(async () => {
      await s.close();
    });
    beforeEach(() => {
      s.reset();
      s.clearRequests();
    });

    test("full create gives Kong exactly the lab's entities, tagged; a second pass has no changes", async () => {
      const d = newDriver();
      await d.up();
      const snap = s.snapshot() as unknown as Record<string, Entity[]>;
      assert.equal(snap.services.length, 1);
      const service = snap.services[0];
      assert.equal(service.name, "fastapi-service");
      assert.equal(service.host, "127.0.0.1");
      assert.equal(service.path, "/healthy");
      assert.deepEqual(service.tags, [OWNER_TAG]);
      assert.equal(snap.routes.length, 1);
      assert.deepEqual(snap.routes[0].paths, ["/kong/healthy"]);
      assert.equal(snap.routes[0].strip_path, true);
      assert.deepEqual(snap.routes[0].service, { id: service.id });
      assert.equal(snap.consumers.length, 1);
      assert.equal(snap.consumers[0].username, "fastapi-consumer");
      assert.equal(snap.jwt_secrets.length, 1);
      assert.equal(snap.jwt_secrets[0].key, "jwttoken");
      assert.equal(snap.jwt_secrets[0].secret, LAB_SECRET);
      assert.equal(snap.jwt_secrets[0].algorithm, "HS256");
      const plugins = new Map(snap.plugins.map((p) => [p.name, p]));
      assert.deepEqual([...plugins.keys()].sort(), ["jwt", "prometheus", "zipkin"]);
      const jwt = plugins.get("jwt") as Entity;
      const jwtConfig = jwt.config as Record<string, unknown>;
      assert.deepEqual(jwtConfig.claims_to_verify, ["exp"]);
      assert.equal(jwtConfig.key_claim_name, "iss");
      assert.equal(jwtConfig.maximum_expiration, 600);
      assert.equal(jwt.service, null);
      assert.equal(jwt.route, null);
      const prometheus = (plugins.get("prometheus") as Entity).config as Record<string, unknown>;
      assert.equal(prometheus.per_consumer, true);
      const zipkin = (plugins.get("zipkin") as Entity).config as Record<string, unknown>;
      assert.equal(zipkin.http_endpoint, "http://zipkin:9411/api/v2/spans");
      assert.equal(zipkin.sample_ratio, 1);
      for (const list of Object.values(snap)) {
        for (const e of list) assert.ok(e.tags?.includes(OWNER_TAG), `${String(e.id)} tagged`);
      }
      if (version === "3.9.3") {
        assert.equal(jwt.instance_name, "jwt-authentication");
        assert.equal(prometheus.status_code_metrics, true);
        assert.equal(prometheus.latency_metrics, true);
        assert.equal(prometheus.bandwidth_metrics, true);
      } else {
        assert.equal("instance_name" in jwt, false);
        assert.equal("status_code_metrics" in prometheus, false);
      }
      // The secret output is the secret in effect; the ids are Kong's.
      const cred = d.byName("lab-credential-jwttoken");
      assert.equal(cred.outs?.secret, LAB_SECRET);
      assert.equal(d.byName("lab-service").id, service.id);

      // Second pass, as `pulumi preview` right after `up`, and after a refresh.
      for (const [name, diff] of await d.preview()) {
        assert.equal(diff.changes, false, `${name}: no changes expected right after up`);
      }
      s.clearRequests();
      assert.deepEqual(await d.refresh(), []);
      assert.deepEqual(Object.keys(s.countsByMethod("admin")), ["GET"], "refresh only reads");
      for (const [name, diff] of await d.preview()) {
        assert.equal(diff.changes, false, `${name}: no changes expected after refresh`);
      }

      await d.destroy();
      const empty = s.snapshot() as unknown as Record<string, Entity[]>;
      for (const [kind, list] of Object.entries(empty))
        assert.equal(list.length, 0, `${kind} left`);
    });

    test("version gaps are left out with warnings, without a perpetual diff", async () => {
      const d = newDriver();
      await d.up();
      const jwtWarnings = d.byName("lab-jwt-plugin").outs?.warnings as string[];
      const promWarnings = d.byName("lab-prometheus-plugin").outs?.warnings as string[];
      if (version === "2.8.4") {
        assert.equal(jwtWarnings.length, 1);
        assert.match(jwtWarnings[0], /instance_name/);
        assert.match(jwtWarnings[0], /2\.8\.4/);
        assert.equal(promWarnings.length, 3);
        assert.ok(promWarnings.every((w) => /Kong 2\.8\.4 has no config\.\w+_metrics/.test(w)));
      } else {
        assert.deepEqual(jwtWarnings, []);
        assert.deepEqual(promWarnings, []);
      }
      await d.refresh();
      await d.refresh();
      for (const [name, diff] of await d.preview()) {
        assert.equal(diff.changes, false, `${name}: no diff after refresh`);
      }
    });

    test("out-of-band deletion: refresh sees it gone, up creates it again", async () => {
      const d = newDriver();
      await d.up();
      const route = d.byName("lab-route");
      const del = await adminCall(s, "DELETE", `/routes/${String(route.id)}`);
      assert.equal(del.status, 204);
      assert.deepEqual(await d.refresh(), ["lab-route"]);
      // The engine then plans a create; create repairs it.
      const created = await route.provider.create(d.resolved(route));
      assert.notEqual(created.id, route.id);
      const snap = s.snapshot() as unknown as Record<string, Entity[]>;
      assert.equal(snap.routes.length, 1);
      assert.equal(snap.routes[0].name, "fastapi-route");
    });

    test("out-of-band edit: refresh shows the drift, diff reports it, update repairs it", async () => {
      const d = newDriver();
      await d.up();
      const jwt = d.byName("lab-jwt-plugin");
      await adminCall(s, "PATCH", `/plugins/${String(jwt.id)}`, {
        config: { maximum_expiration: 300 },
        enabled: false,
      });
      const service = d.byName("lab-service");
      await adminCall(s, "PATCH", `/services/${String(service.id)}`, { path: "/elsewhere" });
      const cred = d.byName("lab-credential-jwttoken");
      const consumerId = String(d.byName("lab-consumer").id);
      const patched = await adminCall(
        s,
        "PATCH",
        `/consumers/${consumerId}/jwt/${String(cred.id)}`,
        {
          secret: "changed-out-of-band",
        },
      );
      assert.equal(patched.status, 200);
      await d.refresh();
      assert.equal((jwt.outs?.config as Record<string, unknown>).maximum_expiration, 300);
      const diffs = await d.preview();
      assert.equal(diffs.get("lab-jwt-plugin")?.changes, true);
      assert.equal(diffs.get("lab-service")?.changes, true);
      assert.equal(diffs.get("lab-credential-jwttoken")?.changes, true);
      assert.deepEqual(diffs.get("lab-credential-jwttoken")?.replaces, []);
      assert.equal(diffs.get("lab-route")?.changes, false);
      for (const name of ["lab-jwt-plugin", "lab-service", "lab-credential-jwttoken"]) {
        const r = d.byName(name);
        const checked = await r.provider.check(r.outs ?? {}, d.resolved(r));
        r.outs = (await r.provider.update(r.id ?? "", r.outs ?? {}, checked.inputs)).outs;
      }
      const snap = s.snapshot() as unknown as Record<string, Entity[]>;
      const plugin = snap.plugins.find((p) => p.name === "jwt") as Entity;
      assert.equal((plugin.config as Record<string, unknown>).maximum_expiration, 600);
      assert.equal(plugin.enabled, true);
      assert.equal(snap.services[0].path, "/healthy");
      assert.equal(snap.jwt_secrets[0].secret, LAB_SECRET);
      await d.refresh();
      for (const [name, diff] of await d.preview()) {
        assert.equal(diff.changes, false, `${name}: repaired`);
      }
    });

    test("adoption after an interrupted run: create adopts what exists (no 409), ids kept", async () => {
      const first = newDriver();
      // Interrupted: only the first three entities were created and the state was lost.
      for (const r of first.resources.slice(0, 3)) await first.createResource(r);
      const before = s.snapshot() as unknown as Record<string, Entity[]>;
      s.clearRequests();
      const second = newDriver();
      await second.up();
      assert.equal(second.byName("lab-service").id, before.services[0].id);
      assert.equal(second.byName("lab-route").id, before.routes[0].id);
      assert.equal(second.byName("lab-consumer").id, before.consumers[0].id);
      assert.ok(!s.requests.some((r) => r.status === 409), "no 409 seen");
      // A full re-run with lost state adopts everything: no POST at all.
      s.clearRequests();
      const third = newDriver();
      await third.up();
      assert.equal(s.countsByMethod("admin").POST ?? 0, 0);
      const snap = s.snapshot() as unknown as Record<string, Entity[]>;
      assert.equal(snap.services.length, 1);
      assert.equal(snap.plugins.length, 3);
      assert.equal(snap.jwt_secrets.length, 1);
      for (const [name, diff] of await third.preview()) {
        assert.equal(diff.changes, false, `${name}: converged`);
      }
    });

    test("an existing entity without this stack's tag is not taken over", async () => {
      await adminCall(s, "POST", "/services", { name: "fastapi-service", url: "http://other:1/" });
      const d = newDriver();
      await assert.rejects(d.up(), (e: Error) => {
        assert.match(e.message, /service "fastapi-service" already exists/);
        assert.match(e.message, new RegExp(`not tagged "${OWNER_TAG.replace(/\./g, "\\.")}"`));
        return true;
      });
      const snap = s.snapshot() as unknown as Record<string, Entity[]>;
      assert.equal(snap.services[0].host, "other", "left untouched");
    });

    test("delete of something already gone succeeds", async () => {
      const d = newDriver();
      await d.up();
      // The consumer's deletion cascades to the credential; then everything is deleted again.
      await adminCall(s, "DELETE", `/consumers/${String(d.byName("lab-consumer").id)}`);
      await adminCall(s, "DELETE", `/plugins/${String(d.byName("lab-zipkin-plugin").id)}`);
      await d.destroy();
      await d.destroy();
      const snap = s.snapshot() as unknown as Record<string, Entity[]>;
      for (const [kind, list] of Object.entries(snap)) assert.equal(list.length, 0, `${kind} left`);
    });
  });
}
