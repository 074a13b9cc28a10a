/**
 * The initialization report of a 10 000-table job: `listInitializationDetails` (bounded concurrent paging with a
 * slow-start window) against the loop a user would write (one page after another until a short page), with and
 * without 5 % throttling, on raw loopback and with an injected per-call latency (closer to a real endpoint, where
 * a call costs tens of milliseconds and concurrency pays off).
 *
 * Both use the same DtsClient with its default retry policy (real backoff sleeps: 200 ms base, full jitter), so
 * throttled pages cost what they would cost in production. Every run checks that all 10 000 tables came back.
 */
import { startEmulator } from "../emulator";
import { DtsClient, isFullPage } from "../sdk";
import type { SynchronizationDatabase } from "../sdk";
import { fmt, median, ratio, type BenchSection, type Figure } from "./util";

export interface PaginationOptions {
  tables?: number;
  pageSizes?: number[];
  /** Injected latency per call, real ms (0 = raw loopback). */
  latenciesMs?: number[];
  /** Fractions of calls answered `Throttling.User`. */
  throttles?: number[];
  /** Runs per cell; the median wall time is reported. @default 3 */
  reps?: number;
  /** `listInitializationDetails` concurrency. @default the SDK default (4) */
  concurrency?: number;
  seed?: number;
}

interface RunResult {
  wallMs: number;
  calls: number;
  rows: number;
}

async function sequentialPages(client: DtsClient, jobId: string, pageSize: number): Promise<RunResult> {
  const before = client.stats.calls;
  const started = performance.now();
  let rows = 0;
  for (let pageNum = 1; ; pageNum++) {
    const page = await client.describeInitializationStatus({ synchronizationJobId: jobId, pageSize, pageNum });
    rows += page.dataInitializationDetails.length;
    if (!isFullPage(page, pageSize)) break;
  }
  return { wallMs: performance.now() - started, calls: client.stats.calls - before, rows };
}

async function concurrentPages(client: DtsClient, jobId: string, pageSize: number, concurrency?: number): Promise<RunResult> {
  const before = client.stats.calls;
  const started = performance.now();
  const report = await client.listInitializationDetails(jobId, { pageSize, ...(concurrency ? { concurrency } : {}) });
  return { wallMs: performance.now() - started, calls: client.stats.calls - before, rows: report.dataInitializationDetails.length };
}

export function tablesObjects(count: number, perDb = 1000): SynchronizationDatabase[] {
  const dbs: SynchronizationDatabase[] = [];
  for (let i = 0; i < count; i += perDb) {
    const tableIncludes = [];
    for (let j = i; j < Math.min(count, i + perDb); j++) tableIncludes.push({ tableName: `t${String(j).padStart(5, "0")}` });
    dbs.push({ dbName: `benchdb${dbs.length}`, tableIncludes });
  }
  return dbs;
}

