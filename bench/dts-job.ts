/**
 * The DtsJob waiter against the old one (issue 25: one waiter, two acceptors, not two loops): the same poll loop
 * and schedule must give the same detection latency and the same number of status calls whichever API it polls.
 * Side by side on the same emulator and the same task timelines (detection.ts's scenario, time-scaled as there),
 * for each of the emulator's four DtsJob readings (parent status while modifying x whether a finished SubSyncJob
 * stays in the reply):
 *
 * - old: `ModifySynchronizationObject`, then `waitForObjectModification` (polls
 *   `DescribeSynchronizationObjectModifyStatus`);
 * - DtsJob: `ensureDtsJobModification` (one `DescribeDtsJobDetail` with the history, one `ModifyDtsJob`), then
 *   `waitForDtsJobModification` (polls `DescribeDtsJobDetail`; after a success it reads the failed objects of
 *   structure and data initialization, two `DescribePreCheckStatus`: counted apart, as "extra calls").
 *
 * Each repetition starts one old and one DtsJob change at the same moment with the same scenario and the same
 * jitter seed. Latency is detection.ts's: emulated seconds from the end of the last phase (the task's plan) to the
 * waiter returning its verdict (for the DtsJob path that includes its DescribePreCheckStatus reads).
 *
 * Waiter CPU per poll: `process.cpuUsage()` around a batch of waits of one path, divided by the status polls of
 * the batch, with the emulator in a child process (so the figure is the client side only: waiter, signing,
 * HTTP, reply parsing and validation, acceptors; the DtsJob path's extra calls included). The batches of the two
 * paths run one after the other, so neither is charged for the other's work.
 */
import { startEmulator, type EmulatorHandle } from "../emulator";
import { setDtsJobOptions, type DtsJobOptions } from "../emulator/dts-job-actions";
import { DtsClient, ensureDtsJobModification, waitForDtsJobModification, waitForObjectModification } from "../sdk";
import { scenarioLasting } from "./detection";
import { fmt, median, prng, ratio, scaledTime, spawnEmulatorChild, summarize, type BenchSection, type Figure, type Table } from "./util";

export interface DtsJobBenchOptions {
  /** Emulator and waiter time scale (detection.ts's). @default 20 */
  timeScale?: number;
  /** Target wait lengths, emulated seconds (each repetition adds a seeded [0, 10) s). */
  waits?: number[];
  /** Repetitions per wait length and reading (each: one old and one DtsJob wait on the same timeline). @default 4 */
  reps?: number;
  /** CPU part: concurrent waits per batch (one batch per path and reading). @default 8 */
  cpuReps?: number;
  /** CPU part: wait length, emulated seconds. @default 45 */
  cpuWaitS?: number;
  /** CPU part: batches per path and reading (alternating which path goes first); the table shows their median. @default 3 */
  cpuRounds?: number;
  seed?: number;
}

type Path = "old" | "dtsjob";
const READINGS: readonly DtsJobOptions[] = [
  { parentStatus: "Modifying", finishedSubSyncJob: "stays" },
  { parentStatus: "Modifying", finishedSubSyncJob: "disappears" },
  { parentStatus: "synchronizing", finishedSubSyncJob: "stays" },
  { parentStatus: "synchronizing", finishedSubSyncJob: "disappears" },
];
const readingLabel = (r: DtsJobOptions) => `${r.parentStatus}/${r.finishedSubSyncJob}`;
const readingId = (r: DtsJobOptions) => `${r.parentStatus.toLowerCase()}_${r.finishedSubSyncJob}`;

const DB_LIST = { benchdb: { name: "benchdb", all: false, Table: { bench_t1: { name: "bench_t1", all: true } } } };
const OLD_OBJECTS = [{ dbName: "benchdb", tableIncludes: [{ tableName: "bench_t1" }] }];

interface Endpoint {
  url: string;
  accessKeyId: string;
  accessKeySecret: string;
}

function clientOf(e: Endpoint): DtsClient {
  return new DtsClient({ endpoint: e.url, credentials: { accessKeyId: e.accessKeyId, accessKeySecret: e.accessKeySecret }, credentialsChain: false });
}

function callsSince(client: DtsClient, before: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [action, n] of Object.entries(client.stats.byAction)) {
    const d = n - (before[action] ?? 0);
    if (d > 0) out[action] = d;
  }
  return out;
}

