/**
 * Provider cost, measured on the real dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`) driven over
 * gRPC by tests/support/provider-client.ts, against the emulator:
 *
 * - the serialized `__provider` string (stored in the state of every resource, sent with every RPC);
 * - cold start: spawn -> port printed -> first successful RPC (Configure) -> first Check (which deserializes
 *   `__provider` and loads the package by name);
 * - memory (RSS of the host process, sampled from /proc) while 100 Create RPCs wait concurrently in one host, as
 *   in a stack of 100 resources.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { startEmulator, type EmulatorHandle } from "../emulator";
import { ensureBuilt } from "../tests/support/build";
import { createProgramDir, DynamicProviderHost, REPO_ROOT, secretValue, serializeProvider, urnFor } from "../tests/support/provider-client";
import { fmt, median, realSleep, type BenchSection, type Figure } from "./util";

export interface ProviderCostOptions {
  /** Concurrent Create RPCs in one host process. @default 100 */
  concurrent?: number;
  /** Cold starts measured (median reported). @default 5 */
  coldStarts?: number;
  /** Emulator time scale for the concurrent waits. @default 20 */
  timeScale?: number;
}

function rssKiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : NaN;
  } catch {
    return NaN;
  }
}

function config(emu: EmulatorHandle): Record<string, unknown> {
  return {
    "dts:accessKeyId": emu.accessKeyId,
    "dts:accessKeySecret": secretValue(emu.accessKeySecret),
    "dts:endpoint": emu.url,
    "dts:region": "cn-hangzhou",
  };
}

const OBJECTS = '[{"DBName":"benchdb","TableIncludes":[{"TableName":"customer"},{"TableName":"orders"},{"TableName":"items"}]}]';

