/**
 * Runs the native plugin (`dist/provider/native/bin.js`) as the engine does (its stdout's first line is the
 * port) and talks to it over gRPC, one RPC at a time, without the Pulumi CLI.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import { REPO_ROOT } from "../host/host-client";

const PULUMI_DIR = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [REPO_ROOT] }));
const fromPulumi = (id: string) => require(require.resolve(id, { paths: [PULUMI_DIR] }));
const grpc = fromPulumi("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
const providerGrpc = require(path.join(PULUMI_DIR, "proto", "provider_grpc_pb")) as any;
const providerPb = require(path.join(PULUMI_DIR, "proto", "provider_pb")) as any;
const pluginPb = require(path.join(PULUMI_DIR, "proto", "plugin_pb")) as any;
const structPb = fromPulumi("google-protobuf/google/protobuf/struct_pb") as any;
const emptyPb = fromPulumi("google-protobuf/google/protobuf/empty_pb") as any;

export const PLUGIN_ENTRY = path.join(REPO_ROOT, "dist", "provider", "native", "bin.js");
export const RESOURCE_TYPE = "dts:index:SynchronizationObjectModification";

export function nativeUrn(name: string, project = "proj", stack = "dev"): string {
  return `urn:pulumi:${stack}::${project}::${RESOURCE_TYPE}::${name}`;
}

/** A running plugin process and a client. */
export class NativePlugin {
  readonly stderr: string[] = [];

  private constructor(
    private readonly child: ChildProcess,
    private readonly client: any,
  ) {}

  /** `command`: the executable and its leading arguments (default: this Node running the built plugin entry). */
  static async start(args: string[] = [], env: Record<string, string> = {}, command: string[] = [process.execPath, PLUGIN_ENTRY]): Promise<NativePlugin> {
    const clean: Record<string, string | undefined> = { ...process.env, ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true", ...env };
    for (const key of Object.keys(clean)) if (/^(ALIBABA_CLOUD_ACCESS|ALICLOUD_)/.test(key)) delete clean[key];
    const child = spawn(command[0]!, [...command.slice(1), ...args], { env: clean as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
    const stderr: string[] = [];
    child.stderr!.on("data", (d: Buffer) => stderr.push(...d.toString("utf8").split("\n").filter(Boolean)));
    const port = await new Promise<number>((resolve, reject) => {
      let out = "";
      const timer = setTimeout(() => reject(new Error(`no port within 30 s; stderr:\n${stderr.join("\n")}`)), 30_000);
      child.stdout!.on("data", (d: Buffer) => {
        out += d.toString("utf8");
        const m = /^(\d+)\n/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      child.on("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`the plugin exited (${code}) before printing its port; stderr:\n${stderr.join("\n")}`));
      });
    });
    const plugin = new NativePlugin(child, new providerGrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure()));
    plugin.stderr.push(...stderr);
    child.stderr!.removeAllListeners("data");
    child.stderr!.on("data", (d: Buffer) => plugin.stderr.push(...d.toString("utf8").split("\n").filter(Boolean)));
    return plugin;
  }

  /** The plugin's process id (bench/plugin-start.ts reads its memory). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  private call<T>(method: string, request: unknown): Promise<T> {
    return new Promise((resolve, reject) => {
      this.client[method](request, new grpc.Metadata(), { deadline: new Date(Date.now() + 60_000) }, (err: any, resp: T) => {
        if (err) reject(Object.assign(new Error(`${method}: ${err.details ?? err.message}`), { code: err.code, metadata: err.metadata }));
        else resolve(resp);
      });
    });
  }

  /** `Configure` with `args` (keys without namespace) and/or the deprecated `variables` (`dts:config:<key>`). */
  async configure(args?: Record<string, unknown>, variables: Record<string, string> = {}): Promise<void> {
    const req = new providerPb.ConfigureRequest();
    if (args) req.setArgs(structPb.Struct.fromJavaScript(args));
    for (const [k, v] of Object.entries(variables)) req.getVariablesMap().set(k, v);
    req.setAcceptsecrets(true);
    await this.call("configure", req);
  }

  async getSchema(): Promise<any> {
    const req = new providerPb.GetSchemaRequest();
    const resp = await this.call<any>("getSchema", req);
    return JSON.parse(resp.getSchema());
  }

  async version(): Promise<string> {
    const resp = await this.call<any>("getPluginInfo", new emptyPb.Empty());
    return resp.getVersion();
  }

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

  async create(urn: string, properties: Record<string, unknown>): Promise<{ id: string; properties: Record<string, any> }> {
    const req = new providerPb.CreateRequest();
    req.setUrn(urn);
    req.setProperties(structPb.Struct.fromJavaScript(properties));
    const resp = await this.call<any>("create", req);
    return { id: resp.getId(), properties: resp.getProperties()?.toJavaScript() ?? {} };
  }

  async stop(): Promise<void> {
    this.client.close();
    if (this.child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      this.child.once("exit", () => resolve());
      this.child.kill("SIGTERM");
    });
  }
}

export { pluginPb };
