/**
 * Jobs, modification tasks and their tables, with clock-driven phases.
 *
 * Nothing runs in the background: a task stores when it started, and every request derives its state from
 * `(now - createdAt) * timeScale` (virtual milliseconds) and a plan computed once from the tables:
 *
 *   precheck (16 items, one after another) -> structure initialization (tables one after another)
 *   -> data initialization (tables on `dataParallelism` workers, rows at `dataRowsPerSecond` each)
 *   -> done: overall Status stays `Migrating` (incremental synchronization goes on).
 *
 * Failures (see scenarios.ts) stop the task at the failing phase with overall Status `Failed`; a held task
 * (`never-finishes`) stops its virtual clock inside data initialization until `release()`.
 */
import { PRECHECK_ITEM_NAMES, type Clock } from "../sdk/types";
import { ApiError } from "./protocol";
import { hash32, idFrom, intBetween, unit } from "./random";
import {
  DATA_ERROR,
  DEFAULT_PRECHECK_FAILURE,
  DEFAULT_ROWS,
  STRUCTURE_ERROR,
  conventions,
  durationsOf,
  type ScenarioConfig,
} from "./scenarios";
import { STATE_FORMAT, StateFileError, StateStore, type PersistedState } from "./store";

/** The job every emulator has from the start. */
export const DEMO_JOB_ID = "dtsdemojob0001";

/** Tables of a database synced whole (no TableIncludes): the first 3..6 of these, seeded per database. */
export const DEFAULT_TABLE_POOL = ["customer", "orders", "order_items", "products", "payments", "inventory"];

/** One database of SynchronizationObjects, after validation. */
export interface DbSpec {
  dbName: string;
  newDbName: string;
  /** Absent = the whole database (a seeded set of tables). */
  tables?: Array<{ name: string; newName: string }>;
  excludes?: string[];
}

/** One table of a task, with everything the timeline needs. */
export interface TableSpec {
  sourceDb: string;
  destDb: string;
  table: string;
  newTable: string;
  /** Rows really copied (FinishRowNum when done). */
  rows: number;
  /** Rows according to source statistics (TotalRowNum): `rows` ± 0.5 %. */
  statRows: number;
  /** The table has an index, shown as a Constraint in structure details. */
  hasIndex: boolean;
  /** Set: data initialization fails after this fraction of rows with `message`. */
  dataError?: { message: string; fraction: number };
}

/** A job (data synchronization instance). */
export interface JobRecord {
  jobId: string;
  name: string;
  regionId: string;
  createdAt: number;
  instanceClass: string;
  payType: string;
  sourceRegion: string;
  destRegion: string;
  sourceType: string;
  destType: string;
  scenario?: ScenarioConfig;
  taskIds: string[];
  /**
   * ClientToken of ModifySynchronizationObject -> TaskId; used only with the `clientTokenDedup` option. A map
   * without a prototype: a token such as `constructor` or `__proto__` is a plain key.
   */
  tokens: Record<string, string>;
  /** The objects the job synced before any modification (DescribeSynchronizationJobStatus). @default [] */
  initialObjects?: DbSpec[];
  /** ClientToken of CreateSynchronizationJob. */
  createToken?: string;
}

/** A modification task as stored (and persisted); the plan is derived from it. */
export interface TaskRecord {
  taskId: string;
  jobId: string;
  createdAt: number;
  timeScale: number;
  seed: number;
  objectsJson: string;
  objects: DbSpec[];
  direction: string;
  scenario: ScenarioConfig;
  clientToken?: string;
  /** Clock time of `release()`, for held tasks. */
  releasedAt?: number;
}

/** Everything derived once from a task: the tables and when each phase/table starts and ends (virtual ms). */
export interface TaskPlan {
  tables: TableSpec[];
  itemMs: number;
  precheckEnd: number;
  precheckFail?: { index: number; item: string; errorMessage: string; repairMethod: string };
  structureStart: number;
  structureTableMs: number;
  /** Index of the table that fails structure initialization, or -1. */
  structureFailIndex: number;
  structureFailMessage: string;
  dataStart: number;
  overheadMs: number;
  rowsPerMs: number;
  tableStart: Float64Array;
  tableEnd: Float64Array;
  /** Rows at the end of each table (less than `rows` for a failing table). */
  tableFinalRows: Float64Array;
  dataEnd: number;
  totalRows: number;
  /**
   * Per data worker, its tables in order, their end times and the prefix sums of their final rows: the rows copied
   * at any instant then cost O(workers × log tables) instead of a pass over every table (see {@link dataRowsAt}).
   */
  workers: Array<{ tables: Int32Array; ends: Float64Array; rowsBefore: Float64Array }>;
  failedTableCount: number;
  /** Error of the first table failing data initialization (the phase's message when it ends `Failed`). */
  dataFailMessage?: string;
  dataPhaseOnFailed: "Finished" | "Failed";
  holdAt?: number;
}

