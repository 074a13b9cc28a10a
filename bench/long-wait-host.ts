/**
 * The host part of the long-wait benchmark: 100 72-hour waits in one dynamic-provider host (tests/support/provider-client.ts),
 * time-scaled by a preload (bench/host-time-scale.js); host RSS and CPU sampled from /proc (see bench/long-wait.ts).
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { startEmulator } from "../emulator";
import { ensureBuilt } from "../tests/support/build";
import { createProgramDir, DynamicProviderHost, REPO_ROOT, secretValue, serializeProvider, urnFor } from "../tests/support/provider-client";
import { longTask, TASK_MS } from "./long-wait-task";
import { fmt, realSleep, type Figure } from "./util";

/** 100 such waits in one dynamic-provider host, time-scaled: host RSS and CPU. */
export async function hostWaits(
  count: number,
  timeScale: number,
  seed: number,
): Promise<{ rows: string[][]; figures: Figure[]; notes: string[]; data: Record<string, unknown> }> {
  ensureBuilt();
  const dist = require(path.join(REPO_ROOT, "dist", "provider")) as typeof import("../provider");
  const providerText = await serializeProvider(dist.getProvider());
  const emu = await startEmulator({ timeScale, seed });
  const program = await createProgramDir("dts-objects-longwait-");
  const notes: string[] = [];
  const figures: Figure[] = [];
  const rows: string[][] = [];
  const host = await DynamicProviderHost.start({
    cwd: program.dir,
    // A Create RPC lasts the whole wait (72 h / timeScale of real time).
    callTimeoutMs: Math.max(120_000, (2 * TASK_MS) / timeScale),
    env: {
      NODE_OPTIONS: `--require ${path.join(__dirname, "host-time-scale.js")}`,
      DTS_BENCH_TIME_SCALE: String(timeScale),
      DTS_BENCH_TIME_MODULE: path.join(REPO_ROOT, "dist", "sdk", "time.js"),
      DTS_BENCH_HEAP_PROBE: "1",
    },
  });
  const pid = host.pid;
  const samples: Array<{ t: number; rssKiB: number; cpuTicks: number }> = [];
  let sampling = true;
  try {
    await host.configure({
      "dts:accessKeyId": emu.accessKeyId,
      "dts:accessKeySecret": secretValue(emu.accessKeySecret),
      "dts:endpoint": emu.url,
      "dts:region": "cn-hangzhou",
    });
    const resources = [];
    for (let i = 0; i < count; i++) {
      const task = longTask(seed * 1000 + i);
      const jobId = emu.createJob({ scenario: task.scenario });
      const objects = JSON.stringify([{ DBName: "bigdb", TableIncludes: task.tables.map((TableName) => ({ TableName })) }]);
      const urn = urnFor(`long${i}`);
      const { inputs, failures } = await host.check(
        urn,
        {},
        {
          synchronizationJobId: jobId,
          synchronizationObjects: objects,
          wait: { timeoutMinutes: 80 * 60 },
          __resourceKey: `proj/dev/long${i}`,
          __provider: providerText,
        },
      );
      if (failures.length) throw new Error(`check failed: ${JSON.stringify(failures)}`);
      resources.push({ urn, inputs });
    }
    await realSleep(300);
    /** Heap after a full GC in the host (the preload answers SIGUSR2 on stderr), MiB. */
    const heapProbe = async (): Promise<number> => {
      const before = host.stderr.length;
      process.kill(pid, "SIGUSR2");
      for (let i = 0; i < 100; i++) {
        const line = host.stderr.slice(before).find((l) => l.startsWith("DTS_BENCH_HEAP "));
        if (line) return Number(line.split(" ")[1]) / 2 ** 20;
        await realSleep(50);
      }
      return NaN;
    };
    const heapBefore = await heapProbe();
    const heapAt: Array<[number, number]> = [];
    const expectedS = TASK_MS / timeScale / 1000;
    const probes = (async () => {
      for (const f of [0.25, 0.5, 0.75]) {
        await realSleep(expectedS * 250);
        if (sampling) heapAt.push([f, await heapProbe()]);
      }
    })();
    const sampler = (async () => {
      while (sampling) {
        samples.push({ t: performance.now(), ...procStats(pid) });
        await realSleep(250);
      }
    })();
    const requests0 = emu.stats().requests;
    const t0 = performance.now();
    const results = await Promise.allSettled(resources.map((r) => host.create(r.urn, r.inputs)));
    const wallS = (performance.now() - t0) / 1000;
    sampling = false;
    await sampler;
    await probes;
    const heapAfter = await heapProbe();
    const ok = results.filter((r) => r.status === "fulfilled").length;
    if (ok !== count) {
      const why = results.find((r): r is PromiseRejectedResult => r.status === "rejected")?.reason;
      notes.push(`ERROR: ${count - ok} of ${count} host waits failed (first: ${String(why?.message ?? why).slice(0, 300)})`);
    }
    const calls = emu.stats().requests - requests0;
    const first = samples[0]!;
    const lastS = samples[samples.length - 1]!;
    const tick = 100; // USER_HZ
    const cpuS = (lastS.cpuTicks - first.cpuTicks) / tick;
    const rss = samples.map((s) => s.rssKiB / 1024);
    // RSS over the second half of the waits vs the first: a leak per poll would show as growth.
    const half = Math.floor(rss.length / 2);
    const firstHalfMax = Math.max(...rss.slice(0, half));
    const secondHalfMax = Math.max(...rss.slice(half));
    const emulatedHours = (wallS * timeScale) / 3600;
    rows.push([
      `${count} concurrent 72-hour waits (time scale ${timeScale})`,
      `${fmt(wallS, 1)} s`,
      `${ok} ok; ${calls} API calls (${fmt(calls / count, 0)} per wait); ${fmt(emulatedHours, 1)} emulated h`,
    ]);
    rows.push([
      "Host RSS at start / first-half peak / second-half peak / end",
      `${fmt(rss[0]!, 1)} / ${fmt(firstHalfMax, 1)} / ${fmt(secondHalfMax, 1)} / ${fmt(rss[rss.length - 1]!, 1)} MiB`,
      `${samples.length} samples every 250 ms`,
    ]);
    rows.push([
      "Host heap after a full GC: before / during (25, 50, 75 % of the wait) / after",
      `${fmt(heapBefore, 1)} / ${heapAt.map(([, h]) => fmt(h, 1)).join(", ")} / ${fmt(heapAfter, 1)} MiB`,
      "a leak per poll would grow from one to the next; RSS above it is memory V8 keeps after collecting",
    ]);
    rows.push([
      "Host CPU over the waits",
      `${fmt(cpuS, 1)} s`,
      `${fmt((100 * cpuS) / wallS, 0)} % of one core; ${fmt((cpuS * 1000) / calls, 2)} ms per poll (signing, HTTP, JSON, waiter, progress lines)`,
    ]);
    rows.push([
      `Host CPU per emulated hour of ${count} waits`,
      `${fmt(cpuS / emulatedHours, 2)} s`,
      `per hour of a real 72-hour \`pulumi up\` of ${count} resources, at this run's ${fmt(calls / count, 0)} polls per wait (the simulated-clock runs above make more: timers fire late in a loaded host at this time scale)`,
    ]);
    figures.push({ id: `longwait.host.rss_peak_mib@${count}`, value: Math.max(...rss), unit: "MiB", better: "lower", kind: "memory" });
    figures.push({
      id: `longwait.host.heap_after_gc_mib@${count}`,
      value: Math.max(...heapAt.map(([, h]) => h), heapAfter),
      unit: "MiB",
      better: "lower",
      kind: "memory",
    });
    // No figure for the host's calls per wait: at a large time scale it depends on how late timers fire under load.
    return {
      rows,
      figures,
      notes,
      data: {
        count,
        timeScale,
        wallS,
        ok,
        calls,
        cpuS,
        samples: samples.length,
        rssStart: rss[0],
        rssFirstHalfMax: firstHalfMax,
        rssSecondHalfMax: secondHalfMax,
        rssEnd: rss[rss.length - 1],
        heapBefore,
        heapAt,
        heapAfter,
      },
    };
  } finally {
    sampling = false;
    await host.stop();
    await emu.stop();
    await program.cleanup();
  }
}

function procStats(pid: number): { rssKiB: number; cpuTicks: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const rss = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Fields after the command: state is [0], utime is field 14 of the whole line -> index 11 here, stime 12.
    return { rssKiB: rss, cpuTicks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return { rssKiB: NaN, cpuTicks: NaN };
  }
}
