/**
 * Detection latency and API calls per wait: the SDK waiter (default options: 2 s .. 30 s backoff with jitter,
 * progress-aware scheduling on) and the same waiter with `progressAware: false` (the plain smithy backoff), against
 * the fixed-interval loops other tools use, side by side on the same emulator and the same task timeline.
 *
 * - `fixed 5 s`: the aliyun CLI `--waiter` (interval default 5 s, research §5).
 * - `fixed 1 s`: a tight hand-written loop.
 * - `terraform`: terraform-plugin-sdk's StateChangeConf as alicloud builds it (Delay 5 s, then gaps 3, 6, 10, 10,
 *   ... s; research §3).
 *
 * Everything is time-scaled: the emulator runs `timeScale` times faster and every poller gets a clock and a sleep
 * scaled the same way, so all figures are in emulated seconds. "Detection latency" is the time from the end of the
 * last phase (the task's plan: createdAt + dataEnd / timeScale) to the poller returning its verdict.
 */
import { startEmulator, type EmulatorHandle } from "../emulator";
import { DtsClient, checkModifyStatus, waitForObjectModification, WAITER_DEFAULTS } from "../sdk";
import type { Clock, Sleep } from "../sdk";
import { fmt, prng, ratio, scaledTime, summarize, type BenchSection, type Figure } from "./util";

export interface DetectionOptions {
  /** Emulator and poller time scale. @default 20 */
  timeScale?: number;
  /** Target wait lengths, emulated seconds. */
  waits?: number[];
  /** Waits per length and poller (each with a different offset of the end against the poll grid). @default 8 */
  reps?: number;
  seed?: number;
  /** Extra SDK-waiter rows with other delays (to size a change of the defaults); none by default. */
  variants?: Array<{ label: string; minDelaySeconds?: number; maxDelaySeconds?: number; progressAware?: boolean }>;
}

type PollerKind = "ours" | "plain" | "fixed5" | "fixed1" | "terraform" | `variant${number}`;
/** The SDK-waiter rows: their targets are checked and their figures recorded. */
const WAITER_KINDS: PollerKind[] = ["ours", "plain"];
const POLLERS: Array<{ kind: PollerKind; label: string }> = [
  { kind: "ours", label: "SDK waiter (defaults: progress-aware)" },
  { kind: "plain", label: "SDK waiter (progressAware: false)" },
  { kind: "fixed5", label: "fixed 5 s loop" },
  { kind: "fixed1", label: "fixed 1 s loop" },
  { kind: "terraform", label: "terraform StateChangeConf" },
];

interface WaitRecord {
  kind: PollerKind;
  target: number;
  /** Emulated seconds from task start to the end of data initialization. */
  endS: number;
  latencyS: number;
  calls: number;
  state: string;
}

/** A scenario whose data initialization ends `seconds` (emulated) after the task starts: 1 table, fixed rows. */
export function scenarioLasting(seconds: number) {
  const totalMs = seconds * 1000;
  const precheckItemMs = Math.min(1500, Math.floor((totalMs * 0.2) / 16));
  const structureTableMs = 300;
  const overheadMs = 500;
  const dataMs = Math.max(0, totalMs - 16 * precheckItemMs - structureTableMs - overheadMs);
  const rowsPerSecond = 50_000;
  return {
    name: "success" as const,
    durations: { precheckItemMs, structureTableMs, dataTableOverheadMs: overheadMs, dataRowsPerSecond: rowsPerSecond, dataParallelism: 1 },
    rows: { tables: { bench_t1: Math.round((dataMs * rowsPerSecond) / 1000) } },
  };
}

type Status = Awaited<ReturnType<DtsClient["describeSynchronizationObjectModifyStatus"]>>;

async function pollOnce(client: DtsClient, taskId: string): Promise<"retry" | "done"> {
  let status: Status;
  try {
    status = await client.describeSynchronizationObjectModifyStatus({ taskId });
  } catch {
    return "retry";
  }
  return checkModifyStatus(status).state === "retry" ? "retry" : "done";
}

/** A fixed-interval loop, aliyun CLI style: call, check, sleep `intervalS`, until done or `maxWaitS`. */
async function fixedLoop(client: DtsClient, taskId: string, intervalS: number, maxWaitS: number, clock: Clock, sleep: Sleep): Promise<string> {
  const start = clock.now();
  for (;;) {
    if ((await pollOnce(client, taskId)) === "done") return "done";
    if (clock.now() - start > maxWaitS * 1000) return "timeout";
    await sleep(intervalS * 1000);
  }
}