/** A phase as DescribeSynchronizationObjectModifyStatus shows it (typed; rendered as strings by actions.ts). */
export interface PhaseView {
  status: string;
  percent: number;
  progress: number;
  errorMessage?: string;
}

/** One precheck item as shown. */
export interface PrecheckItemView {
  itemName: string;
  checkStatus: string;
  errorMessage?: string;
  repairMethod?: string;
}

/** The state of a task at one instant. */
export interface TaskView {
  status: string;
  errorMessage?: string;
  precheck: { status: string; percent: number; items: PrecheckItemView[] };
  structure: PhaseView;
  data: PhaseView;
  /** No longer running (done or failed): a new modification is allowed. */
  terminal: boolean;
  /** Stopped by a hold, waiting for release. */
  held: boolean;
}

/** One table at one instant, as DescribeInitializationStatus shows it. */
export interface TableView {
  spec: TableSpec;
  structureStatus: string;
  structureError?: string;
  dataStatus: string;
  finishRows: number;
  usedTimeSec: number;
  dataError?: string;
}

/** A task for tests and the control API. */
export interface TaskSnapshot {
  taskId: string;
  jobId: string;
  createdAt: number;
  clientToken?: string;
  scenario: string;
  tables: number;
  status: string;
  precheck: { status: string; percent: number };
  structure: PhaseView;
  data: PhaseView;
  terminal: boolean;
  held: boolean;
  released: boolean;
}

/** Options of {@link EmulatorState}. */
export interface StateOptions {
  clock: Clock;
  timeScale: number;
  seed: number;
  scenario: ScenarioConfig;
  stateFile?: string;
  /**
   * Extension, off by default: de-duplicate ModifySynchronizationObject by ClientToken (the same token on the same
   * job returns the earlier TaskId and starts nothing). The API page of ModifySynchronizationObject documents no
   * ClientToken, so the default models a service that ignores it.
   * @default false
   */
  clientTokenDedup?: boolean;
}

/** The job as DescribeSynchronizationJobStatus shows it (typed; rendered by actions.ts). */
export interface JobStateView {
  /** `modifying` while the job's latest task runs, else `synchronizing`. */
  status: "modifying" | "synchronizing";
  /** Objects of the latest task that passed its precheck, else the job's initial list. */
  objects: DbSpec[];
  /** The latest task's phases; a job without tasks shows its initial sync as done. */
  precheck: { status: string; percent: number; items: PrecheckItemView[] };
  structure: PhaseView;
  data: PhaseView;
  /** The latest task, if any (not sent on the wire: the reply's `TaskId` is the sync task, not a modification). */
  latestTaskId?: string;
}

/** An object with no prototype: user strings (ClientTokens, table names) used as keys never hit inherited members. */
export function nullProtoRecord<T>(from?: Record<string, T>): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, from ?? {});
}

/** Own property lookup (never an inherited member such as `constructor`). */
function own<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}

function matchesName(names: readonly string[] | undefined, t: { sourceDb: string; table: string }): boolean {
  return !!names && (names.includes(t.table) || names.includes(`${t.sourceDb}.${t.table}`));
}

function mergeScenario(base: ScenarioConfig, over: ScenarioConfig | undefined): ScenarioConfig {
  if (!over) return base;
  return {
    ...base,
    ...over,
    durations: { ...(base.durations ?? {}), ...(over.durations ?? {}) },
    rows: { ...(base.rows ?? {}), ...(over.rows ?? {}), tables: { ...(base.rows?.tables ?? {}), ...(over.rows?.tables ?? {}) } },
  };
}

