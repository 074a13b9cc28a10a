/**
 * The plugin's Configure hook (provider/native/configure-hook.ts) over real gRPC, and the guard that fails when
 * @pulumi/pulumi's provider server changes: the hook exists because 3.248.0 drops the Configure request.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { assertBuilt } from "../../scripts/pulumi-env";
import { REPO_ROOT } from "../support/provider-client";
import { NativePlugin, nativeUrn } from "../support/provider-client";

const SECRET = (value: string) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });
const FAST_WAIT = { timeoutMinutes: 1, minDelaySeconds: 0.05, maxDelaySeconds: 0.1 };

let emu: EmulatorHandle;
const plugins: NativePlugin[] = [];

beforeAll(async () => {
  assertBuilt();
  emu = await startEmulator({ timeScale: 500, seed: 3 });
});

afterAll(async () => {
  for (const p of plugins) await p.stop();
  await emu?.stop();
});

async function plugin(): Promise<NativePlugin> {
  const p = await NativePlugin.start();
  plugins.push(p);
  return p;
}

async function createWith(p: NativePlugin, jobId: string): Promise<{ id: string; properties: Record<string, any> }> {
  const urn = nativeUrn("objs");
  const { inputs, failures } = await p.check(urn, {}, { synchronizationJobId: jobId, synchronizationObjects: [{ dbName: "shop" }], wait: FAST_WAIT });
  expect(failures).toEqual([]);
  return p.create(urn, inputs);
}

test("Configure args (secrets wrapped, as the engine sends them) reach the implementation: credentials and endpoint are used", async () => {
  const p = await plugin();
  await p.configure({ accessKeyId: emu.accessKeyId, accessKeySecret: SECRET(emu.accessKeySecret), endpoint: emu.url, version: "0.1.0" });
  const jobId = emu.createJob({ name: "hook-args" });
  const { id, properties } = await createWith(p, jobId);
  expect(id).toBe(emu.tasks().find((t) => t.jobId === jobId)!.taskId);
  expect(properties.precheck.status).toBe("Finished");
  // The stderr of the plugin never carries the secret.
  expect(p.stderr.join("\n")).not.toContain(emu.accessKeySecret);
});

test("the deprecated Configure variables (dts:config:<key>) are read too", async () => {
  const p = await plugin();
  await p.configure(undefined, {
    "dts:config:accessKeyId": emu.accessKeyId,
    "dts:config:accessKeySecret": emu.accessKeySecret,
    "dts:config:endpoint": emu.url,
  });
  const jobId = emu.createJob({ name: "hook-variables" });
  const { id } = await createWith(p, jobId);
  expect(id).toBe(emu.tasks().find((t) => t.jobId === jobId)!.taskId);
});

test("half the credentials in config: the error names the missing key and the command that sets it", async () => {
  const p = await plugin();
  await p.configure({ accessKeyId: emu.accessKeyId, endpoint: emu.url });
  await expect(createWith(p, emu.createJob({ name: "hook-half" }))).rejects.toThrow(
    /Stack config dts:accessKeySecret is not set while dts:accessKeyId is: set it \(pulumi config set --secret dts:accessKeySecret <secret>\)/,
  );
});

test("GetPluginInfo and GetSchema report the package version", async () => {
  const p = await plugin();
  const version = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).version;
  expect(await p.version()).toBe(version);
  const schema = await p.getSchema();
  expect(schema.version).toBe(version);
  expect(schema.config.variables.accessKeySecret.secret).toBe(true);
});

test("guard: @pulumi/pulumi's provider server still drops the Configure request (else use the SDK's way and delete the hook)", () => {
  const serverJs = fs.readFileSync(require.resolve("@pulumi/pulumi/provider/server.js", { paths: [REPO_ROOT] }), "utf8");
  const body = /\n {4}configure\(call, callback\) \{([\s\S]*?)\n {4}\}/.exec(serverJs);
  expect(body).not.toBeNull();
  // If this fails, the SDK now reads the Configure request itself (or serves it differently): switch the plugin
  // to the SDK's mechanism and remove provider/native/configure-hook.ts.
  expect(body![1]).not.toMatch(/request|provider\.configure|getArgs|getVariables/);
  expect(serverJs).toContain("server.addService(provrpc.ResourceProviderService, new Server(");
});

test("check: a number given for a string input (YAML `revision: 2`) becomes its text; the resource key comes from the URN", async () => {
  const p = await plugin();
  const { inputs, failures } = await p.check(
    nativeUrn("objs", "shop", "prod"),
    {},
    { synchronizationJobId: "dtsjob1", synchronizationObjects: [{ dbName: "shop" }], revision: 2 },
  );
  expect(failures).toEqual([]);
  expect(inputs.revision).toBe("2");
  expect(inputs.__resourceKey).toBe("shop/prod/objs");
  // A wrong type that is not a number is still reported, naming the field.
  const bad = await p.check(nativeUrn("objs"), {}, { synchronizationJobId: "dtsjob1", synchronizationObjects: [{ dbName: "shop" }], revision: true });
  expect(bad.failures).toEqual([{ property: "revision", reason: 'expected a string, e.g. "2"' }]);
});
