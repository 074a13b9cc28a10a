/**
 * Drives the real Pulumi dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`) over gRPC, without the
 * Pulumi CLI: what the engine does, one RPC at a time (research notes §6). Reusable by the e2e and bench tests.
 *
 * @example
 * ```ts
 * const fixture = await createProgramDir();                    // a dir whose node_modules resolves the package
 * const host = await DynamicProviderHost.start({ cwd: fixture.dir });
 * await host.configure({ "dts:accessKeyId": id, "dts:accessKeySecret": secretValue(secret) });
 * const providerText = await serializeProvider(require(`${REPO_ROOT}/dist/provider`).getProvider());
 * const { inputs } = await host.check(urnFor("objs"), {}, { ...userInputs, __provider: providerText });
 * const { id, properties } = await host.create(urnFor("objs"), inputs);
 * await host.stop();
 * ```
 */
import { spawn, type ChildProcess } from "node:child_process";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** The repository root (where package.json lives). */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

const PULUMI_DIR = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [REPO_ROOT] }));
/** The host entry point shipped in the npm package. */
export const HOST_SCRIPT = path.join(PULUMI_DIR, "cmd", "dynamic-provider", "index.js");

// The stubs and the protobuf runtime exactly as @pulumi/pulumi resolves them (one copy of each class).
const fromPulumi = (id: string) => require(require.resolve(id, { paths: [PULUMI_DIR] }));
const grpc = fromPulumi("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
const providerGrpc = require(path.join(PULUMI_DIR, "proto", "provider_grpc_pb")) as any;
const providerPb = require(path.join(PULUMI_DIR, "proto", "provider_pb")) as any;
const statusPb = require(path.join(PULUMI_DIR, "proto", "status_pb")) as any;
const structPb = fromPulumi("google-protobuf/google/protobuf/struct_pb") as any;
const emptyPb = fromPulumi("google-protobuf/google/protobuf/empty_pb") as any;

/** The marker the engine wraps secret config values in (the host unwraps it before `configure`). */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** A secret value as the engine sends it in `Configure` args. */
export function secretValue(value: string): Record<string, string> {
  return { "4dabf18193072939515e22adb298388d": SECRET_SIG, value };
}

/** A well-formed URN for a dynamic resource. */
export function urnFor(name: string, type = "pulumi-nodejs:dynamic/dts:SynchronizationObjectModification", project = "proj", stack = "dev"): string {
  return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

/** Serializes a provider object exactly as `dynamic.Resource` does (the `__provider` string). */
export async function serializeProvider(provider: object, pulumiModule?: typeof import("@pulumi/pulumi")): Promise<string> {
  const pulumi = pulumiModule ?? (require(PULUMI_DIR) as typeof import("@pulumi/pulumi"));
  return (await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true })).text;
}

/** `ErrorResourceInitFailed` decoded from `grpc-status-details-bin` (a partial failure). */
export interface InitFailure {
  id: string;
  properties: Record<string, any>;
  reasons: string[];
}

/** A failed RPC: the gRPC code and message, and the partial-failure details when the host sent them. */
export class HostCallError extends Error {
  constructor(
    message: string,
    readonly code: number,
    readonly details: string,
    readonly initFailed?: InitFailure,
  ) {
    super(message);
    this.name = "HostCallError";
  }
}

function decodeInitFailure(metadata: any): InitFailure | undefined {
  const raw = metadata?.get?.("grpc-status-details-bin")?.[0];
  if (!raw) return undefined;
  const status = statusPb.Status.deserializeBinary(new Uint8Array(raw));
  for (const any of status.getDetailsList()) {
    if (any.getTypeName() !== "pulumirpc.ErrorResourceInitFailed") continue;
    const detail = providerPb.ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
    return { id: detail.getId(), properties: detail.getProperties()?.toJavaScript() ?? {}, reasons: detail.getReasonsList() };
  }
  return undefined;
}

/** Options of {@link DynamicProviderHost.start}. */
export interface HostOptions {
  /** The program directory: where the serialized provider's `require("pulumi-dts-objects")` resolves. */
  cwd: string;
  /** Extra environment (merged over a copy of process.env without Alibaba Cloud keys). */
  env?: Record<string, string | undefined>;
  /** Project name the host uses for keys without a namespace. @default "proj" */
  project?: string;
  /** Deadline of each RPC, ms. @default 120000 */
  callTimeoutMs?: number;
  /** Called with each stderr line as it arrives. */
  onStderr?: (line: string) => void;
  /** The engine address given to the host (its argument), e.g. a {@link ../dynamic/engine-log-server}. @default "127.0.0.1:0" */
  engineAddress?: string;
}

/** The result of `Diff`. */
export interface DiffOutcome {
  changes: "DIFF_UNKNOWN" | "DIFF_NONE" | "DIFF_SOME";
  replaces: string[];
  deleteBeforeReplace: boolean;
}

const DIFF_NAMES = ["DIFF_UNKNOWN", "DIFF_NONE", "DIFF_SOME"] as const;

