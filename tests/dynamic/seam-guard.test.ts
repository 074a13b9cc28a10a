/**
 * Guard of provider/shared/dynamic-host (the seam of the dynamic-provider host), on every @pulumi/pulumi version of
 * the runtime matrix (scripts/matrix.json: the Node-20 pin and the newest), each with the @grpc/grpc-js it resolves.
 * Fails loudly when:
 * - grpc-js stops looking a handler up per call through `Server.prototype._retrieveHandler(path)` or changes the
 *   handler's shape (a real grpc-js server and client, in process, with the version's own ResourceProvider service);
 * - the host moves (its entry point is how the package knows it runs inside it) or stops being the reason for the seam
 *   (when it starts handing over Cancel or the URN itself, the seam should give way to it);
 * - the engine's Log protocol the private connection uses changes.
 * A version other than the repository's own is installed from the registry into a cache directory (npm, offline
 * first), as the matrix does.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { currentUrn } from "../../provider/shared/urn-context";
import { cancellationSignal, operationTimeoutSeconds, resetCancellation } from "../../provider/shared/operation";
import { dynamicHostPulumiDir, degradedLine } from "../../provider/shared/dynamic-host";
import { installSeam, wrapHandler } from "../../provider/shared/dynamic-host/seam";

jest.setTimeout(600_000);

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const matrix = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "scripts", "matrix.json"), "utf8")) as { pulumi: Record<string, string> };
const VERSIONS = [...new Set(Object.values(matrix.pulumi))];
const repoPulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [REPO_ROOT] }));

/** The directory of @pulumi/pulumi `version`: the repository's own, or an install in a cache directory. */
function pulumiDirOf(version: string): string {
  if (JSON.parse(fs.readFileSync(path.join(repoPulumiDir, "package.json"), "utf8")).version === version) return repoPulumiDir;
  const dir = path.join(os.tmpdir(), "pulumi-dts-objects-seam-guard", version);
  const installed = path.join(dir, "node_modules", "@pulumi", "pulumi");
  const ok = () =>
    fs.existsSync(path.join(installed, "package.json")) && JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8")).version === version;
  if (!ok()) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "seam-guard", private: true }));
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", `@pulumi/pulumi@${version}`], {
      cwd: dir,
      stdio: "pipe",
      timeout: 540_000,
    });
  }
  if (!ok()) throw new Error(`@pulumi/pulumi ${version} is not installed in ${dir}`);
  return installed;
}

test("the matrix covers the repository's own @pulumi/pulumi and a newer one", () => {
  expect(VERSIONS.length).toBeGreaterThanOrEqual(2);
  expect(VERSIONS).toContain(JSON.parse(fs.readFileSync(path.join(repoPulumiDir, "package.json"), "utf8")).version);
});

