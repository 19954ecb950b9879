/**
 * Smoke test of the engine harness itself, independent of the lab's program: a one-resource
 * TypeScript program with a dynamic provider that talks over HTTP to a server in this test process
 * runs through preview / up / up (no changes) / destroy on the real CLI with the file backend.
 * It proves that the CLI, the dynamic-provider shim from @pulumi/pulumi, provider serialization and
 * secret handling work before the lab's own engine test runs.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { EngineStack, engineSuite } from "../support/engineHarness";

const SECRET = "smoke-secret-Zq81xVb3";

interface NoteInputs {
  baseUrl: string;
  text: string;
  secret: string;
}

/** Stores a note on the test's HTTP server; plain values only, packages required inside. */
const noteProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: NoteInputs) {
    const res = await fetch(`${inputs.baseUrl}/notes`, {
      method: "POST",
      body: JSON.stringify({ text: inputs.text, secret: inputs.secret }),
    });
    const body = (await res.json()) as { id: string };
    return { id: body.id, outs: { ...inputs, noteId: body.id } };
  },
  async delete(id: string, outs: NoteInputs) {
    await fetch(`${outs.baseUrl}/notes/${id}`, { method: "DELETE" });
  },
};

class Note extends pulumi.dynamic.Resource {
  declare readonly noteId: pulumi.Output<string>;
  constructor(
    name: string,
    args: {
      baseUrl: pulumi.Input<string>;
      text: pulumi.Input<string>;
      secret: pulumi.Input<string>;
    },
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(
      noteProvider,
      name,
      { ...args, noteId: undefined },
      { ...opts, additionalSecretOutputs: ["secret"] },
    );
  }
}

engineSuite("dynamic provider smoke", () => {
  describe("dynamic provider smoke (real engine)", () => {
    const notes = new Map<string, { text: string; secret: string }>();
    const methods: string[] = [];
    let server: http.Server;
    let baseUrl = "";
    let engine: EngineStack;
    let projectDir = "";

    before(async () => {
      server = http.createServer((req, res) => {
        methods.push(req.method ?? "");
        let body = "";
        req.on("data", (c: Buffer) => (body += c.toString()));
        req.on("end", () => {
          if (req.method === "POST" && req.url === "/notes") {
            const id = `note-${notes.size + 1}`;
            notes.set(id, JSON.parse(body) as { text: string; secret: string });
            res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ id }));
          } else if (req.method === "DELETE" && req.url?.startsWith("/notes/")) {
            notes.delete(req.url.slice("/notes/".length));
            res.writeHead(204).end();
          } else {
            res.writeHead(404).end();
          }
        });
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

      projectDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "kong-jwt-lab-smoke-project-"));
      const projectFile = path.join(projectDir, "Pulumi.yaml");
      await fs.promises.writeFile(projectFile, "name: kong-jwt-lab\nruntime: nodejs\n");
      engine = await EngineStack.create({
        stackName: "smoke",
        projectFile,
        program: async () => {
          const config = new pulumi.Config("kong-jwt-lab");
          const note = new Note("note", {
            baseUrl,
            text: "hello",
            secret: config.requireSecret("noteSecret"),
          });
          return { noteId: note.noteId };
        },
        config: { "kong-jwt-lab:noteSecret": { value: SECRET, secret: true } },
      });
    });

    after(async () => {
      await engine?.dispose();
      await fs.promises.rm(projectDir, { recursive: true, force: true });
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    test("preview shows the create and writes nothing", async () => {
      const result = await engine.preview();
      assert.equal(result.changeSummary.create, 2); // the stack and the note
      assert.deepEqual(methods, []);
    });

    test("up creates the note through the dynamic provider", async () => {
      const result = await engine.up();
      assert.equal(result.summary.result, "succeeded");
      assert.equal(result.outputs.noteId.value, "note-1");
      assert.deepEqual([...notes.values()], [{ text: "hello", secret: SECRET }]);
    });

    test("a second up changes nothing", async () => {
      methods.length = 0;
      const result = await engine.up();
      assert.deepEqual(result.summary.resourceChanges, { same: 2 });
      assert.deepEqual(methods, []);
    });

    test("the exported state holds the secret only as ciphertext", async () => {
      const state = await engine.exportState();
      assert.match(state, /"ciphertext"/);
      assert.equal(state.includes(SECRET), false, "plaintext secret in `pulumi stack export`");
      // the decrypted view finds the secret, so the generic scan of the lab test sees real values
      const secrets = await engine.secretPlaintexts();
      assert.ok(secrets.includes(SECRET), `secret values found: ${secrets.length}`);
      for (const value of secrets) assert.equal(state.includes(value), false);
    });

    test("destroy deletes the note, and no CLI output showed the secret", async () => {
      const result = await engine.destroy();
      assert.equal(result.summary.resourceChanges?.delete, 2);
      assert.equal(notes.size, 0);
      assert.ok(engine.transcriptText().length > 0);
      assert.equal(
        engine.transcriptText().includes(SECRET),
        false,
        "plaintext secret in CLI output",
      );
    });
  });
});
