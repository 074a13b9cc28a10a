/**
 * Provider cost, measured on the real dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`) driven over
 * gRPC by tests/host/host-client.ts, against the emulator:
 *
 * - the serialized `__provider` string (stored in the state of every resource, sent with every RPC);
 * - cold start: spawn -> port printed -> first successful RPC (Configure) -> first Check (which deserializes
 *   `__provider` and loads the package by name);
 * - memory (RSS of the host process, sampled from /proc) while 100 Create RPCs wait concurrently in one host, as
 *   in a stack of 100 resources;
 * - what the seam of the host costs (provider/shared/dynamic-host: the grpc-js handler wrapper and the private
 *   connection to the engine's Log service), before and after side by side in one run: hosts with
 *   `PULUMI_DTS_OBJECTS_DYNAMIC_SEAM=off` (the provider of before) and with the seam, alternating, each given a
 *   stand-in engine Log service in another process (tests/dynamic/engine-log-server.ts): cold start to the first
 *   Check (where the seam is installed), and the latency of a Delete RPC (the cheapest call through the wrapper: it
 *   writes one line, to the engine with the seam, to stderr without) over sequential calls.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { startEmulator, type EmulatorHandle } from "../emulator";
import { ensureBuilt } from "../tests/support/build";
import { spawn } from "node:child_process";
import { createProgramDir, DynamicProviderHost, REPO_ROOT, secretValue, serializeProvider, urnFor, type ProgramDir } from "../tests/host/host-client";
import { fmt, median, realSleep, summarize, type BenchSection, type Figure } from "./util";

export interface ProviderCostOptions {
  /** Concurrent Create RPCs in one host process. @default 100 */
  concurrent?: number;
  /** Cold starts measured (median reported). @default 5 */
  coldStarts?: number;
  /** Emulator time scale for the concurrent waits. @default 20 */
  timeScale?: number;
  /** Host pairs (seam off, seam on) measured for the seam's cost. @default 5 */
  seamHosts?: number;
  /** Sequential Delete RPCs per host for the per-call figure. @default 300 */
  seamCalls?: number;
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
  let seam: { rows: string[][]; figures: Figure[]; data: unknown } | undefined;
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
    seam = await seamCost(emu, program, providerText, options.seamHosts ?? 5, options.seamCalls ?? 300);
    data.seam = seam.data;
    figures.push(...seam.figures);
  } finally {
    await emu.stop();
    await program.cleanup();
  }
  return {
    name: "provider",
    title: "Provider cost: serialized provider, host cold start, host memory under concurrent waits",
    date: new Date().toISOString(),
    settings: { concurrent, coldStarts, timeScale, host: "@pulumi/pulumi/cmd/dynamic-provider via tests/host/host-client.ts", wait: "resource defaults" },
    tables: [
      { title: "Dynamic-provider host, one process", header: ["Measure", "Value", "Notes"], rows },
      ...(seam
        ? [
            {
              title: "The seam of the host (Cancel, URN, customTimeouts, engine log): before and after",
              header: ["Measure", "Seam off (before)", "Seam on", "Notes"],
              rows: seam.rows,
            },
          ]
        : []),
    ],
    notes,
    figures,
    data,
  };
}

/**
 * The seam's cost: `hosts` pairs of hosts (seam off, seam on, alternating so load drifts hit both), each with a
 * stand-in engine Log service as its engine address: spawn -> first Check OK, then `calls` sequential Delete RPCs
 * (median and p90 latency per call).
 */
async function seamCost(
  emu: EmulatorHandle,
  program: ProgramDir,
  providerText: string,
  hosts: number,
  calls: number,
): Promise<{ rows: string[][]; figures: Figure[]; data: unknown }> {
  const engine = await engineLogChild();
  let engineMessages = 0;
  const modes = { off: { check: [] as number[], call: [] as number[] }, on: { check: [] as number[], call: [] as number[] } };
  try {
    for (let i = 0; i < hosts; i++) {
      for (const mode of ["off", "on"] as const) {
        const t0 = performance.now();
        const host = await DynamicProviderHost.start({
          cwd: program.dir,
          engineAddress: engine.address,
          env: mode === "off" ? { PULUMI_DTS_OBJECTS_DYNAMIC_SEAM: "off" } : {},
        });
        try {
          await host.configure(config(emu));
          const jobId = emu.createJob();
          const name = `seam-${mode}-${i}`;
          const props = { synchronizationJobId: jobId, synchronizationObjects: OBJECTS, __resourceKey: `proj/dev/${name}`, __provider: providerText };
          const { failures } = await host.check(urnFor(name), {}, props);
          modes[mode].check.push(performance.now() - t0);
          if (failures.length) throw new Error(`check failed: ${JSON.stringify(failures)}`);
          for (let c = 0; c < calls; c++) {
            const s0 = performance.now();
            await host.delete(`task-${c}`, urnFor(name), props);
            modes[mode].call.push(performance.now() - s0);
          }
        } finally {
          await host.stop();
        }
      }
    }
  } finally {
    engineMessages = await engine.stop();
  }
  const wrapper = await wrapperOnly();
  const p90 = (xs: number[]) => summarize(xs).p90;
  const us = (ms: number) => `${fmt(ms * 1000, 0)} us`;
  const rows = [
    ["Cold start: spawn -> first Check OK", `${fmt(median(modes.off.check), 0)} ms`, `${fmt(median(modes.on.check), 0)} ms`, `median of ${hosts} hosts each`],
    ["Delete RPC, median", us(median(modes.off.call)), us(median(modes.on.call)), `${hosts} x ${calls} sequential calls each; one log line per call`],
    ["Delete RPC, p90", us(p90(modes.off.call)), us(p90(modes.on.call)), "(off: the line to stderr; on: to the engine, tied to the URN)"],
    ["Seam added per call (median)", "", us(median(modes.on.call) - median(modes.off.call)), "on - off: the wrapper and the line's RPC to the engine"],
    [
      "Wrapper alone: trivial Create RPC in process, median",
      us(median(wrapper.off)),
      us(median(wrapper.on)),
      `@pulumi/pulumi's grpc-js, ${wrapper.off.length} calls each, alternating blocks; no log line`,
    ],
    ["Seam added to the cold start (median)", "", `${fmt(median(modes.on.check) - median(modes.off.check), 0)} ms`, "on - off"],
  ];
  const figures: Figure[] = [
    { id: "provider.seam_off_coldstart_check_ms", value: median(modes.off.check), unit: "ms", better: "lower", kind: "coldstart" },
    { id: "provider.seam_on_coldstart_check_ms", value: median(modes.on.check), unit: "ms", better: "lower", kind: "coldstart" },
    { id: "provider.seam_off_call_ms", value: median(modes.off.call), unit: "ms", better: "lower", kind: "latency" },
    { id: "provider.seam_on_call_ms", value: median(modes.on.call), unit: "ms", better: "lower", kind: "latency" },
    { id: "provider.seam_wrapper_added_ms", value: Math.max(0, median(wrapper.on) - median(wrapper.off)), unit: "ms", better: "lower", kind: "latency" },
  ];
  const data = {
    hosts,
    calls,
    coldStartCheckMs: { off: modes.off.check, on: modes.on.check },
    deleteCallMs: { off: summarize(modes.off.call), on: summarize(modes.on.call) },
    wrapperOnlyCallMs: { off: summarize(wrapper.off), on: summarize(wrapper.on) },
    // With the seam each Delete's line reached the engine (one message per call); without, none did.
    engineMessages,
  };
  return { rows, figures, data };
}

