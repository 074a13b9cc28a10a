/**
 * Native plugin start cost, the release archive's executable (dist/plugins/, `npm run plugin:dist`) and the npm bin
 * (`node dist/provider/native/bin.js`) side by side in one run: cold start (spawn -> port printed -> first
 * `GetSchema` answered -> first `Configure` answered) and RSS once idle; plus the archive sizes per target.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NativePlugin, PLUGIN_ENTRY } from "../tests/support/provider-client";
import { type BenchSection, type Figure, fmt, median, realSleep } from "./util";

const REPO = join(__dirname, "..");
const PLUGINS = join(REPO, "dist", "plugins");

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!m) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]) / 1024;
}

async function once(command: string[], idleMs: number): Promise<{ portMs: number; schemaMs: number; configureMs: number; rss: number }> {
  const t0 = performance.now();
  const plugin = await NativePlugin.start(["127.0.0.1:1"], {}, command);
  const portMs = performance.now() - t0;
  try {
    await plugin.getSchema();
    const schemaMs = performance.now() - t0;
    await plugin.configure({ endpoint: "http://127.0.0.1:1", accessKeyId: "bench", accessKeySecret: "bench" });
    const configureMs = performance.now() - t0;
    await realSleep(idleMs);
    return { portMs, schemaMs, configureMs, rss: rssMiB(plugin.pid!) };
  } finally {
    await plugin.stop();
  }
}

export async function runPluginStart(opts: { reps?: number; idleMs?: number } = {}): Promise<BenchSection> {
  const reps = opts.reps ?? 5;
  const idleMs = opts.idleMs ?? 2000;
  const version = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")).version as string;
  const archive = join(PLUGINS, `pulumi-resource-dts-v${version}-linux-amd64.tar.gz`);
  if (!existsSync(archive)) throw new Error(`${archive} is missing: run \`npm run plugin:dist\` first`);
  const dir = mkdtempSync(join(tmpdir(), "dts-bench-plugin-"));
  const tar = spawnSync("tar", ["xzf", archive, "-C", dir], { encoding: "utf8" });
  if (tar.status !== 0) throw new Error(`tar: ${tar.stderr}`);
  const kinds = [
    { id: "archive", label: "release archive (linux-amd64, Node SEA)", command: [join(dir, "pulumi-resource-dts")] },
    { id: "npmbin", label: `npm bin (node ${process.version} dist/provider/native/bin.js)`, command: [process.execPath, PLUGIN_ENTRY] },
  ];
  const runs: Record<string, Awaited<ReturnType<typeof once>>[]> = { archive: [], npmbin: [] };
  try {
    for (let i = 0; i < reps; i++) for (const k of kinds) runs[k.id]!.push(await once(k.command, idleMs));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const figures: Figure[] = [];
  const rows = kinds.map((k) => {
    const r = runs[k.id]!;
    const med = (f: (x: (typeof r)[number]) => number) => median(r.map(f));
    figures.push(
      { id: `plugin.${k.id}.coldstart`, value: med((x) => x.configureMs), unit: "ms", better: "lower", kind: "coldstart" },
      { id: `plugin.${k.id}.rss`, value: med((x) => x.rss), unit: "MiB", better: "lower", kind: "memory" },
    );
    return [
      k.label,
      fmt(
        med((x) => x.portMs),
        0,
      ),
      fmt(
        med((x) => x.schemaMs),
        0,
      ),
      fmt(
        med((x) => x.configureMs),
        0,
      ),
      fmt(
        med((x) => x.rss),
        1,
      ),
    ];
  });
  const sizes = readdirSync(PLUGINS)
    .filter((f) => f.endsWith(".tar.gz"))
    .map((f) => [f, fmt(statSync(join(PLUGINS, f)).size / 1e6, 1)]);
  return {
    name: "plugin",
    title: "Native plugin: cold start, idle memory, release archive sizes",
    date: new Date().toISOString(),
    settings: { reps, idleMs, alternated: true },
    tables: [
      {
        title: `Cold start (median of ${reps}, ms from spawn) and RSS ${idleMs / 1000} s after Configure`,
        header: ["Plugin", "Port printed", "GetSchema answered", "Configure answered", "RSS idle (MiB)"],
        rows,
      },
      { title: "Release archives (`npm run plugin:dist`)", header: ["Archive", "Size (MB)"], rows: sizes },
    ],
    notes: [],
    figures: [
      ...figures,
      ...sizes.map(([f, mb]) => ({
        id: `plugin.size.${f!.replace(/^.*-v[^-]+-|\.tar\.gz$/g, "")}`,
        value: Number(mb),
        unit: "MB",
        better: "lower" as const,
        kind: "bytes" as const,
      })),
    ],
    data: runs,
  };
}
