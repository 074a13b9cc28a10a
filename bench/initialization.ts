/**
 * A 72-hour first synchronization, waited for by the two initialization waiters (`waitForSyncJobInitialization`,
 * `waitForDtsJobInitialization`), side by side in one run with the modification waiter (`waitForObjectModification`)
 * on a modification task with the same phase timeline: precheck 5 min, structure initialization 1 h, data
 * initialization 70 h 55 min with linear progress (4 equal tables copied by 4 workers; the initialization model of
 * the emulator is linear), all with the waiter's defaults.
 *
 * Like bench/long-wait.ts, the emulator runs in-process with an injected clock and every waiter sleeps by moving
 * that clock, so 72 emulated hours take only the time of the HTTP calls (real signed calls through `DtsClient`,
 * over loopback). Figures: status calls (and other calls: the failed-table listing, DescribePreCheckStatus), the
 * detection lag (the waiter's verdict minus the planned end of data initialization, emulated seconds), and CPU per
 * poll (`process.cpuUsage()` over the whole wait divided by the status calls: emulator, HTTP and waiter together,
 * measured the same way for the three, so the ratio compares the per-poll work of the waiters).
 */
import { startEmulator } from "../emulator";
import { DtsClient, waitForDtsJobInitialization, waitForObjectModification, waitForSyncJobInitialization, type Sleep } from "../sdk";
import { HOUR, PRECHECK_MS, STRUCTURE_MS, TASK_MS } from "./long-wait-task";
import { SimTime } from "./long-wait-pollers";
import { fmt, prng, ratio, type BenchSection, type Figure } from "./util";

export interface InitializationBenchOptions {
  /** Seeded runs (each: the three waits). @default 3 */
  reps?: number;
  seed?: number;
}

type Kind = "modification" | "sync-job" | "dts-job";
interface Rec {
  kind: Kind;
  rep: number;
  state: string;
  statusCalls: number;
  otherCalls: number;
  lagS: number;
  cpuPerPollUs: number;
  wallS: number;
}

const DATA_MS = TASK_MS - PRECHECK_MS - STRUCTURE_MS;
const ROWS_PER_SECOND = 1000;
const TABLES = ["t0", "t1", "t2", "t3"];