/** A running dynamic-provider host process and a gRPC client to it. */
export class DynamicProviderHost {
  /** Every stderr line so far (provider progress, host errors). */
  readonly stderr: string[] = [];
  /** Every stdout line after the port line. */
  readonly stdout: string[] = [];
  private exited?: { code: number | null; signal: NodeJS.Signals | null };

  private constructor(
    private readonly child: ChildProcess,
    private readonly client: any,
    readonly port: number,
    private readonly callTimeoutMs: number,
  ) {}

  /** Spawns the host (as the engine does: one argument, cwd = program dir) and connects. */
  static async start(opts: HostOptions): Promise<DynamicProviderHost> {
    const env: Record<string, string | undefined> = { ...process.env };
    for (const key of Object.keys(env)) if (/^(ALIBABA_CLOUD|ALICLOUD)_/.test(key)) delete env[key];
    Object.assign(env, {
      PULUMI_NODEJS_PROJECT: opts.project ?? "proj",
      PULUMI_PROJECT: opts.project ?? "proj",
      ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true",
      ...opts.env,
    });
    const child = spawn(process.execPath, [HOST_SCRIPT, opts.engineAddress ?? "127.0.0.1:0"], {
      cwd: opts.cwd,
      env: env as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const stderr: string[] = [];
    const stdout: string[] = [];
    let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    const lineReader = (sink: string[], onLine?: (l: string) => void) => {
      let buffer = "";
      return (chunk: Buffer) => {
        buffer += chunk.toString("utf8");
        for (let i = buffer.indexOf("\n"); i >= 0; i = buffer.indexOf("\n")) {
          const line = buffer.slice(0, i);
          buffer = buffer.slice(i + 1);
          sink.push(line);
          onLine?.(line);
        }
      };
    };
    child.stderr!.on("data", lineReader(stderr, opts.onStderr));
    const port = await new Promise<number>((resolve, reject) => {
      const onOut = lineReader(stdout);
      const timer = setTimeout(() => reject(new Error(`the host printed no port within 30 s; stderr:\n${stderr.join("\n")}`)), 30_000);
      child.stdout!.on("data", (chunk: Buffer) => {
        onOut(chunk);
        if (stdout.length > 0 && /^\d+$/.test(stdout[0]!)) {
          clearTimeout(timer);
          resolve(Number(stdout[0]));
        }
      });
      child.on("exit", (code, signal) => {
        exited = { code, signal };
        clearTimeout(timer);
        reject(new Error(`the host exited (${code ?? signal}) before printing its port; stderr:\n${stderr.join("\n")}`));
      });
    });
    const client = new providerGrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const host = new DynamicProviderHost(child, client, port, opts.callTimeoutMs ?? 120_000);
    // Share the line buffers (the port line is not kept).
    host.stderr.push(...stderr);
    stderr.length = 0;
    child.stderr!.removeAllListeners("data");
    child.stderr!.on("data", lineReader(host.stderr, opts.onStderr));
    child.stdout!.removeAllListeners("data");
    child.stdout!.on("data", lineReader(host.stdout));
    child.on("exit", (code, signal) => {
      host.exited = { code, signal };
    });
    if (exited) host.exited = exited;
    return host;
  }

  /** The exit status, once the process ended. */
  get exitStatus(): { code: number | null; signal: NodeJS.Signals | null } | undefined {
    return this.exited;
  }

  /** The host process's pid (e.g. to sample its memory from `/proc`); set once {@link start} resolved. */
  get pid(): number {
    return this.child.pid!;
  }

  /**
   * Sends `signal` to the host process, without closing the client or waiting for a graceful end (for fault
   * tests; use {@link stop} to shut down), and resolves with the exit status once the process ended. Resolves at
   * once when it had already ended; rejects when the signal could not be sent.
   */
  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.exited) return Promise.resolve(this.exited);
    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      this.child.once("exit", (code, sig) => resolve({ code, signal: sig })),
    );
    if (!this.child.kill(signal)) return Promise.reject(new Error(`could not send ${signal} to the host (pid ${this.child.pid})`));
    return exit;
  }

  private call<T>(method: string, request: unknown): Promise<T> {
    return new Promise((resolve, reject) => {
      const deadline = new Date(Date.now() + this.callTimeoutMs);
      this.client[method](request, new grpc.Metadata(), { deadline }, (err: any, response: T) => {
        if (err) {
          const initFailed = decodeInitFailure(err.metadata);
          reject(new HostCallError(`${method}: ${err.details ?? err.message}`, err.code, err.details ?? err.message, initFailed));
        } else resolve(response);
      });
    });
  }

  /** `Configure` with the stack config (`ns:key` -> value; wrap secrets with {@link secretValue}). */
  async configure(config: Record<string, unknown>): Promise<{ acceptSecrets: boolean; supportsPreview: boolean }> {
    const req = new providerPb.ConfigureRequest();
    req.setArgs(structPb.Struct.fromJavaScript(config));
    const resp = await this.call<any>("configure", req);
    return { acceptSecrets: resp.getAcceptsecrets(), supportsPreview: resp.getSupportspreview() };
  }

  /** `Check`: returns the checked inputs and the failures. */
  async check(
    urn: string,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
  ): Promise<{ inputs: Record<string, any>; failures: { property: string; reason: string }[] }> {
    const req = new providerPb.CheckRequest();
    req.setUrn(urn);
    req.setOlds(structPb.Struct.fromJavaScript(olds));
    req.setNews(structPb.Struct.fromJavaScript(news));
    const resp = await this.call<any>("check", req);
    return {
      inputs: resp.getInputs()?.toJavaScript() ?? {},
      failures: resp.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  /** `Diff` (olds = stored outputs, news = checked inputs). */
  async diff(id: string, urn: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<DiffOutcome> {
    const req = new providerPb.DiffRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setOlds(structPb.Struct.fromJavaScript(olds));
    req.setNews(structPb.Struct.fromJavaScript(news));
    const resp = await this.call<any>("diff", req);
    return { changes: DIFF_NAMES[resp.getChanges()] ?? "DIFF_UNKNOWN", replaces: resp.getReplacesList(), deleteBeforeReplace: resp.getDeletebeforereplace() };
  }

  /** `Create`: the properties must hold the checked inputs and `__provider`; `timeoutSeconds`: the request's `timeout` (customTimeouts). */
  async create(urn: string, properties: Record<string, unknown>, timeoutSeconds = 0): Promise<{ id: string; properties: Record<string, any> }> {
    const req = new providerPb.CreateRequest();
    req.setUrn(urn);
    req.setTimeout(timeoutSeconds);
    req.setProperties(structPb.Struct.fromJavaScript(properties));
    const resp = await this.call<any>("create", req);
    return { id: resp.getId(), properties: resp.getProperties()?.toJavaScript() ?? {} };
  }

  /** `Read` (refresh) with the stored outputs. */
  async read(
    id: string,
    urn: string,
    properties: Record<string, unknown>,
  ): Promise<{ id: string; properties: Record<string, any>; inputs?: Record<string, any> }> {
    const req = new providerPb.ReadRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setProperties(structPb.Struct.fromJavaScript(properties));
    const resp = await this.call<any>("read", req);
    const inputs = resp.getInputs()?.toJavaScript();
    return { id: resp.getId(), properties: resp.getProperties()?.toJavaScript() ?? {}, ...(inputs ? { inputs } : {}) };
  }

  /** `Update` (olds = stored outputs, news = checked inputs with `__provider`). */
  async update(
    id: string,
    urn: string,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
    timeoutSeconds = 0,
  ): Promise<{ properties: Record<string, any> }> {
    const req = new providerPb.UpdateRequest();
    req.setTimeout(timeoutSeconds);
    req.setId(id);
    req.setUrn(urn);
    req.setOlds(structPb.Struct.fromJavaScript(olds));
    req.setNews(structPb.Struct.fromJavaScript(news));
    const resp = await this.call<any>("update", req);
    return { properties: resp.getProperties()?.toJavaScript() ?? {} };
  }

  /** `Delete` with the stored outputs. */
  async delete(id: string, urn: string, properties: Record<string, unknown>): Promise<void> {
    const req = new providerPb.DeleteRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setProperties(structPb.Struct.fromJavaScript(properties));
    await this.call<unknown>("delete", req);
  }

  /** `Cancel` (the host's own handler ignores it; the package's seam ends its waits). */
  async cancel(): Promise<void> {
    await this.call<unknown>("cancel", new emptyPb.Empty());
  }

  /** Closes the client and ends the process (SIGTERM, then SIGKILL after 5 s). */
  async stop(): Promise<void> {
    this.client.close();
    if (this.exited) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.child.kill("SIGKILL"), 5_000);
      this.child.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      this.child.kill("SIGTERM");
    });
  }
}