/** Expand the databases of a task into tables, with seeded row counts. */
export function expandTables(objects: DbSpec[], seed: number, scenario: ScenarioConfig): TableSpec[] {
  const out: TableSpec[] = [];
  const min = scenario.rows?.min ?? DEFAULT_ROWS.min;
  const max = Math.max(min, scenario.rows?.max ?? DEFAULT_ROWS.max);
  // A Map, not the record: looking up 200 000 fresh `db.table` strings as object keys is ~1 s (key internalization).
  const fixed = new Map(Object.entries(scenario.rows?.tables ?? {}));
  for (const db of objects) {
    let tables = db.tables;
    if (!tables) {
      const count = intBetween(3, DEFAULT_TABLE_POOL.length, seed, "tables", db.dbName);
      tables = DEFAULT_TABLE_POOL.slice(0, count).map((name) => ({ name, newName: name }));
    }
    const excludes = new Set(db.excludes ?? []);
    for (const t of tables) {
      if (excludes.has(t.name)) continue;
      const rows =
        (fixed.size ? (fixed.get(`${db.dbName}.${t.name}`) ?? fixed.get(t.name)) : undefined) ??
        intBetween(min, max, seed, "rows", db.dbName, t.name);
      const dev = (intBetween(0, 1000, seed, "stat", db.dbName, t.name) - 500) / 100_000;
      out.push({
        sourceDb: db.dbName,
        destDb: db.newDbName,
        table: t.name,
        newTable: t.newName,
        rows,
        statRows: Math.max(0, Math.round(rows * (1 + dev))),
        hasIndex: hash32(seed, "index", db.dbName, t.name) % 3 === 0,
      });
    }
  }
  return out;
}

/** Compute the timeline of a task. */
export function buildPlan(task: TaskRecord): TaskPlan {
  const s = task.scenario;
  const d = durationsOf(s);
  const tables = expandTables(task.objects, task.seed, s);
  const n = tables.length;
  const name = s.name ?? "success";

  // Precheck.
  const itemMs = d.precheckItemMs;
  const precheckEnd = itemMs * PRECHECK_ITEM_NAMES.length;
  let precheckFail: TaskPlan["precheckFail"];
  if (name === "precheck-failure" || task.objects.some((db) => conventions.precheckFails(db.dbName))) {
    const item = s.precheck?.item ?? DEFAULT_PRECHECK_FAILURE.item;
    precheckFail = {
      index: (PRECHECK_ITEM_NAMES as readonly string[]).indexOf(item),
      item,
      errorMessage: s.precheck?.errorMessage ?? DEFAULT_PRECHECK_FAILURE.errorMessage,
      repairMethod: s.precheck?.repairMethod ?? DEFAULT_PRECHECK_FAILURE.repairMethod,
    };
  }

  // Structure.
  let structureFailIndex = tables.findIndex((t) => conventions.structureFails(t.table));
  if (structureFailIndex < 0 && name === "structure-failure" && n > 0) {
    const wanted = s.structure?.table;
    structureFailIndex = wanted ? tables.findIndex((t) => matchesName([wanted], t)) : -1;
    if (structureFailIndex < 0) structureFailIndex = tables.findIndex((t) => t.table === "customer");
    if (structureFailIndex < 0) structureFailIndex = 0;
  }
  const failTable = structureFailIndex >= 0 ? tables[structureFailIndex] : undefined;
  const structureFailMessage = failTable
    ? (s.structure?.errorMessage ?? STRUCTURE_ERROR(failTable.newTable))
    : "";
  const structureStart = precheckEnd;
  const structureEnd =
    structureFailIndex >= 0
      ? structureStart + (structureFailIndex + 1) * d.structureTableMs
      : structureStart + n * d.structureTableMs;

  // Failing tables in data initialization.
  const ft = s.failedTables;
  const dataMessage = ft?.errorMessage ?? DATA_ERROR;
  let failing = tables.map((t) => conventions.dataFails(t.table));
  if (name === "failed-tables" && n > 0) {
    if (ft?.tables) {
      failing = failing.map((f, i) => f || matchesName(ft.tables, tables[i] as TableSpec));
    } else {
      const fraction = ft?.fraction ?? 0.25;
      failing = failing.map((f, i) => f || unit(task.seed, "fail", tables[i]!.sourceDb, tables[i]!.table) < fraction);
      if (fraction > 0 && !failing.some(Boolean)) failing[n - 1] = true;
    }
  }
  failing.forEach((f, i) => {
    if (f) {
      const t = tables[i]!;
      t.dataError = { message: dataMessage, fraction: 0.2 + unit(task.seed, "failAt", t.sourceDb, t.table) * 0.6 };
    }
  });

  // Data: list scheduling of tables, in order, on `dataParallelism` workers.
  const dataStart = structureEnd;
  const rowsPerMs = d.dataRowsPerSecond / 1000;
  const tableStart = new Float64Array(n);
  const tableEnd = new Float64Array(n);
  const tableFinalRows = new Float64Array(n);
  const workers = new Array<number>(Math.max(1, d.dataParallelism)).fill(0);
  const assigned: number[][] = workers.map(() => []);
  let dataSpan = 0;
  let totalRows = 0;
  let failedTableCount = 0;
  for (let i = 0; i < n; i++) {
    const t = tables[i]!;
    let w = 0;
    for (let j = 1; j < workers.length; j++) if (workers[j]! < workers[w]!) w = j;
    const start = workers[w]!;
    const finalRows = t.dataError ? Math.floor(t.rows * t.dataError.fraction) : t.rows;
    const end = start + d.dataTableOverheadMs + finalRows / rowsPerMs;
    tableStart[i] = start;
    tableEnd[i] = end;
    tableFinalRows[i] = finalRows;
    workers[w] = end;
    assigned[w]!.push(i);
    if (end > dataSpan) dataSpan = end;
    totalRows += t.rows;
    if (t.dataError) failedTableCount++;
  }
  const dataEnd = dataStart + dataSpan;
  const perWorker = assigned.map((list) => {
    const ends = new Float64Array(list.length);
    const rowsBefore = new Float64Array(list.length + 1);
    list.forEach((i, k) => {
      ends[k] = tableEnd[i]!;
      rowsBefore[k + 1] = rowsBefore[k]! + tableFinalRows[i]!;
    });
    return { tables: Int32Array.from(list), ends, rowsBefore };
  });
  let holdAt: number | undefined;
  if (name === "never-finishes" || tables.some((t) => conventions.holds(t.table))) {
    holdAt = dataStart + (s.hold?.at ?? 0.5) * dataSpan;
  }
  return {
    tables,
    itemMs,
    precheckEnd,
    precheckFail,
    structureStart,
    structureTableMs: d.structureTableMs,
    structureFailIndex,
    structureFailMessage,
    dataStart,
    overheadMs: d.dataTableOverheadMs,
    rowsPerMs,
    tableStart,
    tableEnd,
    tableFinalRows,
    dataEnd,
    totalRows,
    workers: perWorker,
    failedTableCount,
    dataFailMessage: tables.find((t) => t.dataError)?.dataError?.message,
    dataPhaseOnFailed: ft?.phaseStatus ?? "Finished",
    holdAt,
  };
}

