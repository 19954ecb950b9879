/** The real program with bad config: it stops before creating any resource, naming every bad key. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { runProgramInChildProcess } from "../../support/mocksProgramProcess";
import { stackConfig } from "../../support/mocksStackConfig";

test("bad values: no resource registered, one error naming each key and what is allowed", () => {
  const result = runProgramInChildProcess({
    config: {
      ...stackConfig("dev"),
      "kong-jwt-lab:kongImage": "kong:latest",
      "kong-jwt-lab:statusPort": "70000",
      "kong-jwt-lab:jwtMaximumExpiration": "-1",
    },
  });
  assert.deepEqual(result.registered, []);
  assert.equal(result.errors.length, 1, result.errors.join("\n"));
  const [message] = result.errors;
  assert.match(message, /Invalid configuration of stack "dev" \(3 problems\)/);
  assert.match(message, /kong-jwt-lab:kongImage: "kong:latest" uses the tag "latest".*allowed: /);
  assert.match(
    message,
    /kong-jwt-lab:statusPort: "70000" is not allowed; allowed: an integer port from 1 to 65535/,
  );
  assert.match(
    message,
    /kong-jwt-lab:jwtMaximumExpiration: "-1" is not allowed; allowed: an integer number of seconds from 0 to 31536000/,
  );
});
