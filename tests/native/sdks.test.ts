/**
 * The generated Go SDK: `npm run gen:sdk`'s generator writes sdks/go/dts, a Go program using it
 * (tests/native/go-program) compiles against github.com/pulumi/pulumi/sdk/v3, and runs through the real engine
 * (Automation API, inline program) against the emulator: up creates the resource, destroy removes it. The Node.js
 * SDK is compiled with tsc. Python: tests/native/python.test.ts; .NET (generated only): tests/native/dotnet-sdk.test.ts.
 *
 * pulumi-language-go is not used: its module is not served by the Go module proxy, so it cannot be built here.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { buildSchema } from "../../provider/native/schema";
import { makeTempDir } from "../../scripts/pulumi-env";
import { actionCalls, tasksOf, useEngine } from "../support/engine";
import { REPO_ROOT } from "../support/pulumi-project";
import { VERSION, nativeResource, pluginTarball } from "../support/native-plugin";
import { runCommand } from "../support/python-env";

jest.setTimeout(300_000);

/** Cold: the generator (~4.5 min) and the program (sdk/v3 with the Automation API) on 2 busy cores. */
const BUILD_TIMEOUT_MS = 30 * 60 * 1000;

let programBin: string;
const engine = useEngine({
  setup: {
    run: async () => {
      const gen = await runCommand("bash", [path.join(REPO_ROOT, "scripts", "gen-sdk", "run")], { cwd: REPO_ROOT });
      if (gen.code !== 0) throw new Error(`scripts/gen-sdk/run failed (exit ${gen.code}):\n${gen.output}`);
      programBin = path.join(makeTempDir("dts-go-program-"), "go-program");
      const env = { ...process.env, GOFLAGS: "-mod=readonly", GOSUMDB: process.env.GOSUMDB ?? "off", CGO_ENABLED: "0" };
      const build = await runCommand("nice", ["go", "build", "-o", programBin, "."], { cwd: path.join(__dirname, "go-program"), env });
      if (build.code !== 0) throw new Error(`go build of tests/native/go-program failed (exit ${build.code}):\n${build.output}`);
    },
    timeoutMs: BUILD_TIMEOUT_MS,
  },
});

test("the generated SDKs exist for Go, Python, .NET and Node.js, at the package version", () => {
  const sdks = path.join(REPO_ROOT, "sdks");
  expect(fs.readFileSync(path.join(sdks, "go", "dts", "synchronizationObjectModification.go"), "utf8")).toContain("func NewSynchronizationObjectModification(");
  expect(JSON.parse(fs.readFileSync(path.join(sdks, "go", "dts", "pulumi-plugin.json"), "utf8"))).toEqual(
    expect.objectContaining({ name: "dts", version: VERSION }),
  );
  expect(fs.existsSync(path.join(sdks, "python", "pulumi_dts", "synchronization_object_modification.py"))).toBe(true);
  expect(fs.existsSync(path.join(sdks, "nodejs", "synchronizationObjectModification.ts"))).toBe(true);
  expect(fs.existsSync(path.join(sdks, "dotnet", "SynchronizationObjectModification.cs"))).toBe(true);
});

/** `DtsJobModification` -> `dtsJobModification` / `dts_job_modification`. */
const camel = (name: string) => name[0]!.toLowerCase() + name.slice(1);
const snake = (name: string) => name.replace(/[A-Z]/g, (c, i: number) => `${i === 0 ? "" : "_"}${c.toLowerCase()}`);

test("the generated SDKs are current with the schema the sources build: every resource in every language, with every property", () => {
  const sdks = path.join(REPO_ROOT, "sdks");
  const expected = buildSchema(VERSION) as { resources: Record<string, { properties: Record<string, unknown> }>; types: Record<string, unknown> };
  // The schema the generator read (the built plugin's --schema): the sources' resources and types (dist/ not stale).
  const used = JSON.parse(fs.readFileSync(path.join(sdks, "schema.json"), "utf8"));
  expect(used.resources).toEqual(expected.resources);
  expect(used.types).toEqual(expected.types);
  expect(Object.keys(expected.resources).sort()).toEqual([
    "dts:index:DtsJobInitialization",
    "dts:index:DtsJobModification",
    "dts:index:SynchronizationJobInitialization",
    "dts:index:SynchronizationObjectModification",
  ]);
  for (const [token, spec] of Object.entries(expected.resources)) {
    const name = token.split(":")[2]!;
    const node = fs.readFileSync(path.join(sdks, "nodejs", `${camel(name)}.ts`), "utf8");
    const go = fs.readFileSync(path.join(sdks, "go", "dts", `${camel(name)}.go`), "utf8");
    const py = fs.readFileSync(path.join(sdks, "python", "pulumi_dts", `${snake(name)}.py`), "utf8");
    const cs = fs.readFileSync(path.join(sdks, "dotnet", `${name}.cs`), "utf8");
    expect(node).toContain(`export class ${name} extends pulumi.CustomResource`);
    expect(node).toContain(`__pulumiType = '${token}'`);
    expect(go).toContain(`func New${name}(`);
    expect(py).toContain(`class ${name}(pulumi.CustomResource)`);
    expect(cs).toContain(`public partial class ${name} : global::Pulumi.CustomResource`);
    for (const prop of Object.keys(spec.properties)) {
      expect({ token, prop, node: new RegExp(`declare public (/\\*out\\*/ )?readonly ${prop}:`).test(node) }).toEqual({ token, prop, node: true });
      expect({ token, prop, go: go.includes(`\`pulumi:"${prop}"\``) }).toEqual({ token, prop, go: true });
      expect({ token, prop, py: py.includes(`def ${snake(prop)}(self)`) }).toEqual({ token, prop, py: true });
      expect({ token, prop, cs: cs.includes(`[Output("${prop}")]`) }).toEqual({ token, prop, cs: true });
    }
  }
  // The index of each SDK exports the new resource too.
  expect(fs.readFileSync(path.join(sdks, "nodejs", "index.ts"), "utf8")).toContain("DtsJobModification");
  expect(fs.readFileSync(path.join(sdks, "python", "pulumi_dts", "__init__.py"), "utf8")).toContain("from .dts_job_modification import *");
  expect(fs.readFileSync(path.join(sdks, "go", "dts", "init.go"), "utf8")).toContain('case "dts:index:DtsJobModification":');
  // And the initialization pair.
  expect(fs.readFileSync(path.join(sdks, "nodejs", "index.ts"), "utf8")).toContain("DtsJobInitialization");
  expect(fs.readFileSync(path.join(sdks, "python", "pulumi_dts", "__init__.py"), "utf8")).toContain("from .synchronization_job_initialization import *");
  expect(fs.readFileSync(path.join(sdks, "go", "dts", "init.go"), "utf8")).toContain('case "dts:index:DtsJobInitialization":');
});

