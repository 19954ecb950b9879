import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, test } from "node:test";
import {
  LanguageHostNotFoundError,
  findLanguageHost,
  timeLanguageHostStart,
} from "../../bench/languageHost";

describe("findLanguageHost", () => {
  let root: string;
  let repo: string;
  let onPath: string;
  const script = async (file: string, body: string) => {
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    await fs.promises.writeFile(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  };

  before(async () => {
    root = await fs.promises.mkdtemp(path.join(os.tmpdir(), "language-host-"));
    repo = path.join(root, "repo");
    onPath = path.join(root, "cli");
    await script(path.join(repo, "test", "host", "pulumi-language-nodejs"), "echo 1");
    await script(path.join(onPath, "pulumi-language-nodejs"), "echo 1");
    await fs.promises.writeFile(path.join(root, "not-executable"), "", { mode: 0o644 });
  });
  after(() => fs.promises.rm(root, { recursive: true, force: true }));

  test("--language-host, relative to the working directory, is used before PATH; under test/ it is the test double", () => {
    const host = findLanguageHost("test/host/pulumi-language-nodejs", onPath, repo, repo);
    assert.deepEqual(host, {
      path: path.join(repo, "test", "host", "pulumi-language-nodejs"),
      from: "--language-host",
      testDouble: true,
    });
  });

  test("without the option: the first pulumi-language-nodejs on PATH, not a test double outside test/", () => {
    const host = findLanguageHost(
      undefined,
      [path.join(root, "empty"), onPath].join(path.delimiter),
      root,
      repo,
    );
    assert.deepEqual(host, {
      path: path.join(onPath, "pulumi-language-nodejs"),
      from: "PATH",
      testDouble: false,
    });
  });

  test("no host anywhere: an error that says how to provide one", () => {
    assert.throws(
      () => findLanguageHost(undefined, path.join(root, "empty"), root, repo),
      (e: unknown) =>
        e instanceof LanguageHostNotFoundError &&
        /none on PATH/.test(e.message) &&
        /--language-host <path>/.test(e.message) &&
        /release archive/.test(e.message),
    );
  });

  test("an option that is not an executable file is refused, not ignored for PATH", () => {
    assert.throws(
      () => findLanguageHost(path.join(root, "not-executable"), onPath, root, repo),
      (e: unknown) =>
        e instanceof LanguageHostNotFoundError && /is not an executable file/.test(e.message),
    );
  });
});

describe("timeLanguageHostStart", () => {
  let dir: string;
  before(async () => {
    dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "language-host-start-"));
    await fs.promises.writeFile(
      path.join(dir, "serves"),
      "#!/bin/sh\nsleep 0.2\necho 40123\nexec sleep 30\n",
      {
        mode: 0o755,
      },
    );
    await fs.promises.writeFile(path.join(dir, "dies"), "#!/bin/sh\necho nope >&2\nexit 2\n", {
      mode: 0o755,
    });
  });
  after(() => fs.promises.rm(dir, { recursive: true, force: true }));

  test("spawn to the printed port, once per run; the host is stopped after", async () => {
    const started = Date.now();
    const s = await timeLanguageHostStart(
      { path: path.join(dir, "serves"), from: "PATH", testDouble: true },
      2,
    );
    assert.equal(s.runs, 2);
    assert.ok(s.min >= 200, `start ${s.min} ms is shorter than the host's 0.2 s`);
    assert.ok(Date.now() - started < 10_000, "waited for the host to exit instead of stopping it");
  });

  test("a host that exits without serving is an error with its stderr", async () => {
    await assert.rejects(
      timeLanguageHostStart({ path: path.join(dir, "dies"), from: "PATH", testDouble: true }, 1),
      /exited \(2\) before serving\s+nope/,
    );
  });
});