export async function runPagination(options: PaginationOptions = {}): Promise<BenchSection> {
  const tables = options.tables ?? 10_000;
  const pageSizes = options.pageSizes ?? [30, 100];
  const latencies = options.latenciesMs ?? [0, 25];
  const throttles = options.throttles ?? [0, 0.05];
  const reps = options.reps ?? 3;
  const seed = options.seed ?? 11;
  const emu = await startEmulator({ seed });
  const rows: string[][] = [];
  const figures: Figure[] = [];
  const notes: string[] = [];
  const data: Record<string, unknown>[] = [];
  let caps: CapsResult | undefined;
  try {
    const client = new DtsClient({
      endpoint: emu.url,
      credentials: { accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret },
      credentialsChain: false,
    });
    const jobId = emu.createJob({ name: "bench-10k" });
    const { taskId } = await client.modifySynchronizationObject({ synchronizationJobId: jobId, synchronizationObjects: tablesObjects(tables) });
    // Warm up (plan of 10 000 tables, keep-alive sockets, JIT).
    await concurrentPages(client, jobId, 100);

    for (const latencyMs of latencies) {
      for (const throttle of throttles) {
        for (const pageSize of pageSizes) {
          const seq: RunResult[] = [];
          const conc: RunResult[] = [];
          for (let rep = 0; rep < reps; rep++) {
            // Same seeded fault sequence for both (faults are drawn per call, in arrival order).
            const faults = {
              seed: seed + rep,
              throttle,
              latencyMs,
              latencyJitterMs: latencyMs ? Math.round(latencyMs / 2) : 0,
              actions: ["DescribeInitializationStatus"],
            };
            const order = rep % 2 === 0 ? ["seq", "conc"] : ["conc", "seq"];
            for (const which of order) {
              emu.setFaults(faults);
              if (which === "seq") seq.push(await sequentialPages(client, jobId, pageSize));
              else conc.push(await concurrentPages(client, jobId, pageSize, options.concurrency));
            }
          }
          const bad = [...seq, ...conc].filter((r) => r.rows !== tables).length;
          if (bad) notes.push(`ERROR: ${bad} runs at page size ${pageSize} did not return ${tables} tables`);
          const pages = Math.ceil(tables / pageSize);
          const s = { wallMs: median(seq.map((r) => r.wallMs)), calls: median(seq.map((r) => r.calls)) };
          const c = { wallMs: median(conc.map((r) => r.wallMs)), calls: median(conc.map((r) => r.calls)) };
          const latLabel = latencyMs ? `${latencyMs}..${latencyMs + Math.round(latencyMs / 2)} ms` : "loopback";
          rows.push([
            String(pageSize),
            String(pages),
            latLabel,
            throttle ? `${Math.round(throttle * 100)} %` : "none",
            fmt(s.wallMs, 0),
            String(s.calls),
            fmt(c.wallMs, 0),
            String(c.calls),
            ratio(s.wallMs, c.wallMs, 1),
          ]);
          const key = `ps${pageSize}.lat${latencyMs}.thr${Math.round(throttle * 100)}`;
          figures.push({ id: `pagination.concurrent.wall_ms@${key}`, value: c.wallMs, unit: "ms", better: "lower", kind: "wall" });
          figures.push({ id: `pagination.concurrent.calls@${key}`, value: c.calls, unit: "calls", better: "lower", kind: "calls" });
          data.push({ pageSize, pages, latencyMs, throttle, sequential: seq, concurrent: conc });
        }
      }
    }
    emu.setFaults({});
    caps = await measureCaps(emu, client, jobId, taskId, reps);
  } finally {
    await emu.stop();
  }
  for (const f of caps?.figures ?? []) figures.push(f);
  if (caps) notes.push(caps.note);
  notes.push(
    "Calls count HTTP requests, retries included; the concurrent listing also asks for up to `concurrency - 1` speculative pages past the end (they come back empty).",
    "On raw loopback the emulator and the client share 2 cores, so concurrency gains little; with per-call latency (as on a real endpoint) the speed-up approaches the concurrency (4).",
  );
  return {
    name: "pagination",
    title: `Initialization report of ${tables} tables: concurrent vs sequential paging`,
    date: new Date().toISOString(),
    settings: {
      tables,
      pageSizes,
      latenciesMs: latencies,
      throttles,
      reps,
      concurrency: options.concurrency ?? "SDK default (4)",
      retry: "SDK default (5 attempts, 200 ms base, full jitter)",
      seed,
    },
    tables: [
      {
        title: `${tables} tables, median of ${reps} runs; calls = HTTP requests incl. retries`,
        header: ["Page size", "Pages", "Latency/call", "Throttling", "Sequential ms", "Seq calls", "Concurrent ms", "Conc calls", "Speed-up"],
        rows,
      },
      ...(caps ? [caps.table] : []),
    ],
    notes,
    figures,
    data,
  };
}

interface CapsResult {
  table: { title: string; header: string[]; rows: string[][] };
  figures: Figure[];
  note: string;
}