/** Virtual time of a task now, honouring a hold and its release. */
export function virtualTime(task: TaskRecord, plan: TaskPlan, now: number): { v: number; held: boolean } {
  const raw = Math.max(0, (now - task.createdAt) * task.timeScale);
  if (plan.holdAt === undefined) return { v: raw, held: false };
  if (task.releasedAt === undefined) return raw >= plan.holdAt ? { v: plan.holdAt, held: true } : { v: raw, held: false };
  const atRelease = (task.releasedAt - task.createdAt) * task.timeScale;
  if (atRelease <= plan.holdAt) return { v: raw, held: false };
  return { v: plan.holdAt + Math.max(0, now - task.releasedAt) * task.timeScale, held: false };
}

function pct(done: number, total: number): number {
  return total <= 0 ? 0 : Math.floor((done * 100) / total);
}

function structureDone(plan: TaskPlan, v: number): number {
  const n = plan.tables.length;
  if (v < plan.structureStart) return 0;
  if (plan.structureTableMs <= 0) return n;
  return Math.min(n, Math.floor((v - plan.structureStart) / plan.structureTableMs));
}

/** Rows of table `i` copied by data-phase time `u`. */
export function rowsAt(plan: TaskPlan, i: number, u: number): number {
  const start = plan.tableStart[i]!;
  if (u < start) return 0;
  const final = plan.tableFinalRows[i]!;
  if (u >= plan.tableEnd[i]!) return final;
  return Math.max(0, Math.min(final, Math.floor((u - start - plan.overheadMs) * plan.rowsPerMs)));
}

