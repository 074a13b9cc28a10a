/**
 * The release archives of `npm run plugin:dist` (dist/plugins/) the way users get them: served by a loopback HTTP
 * server, installed by the engine into an empty PULUMI_HOME (`pulumi plugin install ... --server`, or by itself from a
 * program's `pluginDownloadURL`), then a YAML program's up / refresh / destroy against the emulator with no `node`
 * on PATH. And the other targets' archives hold an executable of the right format.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { makeTempDir } from "../../scripts/pulumi-env";
import { tasksOf, useEngine } from "../support/engine";
import { type PulumiProject, REPO_ROOT } from "../support/pulumi-project";
import { VERSION, nativeResource, yamlBin, yamlProgram } from "../support/native-plugin";

jest.setTimeout(300_000);

const PLUGINS = path.join(REPO_ROOT, "dist", "plugins");
const TARGETS = ["linux-amd64", "linux-arm64", "darwin-amd64", "darwin-arm64", "windows-amd64"] as const;
const archive = (target: string) => path.join(PLUGINS, `pulumi-resource-dts-v${VERSION}-${target}.tar.gz`);

let server: http.Server;
let serverUrl: string;
const requests: string[] = [];

/** Builds the archives when a target's is missing (CI builds them in .ci/run first). */
function ensureArchives(): void {
  if (TARGETS.every((t) => fs.existsSync(archive(t)))) return;
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, "scripts", "plugin-dist", "index.js")], { encoding: "utf8", timeout: 900_000 });
  if (r.status !== 0) throw new Error(`scripts/plugin-dist failed (exit ${r.status}):\n${r.stderr.slice(-4000)}`);
}

