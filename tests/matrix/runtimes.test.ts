/**
 * Runs where users run. The package is packed as a user gets it (`npm pack` with its lifecycle scripts in a clean
 * copy of the checkout: `prepack` builds dist/), linted (publint, @arethetypeswrong/cli), installed from a git URL
 * (`prepare` builds dist/), and installed into a fresh project per cell of the runtime matrix (scripts/matrix.json):
 * that Node first on PATH (npm, the Pulumi language host, the program and the dynamic-provider process all run on
 * it), that `@pulumi/pulumi`, a TypeScript or ESM program (a TypeScript program must also pass `tsc --noEmit`). In
 * each cell the real Pulumi CLI drives the program against the emulator: up, refresh, destroy, and a precheck
 * failure.
 *
 * Node runtimes come from scripts/ensure-node.js (npm registry packages, cached outside the repo); a runtime that
 * cannot be provisioned fails its cell, it is never skipped.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { EmulatorHandle } from "../../emulator";
import { ensureNode } from "../../scripts/ensure-node";
import { MATRIX, cellName, cellVersions, readmeVersionsTable, versionsTable, type MatrixCell } from "../../scripts/matrix";
import { makeTempDir } from "../../scripts/pulumi-env";
import { modificationInState, startTestEmulator, tasksOf } from "../e2e/fixtures";
import { ENSURE_PULUMI_TIMEOUT_MS, PulumiProject, REPO_ROOT, pulumiBin, run, tail, type RunResult } from "../e2e/pulumi-harness";
import { copySources, packCleanCopy, type Packed } from "./pack";
import { projectFiles } from "./programs";
import { startRecordingProxy, type RecordingProxy } from "./recording-proxy";

jest.setTimeout(300_000);

const INSTALL_TIMEOUT_MS = 600_000;
const SUBPATHS = ["pulumi-dts-objects", "pulumi-dts-objects/sdk", "pulumi-dts-objects/emulator", "pulumi-dts-objects/cli"];
/** One name each entry point must export (from CommonJS and from ESM alike). */
const KNOWN_EXPORT: Record<string, string> = {
  "pulumi-dts-objects": "SynchronizationObjectModification",
  "pulumi-dts-objects/sdk": "DtsClient",
  "pulumi-dts-objects/emulator": "startEmulator",
  "pulumi-dts-objects/cli": "ExitCode",
};

let root: string;
let emu: EmulatorHandle;
let packed: Packed;
/** In front of the emulator: records which Node each API call came from. */
let proxy: RecordingProxy;
const projects: PulumiProject[] = [];

beforeAll(async () => {
  root = makeTempDir("pulumi-dts-matrix-");
  expect(path.relative(REPO_ROOT, root).startsWith("..")).toBe(true);
  await pulumiBin();
  emu = await startTestEmulator();
  proxy = await startRecordingProxy(emu.url);
  packed = await packCleanCopy(root);
}, ENSURE_PULUMI_TIMEOUT_MS);

afterAll(async () => {
  for (const p of projects) await p.cleanup();
  await proxy?.close();
  await emu?.stop();
  if (root && !process.env.E2E_KEEP) fs.rmSync(root, { recursive: true, force: true });
});

/**
 * Run `command` with `nodeBin` first on PATH, as a user's shell with that Node would: without the `npm_*` variables
 * of the `npm test` running this file (they name this checkout and its Node).
 */
function withNode(nodeBin: string, command: string, args: string[], cwd: string, timeoutMs = 120_000): Promise<RunResult> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  return run(command, args, {
    cwd,
    timeoutMs,
    env: { ...env, PATH: `${nodeBin}${path.delimiter}${process.env.PATH ?? ""}`, npm_config_update_notifier: "false" },
  });
}

async function npmInstall(nodeBin: string, dir: string, extra: string[] = []): Promise<void> {
  const r = await withNode(nodeBin, "npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", ...extra], dir, INSTALL_TIMEOUT_MS);
  if (r.code !== 0) throw new Error(`npm install ${extra.join(" ")} in ${dir} failed (exit ${r.code}):\n${tail(r.output, 4000)}`);
}

