/**
 * The pollers of the long-wait benchmark (bench/long-wait.ts): the SDK waiter and the fixed loops on a simulated clock,
 * their loop-turn probes and heap readings, and the in-process replays that measure the poller's own work.
 */
import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { EmulatorHandle } from "../emulator";
import { parseScenario } from "../emulator/scenarios";
import { buildPlan, viewAt, virtualTime, type TaskRecord } from "../emulator/state";
import { HOUR, type longTask, TASK_MS } from "./long-wait-task";
import { DtsClient, checkModifyStatus, waitForObjectModification } from "../sdk";
import type { Clock, WaiterClient } from "../sdk";
import { prng } from "./util";

/** In-process replays of each wait, for the poller's own cost per loop turn. */
export const REPLAYS = 5;

export type PollerKind = "ours" | "plain" | "fixed30" | "fixed5";
export const POLLERS: Array<{ kind: PollerKind; label: string }> = [
  { kind: "ours", label: "SDK waiter (defaults)" },
  { kind: "plain", label: "SDK waiter (progressAware: false)" },
  { kind: "fixed30", label: "fixed 30 s loop" },
  { kind: "fixed5", label: "fixed 5 s loop" },
];

/** A clock that only moves when a poller sleeps. */
export class SimTime {
  nowMs = Date.UTC(2026, 0, 1);
  readonly clock: Clock = { now: () => this.nowMs };
}

/** Loop-turn probes: CPU and wall time from a reply handed to the poller to its next sleep. */
export class TurnProbe {
  cpuUs: number[] = [];
  /** Turns during which V8 collected garbage (the heap shrank): their CPU includes a GC pause. */
  gcTurns: boolean[] = [];
  wallUs: number[] = [];
  private cpu0?: NodeJS.CpuUsage;
  private wall0 = 0;
  private heap0 = 0;
  constructor(private readonly watchGc = true) {}
  replyArrived(): void {
    if (this.watchGc) this.heap0 = getHeapStatistics().used_heap_size;
    this.cpu0 = process.cpuUsage();
    this.wall0 = performance.now();
  }
  sleeping(): void {
    if (!this.cpu0) return;
    const wall = performance.now() - this.wall0;
    const d = process.cpuUsage(this.cpu0);
    this.cpuUs.push(d.user + d.system);
    this.wallUs.push(wall * 1000);
    if (this.watchGc) this.gcTurns.push(getHeapStatistics().used_heap_size < this.heap0);
    this.cpu0 = undefined;
  }
}

