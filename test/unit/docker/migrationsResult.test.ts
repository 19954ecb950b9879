import { test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { requireMigrationsSucceeded } from "../../../components/docker/migrationsResult";

const step = (exitCode: number | undefined, command = "kong migrations bootstrap") => ({
  command,
  container: "kong-jwt-lab-dev-migrations-bootstrap",
  exitCode,
});

test("every step exited 0: ok", () => {
  assert.equal(requireMigrationsSucceeded([step(0), step(0, "kong migrations up")]), "ok");
});

test("a failed step stops the deployment, naming the command, the exit code and the log", () => {
  assert.throws(
    () =>
      requireMigrationsSucceeded([
        step(0),
        step(1, "kong migrations up && kong migrations finish"),
      ]),
    (err: unknown) => {
      assert.ok(pulumi.RunError.isInstance(err));
      const message = (err as Error).message;
      assert.match(message, /`kong migrations up && kong migrations finish` exited with code 1/);
      assert.match(message, /docker logs kong-jwt-lab-dev-migrations-bootstrap/);
      assert.doesNotMatch(message, /`kong migrations bootstrap`/);
      return true;
    },
  );
});

test("a step without a reported exit code does not block (dependsOn already ordered it)", () => {
  assert.equal(requireMigrationsSucceeded([step(undefined), step(0, "kong migrations up")]), "ok");
});
