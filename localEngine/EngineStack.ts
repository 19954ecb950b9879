/**
 * One stack of a Pulumi program run through the real Pulumi CLI and engine with the Automation
 * API, isolated from the user's Pulumi setup and from the repo:
 *
 * - local file backend in a temp dir (PULUMI_BACKEND_URL=file://...), passphrase secrets,
 *   throw-away PULUMI_HOME, no update check, no automatic plugin downloads;
 * - a temp work dir holding a copy of the repo's Pulumi.yaml (so its declared config keys and
 *   defaults apply) and the stack's config file: no Pulumi.<stack>.yaml is ever written to the repo;
 * - the program runs inline in the calling process (the Automation API serves the language runtime
 *   and the CLI connects to it). Every CLI call is an async child process: the event loop stays
 *   free while the engine works;
 * - every line the CLI prints (stdout and stderr of every command) is kept in `transcript`.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as automation from "@pulumi/pulumi/automation";
import { REPO_ROOT } from "./freshProgram";

/** How Pulumi's state marks a secret value: {[SIG_KEY]: SECRET_SIG, ciphertext | plaintext}. */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export interface EngineStackOptions {
  /** Stack name (default "engine"). */
  readonly stackName?: string;
  readonly program: automation.PulumiFn;
  /** Project file to copy into the work dir (default: the repo's Pulumi.yaml). */
  readonly projectFile?: string;
  /** Stack config, keys fully qualified ("kong-jwt-lab:jwtSecret"). */
  readonly config?: Record<string, automation.ConfigValue>;
}

interface CommonOpts {
  onOutput?: (out: string) => void;
  onError?: (err: string) => void;
  color?: "always" | "never" | "raw" | "auto";
}

/** One stack on a throw-away local backend; `dispose()` removes every temp file. */
export class EngineStack {
  /** Everything the CLI printed during this stack's life, in order (stdout and stderr). */
  readonly transcript: string[] = [];

  private constructor(
    readonly stack: automation.Stack,
    readonly rootDir: string,
    readonly workDir: string,
    readonly env: Record<string, string>,
  ) {}