/**
 * The cost of the bounds of issue 30 on a normal wait (docs/bounds.md): the same status polls and the same full
 * listing through the SDK as shipped (each reply under the ReplyGuard: socket byte count, 3xx and encoding check,
 * deadline timer; the repeated-page check) and through the same client with pop-core handed no guard (its own
 * agent, no `beforeRequest`): side by side in one run, alternating, median of `reps` batches.
 */
async function measureCaps(
  emu: Awaited<ReturnType<typeof startEmulator>>,
  guarded: DtsClient,
  jobId: string,
  taskId: string,
  reps: number,
): Promise<CapsResult> {
  const RPCClient = require("@alicloud/pop-core") as new (
    config: unknown,
    verbose?: boolean,
  ) => {
    request(action: string, params: Record<string, unknown>, opts: Record<string, unknown>): Promise<unknown>;
  };
  const unguarded = new DtsClient({
    endpoint: emu.url,
    credentials: { accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret },
    credentialsChain: false,
    rpcFactory: (config) => {
      const rpc = new RPCClient({ ...config }, true);
      return {
        request: (action, params, opts) => rpc.request(action, params, { method: opts.method, timeout: opts.timeout, formatParams: opts.formatParams }),
      };
    },
  });
  const polls = 200;
  const measure = async (client: DtsClient) => {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < polls; i++) await client.describeSynchronizationObjectModifyStatus({ taskId });
    const t1 = performance.now();
    const cpu1 = process.cpuUsage(cpu0);
    const report = await client.listInitializationDetails(jobId);
    const t2 = performance.now();
    return { pollUs: ((t1 - t0) * 1000) / polls, pollCpuUs: (cpu1.user + cpu1.system) / polls, listMs: t2 - t1, rows: report.dataInitializationDetails.length };
  };
  await measure(unguarded);
  await measure(guarded);
  const on: Awaited<ReturnType<typeof measure>>[] = [];
  const off: Awaited<ReturnType<typeof measure>>[] = [];
  for (let rep = 0; rep < Math.max(3, reps); rep++) {
    if (rep % 2 === 0) {
      on.push(await measure(guarded));
      off.push(await measure(unguarded));
    } else {
      off.push(await measure(unguarded));
      on.push(await measure(guarded));
    }
  }
  const m = (list: typeof on, key: "pollUs" | "pollCpuUs" | "listMs") => median(list.map((r) => r[key]));
  const row = (label: string, list: typeof on) => [
    label,
    fmt(m(list, "pollUs"), 0),
    fmt(m(list, "pollCpuUs"), 0),
    fmt(m(list, "listMs"), 0),
    String(list[0]?.rows ?? 0),
  ];
  return {
    table: {
      title: `Cost of the reply bounds (docs/bounds.md) on a normal wait: ${polls} status polls + the full listing, loopback, median of ${on.length} alternating batches`,
      header: ["Client", "Poll wall us", "Poll CPU us", "Listing ms", "Rows"],
      rows: [row("SDK (bounded: reply guard, page checks)", on), row("same, pop-core without the guard", off)],
    },
    figures: [
      { id: "pagination.caps.poll_cpu_us@bounded", value: m(on, "pollCpuUs"), unit: "us", better: "lower", kind: "cpu" },
      { id: "pagination.caps.list_ms@bounded", value: m(on, "listMs"), unit: "ms", better: "lower", kind: "wall" },
    ],
    note: `Reply bounds: a status poll costs ${fmt(m(on, "pollCpuUs"), 0)} us of client CPU bounded vs ${fmt(m(off, "pollCpuUs"), 0)} us without the guard (${ratio(m(on, "pollCpuUs"), m(off, "pollCpuUs"), 2)}); the ${tablesLabel(on)} listing ${fmt(m(on, "listMs"), 0)} ms vs ${fmt(m(off, "listMs"), 0)} ms.`,
  };
}

function tablesLabel(list: { rows: number }[]): string {
  return `${list[0]?.rows ?? 0}-row`;
}