export async function runProviderCost(options: ProviderCostOptions = {}): Promise<BenchSection> {
  const concurrent = options.concurrent ?? 100;
  const coldStarts = options.coldStarts ?? 5;
  const timeScale = options.timeScale ?? 20;
  ensureBuilt();
  const dist = require(path.join(REPO_ROOT, "dist", "provider")) as typeof import("../provider");
  const providerText = await serializeProvider(dist.getProvider());
  const providerBytes = Buffer.byteLength(providerText, "utf8");

  const emu = await startEmulator({ timeScale, seed: 31 });
  const program = await createProgramDir("dts-objects-bench-");
  const figures: Figure[] = [];
  const notes: string[] = [];
  const rows: string[][] = [];
  const data: Record<string, unknown> = { providerBytes };
  try {
    // Cold starts.
    const port: number[] = [];
    const configure: number[] = [];
    const check: number[] = [];
    for (let i = 0; i < coldStarts; i++) {
      const t0 = performance.now();
      const host = await DynamicProviderHost.start({ cwd: program.dir });
      const t1 = performance.now();
      await host.configure(config(emu));
      const t2 = performance.now();
      const jobId = emu.createJob();
      const { failures } = await host.check(
        urnFor(`cold${i}`),
        {},
        { synchronizationJobId: jobId, synchronizationObjects: OBJECTS, __resourceKey: `proj/dev/cold${i}`, __provider: providerText },
      );
      const t3 = performance.now();
      if (failures.length) throw new Error(`check failed: ${JSON.stringify(failures)}`);
      port.push(t1 - t0);
      configure.push(t2 - t0);
      check.push(t3 - t0);
      await host.stop();
    }
    data.coldStartMs = { port, configure, check };

    // 100 concurrent creates in one host.
    const host = await DynamicProviderHost.start({ cwd: program.dir });
    const pid = host.pid;
    let peak = 0;
    let samples = 0;
    let sampling = true;
    try {
      await host.configure(config(emu));
      const resources = [];
      for (let i = 0; i < concurrent; i++) {
        // Tasks of about 60..100 emulated seconds (3..5 s real at time scale 20), default wait options.
        const jobId = emu.createJob({
          scenario: {
            name: "success",
            durations: { precheckItemMs: 1000 },
            rows: { tables: { customer: 1_000_000 + i * 20_000, orders: 500_000, items: 200_000 } },
          },
        });
        const urn = urnFor(`res${i}`);
        const { inputs, failures } = await host.check(
          urn,
          {},
          { synchronizationJobId: jobId, synchronizationObjects: OBJECTS, __resourceKey: `proj/dev/res${i}`, __provider: providerText },
        );
        if (failures.length) throw new Error(`check failed: ${JSON.stringify(failures)}`);
        resources.push({ urn, inputs, jobId });
      }
      await realSleep(500);
      const idle = rssKiB(pid);
      const sampler = (async () => {
        while (sampling) {
          const r = rssKiB(pid);
          if (r > peak) peak = r;
          samples++;
          await realSleep(25);
        }
      })();
      const requestsBefore = emu.stats().requests;
      const t0 = performance.now();
      const results = await Promise.allSettled(resources.map((r) => host.create(r.urn, r.inputs)));
      const wallMs = performance.now() - t0;
      sampling = false;
      await sampler;
      const after = rssKiB(pid);
      const ok = results.filter((r) => r.status === "fulfilled").length;
      if (ok !== concurrent) {
        const why = results.find((r): r is PromiseRejectedResult => r.status === "rejected")?.reason;
        notes.push(`ERROR: ${concurrent - ok} of ${concurrent} creates failed (first: ${String(why?.message ?? why).slice(0, 300)})`);
      }
      const tasks = resources.reduce((n, r) => n + emu.taskCount(r.jobId), 0);
      const calls = emu.stats().requests - requestsBefore;
      data.concurrent = { concurrent, ok, tasks, idleKiB: idle, peakKiB: peak, afterKiB: after, samples, wallMs, calls };

      rows.push(["Serialized `__provider`", `${providerBytes} bytes`, "stored per resource in the state, sent with every RPC"]);
      rows.push(["Cold start: spawn -> port", `${fmt(median(port), 0)} ms`, `median of ${coldStarts}`]);
      rows.push(["Cold start: spawn -> first RPC OK (Configure)", `${fmt(median(configure), 0)} ms`, `median of ${coldStarts}`]);
      rows.push(["Cold start: spawn -> first Check OK (loads __provider + package)", `${fmt(median(check), 0)} ms`, `median of ${coldStarts}`]);
      rows.push([`Host RSS idle (configured, ${concurrent} resources checked)`, `${fmt(idle / 1024, 1)} MiB`, ""]);
      rows.push([`Host RSS peak during ${concurrent} concurrent creates`, `${fmt(peak / 1024, 1)} MiB`, `${samples} samples every 25 ms`]);
      rows.push(["RSS added per concurrent wait", `${fmt((peak - idle) / concurrent, 0)} KiB`, "(peak - idle) / concurrent"]);
      rows.push([
        `${concurrent} creates (all waits)`,
        `${fmt(wallMs / 1000, 1)} s`,
        `${ok} ok, ${tasks} tasks started, ${calls} API calls (${fmt(calls / concurrent, 1)} per resource), time scale ${timeScale}`,
      ]);

      figures.push({ id: "provider.serialized_bytes", value: providerBytes, unit: "bytes", better: "lower", kind: "bytes" });
      figures.push({ id: "provider.coldstart_configure_ms", value: median(configure), unit: "ms", better: "lower", kind: "coldstart" });
      figures.push({ id: "provider.coldstart_check_ms", value: median(check), unit: "ms", better: "lower", kind: "coldstart" });
      figures.push({ id: "provider.rss_idle_mib", value: idle / 1024, unit: "MiB", better: "lower", kind: "memory" });
      figures.push({ id: `provider.rss_peak_mib@${concurrent}`, value: peak / 1024, unit: "MiB", better: "lower", kind: "memory" });
      figures.push({ id: `provider.calls_per_resource@${concurrent}`, value: calls / concurrent, unit: "calls", better: "lower", kind: "calls" });
    } finally {
      sampling = false;
      await host.stop();
    }
  } finally {
    await emu.stop();
    await program.cleanup();
  }
  return {
    name: "provider",
    title: "Provider cost: serialized provider, host cold start, host memory under concurrent waits",
    date: new Date().toISOString(),
    settings: {
      concurrent,
      coldStarts,
      timeScale,
      host: "@pulumi/pulumi/cmd/dynamic-provider via tests/support/provider-client.ts",
      wait: "resource defaults",
    },
    tables: [{ title: "Dynamic-provider host, one process", header: ["Measure", "Value", "Notes"], rows }],
    notes,
    figures,
    data,
  };
}
