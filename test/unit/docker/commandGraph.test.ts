/**
 * The dev stack's one-shot commands under Pulumi's mocks: the order of the whole `up` (Postgres
 * healthy → bootstrap → up/finish → Kong → Kong configuration → verification), what each command
 * runs, and that no secret is in any command string or plaintext state field.
 */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import {
  ProgramRun,
  RecordedResourceByName,
  isSecretInput,
  mapSecrets,
  plain,
  runProgram,
} from "../../support/mocks";
import { REPO_ROOT, stackConfig } from "../../support/mocksStackConfig";

const COMMAND = "command:local:Command";
const PASSWORD = "mock-generated-lab-postgres-password";
const JWT_SECRET = "mock-generated-lab-jwt-secret-jwttoken";
const VERIFICATION = "lab-verification-smoke-check";

let run: ProgramRun;
before(async () => {
  run = await runProgram(stackConfig("dev"), { stack: "dev" });
});

/** True when `from` depends on `to`, directly or through other resources. */
function dependsOnTransitively(from: string, to: string): boolean {
  const seen = new Set<string>();
  const visit = (name: string): boolean => {
    if (seen.has(name)) return false;
    seen.add(name);
    const r = run.resources.find((x) => x.name === name);
    return (r?.dependsOn ?? []).some((d) => d === to || visit(d));
  };
  return visit(from);
}

describe("the order of the up", () => {
  const chain = [
    "lab-postgres-container",
    "lab-migrations-bootstrap",
    "lab-migrations-up",
    "lab-kong-container",
    "lab-service",
    VERIFICATION,
  ];
  for (let i = 1; i < chain.length; i++) {
    test(`${chain[i]} comes after ${chain[i - 1]}`, () => {
      assert.ok(
        dependsOnTransitively(chain[i], chain[i - 1]),
        run.byName(chain[i]).dependsOn.join(),
      );
    });
  }

  test("the jwt plugin waits for the credential; the metrics and tracing plugins wait for neither it nor each other", () => {
    assert.ok(dependsOnTransitively("lab-jwt-plugin", "lab-credential-jwttoken"));
    for (const independent of ["lab-prometheus-plugin", "lab-zipkin-plugin"]) {
      for (const other of ["lab-jwt-plugin", "lab-prometheus-plugin", "lab-zipkin-plugin"]) {
        if (other === independent) continue;
        assert.ok(
          !dependsOnTransitively(independent, other),
          `${independent} waits for ${other}: ${run.byName(independent).dependsOn.join()}`,
        );
      }
    }
  });

  test("the verification comes after every entity of the Kong configuration", () => {
    const kongEntities = run.resources.filter(
      (r) => r.custom && r.parent === "lab" && r.type.startsWith("pulumi-nodejs:dynamic"),
    );
    assert.ok(kongEntities.length >= 6, kongEntities.map((r) => r.name).join());
    for (const entity of kongEntities) {
      assert.ok(dependsOnTransitively(VERIFICATION, entity.name), entity.name);
      if (!entity.type.includes("/secrets:")) {
        assert.ok(dependsOnTransitively(entity.name, "lab-kong-container"), entity.name);
      }
    }
  });

  test("the commands are exactly the two migration steps and the verification", () => {
    assert.deepEqual(
      run
        .ofType(COMMAND)
        .map((r) => r.name)
        .sort(),
      ["lab-migrations-bootstrap", "lab-migrations-up", VERIFICATION],
    );
  });
});

describe("the verification", () => {
  const verification = () => run.byName(VERIFICATION);

  test("runs the smoke check with the stack's values, the secret from stdin, in this checkout", () => {
    assert.equal(
      plain(verification().inputs.create),
      "node --import tsx scripts/smokeCheck.ts --proxy-url 'http://127.0.0.1:8000' " +
        "--route-path '/kong/healthy' --iss 'jwttoken' --alg 'HS256' --max-expiration '600' " +
        "--wait '30' --secret-file '/dev/stdin'",
    );
    assert.equal(plain(verification().inputs.dir), REPO_ROOT);
    assert.ok(
      fs.existsSync(path.join(REPO_ROOT, "scripts", "smokeCheck.ts")),
      "the script it runs exists there",
    );
    const script = plain<string[]>(verification().inputs.interpreter).join(" ");
    assert.match(script, /printf '%s' "\$KONG_JWT_LAB_SECRET" \| sh -c "\$1"/);
  });

  test("the JWT secret travels in the environment, sent and kept as a secret", () => {
    const v = verification();
    assert.ok(isSecretInput(v.inputs.environment));
    assert.equal(
      plain<Record<string, unknown>>(v.inputs.environment).KONG_JWT_LAB_SECRET,
      JWT_SECRET,
    );
    assert.ok(v.additionalSecretOutputs.includes("environment"));
  });

  test("it is under its own component, and has nothing to undo on destroy", () => {
    assert.equal(verification().parent, "lab-verification");
    assert.equal(
      run.byName("lab-verification").type,
      "kong-jwt-lab:verification:GatewayVerification",
    );
    assert.equal(plain(verification().inputs.delete), undefined);
  });
});

describe("secrets in the commands", () => {
  const commands = () => run.ofType(COMMAND);

  test("no secret in any command string (create, interpreter) or trigger", () => {
    for (const r of commands()) {
      for (const field of ["create", "interpreter", "triggers", "dir"]) {
        const text = JSON.stringify(plain(r.inputs[field]) ?? "");
        assert.ok(!text.includes(PASSWORD), `${r.name}.${field} holds the database password`);
        assert.ok(!text.includes(JWT_SECRET), `${r.name}.${field} holds the JWT secret`);
      }
    }
  });

  test("no secret in a plaintext field: whatever holds one is sent secret and kept secret", () => {
    for (const r of commands()) {
      const text = JSON.stringify(mapSecrets(r.inputs));
      assert.ok(!text.includes(PASSWORD), r.name);
      assert.ok(!text.includes(JWT_SECRET), r.name);
      assert.ok(r.additionalSecretOutputs.includes("environment"), r.name);
    }
  });

  test("the scripts never print the secret variables: each is redacted by name", () => {
    const redacted = (r: RecordedResourceByName) =>
      plain<string[]>(r.inputs.interpreter)[2]
        .match(/-v names='([^']*)'/)?.[1]
        .split(" ");
    assert.deepEqual(redacted(run.byName("lab-migrations-bootstrap")), ["KONG_PG_PASSWORD"]);
    assert.deepEqual(redacted(run.byName("lab-migrations-up")), ["KONG_PG_PASSWORD"]);
    assert.deepEqual(redacted(run.byName(VERIFICATION)), ["KONG_JWT_LAB_SECRET"]);
  });
});
