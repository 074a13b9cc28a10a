/**
 * The emulator's data model: jobs, tasks, their tables and plans, and the views the actions render. Types only, plus
 * the demo job id and the record helper every module uses for keys that come from users.
 */
import type { Clock } from "../sdk/types";
import type { ScenarioConfig } from "./scenarios";
import type { InitializationLife } from "./initialization-life";

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
  /** A new job's first synchronization (`initialization-life.ts`); absent for a job of the modification machinery. */
  initialization?: InitializationLife;
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

/** A phase as DescribeSynchronizationObjectModifyStatus shows it (typed; rendered as strings by sync-job-actions.ts). */
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

/** The job as DescribeSynchronizationJobStatus shows it (typed; rendered by sync-job-actions.ts). */
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