/**
 * Rows copied by data-phase time `u`, over all tables: equal to the sum of {@link rowsAt} over every table, but a
 * worker's tables run one after another, so per worker the finished ones are a prefix (binary search on their end
 * times, prefix sum of their rows) and at most one is in progress.
 */
export function dataRowsAt(plan: TaskPlan, u: number): number {
  let rows = 0;
  for (const w of plan.workers) {
    let lo = 0;
    let hi = w.ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (w.ends[mid]! <= u) lo = mid + 1;
      else hi = mid;
    }
    rows += w.rowsBefore[lo]!;
    if (lo < w.tables.length) rows += rowsAt(plan, w.tables[lo]!, u);
  }
  return rows;
}

/** The state of a task at virtual time `v`. */
export function viewAt(plan: TaskPlan, v: number, held: boolean): TaskView {
  const items = PRECHECK_ITEM_NAMES.length;
  const doneItems = plan.itemMs <= 0 ? items : Math.min(items, Math.floor(v / plan.itemMs));
  const pf = plan.precheckFail;
  const itemViews: PrecheckItemView[] = [];
  for (let i = 0; i < doneItems; i++) {
    const itemName = PRECHECK_ITEM_NAMES[i] as string;
    itemViews.push(
      pf && pf.index === i
        ? { itemName, checkStatus: "Failed", errorMessage: pf.errorMessage, repairMethod: pf.repairMethod }
        : { itemName, checkStatus: "Success" },
    );
  }
  const precheckDone = v >= plan.precheckEnd;
  const precheck = {
    status: !precheckDone ? "Migrating" : pf ? "Failed" : "Finished",
    percent: pct(doneItems, items),
    items: itemViews,
  };
  const notStarted: PhaseView = { status: "NotStarted", percent: 0, progress: 0 };
  if (precheckDone && pf) {
    return {
      status: "Failed",
      errorMessage: `Precheck failed: ${pf.item}: ${pf.errorMessage}`,
      precheck,
      structure: notStarted,
      data: notStarted,
      terminal: true,
      held: false,
    };
  }
  if (!precheckDone) {
    return { status: "Prechecking", precheck, structure: notStarted, data: { ...notStarted }, terminal: false, held: false };
  }

  const n = plan.tables.length;
  const done = structureDone(plan, v);
  const k = plan.structureFailIndex;
  if (k >= 0 && done > k) {
    return {
      status: "Failed",
      errorMessage: plan.structureFailMessage,
      precheck,
      structure: { status: "Failed", percent: pct(k, n), progress: k, errorMessage: plan.structureFailMessage },
      data: notStarted,
      terminal: true,
      held: false,
    };
  }
  if (done < n) {
    return {
      status: "Migrating",
      precheck,
      structure: { status: "Migrating", percent: pct(done, n), progress: done },
      data: notStarted,
      terminal: false,
      held: false,
    };
  }
  const structure: PhaseView = { status: "Finished", percent: 100, progress: n };
  if (v < plan.dataStart) {
    return { status: "Migrating", precheck, structure, data: notStarted, terminal: false, held: false };
  }
  const rows = dataRowsAt(plan, v - plan.dataStart);
  const dataDone = v >= plan.dataEnd && !held;
  if (!dataDone) {
    return {
      status: "Migrating",
      precheck,
      structure,
      data: { status: "Migrating", percent: Math.min(99, pct(rows, plan.totalRows)), progress: rows },
      terminal: false,
      held,
    };
  }
  if (plan.failedTableCount > 0 && plan.dataPhaseOnFailed === "Failed") {
    const msg = plan.dataFailMessage ?? DATA_ERROR;
    return {
      status: "Failed",
      errorMessage: msg,
      precheck,
      structure,
      data: { status: "Failed", percent: pct(rows, plan.totalRows), progress: rows, errorMessage: msg },
      terminal: true,
      held: false,
    };
  }
  return {
    status: "Migrating",
    precheck,
    structure,
    data: { status: "Finished", percent: 100, progress: rows },
    terminal: true,
    held: false,
  };
}