const STATUS_ACTION: Record<Path, string> = { old: "DescribeSynchronizationObjectModifyStatus", dtsjob: "DescribeDtsJobDetail" };

interface WaitRecord {
  reading: string;
  path: Path;
  target: number;
  endS: number;
  latencyS: number;
  /** Status polls of the wait (the path's status action). */
  polls: number;
  /** Other calls made by the wait (DescribePreCheckStatus...), by action. */
  extra: Record<string, number>;
  /** Calls before the wait (the DtsJob path's decision read; the write is not counted anywhere). */
  before: Record<string, number>;
  state: string;
}

/** A started change, ready to be waited for: the waiter call and, in-process, the task whose plan gives the end. */
interface Started {
  client: DtsClient;
  jobId: string;
  taskId: string;
  wait: () => Promise<{ state: string }>;
  before: Record<string, number>;
}

async function startOld(e: Endpoint, jobId: string, scale: number, seed: number, maxWaitS: number): Promise<Started> {
  const client = clientOf(e);
  const { taskId } = await client.modifySynchronizationObject({ synchronizationJobId: jobId, synchronizationObjects: OLD_OBJECTS });
  const { clock, sleep } = scaledTime(scale);
  return {
    client,
    jobId,
    taskId,
    before: {},
    wait: () => waitForObjectModification(client, taskId, { maxWaitSeconds: maxWaitS, clock, sleep, random: prng(seed) }),
  };
}

async function startDtsJob(e: Endpoint, instanceId: string, scale: number, seed: number, maxWaitS: number): Promise<Started> {
  const client = clientOf(e);
  const dtsJobId = instanceId.replace(/^dts/, "");
  const { clock, sleep } = scaledTime(scale);
  const random = prng(seed);
  const outcome = await ensureDtsJobModification(client, {
    dtsJobId,
    dtsInstanceId: instanceId,
    dbList: DB_LIST,
    deadlineMs: clock.now() + maxWaitS * 1000,
    clock,
    sleep,
    random,
  });
  if (outcome.kind !== "started") throw new Error(`ensureDtsJobModification on ${dtsJobId}: ${outcome.kind}, expected started`);
  const before = callsSince(client, {});
  delete before.ModifyDtsJob;
  return {
    client,
    jobId: instanceId,
    taskId: "",
    before,
    wait: () =>
      waitForDtsJobModification(client, dtsJobId, {
        maxWaitSeconds: maxWaitS,
        clock,
        sleep,
        random,
        dtsInstanceId: instanceId,
        settledSubJobIds: outcome.settledSubJobIds,
        sawModification: outcome.sawModification,
        ...(outcome.expectedDbList !== undefined ? { expectedDbList: outcome.expectedDbList } : {}),
      }),
  };
}

/** Runs a started change's wait; returns the record (the end from the in-process plan when `emu` is given). */
async function finish(s: Started, path: Path, reading: string, target: number, scale: number, emu?: EmulatorHandle): Promise<WaitRecord> {
  const task = emu ? emu.state.latestTask(s.jobId) : undefined;
  const plan = task && emu ? emu.state.plan(task) : undefined;
  const endReal = task && plan ? task.createdAt + plan.dataEnd / scale : NaN;
  const mark = { ...s.client.stats.byAction };
  const r = await s.wait();
  const doneReal = Date.now();
  const calls = callsSince(s.client, mark);
  const polls = calls[STATUS_ACTION[path]] ?? 0;
  delete calls[STATUS_ACTION[path]];
  return {
    reading,
    path,
    target,
    endS: plan ? plan.dataEnd / 1000 : NaN,
    latencyS: ((doneReal - endReal) * scale) / 1000,
    polls,
    extra: calls,
    before: s.before,
    state: r.state,
  };
}

let jobSeq = 0;
const nextJobId = () => `dtsb${String(++jobSeq).padStart(10, "0")}`;