/** The stand-in engine Log service in a child process: its address, and `stop()` resolving with the messages it got. */
async function engineLogChild(): Promise<{ address: string; stop: () => Promise<number> }> {
  const root = path.join(__dirname, "..");
  const child = spawn(process.execPath, ["-r", path.join(__dirname, "register.js"), path.join(root, "tests", "dynamic", "engine-log-server.ts")], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines: Record<string, unknown>[] = [];
  let buffered = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    buffered += chunk.toString("utf8");
    for (let i = buffered.indexOf("\n"); i >= 0; i = buffered.indexOf("\n")) {
      lines.push(JSON.parse(buffered.slice(0, i)));
      buffered = buffered.slice(i + 1);
    }
  });
  const end = Date.now() + 60_000;
  while (!lines.some((l) => typeof l.address === "string")) {
    if (child.exitCode !== null || Date.now() > end) throw new Error("the engine Log stand-in did not start");
    await realSleep(20);
  }
  const address = lines.find((l) => typeof l.address === "string")!.address as string;
  return {
    address,
    stop: () =>
      new Promise<number>((resolve) => {
        child.once("exit", () => resolve(Number(lines.find((l) => typeof l.messages === "number")?.messages ?? Number.NaN)));
        child.kill("SIGTERM");
      }),
  };
}

/**
 * The wrapper alone: a grpc-js server of @pulumi/pulumi's copy in this process with a trivial Create handler, called
 * sequentially by a client, with `_retrieveHandler` as grpc-js ships it and as the seam wraps it, in alternating
 * blocks (the two functions are swapped between blocks; the prototype is left as grpc-js shipped it).
 */
async function wrapperOnly(blocks = 6, perBlock = 500): Promise<{ off: number[]; on: number[] }> {
  const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [REPO_ROOT] }));
  const grpc = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] }));
  const providerGrpc = require(path.join(pulumiDir, "proto", "provider_grpc_pb"));
  const providerPb = require(path.join(pulumiDir, "proto", "provider_pb"));
  const { installSeam } = require(
    path.join(REPO_ROOT, "dist", "provider", "shared", "dynamic-host", "seam"),
  ) as typeof import("../provider/shared/dynamic-host/seam");
  const prototype = grpc.Server.prototype;
  const original = prototype._retrieveHandler;
  const server = new grpc.Server();
  server.addService(providerGrpc.ResourceProviderService, {
    create: (_call: unknown, callback: (e: null, r: unknown) => void) => callback(null, new providerPb.CreateResponse()),
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e: Error | null, p: number) => (e ? reject(e) : resolve(p))),
  );
  const client = new providerGrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const request = new providerPb.CreateRequest();
  request.setUrn(urnFor("bench"));
  request.setTimeout(20);
  const call = () => new Promise<void>((resolve, reject) => client.create(request, (e: Error | null) => (e ? reject(e) : resolve())));
  const problem = installSeam(grpc);
  if (problem) throw new Error(`the seam could not be installed: ${problem}`);
  const wrapped = prototype._retrieveHandler;
  const off: number[] = [];
  const on: number[] = [];
  try {
    for (let i = 0; i < 50; i++) await call(); // warm-up
    for (let b = 0; b < blocks * 2; b++) {
      const seam = b % 2 === 1;
      prototype._retrieveHandler = seam ? wrapped : original;
      for (let c = 0; c < perBlock; c++) {
        const t0 = performance.now();
        await call();
        (seam ? on : off).push(performance.now() - t0);
      }
    }
  } finally {
    prototype._retrieveHandler = original;
    client.close();
    server.forceShutdown();
  }
  return { off, on };
}
