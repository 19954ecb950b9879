import { test } from "node:test";
import assert from "node:assert/strict";

test("toolchain runs TypeScript tests", () => {
  assert.equal([1, 2].map((n) => n * 2).join(","), "2,4");
});