  static async create(opts: EngineStackOptions): Promise<EngineStack> {
    const rootDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "kong-jwt-lab-engine-"));
    const workDir = path.join(rootDir, "work");
    const stateDir = path.join(rootDir, "state");
    const homeDir = path.join(rootDir, "pulumi-home");
    await Promise.all([workDir, stateDir, homeDir].map((d) => fs.promises.mkdir(d)));
    await fs.promises.copyFile(
      opts.projectFile ?? path.join(REPO_ROOT, "Pulumi.yaml"),
      path.join(workDir, "Pulumi.yaml"),
    );
    // Plugins start in the work dir: the dynamic-provider shim and the serialized providers
    // resolve @pulumi/pulumi, axios etc. from the repo's node_modules through this link.
    await fs.promises.symlink(
      path.join(REPO_ROOT, "node_modules"),
      path.join(workDir, "node_modules"),
      "dir",
    );

    const env: Record<string, string> = {
      PULUMI_BACKEND_URL: `file://${stateDir}`,
      PULUMI_CONFIG_PASSPHRASE: `engine-test-passphrase-${path.basename(rootDir)}`,
      PULUMI_HOME: homeDir,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_SKIP_CONFIRMATIONS: "true",
    };
    try {
      const stack = await automation.LocalWorkspace.createOrSelectStack(
        {
          stackName: opts.stackName ?? "engine",
          projectName: "kong-jwt-lab",
          program: opts.program,
        },
        { workDir, envVars: env },
      );
      const engine = new EngineStack(stack, rootDir, workDir, env);
      if (opts.config) await engine.setConfig(opts.config);
      return engine;
    } catch (err) {
      await fs.promises.rm(rootDir, { recursive: true, force: true });
      throw err;
    }
  }

  get stackName(): string {
    return this.stack.name;
  }

  /** Sets config values (secrets encrypted with the passphrase into the temp stack file). */
  async setConfig(config: Record<string, automation.ConfigValue>): Promise<void> {
    await this.stack.setAllConfig(config);
  }

  private capture<T extends CommonOpts>(opts?: T): T {
    return {
      ...(opts ?? ({} as T)),
      color: "never",
      onOutput: (out: string) => this.transcript.push(out),
      onError: (err: string) => this.transcript.push(err),
    };
  }

  /** Runs an Automation API call, keeping a failure's stdout/stderr in the transcript too. */
  private async recorded<R>(label: string, run: () => Promise<R>): Promise<R> {
    this.transcript.push(`\n### ${label}\n`);
    try {
      return await run();
    } catch (err) {
      this.transcript.push(String(err instanceof Error ? err.message : err));
      throw err;
    }
  }

  preview(opts?: automation.PreviewOptions): Promise<automation.PreviewResult> {
    return this.recorded("preview", () => this.stack.preview(this.capture(opts)));
  }

  up(opts?: automation.UpOptions): Promise<automation.UpResult> {
    return this.recorded("up", () => this.stack.up(this.capture(opts)));
  }

  refresh(opts?: automation.RefreshOptions): Promise<automation.RefreshResult> {
    return this.recorded("refresh", () => this.stack.refresh(this.capture(opts)));
  }

  destroy(opts?: automation.DestroyOptions): Promise<automation.DestroyResult> {
    return this.recorded("destroy", () => this.stack.destroy(this.capture(opts)));
  }

  /**
   * `pulumi stack export` WITHOUT --show-secrets, run as the user would (the Automation API's
   * exportStack() decrypts secrets, so it cannot tell what the state really holds).
   */
  async exportState(): Promise<string> {
    const { stdout, stderr } = await this.cli(["stack", "export", "--stack", this.stackName]);
    this.transcript.push(stderr);
    return stdout;
  }

  /**
   * Every string the state holds as a secret, decrypted (`pulumi stack export --show-secrets`,
   * kept out of the transcript): the values no plain export and no CLI output may contain.
   * Strings shorter than `minLength` are left out (e.g. "{}", "" defaults of secret config keys).
   */
  async secretPlaintexts(minLength = 8): Promise<string[]> {
    const { stdout } = await this.cli(
      ["stack", "export", "--show-secrets", "--stack", this.stackName],
      {
        record: false,
      },
    );
    const found = new Set<string>();
    const collect = (plaintext: unknown): void => {
      if (typeof plaintext === "string") {
        if (plaintext.length >= minLength) found.add(plaintext);
      } else if (Array.isArray(plaintext)) {
        plaintext.forEach(collect);
      } else if (plaintext && typeof plaintext === "object") {
        Object.values(plaintext).forEach(collect);
      }
    };
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) {
        node.forEach(walk);
      } else if (node && typeof node === "object") {
        const record = node as Record<string, unknown>;
        if (record[SIG_KEY] === SECRET_SIG && "plaintext" in record) {
          // plaintext is the JSON text of the secret value
          collect(JSON.parse(String(record.plaintext)));
          return;
        }
        Object.values(record).forEach(walk);
      }
    };
    walk(JSON.parse(stdout));
    return [...found];
  }

  /** Runs the CLI asynchronously in the work dir with this stack's environment. */
  cli(
    args: string[],
    opts: { record?: boolean } = {},
  ): Promise<{ stdout: string; stderr: string }> {
    const record = opts.record ?? true;
    return new Promise((resolve, reject) => {
      execFile(
        "pulumi",
        [...args, "--non-interactive"],
        {
          cwd: this.workDir,
          env: { ...process.env, ...this.env },
          maxBuffer: 64 * 1024 * 1024,
          timeout: 120_000,
        },
        (error, stdout, stderr) => {
          if (error) {
            if (record) this.transcript.push(stdout, stderr);
            reject(
              new Error(
                `pulumi ${args.join(" ")} failed (exit ${String(error.code)})${record ? `\n${stderr}` : ""}`,
              ),
            );
          } else {
            resolve({ stdout, stderr });
          }
        },
      );
    });
  }

  /** The whole CLI output so far as one string. */
  transcriptText(): string {
    return this.transcript.join("");
  }

  /** Removes the stack from the temp backend and deletes every temp file. */
  async dispose(): Promise<void> {
    try {
      await this.stack.workspace.removeStack(this.stackName, { force: true });
    } catch {
      // the temp backend goes away below anyway
    }
    await fs.promises.rm(this.rootDir, { recursive: true, force: true });
  }
}