describe("the packed package", () => {
  test("npm pack in a clean copy: prepack builds dist/; the tarball holds only what users need", () => {
    expect(packed.output).toMatch(/build:clean/);
    const outside = packed.files.filter((f) => !f.startsWith("dist/"));
    expect(outside.sort()).toEqual(["CHANGELOG.md", "LICENSE", "README.md", "package.json"]);
    for (const entry of ["provider/index", "sdk/index", "emulator/index", "emulator/bin", "cli/index", "cli/api"]) {
      expect(packed.files).toContain(`dist/${entry}.js`);
      expect(packed.files).toContain(`dist/${entry}.d.ts`);
    }
    // Compiled JavaScript and declarations of the four parts only: no tests, sources, maps or other build output.
    const odd = packed.files.filter((f) => f.startsWith("dist/") && !/^dist\/(provider|sdk|emulator|cli)\/.+\.(js|d\.ts)$/.test(f));
    expect(odd).toEqual([]);
    expect(fs.readFileSync(path.join(REPO_ROOT, "LICENSE"), "utf8")).toMatch(/Apache License\s+Version 2\.0, January 2004/);
  });

  test("README's Versions table is the matrix these tests run (scripts/matrix.json)", () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    expect(readmeVersionsTable(readme)).toBe(versionsTable());
  });

  test("publint --strict passes on the packed package", async () => {
    const dir = path.join(root, "publint");
    fs.mkdirSync(dir);
    const untar = await run("tar", ["xzf", packed.tarball, "-C", dir]);
    expect(untar.code).toBe(0);
    const cli = path.join(REPO_ROOT, "node_modules", "publint", "src", "cli.js");
    const r = await run(process.execPath, [cli, "run", path.join(dir, "package"), "--pack", "false", "--strict"], { timeoutMs: 120_000 });
    if (r.code !== 0) throw new Error(`publint failed (exit ${r.code}):\n${r.output}`);
    expect(r.output).toContain("All good");
  });

  test("@arethetypeswrong/cli finds no problem: types resolve for require and import of every entry point", async () => {
    const cli = path.join(REPO_ROOT, "node_modules", "@arethetypeswrong", "cli", "dist", "index.js");
    const r = await run(process.execPath, [cli, packed.tarball, "--format", "json"], { timeoutMs: 180_000 });
    const report = JSON.parse(r.stdout);
    // `problems` is keyed by kind (an array in other attw versions): empty either way.
    expect(Object.values(report.problems ?? {}).flat()).toEqual([]);
    expect(r.code).toBe(0);
    const entrypoints = report.analysis.entrypoints as Record<string, { resolutions: Record<string, { resolution?: { fileName: string } }> }>;
    for (const sub of [".", "./sdk", "./emulator", "./cli"]) {
      for (const kind of ["node10", "node16-cjs", "node16-esm", "bundler"]) {
        expect({ sub, kind, file: entrypoints[sub]?.resolutions[kind]?.resolution?.fileName }).toEqual({
          sub,
          kind,
          file: expect.stringMatching(/\.d\.ts$/),
        });
      }
    }
  });

  test("installs from a git URL: prepare builds dist/ in npm's clone", async () => {
    // A git repository of the checkout's files (committed as they are now), installed as `git+file://`.
    const repo = path.join(root, "git-source");
    copySources(repo);
    const git = (args: string[]) =>
      run("git", ["-c", "user.name=matrix", "-c", "user.email=matrix@localhost", "-c", "commit.gpgsign=false", ...args], { cwd: repo });
    for (const args of [
      ["init", "-q"],
      ["add", "-A"],
      ["commit", "-q", "-m", "snapshot"],
    ]) {
      const r = await git(args);
      if (r.code !== 0) throw new Error(`git ${args.join(" ")} failed:\n${r.output}`);
    }
    const app = path.join(root, "git-install");
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "git-install", private: true }));
    await npmInstall(path.dirname(process.execPath), app, [`git+file://${repo}`]);
    const installed = path.join(app, "node_modules", "pulumi-dts-objects");
    expect(fs.existsSync(path.join(installed, "dist", "provider", "index.js"))).toBe(true);
    const r = await run(process.execPath, ["-e", 'console.log(typeof require("pulumi-dts-objects/sdk").DtsClient)'], { cwd: app });
    expect(r.stdout.trim()).toBe("function");
  });
});