export async function runInitializationBench(options: InitializationBenchOptions = {}): Promise<BenchSection> {
  const reps = options.reps ?? 3;
  const seed = options.seed ?? 32;
  const time = new SimTime();
  const emu = await startEmulator({ timeScale: 1, seed, clock: time.clock, log: false });
  const records: Rec[] = [];
  const sleep: Sleep = async (ms) => {
    time.nowMs += ms;
    await new Promise<void>((resolve) => setImmediate(resolve));
  };
  const client = () =>
    new DtsClient({ endpoint: emu.url, credentials: { accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret }, credentialsChain: false });
  const maxWaitSeconds = (TASK_MS + 6 * HOUR) / 1000;
  try {
    for (let rep = -1; rep < reps; rep++) {
      // rep -1 warms the JIT up (not recorded).
      for (const kind of ["modification", "sync-job", "dts-job"] as const) {
        const dts = client();
        const random = prng(seed * 1000 + rep);
        let endMs: number;
        let run: () => Promise<{ state: string; polls: number }>;
        if (kind === "modification") {
          const jobId = emu.createJob({
            scenario: {
              name: "success",
              durations: {
                precheckItemMs: PRECHECK_MS / 16,
                structureTableMs: STRUCTURE_MS / TABLES.length,
                dataTableOverheadMs: 1000,
                dataRowsPerSecond: ROWS_PER_SECOND,
                dataParallelism: 4,
              },
              rows: { tables: Object.fromEntries(TABLES.map((t) => [t, Math.round(((DATA_MS - 1000) / 1000) * ROWS_PER_SECOND)])) },
            } as never,
          });
          const { taskId } = await dts.modifySynchronizationObject({
            synchronizationJobId: jobId,
            synchronizationObjects: [{ dbName: "bigdb", tableIncludes: TABLES.map((tableName) => ({ tableName })) }],
          });
          const record = emu.state.tasks.get(taskId)!;
          endMs = record.createdAt + emu.state.plan(record).dataEnd;
          run = () => waitForObjectModification(dts, taskId, { maxWaitSeconds, clock: time.clock, sleep, random, synchronizationJobId: jobId });
        } else {
          const jobId = emu.createJob({
            initialization: { precheckSeconds: PRECHECK_MS / 1000, structureSeconds: STRUCTURE_MS / 1000, dataSeconds: DATA_MS / 1000, tables: TABLES.length },
          });
          endMs = time.nowMs + TASK_MS;
          const o = { maxWaitSeconds, clock: time.clock, sleep, random };
          run = () => (kind === "sync-job" ? waitForSyncJobInitialization(dts, jobId, o) : waitForDtsJobInitialization(dts, jobId.replace(/^dts/, ""), o));
        }
        const statusAction =
          kind === "modification" ? "DescribeSynchronizationObjectModifyStatus" : kind === "sync-job" ? "DescribeSynchronizationJobStatus" : "DescribeDtsJobs";
        const before = { ...dts.stats.byAction };
        const cpu0 = process.cpuUsage();
        const wall0 = performance.now();
        const r = await run();
        const cpu = process.cpuUsage(cpu0);
        const wallS = (performance.now() - wall0) / 1000;
        const calls = Object.fromEntries(Object.entries(dts.stats.byAction).map(([a, n]) => [a, n - (before[a] ?? 0)]));
        const statusCalls = calls[statusAction] ?? 0;
        const otherCalls = Object.entries(calls).reduce((sum, [a, n]) => (a === statusAction || a === "ModifySynchronizationObject" ? sum : sum + n), 0);
        if (rep < 0) continue;
        records.push({
          kind,
          rep,
          state: r.state,
          statusCalls,
          otherCalls,
          lagS: (time.nowMs - endMs) / 1000,
          cpuPerPollUs: (cpu.user + cpu.system) / Math.max(1, statusCalls),
          wallS,
        });
      }
    }
  } finally {
    await emu.stop();
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length ? s[Math.floor((s.length - 1) / 2)]! : Number.NaN;
  };
  const by = (k: Kind) => records.filter((r) => r.kind === k);
  const stat = (k: Kind, f: (r: Rec) => number) => median(by(k).map(f));
  const kinds: Kind[] = ["modification", "sync-job", "dts-job"];
  const figures: Figure[] = kinds.flatMap((k) => [
    { id: `initialization.${k}.calls`, value: stat(k, (r) => r.statusCalls), unit: "calls", better: "lower" as const, kind: "calls" as const },
    { id: `initialization.${k}.lag`, value: stat(k, (r) => r.lagS), unit: "s", better: "lower" as const, kind: "latency" as const },
    { id: `initialization.${k}.cpuPerPoll`, value: stat(k, (r) => r.cpuPerPollUs), unit: "us", better: "lower" as const, kind: "cpu" as const },
  ]);
  const rows = kinds.map((k) => [
    k === "modification" ? "waitForObjectModification (72 h task)" : k === "sync-job" ? "waitForSyncJobInitialization" : "waitForDtsJobInitialization",
    by(k)
      .map((r) => r.state)
      .join("/"),
    fmt(
      stat(k, (r) => r.statusCalls),
      0,
    ),
    fmt(
      stat(k, (r) => r.otherCalls),
      0,
    ),
    fmt(
      stat(k, (r) => r.lagS),
      1,
    ),
    fmt(
      stat(k, (r) => r.cpuPerPollUs),
      0,
    ),
    fmt(
      stat(k, (r) => r.wallS),
      1,
    ),
  ]);
  const mod = (f: (r: Rec) => number) => stat("modification", f);
  const notes = (["sync-job", "dts-job"] as const).map(
    (k) =>
      `${k}: ${fmt(
        stat(k, (r) => r.statusCalls),
        0,
      )} status calls vs ${fmt(
        mod((r) => r.statusCalls),
        0,
      )} for the modification waiter (ratio ${ratio(
        stat(k, (r) => r.statusCalls),
        mod((r) => r.statusCalls),
      )}); CPU per poll ratio ${ratio(
        stat(k, (r) => r.cpuPerPollUs),
        mod((r) => r.cpuPerPollUs),
      )}`,
  );
  return {
    name: "initialization",
    title: "A 72-hour first synchronization: the initialization waiters beside the modification waiter",
    date: new Date().toISOString(),
    settings: { reps, seed, timeline: "precheck 5 min, structure 1 h, data 70 h 55 min, linear" },
    tables: [
      {
        title: "72-hour wait, medians over the runs",
        header: ["waiter", "verdicts", "status calls", "other calls", "detection lag (s)", "CPU per poll (us)", "wall (s)"],
        rows,
      },
    ],
    notes,
    figures,
    data: records,
  };
}