/** terraform-plugin-sdk v1 StateChangeConf with Delay 5 s and MinTimeout 3 s (alicloud's BuildStateConf). */
async function terraformLoop(client: DtsClient, taskId: string, maxWaitS: number, clock: Clock, sleep: Sleep): Promise<string> {
  const start = clock.now();
  await sleep(5000);
  let waitMs = 100;
  for (;;) {
    if ((await pollOnce(client, taskId)) === "done") return "done";
    if (clock.now() - start > maxWaitS * 1000) return "timeout";
    waitMs *= 2;
    if (waitMs > 10_000) waitMs = 10_000;
    else if (waitMs < 3000) waitMs = 3000;
    await sleep(waitMs);
  }
}

interface WaiterDelays {
  minDelaySeconds?: number;
  maxDelaySeconds?: number;
  progressAware?: boolean;
}

async function oneWait(
  emu: EmulatorHandle,
  kind: PollerKind,
  target: number,
  seconds: number,
  scale: number,
  seed: number,
  delays: WaiterDelays = {},
): Promise<WaitRecord> {
  const jobId = emu.createJob({ scenario: scenarioLasting(seconds) });
  const client = new DtsClient({
    endpoint: emu.url,
    credentials: { accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret },
    credentialsChain: false,
  });
  const { taskId } = await client.modifySynchronizationObject({
    synchronizationJobId: jobId,
    synchronizationObjects: [{ dbName: "benchdb", tableIncludes: [{ tableName: "bench_t1" }] }],
  });
  const task = emu.state.tasks.get(taskId)!;
  const plan = emu.state.plan(task);
  const endReal = task.createdAt + plan.dataEnd / scale;
  const { clock, sleep } = scaledTime(scale);
  const maxWaitS = seconds * 2 + 600;
  const before = client.stats.byAction.DescribeSynchronizationObjectModifyStatus ?? 0;
  let state: string;
  if (kind === "ours" || kind === "plain" || kind.startsWith("variant")) {
    const r = await waitForObjectModification(client, taskId, { maxWaitSeconds: maxWaitS, clock, sleep, random: prng(seed), ...delays });
    state = r.state === "success" ? "done" : r.state;
  } else if (kind === "terraform") {
    state = await terraformLoop(client, taskId, maxWaitS, clock, sleep);
  } else {
    state = await fixedLoop(client, taskId, kind === "fixed5" ? 5 : 1, maxWaitS, clock, sleep);
  }
  const doneReal = Date.now();
  return {
    kind,
    target,
    endS: plan.dataEnd / 1000,
    latencyS: ((doneReal - endReal) * scale) / 1000,
    calls: (client.stats.byAction.DescribeSynchronizationObjectModifyStatus ?? 0) - before,
    state,
  };
}