const engine = useEngine({
  yaml: true,
  setup: {
    run: async () => {
      ensureArchives();
      engine.onCleanup(() => new Promise((resolve) => server?.close(resolve)));
      server = http.createServer((req, res) => {
        requests.push(req.url ?? "");
        const file = path.join(PLUGINS, path.basename(decodeURIComponent(req.url ?? "")));
        if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
          res.writeHead(404).end("not found");
          return;
        }
        res.writeHead(200, { "content-type": "application/gzip", "content-length": fs.statSync(file).size });
        fs.createReadStream(file).pipe(res);
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    timeoutMs: 900_000,
  },
});

/** A YAML project whose PATH is the Pulumi CLI and the YAML language host only: no `node` to be found. */
async function project(jobId: string, program: string, label: string): Promise<PulumiProject> {
  const p = await engine.project({ label, files: { "Pulumi.yaml": program } });
  p.env.PATH = `${p.binDir}${path.delimiter}${await yamlBin()}`;
  const which = spawnSync("sh", ["-c", "command -v node"], { env: p.env, encoding: "utf8" });
  expect(which.status).not.toBe(0);
  expect(fs.readdirSync(path.join(p.env.PULUMI_HOME!)).filter((f) => f === "plugins")).toEqual([]);
  await p.setConfigs({ "dts:accessKeyId": engine.emu.accessKeyId, "dts:endpoint": engine.emu.url, jobId });
  await p.setConfig("dts:accessKeySecret", engine.emu.accessKeySecret, { secret: true });
  return p;
}

const installedDir = (p: PulumiProject) => path.join(p.env.PULUMI_HOME!, "plugins", `resource-dts-v${VERSION}`);

test("(a) pulumi plugin install resource dts <version> --server <loopback> installs the archive; up / refresh / destroy with no node on PATH", async () => {
  const jobId = engine.emu.createJob({ name: "release-install" });
  const p = await project(jobId, yamlProgram({ name: "dts-release-install" }), "release-install");
  const before = requests.length;
  await p.pulumi(["plugin", "install", "resource", "dts", VERSION, "--server", serverUrl]);
  expect(requests.slice(before)).toContain(`/pulumi-resource-dts-v${VERSION}-linux-amd64.tar.gz`);
  // One executable, nothing else: no node_modules, no launcher script.
  expect(fs.readdirSync(installedDir(p)).filter((f) => !f.startsWith("."))).toEqual(["pulumi-resource-dts"]);

  const up = await p.up();
  const [task] = tasksOf(engine.emu, jobId);
  expect(up.output).toContain(`[dts-objects] objs: started task ${task!.taskId} on job ${jobId}`);
  expect((await nativeResource(p))?.id).toBe(task!.taskId);
  const outputs = await p.outputs();
  expect(outputs.taskId).toBe(task!.taskId);
  expect(outputs.failedTables).toEqual([]);
  expect((await p.refresh()).output).toMatch(/2 unchanged/);
  await p.destroy();
  expect(await nativeResource(p)).toBeUndefined();
});

test("(b) a resource's pluginDownloadURL makes the engine download the plugin by itself", async () => {
  const jobId = engine.emu.createJob({ name: "release-download-url" });
  const program = yamlProgram({ name: "dts-release-url" }).replace(
    `    options:\n      version: ${VERSION}\n`,
    `    options:\n      version: ${VERSION}\n      pluginDownloadURL: ${serverUrl}\n`,
  );
  expect(program).toContain(`pluginDownloadURL: ${serverUrl}`);
  const p = await project(jobId, program, "release-url");
  // The test harness turns the engine's own plugin downloads off (scripts/pulumi-env.js); this test is about them.
  delete p.env.PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION;
  expect(fs.existsSync(installedDir(p))).toBe(false);
  const before = requests.length;
  await p.up();
  expect(requests.slice(before)).toContain(`/pulumi-resource-dts-v${VERSION}-linux-amd64.tar.gz`);
  expect(fs.existsSync(path.join(installedDir(p), "pulumi-resource-dts"))).toBe(true);
  const [task] = tasksOf(engine.emu, jobId);
  expect((await nativeResource(p))?.id).toBe(task!.taskId);
});

test("(b) an explicit provider resource's pluginDownloadURL does the same", async () => {
  const jobId = engine.emu.createJob({ name: "release-provider-url" });
  // An explicit provider does not read the dts:* stack config: its properties are its config (the emulator's keys).
  const providerProps = `    properties:\n      accessKeyId: ${engine.emu.accessKeyId}\n      accessKeySecret: ${engine.emu.accessKeySecret}\n      endpoint: ${engine.emu.url}\n`;
  const program = yamlProgram({ name: "dts-release-provider-url" })
    .replace(
      "resources:\n",
      `resources:\n  dtsProvider:\n    type: pulumi:providers:dts\n${providerProps}    options:\n      version: ${VERSION}\n      pluginDownloadURL: ${serverUrl}\n`,
    )
    .replace(`    options:\n      version: ${VERSION}\noutputs:`, `    options:\n      version: ${VERSION}\n      provider: \${dtsProvider}\noutputs:`);
  expect(program).toContain(`provider: \${dtsProvider}`);
  const p = await project(jobId, program, "release-provider-url");
  delete p.env.PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION;
  const before = requests.length;
  await p.up();
  expect(requests.slice(before)).toContain(`/pulumi-resource-dts-v${VERSION}-linux-amd64.tar.gz`);
  const [task] = tasksOf(engine.emu, jobId);
  expect((await nativeResource(p))?.id).toBe(task!.taskId);
});

/** The archive's entries (`tar tvzf`): [mode string, name]. */
function entries(target: string): { mode: string; name: string }[] {
  const r = spawnSync("tar", ["tvzf", archive(target)], { encoding: "utf8" });
  expect(r.status).toBe(0);
  return r.stdout
    .trim()
    .split("\n")
    .map((l) => ({ mode: l.split(/\s+/)[0]!, name: l.split(/\s+/).pop()! }));
}

function extract(target: string): string {
  const dir = makeTempDir(`dts-release-${target}-`);
  const r = spawnSync("tar", ["xzf", archive(target), "-C", dir], { encoding: "utf8" });
  expect(r.status).toBe(0);
  return dir;
}

const ELF_MACHINES = new Map([
  [0x3e, "x86-64"],
  [0xb7, "aarch64"],
]);
const MACHO_CPUS = new Map([
  [0x01000007, "x86-64"],
  [0x0100000c, "arm64"],
]);
const PE_MACHINES = new Map([[0x8664, "x86-64"]]);

/** What the first bytes of an executable say it is (ELF e_machine, Mach-O 64 cputype, PE machine). */
function format(file: string): string {
  const b = fs.readFileSync(file).subarray(0, 4096);
  if (b.readUInt32BE(0) === 0x7f454c46) return `ELF ${ELF_MACHINES.get(b.readUInt16LE(18)) ?? b.readUInt16LE(18)}`;
  if (b.readUInt32LE(0) === 0xfeedfacf) return `Mach-O ${MACHO_CPUS.get(b.readUInt32LE(4)) ?? b.readUInt32LE(4)}`;
  if (b.toString("latin1", 0, 2) === "MZ") {
    const pe = b.readUInt32LE(0x3c);
    if (b.toString("latin1", pe, pe + 4) === "PE\0\0") return `PE ${PE_MACHINES.get(b.readUInt16LE(pe + 4)) ?? b.readUInt16LE(pe + 4)}`;
  }
  return "unknown";
}

test.each([
  ["linux-amd64", ["pulumi-resource-dts"], "pulumi-resource-dts", "ELF x86-64"],
  ["linux-arm64", ["pulumi-resource-dts"], "pulumi-resource-dts", "ELF aarch64"],
  ["windows-amd64", ["pulumi-resource-dts.exe"], "pulumi-resource-dts.exe", "PE x86-64"],
  ["darwin-amd64", ["pulumi-resource-dts", "node", "pulumi-resource-dts.js"], "node", "Mach-O x86-64"],
  ["darwin-arm64", ["pulumi-resource-dts", "node", "pulumi-resource-dts.js"], "node", "Mach-O arm64"],
])("(c) %s: plain files only (%j), the runtime is %s of format %s", (target, names, exe, expected) => {
  const list = entries(target);
  expect(list.map((e) => e.name)).toEqual(names);
  // Regular files (no symlinks, no directories), executables marked so.
  for (const e of list) expect(e.mode).toMatch(e.name.endsWith(".js") ? /^-rw-r--r--$/ : /^-rwxr-xr-x$/);
  const dir = extract(target);
  expect(format(path.join(dir, exe))).toBe(expected);
  if (target.startsWith("windows") || target.startsWith("linux")) {
    // A single-executable application: the bundle is injected into the binary.
    expect(fs.readFileSync(path.join(dir, exe)).includes("NODE_SEA_BLOB")).toBe(true);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

test("the macOS launcher runs the bundle with the node beside it (checked here with this machine's node in its place)", () => {
  const dir = extract("darwin-amd64");
  fs.copyFileSync(process.execPath, path.join(dir, "node"));
  const env = { PATH: "/nonexistent", ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true" };
  const version = spawnSync(path.join(dir, "pulumi-resource-dts"), ["--version"], { encoding: "utf8", env, cwd: "/" });
  expect(version.stderr).toBe("");
  expect(version.stdout).toBe(`${VERSION}\n`);
  fs.rmSync(dir, { recursive: true, force: true });
});

test("the linux-amd64 executable answers --version and --schema (with pluginDownloadURL from package.json) with no node on PATH", () => {
  const dir = extract("linux-amd64");
  const env = { PATH: "/nonexistent" };
  const exe = path.join(dir, "pulumi-resource-dts");
  expect(spawnSync(exe, ["--version"], { encoding: "utf8", env }).stdout).toBe(`${VERSION}\n`);
  const schema = JSON.parse(spawnSync(exe, ["--schema"], { encoding: "utf8", env }).stdout);
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
  expect(schema).toEqual(expect.objectContaining({ name: "dts", version: VERSION, pluginDownloadURL: pkg.pulumi.pluginDownloadURL }));
  fs.rmSync(dir, { recursive: true, force: true });
});

test("the generated SDKs carry package.json's pluginDownloadURL (so a Go/Python/.NET program installs the plugin by itself)", () => {
  const out = makeTempDir("dts-release-sdks-");
  const r = spawnSync("bash", [path.join(REPO_ROOT, "scripts", "gen-sdk", "run"), out], { encoding: "utf8", timeout: 600_000 });
  expect(r.status).toBe(0);
  const url = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).pulumi.pluginDownloadURL;
  for (const file of ["go/dts/pulumi-plugin.json", "python/pulumi_dts/pulumi-plugin.json", "dotnet/pulumi-plugin.json"]) {
    expect(JSON.parse(fs.readFileSync(path.join(out, file), "utf8"))).toEqual(expect.objectContaining({ resource: true, name: "dts", server: url }));
  }
  fs.rmSync(out, { recursive: true, force: true });
});
