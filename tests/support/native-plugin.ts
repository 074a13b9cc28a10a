/**
 * Shared pieces of the native-provider tests: the YAML language host (scripts/ensure-yaml), the plugin packaged
 * the way the README tells users to (a directory with the `pulumi-resource-dts` wrapper and a node_modules that
 * resolves the package and @pulumi/pulumi, tarred and installed with `pulumi plugin install resource dts <version>
 * --file`), and YAML projects against the emulator.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { EmulatorHandle } from "../../emulator";
import { makeTempDir } from "../../scripts/pulumi-env";
import { PulumiProject, REPO_ROOT } from "./pulumi-project";

/** The package version: the plugin's version, the schema's, and what the YAML programs pin. */
export const VERSION: string = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).version;

/** Long enough for a first-time build of pulumi-language-yaml on 2 cores. */
export const ENSURE_YAML_TIMEOUT_MS = 30 * 60 * 1000;

let yamlBinPromise: Promise<string> | undefined;

/** The bin dir of pulumi-language-yaml (built once by scripts/ensure-yaml). Rejects when it cannot be provisioned. */
export function yamlBin(): Promise<string> {
  yamlBinPromise ??= new Promise((resolve, reject) => {
    const child = spawn("bash", [path.join(REPO_ROOT, "scripts", "ensure-yaml")], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => {
      err += d;
      if (!/using (cached )?pulumi-language-yaml/.test(String(d))) process.stderr.write(d);
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const bin = out.trim().split("\n").pop() ?? "";
      if (code !== 0 || !fs.existsSync(path.join(bin, "pulumi-language-yaml"))) {
        reject(new Error(`scripts/ensure-yaml failed (exit ${code}); pulumi-language-yaml is required.\nstdout:\n${out}\nstderr:\n${err}`));
      } else resolve(bin);
    });
  });
  return yamlBinPromise;
}

/** The wrapper the README documents: runs the package's plugin entry from the plugin directory's node_modules. */
export const PLUGIN_WRAPPER = `#!/bin/sh
exec node "$(dirname "$0")/node_modules/pulumi-dts-objects/dist/provider/native/bin.js" "$@"
`;

/**
 * A plugin directory laid out like the README's recipe: `pulumi-resource-dts` (the wrapper) at the top and a
 * node_modules holding `pulumi-dts-objects` and `@pulumi/pulumi` (here: links to this checkout).
 */
export function pluginDir(): string {
  const root = path.join(makeTempDir("pulumi-dts-plugin-"), "plugin");
  fs.mkdirSync(path.join(root, "node_modules", "@pulumi"), { recursive: true });
  fs.symlinkSync(REPO_ROOT, path.join(root, "node_modules", "pulumi-dts-objects"), "dir");
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi"), path.join(root, "node_modules", "@pulumi", "pulumi"), "dir");
  fs.writeFileSync(path.join(root, "pulumi-resource-dts"), PLUGIN_WRAPPER, { mode: 0o755 });
  return root;
}

/**
 * A plugin tarball for `pulumi plugin install resource dts <version> --file`. The CLI refuses symlinks that point
 * outside the archive, so unlike a user's (whose node_modules is real), the wrapper here runs this checkout's
 * plugin entry by absolute path; {@link pluginDir} covers the recipe's relative layout.
 */
export function pluginTarball(): string {
  const root = path.join(makeTempDir("pulumi-dts-plugin-tgz-"), "plugin");
  fs.mkdirSync(root, { recursive: true });
  const entry = path.join(REPO_ROOT, "dist", "provider", "native", "bin.js");
  fs.writeFileSync(path.join(root, "pulumi-resource-dts"), `#!/bin/sh\nexec node ${JSON.stringify(entry)} "$@"\n`, { mode: 0o755 });
  const tgz = path.join(path.dirname(root), "pulumi-resource-dts.tgz");
  const tar = spawnSync("tar", ["czf", tgz, "-C", root, "."], { encoding: "utf8" });
  if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr}`);
  return tgz;
}

/** A YAML program using the native resource; `jobId`, `failOnFailedTables` and `revision` come from stack config. */
/** Pulumi YAML's interpolation of the `jobId` config value (a literal `${jobId}` in the program text). */
const YAML_JOB_ID_REF = ["$", "{jobId}"].join("");

export function yamlProgram(opts: { name?: string; jobIdInput?: string } = {}): string {
  return `name: ${opts.name ?? "dts-native-yaml"}
runtime: yaml
config:
  jobId:
    type: string
  failOnFailedTables:
    type: boolean
    default: true
  revision:
    type: string
    default: "1"
resources:
  objs:
    type: dts:index:SynchronizationObjectModification
    properties:
      synchronizationJobId: ${opts.jobIdInput ?? YAML_JOB_ID_REF}
      synchronizationObjects:
        - dbName: shop
          tableIncludes:
            - tableName: orders
            - tableName: customer
              newTableName: customer_v2
      wait:
        timeoutMinutes: 3
        minDelaySeconds: 0.2
        maxDelaySeconds: 0.5
      failOn:
        failedTables: \${failOnFailedTables}
      revision: \${revision}
    options:
      version: ${VERSION}
outputs:
  taskId: \${objs.taskId}
  precheckStatus: \${objs.precheck.status}
  failedTables: \${objs.failedTables}
  tables: \${objs.tables}
`;
}

/**
 * A YAML project with its own backend, the plugin installed from the tarball, and stack config for `emu`:
 * `dts:accessKeyId`, secret `dts:accessKeySecret`, `dts:endpoint`, and `jobId`.
 */
export async function yamlProject(emu: EmulatorHandle, jobId: string, opts: { program?: string; label?: string; tarball: string }): Promise<PulumiProject> {
  const yaml = await yamlBin();
  const p = await PulumiProject.create({
    label: opts.label ?? "native-yaml",
    files: { "Pulumi.yaml": opts.program ?? yamlProgram() },
  });
  try {
    // The CLI's bin first (pulumiEnv's order), then the YAML language host.
    p.env.PATH = `${p.binDir}${path.delimiter}${yaml}${path.delimiter}${process.env.PATH ?? ""}`;
    await installPlugin(p, emu, jobId, opts.tarball);
  } catch (e) {
    await p.cleanup();
    throw e;
  }
  return p;
}

/**
 * Installs the plugin from `tarball` into the project's PULUMI_HOME and sets the stack config for `emu`:
 * `dts:accessKeyId`, secret `dts:accessKeySecret`, `dts:endpoint`, and `jobId`.
 */
export async function installPlugin(p: PulumiProject, emu: EmulatorHandle, jobId: string, tarball: string): Promise<void> {
  await p.pulumi(["plugin", "install", "resource", "dts", VERSION, "--file", tarball]);
  await p.setConfigs({ "dts:accessKeyId": emu.accessKeyId, "dts:endpoint": emu.url, jobId });
  await p.setConfig("dts:accessKeySecret", emu.accessKeySecret, { secret: true });
}

/** The native resource in the exported state. */
export async function nativeResource(p: PulumiProject): Promise<any | undefined> {
  return (await p.resources()).find((r) => r.type === "dts:index:SynchronizationObjectModification");
}