/** Table `i` of a task at virtual time `v`. */
export function tableAt(plan: TaskPlan, i: number, v: number): TableView {
  const spec = plan.tables[i] as TableSpec;
  const done = structureDone(plan, v);
  const k = plan.structureFailIndex;
  const precheckBlocked = v < plan.precheckEnd || !!plan.precheckFail;
  const n = plan.tables.length;
  let structureStatus = "NotStarted";
  let structureError: string | undefined;
  if (!precheckBlocked) {
    if (k >= 0 && done > k) {
      if (i < k) structureStatus = "Finished";
      else if (i === k) {
        structureStatus = "Failed";
        structureError = plan.structureFailMessage;
      }
    } else if (i < done) structureStatus = "Finished";
    else if (i === done && done < n) structureStatus = "Migrating";
  }
  let dataStatus = "NotStarted";
  let finishRows = 0;
  let usedTimeSec = 0;
  let dataError: string | undefined;
  if (!precheckBlocked && k < 0 && done >= n && v >= plan.dataStart) {
    const u = v - plan.dataStart;
    const start = plan.tableStart[i]!;
    const end = plan.tableEnd[i]!;
    if (u >= start) {
      finishRows = rowsAt(plan, i, u);
      usedTimeSec = (Math.min(u, end) - start) / 1000;
      if (u >= end) {
        dataStatus = spec.dataError ? "Failed" : "Finished";
        if (spec.dataError) dataError = spec.dataError.message;
      } else dataStatus = "Migrating";
    }
  }
  return { spec, structureStatus, structureError, dataStatus, finishRows, usedTimeSec, dataError };
}

/** In-memory state of the emulator (optionally mirrored to a JSON file). */
export class EmulatorState {
  readonly jobs = new Map<string, JobRecord>();
  readonly tasks = new Map<string, TaskRecord>();
  private readonly plans = new Map<string, TaskPlan>();
  private counters = { job: 0, task: 0 };
  private runScenario: ScenarioConfig;
  readonly clock: Clock;
  readonly timeScale: number;
  readonly seed: number;
  private readonly store?: StateStore;
  /** See {@link StateOptions.clientTokenDedup}. */
  readonly clientTokenDedup: boolean;

  /** Throws `StateFileError` (naming the file and the fix) if the state file cannot be read or written. */
  constructor(opts: StateOptions) {
    this.clock = opts.clock;
    this.clientTokenDedup = opts.clientTokenDedup ?? false;
    this.timeScale = opts.timeScale;
    this.seed = opts.seed;
    this.runScenario = opts.scenario;
    if (opts.stateFile) {
      this.store = new StateStore(opts.stateFile);
      const data = this.store.read();
      if (data) this.applyPersisted(data as PersistedState<JobRecord, TaskRecord>);
      for (const t of this.tasks.values()) this.plan(t); // before listening, so no status call pays for it
    }
    if (!this.jobs.has(DEMO_JOB_ID)) this.createJob({ jobId: DEMO_JOB_ID, name: "demo" }, false);
    // Write once now: a state file that cannot be written stops the start, not the first change.
    this.store?.write(this.persisted());
  }

  /** The run's default scenario. */
  get scenario(): ScenarioConfig {
    return this.runScenario;
  }

  /** Set the run's scenario, or one job's (unknown job: InvalidJobId.NotFound). */
  setScenario(scenario: ScenarioConfig, jobId?: string): void {
    if (jobId === undefined) {
      this.runScenario = scenario;
      return;
    }
    this.job(jobId).scenario = scenario;
    this.save();
  }

  /** Create a job; returns it. An existing `jobId` is an error. */
  createJob(
    opts: Partial<Pick<JobRecord, "jobId" | "name" | "regionId" | "instanceClass" | "payType" | "sourceRegion" | "destRegion" | "sourceType" | "destType" | "scenario" | "createToken" | "initialObjects">> = {},
    persist = true,
  ): JobRecord {
    if (opts.createToken) {
      const existing = [...this.jobs.values()].find((j) => j.createToken === opts.createToken);
      if (existing) return existing;
    }
    let jobId = opts.jobId;
    if (jobId && this.jobs.has(jobId)) throw new Error(`job ${jobId} already exists`);
    while (!jobId || this.jobs.has(jobId)) jobId = `dts${idFrom(11, this.seed, "job", ++this.counters.job)}`;
    const job: JobRecord = {
      jobId,
      name: opts.name ?? jobId,
      regionId: opts.regionId ?? "cn-hangzhou",
      createdAt: this.clock.now(),
      instanceClass: opts.instanceClass ?? "small",
      payType: opts.payType ?? "PostPaid",
      sourceRegion: opts.sourceRegion ?? "cn-hangzhou",
      destRegion: opts.destRegion ?? "cn-hangzhou",
      sourceType: opts.sourceType ?? "MySQL",
      destType: opts.destType ?? "MySQL",
      scenario: opts.scenario,
      taskIds: [],
      tokens: nullProtoRecord<string>(),
      createToken: opts.createToken,
      ...(opts.initialObjects ? { initialObjects: opts.initialObjects } : {}),
    };
    this.jobs.set(jobId, job);
    if (persist) this.save();
    return job;
  }