export let gcFn: (() => void) | undefined;
export function gc(): void {
  if (!gcFn) {
    setFlagsFromString("--expose-gc");
    gcFn = runInNewContext("gc") as () => void;
  }
  gcFn();
}
export function heapMiB(): number {
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

export interface WaitRecord {
  kind: PollerKind;
  rep: number;
  /** Clock time at which the task was created. */
  createdAt: number;
  calls: number;
  lagS: number;
  state: string;
  turnsCpuUs: number[];
  /** Per turn: V8 collected garbage during it. */
  turnsGc: boolean[];
  /** Wall time of each turn, µs. */
  turnsWallUs: number[];
  /** The poller's own work per turn (min over the replays): CPU and wall µs. */
  ownCpuUs: number[];
  ownWallUs: number[];
  waiterCpuS: number;
  heapStartMiB: number;
  heapEndMiB: number;
  /** Heap of the whole bench process (emulator included) around the HTTP wait. */
  processHeapStartMiB: number;
  processHeapEndMiB: number;
  wallS: number;
  idleDecisions?: number;
}

export async function oneWait(
  emu: EmulatorHandle,
  time: SimTime,
  kind: PollerKind,
  rep: number,
  task: ReturnType<typeof longTask>,
  seed: number,
): Promise<WaitRecord> {
  const jobId = emu.createJob({ scenario: task.scenario });
  const dts = new DtsClient({
    endpoint: emu.url,
    credentials: { accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret },
    credentialsChain: false,
  });
  const { taskId } = await dts.modifySynchronizationObject({
    synchronizationJobId: jobId,
    synchronizationObjects: [{ dbName: "bigdb", tableIncludes: task.tables.map((tableName) => ({ tableName })) }],
  });
  const record = emu.state.tasks.get(taskId)!;
  const plan = emu.state.plan(record);
  const endMs = record.createdAt + plan.dataEnd;
  const probe = new TurnProbe();
  const client: WaiterClient = {
    describeSynchronizationObjectModifyStatus: async (input) => {
      const reply = await dts.describeSynchronizationObjectModifyStatus(input);
      probe.replyArrived();
      return reply;
    },
  };
  const sleep = async (ms: number): Promise<void> => {
    probe.sleeping();
    time.nowMs += ms;
    await new Promise<void>((resolve) => setImmediate(resolve));
  };
  const processHeapStartMiB = heapMiB();
  const wall0 = performance.now();
  let state: string;
  const maxWaitS = (TASK_MS + 6 * HOUR) / 1000;
  if (kind === "ours" || kind === "plain") {
    const r = await waitForObjectModification(client, taskId, {
      maxWaitSeconds: maxWaitS,
      clock: time.clock,
      sleep,
      random: prng(seed),
      ...(kind === "plain" ? { progressAware: false } : {}),
    });
    state = r.state;
  } else {
    const interval = kind === "fixed30" ? 30_000 : 5_000;
    const start = time.nowMs;
    state = "timeout";
    for (;;) {
      const s = await client.describeSynchronizationObjectModifyStatus({ taskId });
      if (checkModifyStatus(s).state !== "retry") {
        state = checkModifyStatus(s).state;
        break;
      }
      if (time.nowMs - start > maxWaitS * 1000) break;
      await sleep(interval);
    }
  }
  const wallS = (performance.now() - wall0) / 1000;
  const lagS = (time.nowMs - endMs) / 1000;
  const processHeapEndMiB = heapMiB();
  return {
    kind,
    rep,
    createdAt: record.createdAt,
    calls: dts.stats.byAction.DescribeSynchronizationObjectModifyStatus ?? 0,
    lagS,
    state,
    turnsCpuUs: probe.cpuUs,
    turnsGc: probe.gcTurns,
    turnsWallUs: probe.wallUs,
    ownCpuUs: [],
    ownWallUs: [],
    waiterCpuS: probe.cpuUs.reduce((a, b) => a + b, 0) / 1e6,
    heapStartMiB: NaN,
    heapEndMiB: NaN,
    processHeapStartMiB,
    processHeapEndMiB,
    wallS,
  };
}

/**
 * The waiting side alone: the same poller and timeline, its replies computed in-process from the emulator's plan of
 * the task (no HTTP server in the heap: its nonce cache keeps every request for 15 wall-clock minutes and would be
 * counted as the poller's). The first pass measures the heap (`heapUsed` after a forced GC at the start and at the
 * end); then `replays` passes time every loop turn, and each turn's cost is its minimum over the passes: the
 * poller's own work without the preemption of a loaded machine (the raw turns of the HTTP run keep that).
 */
export async function replayWait(
  kind: PollerKind,
  task: ReturnType<typeof longTask>,
  seed: number,
  createdAt: number,
  replays: number,
): Promise<{ startMiB: number; endMiB: number; polls: number; ownCpuUs: number[]; ownWallUs: number[] }> {
  const record: TaskRecord = {
    taskId: "replay",
    jobId: "replay",
    createdAt,
    timeScale: 1,
    seed: 1,
    objectsJson: "",
    objects: [{ dbName: "bigdb", newDbName: "bigdb", tables: task.tables.map((name) => ({ name, newName: name })) }],
    direction: "Forward",
    scenario: parseScenario(task.scenario),
  };
  const plan = buildPlan(record);
  const pass = async (probe?: TurnProbe): Promise<number> => {
    // The same clock values as the HTTP wait (same start), so both see exactly the same timeline.
    let now = createdAt;
    let polls = 0;
    const client: WaiterClient = {
      describeSynchronizationObjectModifyStatus: async () => {
        polls++;
        const { v, held } = virtualTime(record, plan, now);
        const view = viewAt(plan, v, held);
        const reply = {
          requestId: `r${polls}`,
          status: view.status,
          precheck: { status: view.precheck.status, percent: view.precheck.percent, items: view.precheck.items.map((i) => ({ ...i })) },
          structureInitialization: { status: view.structure.status, percent: view.structure.percent, progress: view.structure.progress },
          dataInitialization: { status: view.data.status, percent: view.data.percent, progress: view.data.progress },
        };
        probe?.replyArrived();
        return reply;
      },
    };
    const sleep = async (ms: number): Promise<void> => {
      probe?.sleeping();
      now += ms;
    };
    const maxWaitS = (TASK_MS + 6 * HOUR) / 1000;
    if (kind === "ours" || kind === "plain") {
      await waitForObjectModification(client, "replay", {
        maxWaitSeconds: maxWaitS,
        clock: { now: () => now },
        sleep,
        random: prng(seed),
        ...(kind === "plain" ? { progressAware: false } : {}),
      });
    } else {
      const interval = kind === "fixed30" ? 30_000 : 5_000;
      while (
        checkModifyStatus(await client.describeSynchronizationObjectModifyStatus({ taskId: "replay" })).state === "retry" &&
        now - createdAt <= maxWaitS * 1000
      )
        await sleep(interval);
    }
    return polls;
  };
  const startMiB = heapMiB();
  const polls = await pass();
  const endMiB = heapMiB();
  let ownCpuUs: number[] = [];
  let ownWallUs: number[] = [];
  for (let r = 0; r < replays; r++) {
    const probe = new TurnProbe(false);
    await pass(probe);
    ownCpuUs = r === 0 ? probe.cpuUs : ownCpuUs.map((c, i) => Math.min(c, probe.cpuUs[i]!));
    ownWallUs = r === 0 ? probe.wallUs : ownWallUs.map((c, i) => Math.min(c, probe.wallUs[i]!));
  }
  return { startMiB, endMiB, polls, ownCpuUs, ownWallUs };
}

export function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]! : NaN;
}