describe.each(VERSIONS)("@pulumi/pulumi %s", (version) => {
  let pulumiDir: string;
  let grpc: any;
  let providerGrpc: any;
  let providerPb: any;
  let emptyPb: any;

  beforeAll(() => {
    pulumiDir = pulumiDirOf(version);
    grpc = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] }));
    providerGrpc = require(path.join(pulumiDir, "proto", "provider_grpc_pb"));
    providerPb = require(path.join(pulumiDir, "proto", "provider_pb"));
    emptyPb = require(require.resolve("google-protobuf/google/protobuf/empty_pb", { paths: [pulumiDir] }));
  });

  afterEach(() => resetCancellation());

  test("the host is where the package looks for it, and it still hands over neither Cancel nor the URN", () => {
    const entry = path.join(pulumiDir, "cmd", "dynamic-provider", "index.js");
    expect(dynamicHostPulumiDir(entry)).toBe(pulumiDir);
    const host = fs.readFileSync(entry, "utf8");
    // When one of these fails, the SDK changed the host: see provider/shared/dynamic-host/index.ts.
    expect(host).toMatch(/cancel\(call, callback\) \{\s*callback\(undefined, new emptyproto\.Empty\(\)\);\s*\}/);
    expect(host).toMatch(/server\.addService\(provrpc\.ResourceProviderService, resourceProvider\)/);
    expect(host).not.toMatch(/getUrn\(\)|getTimeout\(\)/);
    // The host's engine address is its argument: the package connects its own Log client to it.
    expect(host).toMatch(/main\(process\.argv\.slice\(2\)\)/);
  });

  test("the engine's Log protocol has what the private connection sends", () => {
    const engineGrpc = require(path.join(pulumiDir, "proto", "engine_grpc_pb"));
    const engineProto = require(path.join(pulumiDir, "proto", "engine_pb"));
    expect(typeof engineGrpc.EngineClient).toBe("function");
    expect(typeof engineGrpc.EngineClient.prototype.log).toBe("function");
    const request = new engineProto.LogRequest();
    for (const setter of ["setSeverity", "setMessage", "setUrn", "setStreamid", "setEphemeral"]) expect(typeof request[setter]).toBe("function");
    expect(engineProto.LogSeverity.INFO).toBe(1);
  });

  test("grpc-js looks each call's handler up through _retrieveHandler: the wrapped server sees URN, timeout and Cancel", async () => {
    expect(typeof grpc.Server.prototype._retrieveHandler).toBe("function");
    const seen: Record<string, unknown>[] = [];
    let cancels = 0;
    const server = new grpc.Server();
    const record = (method: string) => (call: any, callback: any) => {
      seen.push({ method, urn: currentUrn(), timeout: operationTimeoutSeconds(), aborted: cancellationSignal().aborted, requestUrn: call.request.getUrn() });
      callback(null, method === "create" ? new providerPb.CreateResponse() : new providerPb.ReadResponse());
    };
    server.addService(providerGrpc.ResourceProviderService, {
      create: record("create"),
      read: record("read"),
      cancel: (_call: any, callback: any) => {
        cancels++;
        callback(null, new emptyPb.Empty());
      },
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e: Error | null, p: number) => (e ? reject(e) : resolve(p))),
    );
    const client = new providerGrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const call = (method: string, request: unknown) =>
      new Promise<void>((resolve, reject) => client[method](request, (e: Error | null) => (e ? reject(e) : resolve())));
    try {
      const before = new providerPb.CreateRequest();
      before.setUrn("urn:pulumi:dev::proj::a::before");
      before.setTimeout(7);
      await call("create", before);
      // Installed after the service was added (as in the host): later calls go through the seam.
      const oddShapes: string[] = [];
      expect(installSeam(grpc, (why) => oddShapes.push(why))).toBeUndefined();
      expect(installSeam(grpc)).toBeUndefined(); // once per copy: a second install changes nothing
      const create = new providerPb.CreateRequest();
      create.setUrn("urn:pulumi:dev::proj::a::objs");
      create.setTimeout(20);
      await call("create", create);
      const read = new providerPb.ReadRequest();
      read.setUrn("urn:pulumi:dev::proj::a::objs");
      await call("read", read);
      await call("cancel", new emptyPb.Empty());
      await call("read", read);
      expect(oddShapes).toEqual([]);
    } finally {
      client.close();
      server.forceShutdown();
    }
    expect(seen).toEqual([
      { method: "create", urn: undefined, timeout: undefined, aborted: false, requestUrn: "urn:pulumi:dev::proj::a::before" },
      { method: "create", urn: "urn:pulumi:dev::proj::a::objs", timeout: 20, aborted: false, requestUrn: "urn:pulumi:dev::proj::a::objs" },
      { method: "read", urn: "urn:pulumi:dev::proj::a::objs", timeout: undefined, aborted: false, requestUrn: "urn:pulumi:dev::proj::a::objs" },
      // Cancel ran the package's cancellation (final for the process), then the host's own handler.
      { method: "read", urn: "urn:pulumi:dev::proj::a::objs", timeout: undefined, aborted: true, requestUrn: "urn:pulumi:dev::proj::a::objs" },
    ]);
    expect(cancels).toBe(1);
  });
});

describe("shapes the seam refuses (the resource then works as before, and says why once)", () => {
  test("no _retrieveHandler, or one with another signature", () => {
    expect(installSeam({ Server: class {} })).toMatch(/no Server\.prototype\._retrieveHandler/);
    expect(
      installSeam({
        Server: class {
          _retrieveHandler(_a: string, _b: string) {}
        },
      }),
    ).toMatch(/takes 2 arguments, not 1/);
    expect(installSeam(undefined)).toMatch(/no Server\.prototype\._retrieveHandler/);
  });

  test("a handler without func, or not unary, is passed through and reported", () => {
    const odd: string[] = [];
    const streaming = { func: () => {}, type: "serverStream" };
    expect(wrapHandler("/pulumirpc.ResourceProvider/Create", streaming, (w) => odd.push(w))).toBe(streaming);
    const other = { func: () => {}, type: "unary" };
    expect(wrapHandler("/pulumirpc.ResourceProvider/Check", other)).toBe(other);
    expect(wrapHandler("/other.Service/Create", other)).toBe(other);
    expect(odd).toEqual(["the handler of /pulumirpc.ResourceProvider/Create is not a unary {func} (type serverStream)"]);
  });

  test("the one line names what is missing and why", () => {
    expect(degradedLine(false, ["x changed"])).toBe(
      "[dts-objects] the dynamic resources run without the engine's Cancel, customTimeouts and the status on their row " +
        "(they wait up to wait.timeoutMinutes and print plain lines): x changed. See docs/dynamic-and-native.md.",
    );
    expect(degradedLine(true, ["no engine"])).toMatch(/run without the status on their row \(they print plain lines\): no engine\./);
  });
});