  /** A job or 404 `InvalidJobId.NotFound`. */
  job(jobId: string): JobRecord {
    const job = this.jobs.get(jobId);
    if (!job) throw new ApiError(404, "InvalidJobId.NotFound", `The specified SynchronizationJobId ${jobId} does not exist.`);
    return job;
  }

  /** A task or 404 `InvalidTaskId.NotFound`. */
  task(taskId: string): TaskRecord {
    const task = this.tasks.get(taskId);
    if (!task) throw new ApiError(404, "InvalidTaskId.NotFound", `The specified TaskId ${taskId} does not exist.`);
    return task;
  }

  /** The plan of a task (computed once). */
  plan(task: TaskRecord): TaskPlan {
    let p = this.plans.get(task.taskId);
    if (!p) {
      p = buildPlan(task);
      this.plans.set(task.taskId, p);
    }
    return p;
  }

  /** The state of a task now. */
  view(task: TaskRecord): TaskView {
    const plan = this.plan(task);
    const { v, held } = virtualTime(task, plan, this.clock.now());
    return viewAt(plan, v, held);
  }

  /**
   * Start a modification task on a job. While the job's latest task runs: 400 `OperationDenied.JobStatusModifying`.
   * Only with the `clientTokenDedup` option: a ClientToken already used on this job returns the same TaskId and
   * starts nothing (different objects: 400 `IdempotentParameterMismatch`). By default a ClientToken is recorded on
   * the task and otherwise ignored, as the API page documents none for this action.
   */
  modify(
    jobId: string,
    objects: DbSpec[],
    objectsJson: string,
    opts: { clientToken?: string; direction?: string } = {},
  ): { taskId: string; created: boolean } {
    const job = this.job(jobId);
    const canonical = JSON.stringify(objects);
    const known = this.clientTokenDedup && opts.clientToken ? own(job.tokens, opts.clientToken) : undefined;
    if (known !== undefined) {
      const taskId = known;
      const prior = this.tasks.get(taskId);
      if (prior && JSON.stringify(prior.objects) !== canonical) {
        throw new ApiError(
          400,
          "IdempotentParameterMismatch",
          "The request uses the same client token as a previous, but non-identical request.",
        );
      }
      return { taskId, created: false };
    }
    const latestId = job.taskIds[job.taskIds.length - 1];
    if (latestId) {
      const latest = this.tasks.get(latestId);
      if (latest && !this.view(latest).terminal) {
        throw new ApiError(
          400,
          "OperationDenied.JobStatusModifying",
          `The synchronization objects of job ${jobId} are being modified by task ${latestId}; try again after it finishes.`,
        );
      }
    }
    let taskId = "";
    while (!taskId || this.tasks.has(taskId)) taskId = idFrom(11, this.seed, "task", ++this.counters.task);
    const task: TaskRecord = {
      taskId,
      jobId,
      createdAt: this.clock.now(),
      timeScale: this.timeScale,
      seed: this.seed,
      objectsJson,
      objects,
      direction: opts.direction ?? "Forward",
      scenario: mergeScenario(this.runScenario, job.scenario),
      clientToken: opts.clientToken,
    };
    this.tasks.set(taskId, task);
    job.taskIds.push(taskId);
    if (opts.clientToken && this.clientTokenDedup) job.tokens[opts.clientToken] = taskId;
    this.save();
    // Plan now (O(tables)), so no status call pays for it.
    this.plan(task);
    return { taskId, created: true };
  }

  /** The latest task of a job, if any. */
  latestTask(jobId: string): TaskRecord | undefined {
    const job = this.job(jobId);
    const id = job.taskIds[job.taskIds.length - 1];
    return id ? this.tasks.get(id) : undefined;
  }

