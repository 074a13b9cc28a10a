/**
 * Emulator throughput: signed `DescribeSynchronizationObjectModifyStatus` calls per second over loopback, sent by
 * the real @alicloud/pop-core client (HMAC-SHA1 signing, keep-alive) with N calls in flight. Every call is checked
 * by the emulator (signature, timestamp, nonce) and answered with the task's state.
 *
 * Two layouts: the emulator in the benchmark's own process (client and server share one event loop, as in the
 * jest suites), and the emulator bin in a child process (each side gets its own core).
 */
import { startEmulator } from "../emulator";
import { DtsClient } from "../sdk";
import { fmt, realSleep, spawnEmulatorChild, summarize, type BenchSection, type Figure } from "./util";

const RPCClient = require("@alicloud/pop-core") as new (
  config: Record<string, unknown>,
) => {
  request(action: string, params: Record<string, unknown>, opts: Record<string, unknown>): Promise<unknown>;
};

export interface ThroughputOptions {
  /** Measured time per cell, ms. @default 3000 */
  durationMs?: number;
  /** Calls in flight. */
  concurrency?: number[];
  layouts?: Array<"in-process" | "child-process">;
}

interface Target {
  url: string;
  accessKeyId: string;
  accessKeySecret: string;
  taskId: string;
  stop(): Promise<void>;
}

async function inProcessTarget(): Promise<Target> {
  const emu = await startEmulator({ timeScale: 10 });
  const taskId = await startTask(emu.url, emu.accessKeyId, emu.accessKeySecret, emu.demoJobId);
  return { url: emu.url, accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret, taskId, stop: () => emu.stop() };
}

async function childProcessTarget(): Promise<Target> {
  const { info, stop } = await spawnEmulatorChild(["--time-scale", "10"]);
  const taskId = await startTask(info.url, info.accessKeyId, info.accessKeySecret, info.demoJobId);
  return { ...info, taskId, stop };
}

async function startTask(url: string, accessKeyId: string, accessKeySecret: string, jobId: string): Promise<string> {
  const client = new DtsClient({ endpoint: url, credentials: { accessKeyId, accessKeySecret }, credentialsChain: false });
  const { taskId } = await client.modifySynchronizationObject({
    synchronizationJobId: jobId,
    synchronizationObjects: [{ dbName: "benchdb", tableIncludes: [{ tableName: "orders" }, { tableName: "customer" }] }],
  });
  return taskId;
}

async function measure(
  target: Target,
  concurrency: number,
  durationMs: number,
): Promise<{ rps: number; ok: number; errors: number; latencyMs: ReturnType<typeof summarize> }> {
  const rpc = new RPCClient({ endpoint: target.url, apiVersion: "2020-01-01", accessKeyId: target.accessKeyId, accessKeySecret: target.accessKeySecret });
  const call = () =>
    rpc.request(
      "DescribeSynchronizationObjectModifyStatus",
      { RegionId: "cn-hangzhou", TaskId: target.taskId },
      { method: "POST", formatParams: false, timeout: 10_000 },
    );
  // Warm-up: open the sockets, let the JIT settle.
  const warmEnd = Date.now() + Math.min(500, durationMs / 4);
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < warmEnd) await call().catch(() => undefined);
    }),
  );
  const latencies: number[] = [];
  let ok = 0;
  let errors = 0;
  const started = performance.now();
  const end = started + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        try {
          const body = (await call()) as { Status?: string; RequestId?: string };
          if (body && typeof body.RequestId === "string") ok++;
          else errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = performance.now() - started;
  return { rps: (ok * 1000) / elapsed, ok, errors, latencyMs: summarize(latencies) };
}

export async function runThroughput(options: ThroughputOptions = {}): Promise<BenchSection> {
  const durationMs = options.durationMs ?? 3000;
  const levels = options.concurrency ?? [1, 4, 16, 64];
  const layouts = options.layouts ?? ["in-process", "child-process"];
  const rows: string[][] = [];
  const figures: Figure[] = [];
  const data: Record<string, unknown>[] = [];
  const notes: string[] = [];
  for (const layout of layouts) {
    const target = layout === "in-process" ? await inProcessTarget() : await childProcessTarget();
    try {
      for (const c of levels) {
        const m = await measure(target, c, durationMs);
        rows.push([layout, String(c), fmt(m.rps, 0), fmt(m.latencyMs.p50, 2), fmt(m.latencyMs.p90, 2), fmt(m.latencyMs.max, 1), String(m.errors)]);
        figures.push({ id: `throughput.rps@${layout}.c${c}`, value: m.rps, unit: "req/s", better: "higher", kind: "throughput" });
        data.push({ layout, concurrency: c, ...m });
        if (m.errors) notes.push(`ERROR: ${m.errors} failed calls (${layout}, ${c} in flight)`);
        await realSleep(200);
      }
    } finally {
      await target.stop();
    }
  }
  notes.push(
    "Client cost (pop-core signing, JSON parsing) is included: on 2 cores the in-process figure is what a jest suite sees; the child-process figure is closer to the server's own capacity.",
  );
  return {
    name: "throughput",
    title: "Emulator throughput: signed DescribeSynchronizationObjectModifyStatus over loopback",
    date: new Date().toISOString(),
    settings: { durationMs, concurrency: levels, layouts, client: "@alicloud/pop-core RPCClient, POST, keep-alive", format: "JSON" },
    tables: [
      {
        title: `Signed calls per second (pop-core client, ${durationMs} ms per cell, all answers checked)`,
        header: ["Layout", "In flight", "Req/s", "p50 ms", "p90 ms", "max ms", "Errors"],
        rows,
      },
    ],
    notes,
    figures,
    data,
  };
}
