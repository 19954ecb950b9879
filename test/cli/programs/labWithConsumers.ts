/**
 * Test-only Pulumi program for the interrupted-up tests (test/cli/interruptedUp.test.ts): the lab
 * itself (index.ts, containers off) plus one KongConsumerSet of `interruptTest:consumers` consumers,
 * each with an HS256 JWT credential, on the same Admin API and under the stack's owner tag. The test
 * copies this file to the project copy's root (imports made relative to it) as the project's `main`.
 */
import * as pulumi from "@pulumi/pulumi";
import { KongConsumerSet } from "../../../components/kong/ConsumerSet";
import { readLabConfig } from "../../../config/readLabConfig";

import lab = require("../../../index");

const count = new pulumi.Config("interruptTest").requireNumber("consumers");
const config = readLabConfig();
const consumers = Array.from({ length: count }, (_, i) => ({
  username: `set-user-${String(i).padStart(4, "0")}`,
  credentials: [{ key: `set-key-${String(i).padStart(4, "0")}`, algorithm: "HS256" as const }],
}));
const set = new KongConsumerSet("interrupt-set", {
  adminUrl: config.kong.adminUrl,
  ownerTag: config.kong.ownerTag,
  consumers,
  secrets: pulumi.secret(
    Object.fromEntries(
      consumers.map((c, i) => [c.credentials[0].key, `set-secret-${i}-0123456789abcdef`]),
    ),
  ),
});

export = { ...lab, setConsumerCount: set.consumerCount };