test("the generated Node.js SDK compiles with tsc against @pulumi/pulumi", async () => {
  const dir = path.join(makeTempDir("dts-nodejs-sdk-"), "sdk");
  fs.cpSync(path.join(REPO_ROOT, "sdks", "nodejs"), dir, { recursive: true });
  fs.mkdirSync(path.join(dir, "node_modules", "@pulumi"), { recursive: true });
  fs.mkdirSync(path.join(dir, "node_modules", "@types"), { recursive: true });
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi"), path.join(dir, "node_modules", "@pulumi", "pulumi"), "dir");
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules", "@types", "node"), path.join(dir, "node_modules", "@types", "node"), "dir");
  const tsc = path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");
  // The generated tsconfig targets TypeScript 4/5; this repository has 6, which needs the deprecation opt-in.
  const r = await runCommand(process.execPath, [tsc, "-p", "tsconfig.json", "--ignoreDeprecations", "6.0", "--types", "node"], { cwd: dir });
  expect(r.output).toBe("");
  expect(r.code).toBe(0);
  expect(fs.existsSync(path.join(dir, "bin", "synchronizationObjectModification.js"))).toBe(true);
  expect(fs.existsSync(path.join(dir, "bin", "dtsJobModification.js"))).toBe(true);
  expect(fs.existsSync(path.join(dir, "bin", "config", "vars.js"))).toBe(true);
});

test("a Go program using the generated SDK runs through the engine: up creates the task's resource and a DtsJobModification from a typed DbList map, destroy removes them", async () => {
  const jobId = engine.emu.createJob({ name: "native-go" });
  const instanceId = engine.emu.createJob({ jobId: "dtsgoj0000001", name: "native-go-dtsjob" });
  const dtsJobId = instanceId.replace(/^dts/, "");
  const modifies = actionCalls(engine.emu, "ModifyDtsJob");
  const p = await engine.project({ label: "native-go", files: { "Pulumi.yaml": "name: dts-native-go\nruntime: go\n" } });
  await p.pulumi(["plugin", "install", "resource", "dts", VERSION, "--file", pluginTarball()]);
  const args = [p.stack, jobId, dtsJobId, engine.emu.url, engine.emu.accessKeyId, engine.emu.accessKeySecret];

  const up = await p.exec(programBin, ["up", ...args]);
  const [task] = tasksOf(engine.emu, jobId);
  expect(task).toBeDefined();
  const outputs = JSON.parse(up.stdout.trim().split("\n").pop()!);
  expect(outputs).toEqual({ taskId: task!.taskId, precheckStatus: "Finished", dataStatus: "Finished", tablesTotal: expect.any(Number), change: "modified" });
  expect(actionCalls(engine.emu, "ModifyDtsJob")).toBe(modifies + 1);
  const change = (await p.resources()).find((r) => r.type === "dts:index:DtsJobModification");
  expect(change.outputs.dbList).toBe('{"shop":{"Table":{"orders":{"all":true,"name":"orders"}},"all":false,"name":"shop"}}');
  expect(up.output).toContain(`[dts-objects] objs: started task ${task!.taskId}`);
  const res = await nativeResource(p);
  expect(res.id).toBe(task!.taskId);
  expect(res.outputs.synchronizationObjects).toEqual([
    { dbName: "shop", tableIncludes: [{ tableName: "orders" }, { tableName: "customer", newTableName: "customer_v2" }] },
  ]);

  await p.exec(programBin, ["destroy", ...args]);
  expect(await nativeResource(p)).toBeUndefined();
  expect((await p.resources()).find((r) => r.type === "dts:index:DtsJobModification")).toBeUndefined();
  expect(tasksOf(engine.emu, jobId)).toHaveLength(1);
});