  /** One page of a job's latest task tables (both phases, same tables). */
  tablePage(jobId: string, pageSize: number, pageNum: number): TableView[] {
    const task = this.latestTask(jobId);
    if (!task) return [];
    const plan = this.plan(task);
    const { v } = virtualTime(task, plan, this.clock.now());
    const from = (pageNum - 1) * pageSize;
    const to = Math.min(plan.tables.length, from + pageSize);
    const out: TableView[] = [];
    for (let i = from; i < to; i++) out.push(tableAt(plan, i, v));
    return out;
  }

  /** Let a held task go on (by task id, or the latest task of a job id). Returns the task id. */
  release(id: string): string {
    const task = this.tasks.get(id) ?? this.latestTask(id);
    if (!task) throw new ApiError(404, "InvalidTaskId.NotFound", `The specified TaskId ${id} does not exist.`);
    if (task.releasedAt === undefined) {
      task.releasedAt = this.clock.now();
      this.save();
    }
    return task.taskId;
  }

  /** Job status as DescribeSynchronizationJobs shows it: `Modifying` while a task runs. */
  jobStatus(job: JobRecord): string {
    const id = job.taskIds[job.taskIds.length - 1];
    const task = id ? this.tasks.get(id) : undefined;
    return task && !this.view(task).terminal ? "Modifying" : "Synchronizing";
  }

  /**
   * The job as DescribeSynchronizationJobStatus shows it: `modifying` while its latest task runs; the objects of the
   * latest task that passed its precheck (else the initial list); the latest task's phases.
   */
  jobStateView(job: JobRecord): JobStateView {
    let objects: DbSpec[] | undefined;
    for (let i = job.taskIds.length - 1; i >= 0 && !objects; i--) {
      const task = this.tasks.get(job.taskIds[i]!);
      if (task && this.view(task).precheck.status === "Finished") objects = task.objects;
    }
    const latest = this.latestTask(job.jobId);
    const view = latest ? this.view(latest) : undefined;
    const done: PhaseView = { status: "Finished", percent: 100, progress: 0 };
    return {
      status: view && !view.terminal ? "modifying" : "synchronizing",
      objects: objects ?? job.initialObjects ?? [],
      precheck: view ? view.precheck : { status: "Finished", percent: 100, items: [] },
      structure: view ? view.structure : done,
      data: view ? view.data : done,
      ...(latest ? { latestTaskId: latest.taskId } : {}),
    };
  }

  /** Snapshot of one task. */
  snapshot(task: TaskRecord): TaskSnapshot {
    const view = this.view(task);
    return {
      taskId: task.taskId,
      jobId: task.jobId,
      createdAt: task.createdAt,
      clientToken: task.clientToken,
      scenario: task.scenario.name ?? "success",
      tables: this.plan(task).tables.length,
      status: view.status,
      precheck: { status: view.precheck.status, percent: view.precheck.percent },
      structure: view.structure,
      data: view.data,
      terminal: view.terminal,
      held: view.held,
      released: task.releasedAt !== undefined,
    };
  }

  /**
   * Persist the state after a change (every mutation ends with this call). If the write fails, the in-memory
   * state goes back to the last state written, so a change reported as failed is never kept, and the
   * `StateFileError` (HTTP 500 `InternalError`) propagates.
   */
  save(): void {
    if (!this.store) return;
    try {
      this.store.write(this.persisted());
    } catch (e) {
      const last = this.store.lastPersisted();
      if (last) this.applyPersisted(last as PersistedState<JobRecord, TaskRecord>);
      throw e instanceof StateFileError ? new StateFileError(`${e.message}. Nothing was changed.`) : e;
    }
  }

  /** The state as the file holds it. */
  private persisted(): PersistedState<JobRecord, TaskRecord> {
    return { format: STATE_FORMAT, counters: this.counters, jobs: [...this.jobs.values()], tasks: [...this.tasks.values()] };
  }

  /** Replace jobs, tasks and counters with persisted ones (at start, and to undo a change whose write failed). */
  private applyPersisted(data: PersistedState<JobRecord, TaskRecord>): void {
    this.counters = { ...data.counters };
    this.jobs.clear();
    this.tasks.clear();
    for (const j of data.jobs) this.jobs.set(j.jobId, { ...j, tokens: nullProtoRecord(j.tokens) });
    for (const t of data.tasks) this.tasks.set(t.taskId, t);
    // A plan belongs to a task id; an undone task's id will be given to the next task.
    for (const id of [...this.plans.keys()]) if (!this.tasks.has(id)) this.plans.delete(id);
  }
}