/** A program directory whose `node_modules/pulumi-dts-objects` is a symlink to this repository. */
export interface ProgramDir {
  dir: string;
  cleanup(): Promise<void>;
}

/**
 * The `HostCallError` a host RPC fails with (for tests of failures). Any other rejection is rethrown, and a call that
 * succeeds is an error: either way the calling test fails.
 */
export async function hostError(call: Promise<unknown>): Promise<HostCallError> {
  try {
    await call;
  } catch (e) {
    if (e instanceof HostCallError) return e;
    throw e;
  }
  throw new Error("expected the RPC to fail");
}

/**
 * Creates a temporary program directory that resolves `pulumi-dts-objects` (to this repository, i.e. its `dist/`),
 * as a user's project resolves the installed package. The host's `require` resolves from its cwd, so point the
 * host at this directory.
 */
export async function createProgramDir(prefix = "dts-objects-host-"): Promise<ProgramDir> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  await fs.mkdir(path.join(dir, "node_modules"), { recursive: true });
  await fs.symlink(REPO_ROOT, path.join(dir, "node_modules", "pulumi-dts-objects"), "dir");
  await fs.writeFile(path.join(dir, "package.json"), JSON.stringify({ name: "host-test-program", private: true, dependencies: { "pulumi-dts-objects": "*" } }));
  return { dir, cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
}