/** One reading on its own in-process emulator: every wait length and repetition, both paths, all at once. */
async function latencyRuns(reading: DtsJobOptions, waits: number[], reps: number, scale: number, seed: number): Promise<WaitRecord[]> {
  const emu = await startEmulator({ timeScale: scale, seed });
  setDtsJobOptions(emu.state, reading);
  const rand = prng(seed);
  try {
    const runs: Promise<WaitRecord>[] = [];
    for (const target of waits) {
      for (let rep = 0; rep < reps; rep++) {
        // The end falls anywhere on the poll grid; both paths get the same length and the same jitter seed.
        const seconds = target + rand() * 10;
        const waitSeed = seed * 1000 + target * 10 + rep;
        const maxWaitS = seconds * 2 + 600;
        const scenario = scenarioLasting(seconds);
        const oldJob = emu.createJob({ jobId: nextJobId(), scenario });
        const newJob = emu.createJob({ jobId: nextJobId(), scenario });
        runs.push(
          startOld(emu, oldJob, scale, waitSeed, maxWaitS).then((s) => finish(s, "old", readingLabel(reading), target, scale, emu)),
          startDtsJob(emu, newJob, scale, waitSeed, maxWaitS).then((s) => finish(s, "dtsjob", readingLabel(reading), target, scale, emu)),
        );
      }
    }
    return await Promise.all(runs);
  } finally {
    await emu.stop();
  }
}

