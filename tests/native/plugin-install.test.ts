/**
 * The documented install path (docs/installation-configuration.md), as a user runs it: `npm pack`, a plugin directory with its own node_modules
 * (`npm install <tarball> @pulumi/pulumi@3.248.0`), the documented `pulumi-resource-dts` wrapper, a tarball of it
 * installed with `pulumi plugin install resource dts <version> --file`, then a YAML program's `up` against the
 * emulator. The wrapper and the YAML program are read from docs/ (installation-configuration.md and
 * synchronization-object-modification.md), so the docs stay true.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { makeTempDir } from "../../scripts/pulumi-env";
import { packCleanCopy } from "../support/matrix-pack";
import { tasksOf, useEngine } from "../support/engine";
import { REPO_ROOT, run, tail } from "../support/pulumi-project";
import { VERSION, nativeResource, yamlBin } from "../support/native-plugin";

jest.setTimeout(600_000);

const engine = useEngine({ yaml: true });

/** The wrapper script of docs/installation-configuration.md's plugin section ("With Node.js instead"). */
function documentedWrapper(): string {
  const page = fs.readFileSync(path.join(REPO_ROOT, "docs", "installation-configuration.md"), "utf8");
  const section = page.indexOf("### YAML, Go, Python, .NET: the provider plugin");
  if (section < 0) throw new Error('docs/installation-configuration.md has no "### YAML, Go, Python, .NET: the provider plugin" section');
  const m = /cat > pulumi-resource-dts <<'SH'\n([\s\S]*?)\nSH\n/.exec(page.slice(section));
  if (!m) throw new Error("docs/installation-configuration.md: no `cat > pulumi-resource-dts <<'SH'` block in that section");
  return `${m[1]!}\n`;
}

/** The YAML program of docs/synchronization-object-modification.md's "Example usage", and the job id it names. */
function documentedYaml(): { program: string; jobId: string } {
  const page = fs.readFileSync(path.join(REPO_ROOT, "docs", "synchronization-object-modification.md"), "utf8");
  const m = /```yaml\n(name: [\s\S]*?)```/.exec(page.slice(page.indexOf("## Example usage")));
  if (!m) throw new Error('docs/synchronization-object-modification.md: no ```yaml program in its "Example usage" section');
  const job = /synchronizationJobId:\s*(\S+)/.exec(m[1]!);
  if (!job) throw new Error("docs/synchronization-object-modification.md's YAML example has no literal synchronizationJobId");
  return { program: m[1]!, jobId: job[1]! };
}

test("npm pack -> plugin directory with npm-installed node_modules -> pulumi plugin install -> the documented YAML program's up", async () => {
  const root = makeTempDir("dts-plugin-install-");
  // The tarball of a clean copy (tests/support/matrix-pack): `npm pack` here would run prepack's build:clean on this
  // checkout's dist/, which the files running in other jest workers load.
  const packed = (await packCleanCopy(root)).tarball;

  const dir = path.join(root, "dts-plugin");
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "dts-plugin", private: true }));
  const install = await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", packed, "@pulumi/pulumi@3.248.0"], {
    cwd: dir,
    timeoutMs: 480_000,
    env: { ...process.env, npm_config_update_notifier: "false" },
  });
  if (install.code !== 0) throw new Error(`npm install failed:\n${tail(install.output, 4000)}`);
  expect(fs.lstatSync(path.join(dir, "node_modules", "pulumi-dts-objects")).isSymbolicLink()).toBe(false);
  // The package's bin entry (the README's PATH route) is linked and runs.
  const schema = spawnSync(path.join(dir, "node_modules", ".bin", "pulumi-resource-dts"), ["--schema"], { encoding: "utf8" });
  expect(schema.status).toBe(0);
  expect(JSON.parse(schema.stdout)).toEqual(expect.objectContaining({ name: "dts", version: VERSION }));
  fs.writeFileSync(path.join(dir, "pulumi-resource-dts"), documentedWrapper(), { mode: 0o755 });
  const tgz = path.join(root, `pulumi-resource-dts-${VERSION}.tgz`);
  const tar = spawnSync("tar", ["czf", tgz, "."], { cwd: dir, encoding: "utf8" });
  expect(tar.status).toBe(0);

  const { program, jobId } = documentedYaml();
  expect(program).toContain(`version: ${VERSION}`);
  engine.emu.createJob({ jobId, name: "plugin-install" });
  const p = await engine.project({ label: "plugin-install", files: { "Pulumi.yaml": program } });
  p.env.PATH = `${p.binDir}${path.delimiter}${await yamlBin()}${path.delimiter}${process.env.PATH ?? ""}`;
  await p.pulumi(["plugin", "install", "resource", "dts", VERSION, "--file", tgz], { timeoutMs: 300_000 });
  // The installed plugin runs from Pulumi's plugin directory, not from this checkout.
  const installed = path.join(p.env.PULUMI_HOME!, "plugins", `resource-dts-v${VERSION}`);
  expect(fs.existsSync(path.join(installed, "node_modules", "pulumi-dts-objects", "dist", "provider", "native", "bin.js"))).toBe(true);
  fs.rmSync(root, { recursive: true, force: true });

  await p.setConfigs({ "dts:accessKeyId": engine.emu.accessKeyId, "dts:endpoint": engine.emu.url });
  await p.setConfig("dts:accessKeySecret", engine.emu.accessKeySecret, { secret: true });
  await p.up();
  const [task] = tasksOf(engine.emu, jobId);
  expect((await nativeResource(p))?.id).toBe(task!.taskId);
  const outputs = await p.outputs();
  expect(outputs.taskId).toBe(task!.taskId);
  expect(outputs.failedTables).toEqual([]);
});
