/**
 * The resource under Pulumi's mocks: its provider serializes, and the class itself asks the
 * engine to treat `result` as a secret (additionalSecretOutputs), whoever constructs it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import type { generatedPasswordProvider } from "../../../components/secrets/GeneratedPassword";

test("GeneratedPassword registers with additionalSecretOutputs [result] and a serialized provider", async () => {
  const registered: { type: string; inputs: Record<string, unknown> }[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, inputs: args.inputs });
        return { id: `${args.name}-id`, state: { ...args.inputs, result: "generated" } };
      },
      call: (args) => args.inputs,
    },
    "kong-jwt-lab",
    "test",
    false,
  );
  const monitor = pulumi.runtime.getMonitor() as unknown as {
    registerResource: (
      req: { getAdditionalsecretoutputsList(): string[]; getType(): string },
      cb: unknown,
    ) => void;
  };
  const secretOutputsByType = new Map<string, string[]>();
  const original = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    secretOutputsByType.set(req.getType(), req.getAdditionalsecretoutputsList());
    return original(req, cb);
  };

  const { GeneratedPassword } = await import("../../../components/secrets/GeneratedPassword");
  const pw = new GeneratedPassword("pw", { length: 32 });
  const id = await new Promise((resolve) => pw.id.apply(resolve));
  assert.equal(id, "pw-id");

  const type = "pulumi-nodejs:dynamic/secrets:GeneratedPassword";
  assert.deepEqual(secretOutputsByType.get(type), ["result"]);
  const reg = registered.find((r) => r.type === type);
  assert.ok(reg, "registered the dynamic resource");
  assert.equal(reg.inputs.length, 32);
  assert.equal(typeof reg.inputs.__provider, "string");
  assert.ok((reg.inputs.__provider as string).length > 0);
});

test("the serialized provider, loaded as the dynamic-provider host loads it, generates a password", async () => {
  const text = await new Promise<string>((resolve) => {
    void pulumi.runtime
      .setMocks(
        {
          newResource: (args) => {
            if (args.type === "pulumi-nodejs:dynamic/secrets:GeneratedPassword") {
              resolve(args.inputs.__provider as string);
            }
            return { id: `${args.name}-id`, state: args.inputs };
          },
          call: (args) => args.inputs,
        },
        "kong-jwt-lab",
        "test",
        false,
      )
      .then(async () => {
        const { GeneratedPassword } = await import("../../../components/secrets/GeneratedPassword");
        new GeneratedPassword("pw2", { length: 20 });
      });
  });
  const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  const requireFromString = require(
    require.resolve("require-from-string", { paths: [pulumiDir] }),
  ) as (code: string) => { handler(): typeof generatedPasswordProvider };
  const hosted = requireFromString(text).handler();
  const created = await hosted.create({ length: 20 });
  assert.match(created.outs?.result ?? "", /^[A-Za-z0-9]{20}$/);
  const checked = await hosted.check!({ length: 20 }, { length: 8 });
  assert.equal(checked.failures?.length, 1);
});