export async function runDetection(options: DetectionOptions = {}): Promise<BenchSection> {
  const scale = options.timeScale ?? 20;
  const waits = options.waits ?? [15, 45, 65, 90, 180, 600];
  const reps = options.reps ?? 8;
  const seed = options.seed ?? 7;
  const rand = prng(seed);
  const variants = options.variants ?? [];
  const pollers = [...POLLERS, ...variants.map((v, i) => ({ kind: `variant${i}` as PollerKind, label: v.label }))];
  const delaysOf = (kind: PollerKind): WaiterDelays => {
    const v = kind.startsWith("variant") ? variants[Number(kind.slice(7))] : undefined;
    if (kind === "plain") return { progressAware: false };
    return v ? { minDelaySeconds: v.minDelaySeconds, maxDelaySeconds: v.maxDelaySeconds, progressAware: v.progressAware } : {};
  };
  const emu = await startEmulator({ timeScale: scale, seed });
  const records: WaitRecord[] = [];
  try {
    for (const target of waits) {
      // Each repetition shifts the end by a seeded offset in [0, 10) s, so the end falls anywhere on the poll grids.
      const lengths = Array.from({ length: reps }, () => target + rand() * 10);
      const runs = lengths.flatMap((seconds, rep) =>
        pollers.map((p) => oneWait(emu, p.kind, target, seconds, scale, seed * 1000 + target * 10 + rep, delaysOf(p.kind))),
      );
      records.push(...(await Promise.all(runs)));
    }
  } finally {
    await emu.stop();
  }

  const rows: string[][] = [];
  const figures: Figure[] = [];
  const notes: string[] = [];
  const maxDelay = WAITER_DEFAULTS.maxDelaySeconds;
  const summary: Record<string, unknown>[] = [];
  const met: Record<string, { latency: boolean; calls: boolean }> = {};
  for (const k of WAITER_KINDS) met[k] = { latency: true, calls: true };
  for (const target of waits) {
    const of = (kind: PollerKind) => records.filter((r) => r.target === target && r.kind === kind);
    const base5 = summarize(of("fixed5").map((r) => r.calls));
    for (const p of pollers) {
      const rs = of(p.kind);
      const lat = summarize(rs.map((r) => r.latencyS));
      const calls = summarize(rs.map((r) => r.calls));
      const bad = rs.filter((r) => r.state !== "done").length;
      rows.push([
        `${target} s`,
        p.label,
        fmt(lat.mean, 2),
        fmt(lat.p50, 2),
        fmt(lat.max, 2),
        fmt(calls.mean, 1),
        ratio(calls.mean, base5.mean),
        bad ? `${bad} not done` : "ok",
      ]);
      summary.push({ target, kind: p.kind, latency: lat, calls, notDone: bad });
      if (WAITER_KINDS.includes(p.kind)) {
        figures.push({ id: `detection.${p.kind}.latency_mean_s@${target}s`, value: lat.mean, unit: "s (emulated)", better: "lower", kind: "latency" });
        figures.push({ id: `detection.${p.kind}.calls@${target}s`, value: calls.mean, unit: "calls", better: "lower", kind: "calls" });
        if (lat.max > maxDelay + 1) met[p.kind]!.latency = false;
        if (target > 60 && calls.mean > 0.5 * base5.mean) {
          met[p.kind]!.calls = false;
          notes.push(
            `MISSED (${p.label}): ${target} s waits: ${fmt(calls.mean)} calls vs ${fmt(base5.mean)} for the fixed 5 s loop (${ratio(calls.mean, base5.mean)}, target <= 0.50x).`,
          );
        }
      }
    }
  }
  const long = (kind: PollerKind) => records.filter((r) => r.kind === kind && r.target > 60);
  const sum = (rs: WaitRecord[], f: (r: WaitRecord) => number) => rs.reduce((a, r) => a + f(r), 0);
  const mean = (rs: WaitRecord[], f: (r: WaitRecord) => number) => (rs.length ? sum(rs, f) / rs.length : NaN);
  const fixed5Long = long("fixed5");
  const head: string[] = [];
  for (const k of WAITER_KINDS) {
    const label = pollers.find((p) => p.kind === k)!.label;
    const all = records.filter((r) => r.kind === k);
    const worst = Math.max(...all.map((r) => r.latencyS));
    head.push(
      `${label}: target "detection within one max-delay (${maxDelay} s) of the end": ${met[k]!.latency ? "met" : "MISSED"} (worst ${fmt(worst, 2)} s over ${all.length} waits); ` +
        `target "<= half the calls of the fixed 5 s loop for waits > 1 min": ${met[k]!.calls ? "met" : "MISSED"} (overall ${ratio(
          sum(long(k), (r) => r.calls),
          sum(fixed5Long, (r) => r.calls),
        )}).`,
    );
  }
  const latOf = (k: PollerKind) => mean(long(k), (r) => r.latencyS);
  const callsOf = (k: PollerKind) => mean(long(k), (r) => r.calls);
  head.push(
    `Waits > 1 min, mean over ${long("ours").length}: progress-aware ${fmt(latOf("ours"), 2)} s late with ${fmt(callsOf("ours"), 1)} calls; ` +
      `plain backoff ${fmt(latOf("plain"), 2)} s late with ${fmt(callsOf("plain"), 1)} calls; fixed 5 s loop ${fmt(latOf("fixed5"), 2)} s late with ${fmt(callsOf("fixed5"), 1)} calls.`,
  );
  notes.unshift(...head);

  return {
    name: "detection",
    title: "Detection latency and API calls per completed wait",
    date: new Date().toISOString(),
    settings: {
      timeScale: scale,
      waitsS: waits,
      repsPerPoller: reps,
      seed,
      endOffsetS: "uniform [0, 10) added to each wait",
      waiterDefaults: { ...WAITER_DEFAULTS, progressAware: true },
    },
    tables: [
      {
        title: `Detection latency (emulated s from the end of the last phase to the verdict) and calls per wait; ${reps} waits per cell, time scale ${scale}`,
        header: ["Wait", "Poller", "Latency mean", "p50", "max", "Calls/wait", "Calls vs 5 s loop", "Verdict"],
        rows,
      },
    ],
    notes,
    figures,
    data: { summary, records },
  };
}