describe.each(MATRIX.cells.map((cell: MatrixCell) => [cellName(cell), cell] as const))("%s", (_name, cell) => {
  const versions = cellVersions(cell);
  let nodeBin: string;
  let dir: string;

  /** A stack of the cell's program against `jobId`, credentials and endpoint in stack config. */
  async function stack(jobId: string, label: string): Promise<PulumiProject> {
    const bin = await pulumiBin();
    const p = await PulumiProject.create({
      inPlace: dir,
      noLinks: true,
      label,
      env: { PATH: `${bin}${path.delimiter}${nodeBin}${path.delimiter}${process.env.PATH ?? ""}` },
    });
    projects.push(p);
    await p.setConfigs({ "dts:accessKeyId": emu.accessKeyId, "dts:endpoint": proxy.url, jobId });
    await p.setConfig("dts:accessKeySecret", emu.accessKeySecret, { secret: true });
    return p;
  }

  beforeAll(async () => {
    nodeBin = ensureNode(versions.node, { onProgress: (l) => process.stderr.write(`${l}\n`) });
    dir = path.join(root, `node${cell.node}-${cell.program}${cell.typescript ?? ""}`);
    fs.mkdirSync(dir);
    for (const [file, text] of Object.entries(projectFiles(cell, packed.tarball, path.basename(dir)))) {
      fs.writeFileSync(path.join(dir, file), text);
    }
    await npmInstall(nodeBin, dir);
  }, INSTALL_TIMEOUT_MS);

  test("installed: a real copy of the tarball, with the pinned versions", async () => {
    const installed = path.join(dir, "node_modules", "pulumi-dts-objects");
    expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(fs.existsSync(path.join(installed, "dist", "provider", "index.js"))).toBe(true);
    const version = (pkg: string) => JSON.parse(fs.readFileSync(path.join(dir, "node_modules", pkg, "package.json"), "utf8")).version;
    expect(version("@pulumi/pulumi")).toBe(versions.pulumi);
    if (versions.typescript) expect(version("typescript")).toBe(versions.typescript);
    const node = await withNode(nodeBin, "node", ["--version"], dir);
    expect(node.stdout.trim()).toBe(`v${versions.node}`);
  });

  if (cell.program === "typescript") {
    // `pulumi up` (ts-node) reports only the program's own errors: a user's `tsc`, IDE or CI type-check also
    // compiles the package's declarations, under the project's tsconfig (no skipLibCheck, no esModuleInterop).
    test("tsc --noEmit passes on the program with the project's tsconfig and TypeScript", async () => {
      const tsc = path.join(dir, "node_modules", "typescript", "lib", "tsc.js");
      const r = await withNode(nodeBin, "node", [tsc, "--noEmit", "-p", "tsconfig.json", "--pretty", "false"], dir, 240_000);
      if (r.code !== 0) throw new Error(`tsc ${versions.typescript} --noEmit failed in ${dir} (exit ${r.code}):\n${tail(r.output, 8000)}`);
      expect(r.output.trim()).toBe("");
    });
  }

  test("require and import of the root, /sdk, /emulator and /cli give the same named exports; the bin runs", async () => {
    const list = JSON.stringify(SUBPATHS);
    fs.writeFileSync(
      path.join(dir, "probe-exports.cjs"),
      `const out = {};\nfor (const s of ${list}) out[s] = Object.keys(require(s));\nconsole.log(JSON.stringify(out));\n`,
    );
    fs.writeFileSync(
      path.join(dir, "probe-exports.mjs"),
      `const out = {};\nfor (const s of ${list}) out[s] = Object.keys(await import(s));\nconsole.log(JSON.stringify(out));\n`,
    );
    const cjs = await withNode(nodeBin, "node", ["probe-exports.cjs"], dir);
    const esm = await withNode(nodeBin, "node", ["probe-exports.mjs"], dir);
    if (cjs.code !== 0 || esm.code !== 0) throw new Error(`probe failed:\n${cjs.output}\n${esm.output}`);
    // Nothing else printed: importing /cli must not run the command.
    const fromRequire = JSON.parse(cjs.stdout) as Record<string, string[]>;
    const fromImport = JSON.parse(esm.stdout) as Record<string, string[]>;
    for (const s of SUBPATHS) {
      const named = (keys: string[]) => keys.filter((k) => !["default", "module.exports", "__esModule"].includes(k)).sort();
      expect({ s, names: named(fromRequire[s]!) }).toEqual({ s, names: expect.arrayContaining([KNOWN_EXPORT[s]]) });
      expect({ s, names: named(fromImport[s]!) }).toEqual({ s, names: named(fromRequire[s]!) });
    }
    const bin = await withNode(nodeBin, path.join(dir, "node_modules", ".bin", "dts-objects"), ["--version"], dir);
    expect(bin.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).version);
  });

  describe("the real Pulumi CLI against the emulator", () => {
    let ok: PulumiProject;
    let jobId: string;

    test("up succeeds: the task finished; program and provider ran on this Node and this @pulumi/pulumi", async () => {
      jobId = emu.createJob({ name: `matrix-node${cell.node}` });
      ok = await stack(jobId, `matrix-${cell.node}`);
      const calls = proxy.userAgents().length;
      await ok.up();
      // Every API call of this up came from the provider process, running on the cell's Node.
      const agents = proxy.userAgents().slice(calls);
      expect(agents.length).toBeGreaterThan(0);
      expect(agents.filter((a) => !a.includes(`Node.js/v${versions.node} `))).toEqual([]);
      const o = await ok.outputs();
      const [task] = tasksOf(emu, jobId);
      expect(o.taskId).toBe(task!.taskId);
      expect(o.dataInitialization.status).toBe("Finished");
      expect(o.dataInitialization.percent).toBe(100);
      expect(o.failedTables).toEqual([]);
      expect(o.runtime).toBe(`v${versions.node}`);
      expect(o.pulumiSdkVersion).toBe(versions.pulumi);
      // No secret in the state, even decrypted; the serialized provider requires the package by name.
      expect((await ok.exportStack()).text).not.toContain(emu.accessKeySecret);
      const shown = await modificationInState(ok, { showSecrets: true });
      expect(JSON.stringify(shown)).not.toContain(emu.accessKeySecret);
      expect(shown.inputs.__provider).toContain("pulumi-dts-objects");
    });

    test("refresh reads the task again (one task)", async () => {
      const before = await modificationInState(ok);
      await ok.refresh();
      const after = await modificationInState(ok);
      expect(after.id).toBe(before.id);
      expect(after.outputs.dataInitialization.status).toBe("Finished");
      expect(after.outputs.polls).toBeGreaterThan(before.outputs.polls);
      expect(emu.taskCount(jobId)).toBe(1);
    });

    test("destroy removes the resource from the state (the job is left alone)", async () => {
      await ok.destroy();
      expect(await modificationInState(ok)).toBeUndefined();
      expect(emu.taskCount(jobId)).toBe(1);
    });

    test("a precheck failure fails up naming the item, its error and repair method; destroy then cleans up", async () => {
      const failing = emu.createJob({ name: `matrix-precheck-node${cell.node}`, scenario: "precheck-failure" });
      const p = await stack(failing, `matrix-${cell.node}-fail`);
      const up = await p.up({ allowFailure: true });
      expect(up.code).not.toBe(0);
      expect(up.output).toContain("CHECK_AUTH_DEST");
      expect(up.output).toContain("Access denied for user");
      expect(up.output).toContain("CHECK_ERROR_DEST_CONN_REPAIR2");
      const saved = await modificationInState(p);
      expect(saved?.id).toBe(tasksOf(emu, failing)[0]!.taskId);
      await p.destroy();
      expect(await modificationInState(p)).toBeUndefined();
    });
  });
});