/** The emulator in a child process (so this process's CPU is the client's), with its control routes. */
async function childEmulator(
  scale: number,
  seed: number,
): Promise<Endpoint & { control: (path: string, body: unknown) => Promise<unknown>; stop: () => Promise<void> }> {
  const { info, stop } = await spawnEmulatorChild(["--time-scale", String(scale), "--seed", String(seed)]);
  const control = async (path: string, body: unknown) => {
    const r = await fetch(`${info.url}/_emulator/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const data = await r.json();
    if (!r.ok) throw new Error(`control ${path}: ${r.status} ${JSON.stringify(data)}`);
    return data;
  };
  return { url: info.url, accessKeyId: info.accessKeyId, accessKeySecret: info.accessKeySecret, control, stop };
}

interface CpuRecord {
  reading: string;
  round: number;
  path: Path;
  waits: number;
  polls: number;
  extraCalls: number;
  cpuUs: number;
  notDone: number;
}

/**
 * Per reading, `rounds` times: one batch of old waits and one of DtsJob waits (which goes first alternates), each
 * with the process's CPU around its waits. Medians over the rounds, since a shared machine's other load lands in
 * whichever batch runs at the time.
 */
async function cpuRuns(cpuReps: number, waitS: number, rounds: number, scale: number, seed: number): Promise<CpuRecord[]> {
  const emu = await childEmulator(scale, seed);
  const out: CpuRecord[] = [];
  const batch = async (path: Path, reading: DtsJobOptions, seconds: number) => {
    const started: Started[] = [];
    for (let rep = 0; rep < cpuReps; rep++) {
      const { jobId } = (await emu.control("jobs", { jobId: nextJobId(), scenario: scenarioLasting(seconds + rep) })) as { jobId: string };
      const start = path === "old" ? startOld : startDtsJob;
      started.push(await start(emu, jobId, scale, seed * 1000 + rep, seconds * 2 + 600));
    }
    const cpu0 = process.cpuUsage();
    const records = await Promise.all(started.map((s) => finish(s, path, readingLabel(reading), seconds, scale)));
    return { records, cpu: process.cpuUsage(cpu0) };
  };
  try {
    // A short batch of each path first, not recorded: the first batch would otherwise pay for loading and JIT.
    for (const path of ["old", "dtsjob"] as const) await batch(path, READINGS[0]!, 20);
    for (const reading of READINGS) {
      await emu.control("dts-job-options", reading);
      for (let round = 0; round < rounds; round++) {
        for (const path of round % 2 === 0 ? (["old", "dtsjob"] as const) : (["dtsjob", "old"] as const)) {
          const { records, cpu } = await batch(path, reading, waitS);
          out.push({
            reading: readingLabel(reading),
            round,
            path,
            waits: records.length,
            polls: records.reduce((a, r) => a + r.polls, 0),
            extraCalls: records.reduce((a, r) => a + Object.values(r.extra).reduce((x, y) => x + y, 0), 0),
            cpuUs: cpu.user + cpu.system,
            notDone: records.filter((r) => r.state !== "success").length,
          });
        }
      }
    }
  } finally {
    await emu.stop();
  }
  return out;
}

const sumOf = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);

export async function runDtsJobBench(options: DtsJobBenchOptions = {}): Promise<BenchSection> {
  const scale = options.timeScale ?? 20;
  const waits = options.waits ?? [45, 180, 600];
  const reps = options.reps ?? 4;
  const cpuReps = options.cpuReps ?? 8;
  const cpuWaitS = options.cpuWaitS ?? 45;
  const cpuRounds = options.cpuRounds ?? 3;
  const seed = options.seed ?? 11;

  // The four readings each on their own emulator, at the same time (the reading is an emulator-wide option).
  const records = (await Promise.all(READINGS.map((r, i) => latencyRuns(r, waits, reps, scale, seed + i)))).flat();
  const cpu = await cpuRuns(cpuReps, cpuWaitS, cpuRounds, scale, seed);

  const rows: string[][] = [];
  const figures: Figure[] = [];
  const notes: string[] = [];
  const summary: Record<string, unknown>[] = [];
  const extraNames = new Set<string>();
  for (const reading of READINGS) {
    for (const target of waits) {
      const of = (path: Path) => records.filter((r) => r.reading === readingLabel(reading) && r.target === target && r.path === path);
      const old = of("old");
      const nu = of("dtsjob");
      const lat = { old: summarize(old.map((r) => r.latencyS)), dtsjob: summarize(nu.map((r) => r.latencyS)) };
      const polls = { old: summarize(old.map((r) => r.polls)), dtsjob: summarize(nu.map((r) => r.polls)) };
      const extra = summarize(nu.map((r) => sumOf(r.extra)));
      const oldExtra = summarize(old.map((r) => sumOf(r.extra)));
      const before = summarize(nu.map((r) => sumOf(r.before)));
      for (const r of nu) for (const a of Object.keys(r.extra)) extraNames.add(a);
      const bad = [...old, ...nu].filter((r) => r.state !== "success");
      rows.push([
        `${target} s`,
        readingLabel(reading),
        fmt(lat.old.mean, 2),
        fmt(lat.old.max, 2),
        fmt(lat.dtsjob.mean, 2),
        fmt(lat.dtsjob.max, 2),
        ratio(lat.dtsjob.mean, lat.old.mean),
        fmt(polls.old.mean, 1),
        fmt(polls.dtsjob.mean, 1),
        ratio(polls.dtsjob.mean, polls.old.mean),
        `${fmt(extra.mean, 1)}${oldExtra.mean > 0 ? ` (old ${fmt(oldExtra.mean, 1)})` : ""}`,
        fmt(before.mean, 1),
        bad.length ? `${bad.length} not success (${[...new Set(bad.map((r) => `${r.path}: ${r.state}`))].join(", ")})` : "ok",
      ]);
      summary.push({ reading: readingLabel(reading), target, latency: lat, polls, extraCalls: extra, decisionReads: before, notSuccess: bad.length });
      const id = readingId(reading);
      for (const path of ["old", "dtsjob"] as const) {
        figures.push({ id: `dtsjob.${id}.${path}.latency_mean_s@${target}s`, value: lat[path].mean, unit: "s (emulated)", better: "lower", kind: "latency" });
        figures.push({ id: `dtsjob.${id}.${path}.polls@${target}s`, value: polls[path].mean, unit: "calls", better: "lower", kind: "calls" });
      }
      figures.push({ id: `dtsjob.${id}.dtsjob.extra_calls@${target}s`, value: extra.mean, unit: "calls", better: "lower", kind: "calls" });
    }
  }

  const cpuRows: string[][] = [];
  const perPoll = (c: CpuRecord) => (c.polls > 0 ? c.cpuUs / c.polls : NaN);
  const perCall = (c: CpuRecord) => (c.polls + c.extraCalls > 0 ? c.cpuUs / (c.polls + c.extraCalls) : NaN);
  const cpuSum = (cs: CpuRecord[], f: (c: CpuRecord) => number) => cs.reduce((a, c) => a + f(c), 0);
  for (const reading of READINGS) {
    const of = (path: Path) => cpu.filter((c) => c.reading === readingLabel(reading) && c.path === path);
    const o = of("old");
    const n = of("dtsjob");
    const oMed = median(o.map(perPoll));
    const nMed = median(n.map(perPoll));
    const notDone = cpuSum([...o, ...n], (c) => c.notDone);
    cpuRows.push([
      readingLabel(reading),
      fmt(oMed, 0),
      fmt(nMed, 0),
      ratio(nMed, oMed),
      fmt(median(n.map(perCall)), 0),
      `${o.map((c) => fmt(perPoll(c), 0)).join(", ")} / ${n.map((c) => fmt(perPoll(c), 0)).join(", ")}`,
      `${cpuSum(o, (c) => c.polls)} / ${cpuSum(n, (c) => c.polls)}`,
      String(cpuSum(n, (c) => c.extraCalls)),
      notDone ? `${notDone} not success` : "ok",
    ]);
  }
  // One figure per path (the median over every batch): a per-reading figure would be one noisy batch deep.
  const cpuOf = (path: Path) => median(cpu.filter((c) => c.path === path).map(perPoll));
  for (const path of ["old", "dtsjob"] as const) {
    figures.push({ id: `dtsjob.${path}.cpu_us_per_poll`, value: cpuOf(path), unit: "µs CPU", better: "lower", kind: "cpu" });
  }

  // Findings: whether the DtsJob path keeps the old one's latency and calls (the shared loop and schedule).
  const all = (path: Path) => records.filter((r) => r.path === path);
  const meanOf = (rs: WaitRecord[], f: (r: WaitRecord) => number) => (rs.length ? rs.reduce((a, r) => a + f(r), 0) / rs.length : NaN);
  const worst = (path: Path) => Math.max(...all(path).map((r) => r.latencyS));
  notes.push(
    `Over all ${all("old").length} waits per path: old ${fmt(
      meanOf(all("old"), (r) => r.latencyS),
      2,
    )} s late (worst ${fmt(worst("old"), 2)} s) with ` +
      `${fmt(
        meanOf(all("old"), (r) => r.polls),
        2,
      )} polls; DtsJob ${fmt(
        meanOf(all("dtsjob"), (r) => r.latencyS),
        2,
      )} s late (worst ${fmt(worst("dtsjob"), 2)} s) with ` +
      `${fmt(
        meanOf(all("dtsjob"), (r) => r.polls),
        2,
      )} polls + ${fmt(
        meanOf(all("dtsjob"), (r) => sumOf(r.extra)),
        2,
      )} extra calls (${[...extraNames].join(", ") || "none"}) ` +
      `and ${fmt(
        meanOf(all("dtsjob"), (r) => sumOf(r.before)),
        2,
      )} decision reads before the write.`,
  );
  notes.push(
    `Client CPU per status poll, median of the ${cpu.filter((c) => c.path === "old").length} batches per path: old ${fmt(cpuOf("old"), 0)} µs, DtsJob ${fmt(cpuOf("dtsjob"), 0)} µs (${ratio(cpuOf("dtsjob"), cpuOf("old"))}; ` +
      "the DtsJob figure carries its DescribePreCheckStatus reads).",
  );
  const bad = records.filter((r) => r.state !== "success").length + cpu.reduce((a, c) => a + c.notDone, 0);
  if (bad) notes.push(`NOT SUCCESS: ${bad} wait(s) ended otherwise (see the Verdict columns).`);

  const tables: Table[] = [
    {
      title: `Old waiter vs DtsJob waiter: detection latency (emulated s from the end of the last phase to the verdict) and status polls per wait; ${reps} waits per path and cell, time scale ${scale}`,
      header: [
        "Wait",
        "Reading (parent/finished subtask)",
        "Old latency mean",
        "max",
        "DtsJob latency mean",
        "max",
        "Latency DtsJob/old",
        "Old polls",
        "DtsJob polls",
        "Polls DtsJob/old",
        "DtsJob extra calls",
        "Decision reads",
        "Verdict",
      ],
      rows,
    },
    {
      title: `Client CPU per status poll (process.cpuUsage around ${cpuReps} concurrent ${cpuWaitS} s waits of one path, emulator in a child process; median of ${cpuRounds} batches per path)`,
      header: [
        "Reading",
        "Old µs/poll",
        "DtsJob µs/poll",
        "DtsJob/old",
        "DtsJob µs/call (polls + extra)",
        "Batches µs/poll (old / DtsJob)",
        "Polls old / DtsJob",
        "DtsJob extra calls",
        "Verdict",
      ],
      rows: cpuRows,
    },
  ];
  return {
    name: "dtsjob",
    title: "DtsJob waiter vs the old waiter: latency, status calls and CPU per poll",
    date: new Date().toISOString(),
    settings: {
      timeScale: scale,
      waitsS: waits,
      repsPerPathAndCell: reps,
      cpuReps,
      cpuWaitS,
      cpuRounds,
      seed,
      endOffsetS: "uniform [0, 10) added to each wait",
      extraCalls: "DtsJob: calls of the wait other than DescribeDtsJobDetail; decision reads: ensureDtsJobModification's reads before its write",
    },
    tables,
    notes,
    figures,
    data: { summary, records, cpu },
  };
}
