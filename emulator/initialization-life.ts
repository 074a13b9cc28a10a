/**
 * A new job's life, for both API families: not started, precheck, structure initialization, full data
 * initialization, then steady incremental synchronization with a delay that falls (or stalls), plus the failure
 * scenarios and a migration mode that turns phases off. One pure function of the job's virtual age
 * ({@link lifeAt}); the renderers speak each family's documented fields (research note dts-initial-sync.md §1-§5):
 * - sync-job `DescribeSynchronizationJobStatus` (lower camel `Status`, `initializating` as the page spells it,
 *   `PrecheckStatus.Status` Success/Failed, `Delay` seconds, `DelayMillis` milliseconds, "true"/"false" switches);
 * - dts-job `DescribeDtsJobs` items (`synchronizing` lower case as Terraform observed it, the rest capitalised,
 *   `CheckItem`/`CheckResult`/`FailedReason`/`RepairMethod`, `MigrationMode`, `Delay` in seconds, `RetryState`).
 * Choices where the documents say nothing (named here, so a test can rely on them):
 * - the sync-job precheck's in-progress `Status` is undocumented (only Success/Failed): it is left out while the
 *   precheck runs;
 * - before incremental synchronization runs, `Delay` reads 0 and its block `NotStarted`;
 * - a job whose migration mode turns incremental synchronization off stays `synchronizing` with the block
 *   `NotStarted` and no delay once initialized (its real end state is undocumented).
 */
import { PRECHECK_ITEM_NAMES } from "../sdk/types";

/** What this module reads of a job record (structural: model.ts imports this module's types). */
interface JobLike {
  jobId: string;
  name: string;
  createdAt: number;
}

/** The failure a job's life ends in, if any. */
export const INITIALIZATION_FAILURES = ["precheck", "structure", "data", "incremental", "retry-exhausted"] as const;

/** How a new job lives, as validated (defaults applied): see `initialization-life-schema.ts`. Virtual seconds. */
export interface InitializationLife {
  startAfterSeconds: number;
  autoStart: boolean;
  precheckSeconds: number;
  structureSeconds: number;
  dataSeconds: number;
  tables: number;
  rowsPerTable: number;
  migrationMode: { structureInitialization: boolean; dataInitialization: boolean; dataSynchronization: boolean };
  failure?: (typeof INITIALIZATION_FAILURES)[number] | undefined;
  failedTables: number;
  initialDelaySeconds: number;
  delayFallPerSecond: number;
  floorDelaySeconds: number;
  stall: boolean;
}
/**
 * How a new job lives, as given (control API `POST /_emulator/initialization-jobs`, bin `--initialization-job`):
 * every field optional, defaults in `initialization-life-schema.ts`. Written out (not `z.input`) so the emulator's
 * public declarations name no zod type.
 */
export interface InitializationLifeInput {
  startAfterSeconds?: number | undefined;
  autoStart?: boolean | undefined;
  precheckSeconds?: number | undefined;
  structureSeconds?: number | undefined;
  dataSeconds?: number | undefined;
  tables?: number | undefined;
  rowsPerTable?: number | undefined;
  migrationMode?:
    | { structureInitialization?: boolean | undefined; dataInitialization?: boolean | undefined; dataSynchronization?: boolean | undefined }
    | undefined;
  failure?: (typeof INITIALIZATION_FAILURES)[number] | undefined;
  failedTables?: number | undefined;
  initialDelaySeconds?: number | undefined;
  delayFallPerSecond?: number | undefined;
  floorDelaySeconds?: number | undefined;
  stall?: boolean | undefined;
}

type Phase = "NotStarted" | "Migrating" | "Finished" | "Failed";

/** One table at one moment. */
export interface LifeTable {
  name: string;
  structure: Phase;
  data: Phase;
  finishRows: number;
  totalRows: number;
  error?: string;
}

/** The job at one moment, family-neutral. */
export interface LifeView {
  stage: "not-started" | "precheck" | "precheck-failed" | "initializing" | "initialize-failed" | "synchronizing" | "failed";
  precheck: { status: "NotStarted" | "Checking" | "Finished" | "Failed"; percent: number; items: { name: string; failed: boolean }[] };
  structure: { status: Phase; percent: number; progress: number; errorMessage?: string };
  data: { status: Phase; percent: number; progress: number; errorMessage?: string };
  incremental: { status: "NotStarted" | "Migrating" | "Catched" | "Failed"; errorMessage?: string };
  /** Seconds, while incremental synchronization runs. */
  delaySeconds?: number;
  errorMessage?: string;
  retry?: { retrying: boolean; retryTime: number; maxRetryTime: number; errMessage: string };
  tables: LifeTable[];
}

export const PRECHECK_FAILURE = {
  item: "CHECK_BINLOG_MODE",
  reason: "binlog_format of the source is STATEMENT",
  repair: "set binlog_format=ROW on the source and restart the precheck",
};
export const STRUCTURE_ERROR = "DTS-1020042 Execute sql error: Table 'orders' already exists in the destination";
export const DATA_INIT_ERROR = "DTS-1020042 Execute sql error: Duplicate entry '7' for key 'PRIMARY'";
export const INCREMENTAL_ERROR = "DTS-31009 the binlog of the source was purged before it was read";
const MAX_RETRY_SECONDS = 720;
const PRECHECK_ITEMS = PRECHECK_ITEM_NAMES.slice(0, 6);

const pct = (f: number) => Math.floor(Math.min(1, Math.max(0, f)) * 100);

/** The job `life` at `v` virtual seconds of age. Pure. */
export function lifeAt(life: InitializationLife, v: number): LifeView {
  const n = life.tables;
  const names = Array.from({ length: n }, (_, i) => `table_${i + 1}`);
  const mode = life.migrationMode;
  const t0 = life.autoStart ? life.startAfterSeconds : Number.POSITIVE_INFINITY;
  const t1 = t0 + life.precheckSeconds;
  const s = mode.structureInitialization ? life.structureSeconds : 0;
  const d = mode.dataInitialization ? life.dataSeconds : 0;
  const t2 = t1 + s;
  const t3 = t2 + d;
  const frac = (a: number, len: number) => (len <= 0 ? 1 : (v - a) / len);
  const failAt = (a: number, len: number) => a + len / 2;
  const tables = (sFrac: number, dFrac: number, sFail = false, dFail = false): LifeTable[] =>
    names.map((name, i) => {
      const structureDone = mode.structureInitialization ? Math.floor(Math.min(1, Math.max(0, sFrac)) * n) : 0;
      const structure: Phase = !mode.structureInitialization
        ? "NotStarted"
        : sFail && i === n - 1
          ? "Failed"
          : i < structureDone
            ? "Finished"
            : sFrac > 0
              ? "Migrating"
              : "NotStarted";
      const rowsDone = mode.dataInitialization ? Math.floor(Math.min(1, Math.max(0, dFrac)) * n * life.rowsPerTable) : 0;
      const finishRows = Math.min(life.rowsPerTable, Math.max(0, rowsDone - i * life.rowsPerTable));
      const failing = dFail && i >= n - Math.min(n, life.failedTables);
      const data: Phase = !mode.dataInitialization
        ? "NotStarted"
        : failing
          ? "Failed"
          : finishRows >= life.rowsPerTable
            ? "Finished"
            : finishRows > 0
              ? "Migrating"
              : "NotStarted";
      const error = structure === "Failed" ? STRUCTURE_ERROR : data === "Failed" ? DATA_INIT_ERROR : undefined;
      return { name, structure, data, finishRows, totalRows: life.rowsPerTable, ...(error ? { error } : {}) };
    });
  const phase = (on: boolean, f: number) => ({
    status: (on ? (f >= 1 ? "Finished" : f > 0 ? "Migrating" : "NotStarted") : "NotStarted") as Phase,
    percent: on ? pct(f) : 0,
    progress: 0,
  });
  const items = (failed: boolean) => PRECHECK_ITEMS.map((name) => ({ name, failed: failed && name === PRECHECK_FAILURE.item }));
  const base = {
    incremental: { status: "NotStarted" as const },
    tables: tables(0, 0),
    structure: phase(mode.structureInitialization, 0),
    data: phase(mode.dataInitialization, 0),
  };
  if (v < t0) return { stage: "not-started", precheck: { status: "NotStarted", percent: 0, items: [] }, ...base };
  // Precheck.
  if (life.failure === "precheck" && v >= failAt(t0, life.precheckSeconds)) {
    return { stage: "precheck-failed", precheck: { status: "Failed", percent: 100, items: items(true) }, errorMessage: PRECHECK_FAILURE.reason, ...base };
  }
  if (v < t1) return { stage: "precheck", precheck: { status: "Checking", percent: pct(frac(t0, life.precheckSeconds)), items: [] }, ...base };
  const precheck = { status: "Finished" as const, percent: 100, items: items(false) };
  // Structure, then data initialization.
  const sFrac = frac(t1, s);
  const dFrac = frac(t2, d);
  const structure = { ...phase(mode.structureInitialization, sFrac), progress: mode.structureInitialization ? Math.floor(Math.min(1, sFrac) * n) : 0 };
  const data = {
    ...phase(mode.dataInitialization, dFrac),
    progress: mode.dataInitialization ? Math.floor(Math.min(1, Math.max(0, dFrac)) * n * life.rowsPerTable) : 0,
  };
  if (life.failure === "structure" && mode.structureInitialization && v >= failAt(t1, s)) {
    const f = (failAt(t1, s) - t1) / s;
    return {
      stage: "initialize-failed",
      precheck,
      structure: { status: "Failed", percent: pct(f), progress: Math.floor(f * n), errorMessage: STRUCTURE_ERROR },
      data: phase(mode.dataInitialization, 0),
      incremental: { status: "NotStarted" },
      errorMessage: STRUCTURE_ERROR,
      tables: tables(f, 0, true),
    };
  }
  if (life.failure === "data" && mode.dataInitialization && v >= failAt(t2, d)) {
    const f = (failAt(t2, d) - t2) / d;
    return {
      stage: "initialize-failed",
      precheck,
      structure: { ...phase(mode.structureInitialization, 1), progress: mode.structureInitialization ? n : 0 },
      data: { status: "Failed", percent: pct(f), progress: Math.floor(f * n * life.rowsPerTable), errorMessage: DATA_INIT_ERROR },
      incremental: { status: "NotStarted" },
      errorMessage: DATA_INIT_ERROR,
      tables: tables(1, f, false, true),
    };
  }
  if (v < t3) return { stage: "initializing", precheck, structure, data, incremental: { status: "NotStarted" }, tables: tables(sFrac, dFrac) };
  // Steady synchronization.
  const done = { stage: "synchronizing" as const, precheck, structure, data, tables: tables(1, 1) };
  if (!mode.dataSynchronization) return { ...done, incremental: { status: "NotStarted" } };
  const since = v - t3;
  if (life.failure === "incremental" && since >= 10) {
    return {
      ...done,
      stage: "failed",
      incremental: { status: "Failed", errorMessage: INCREMENTAL_ERROR },
      errorMessage: INCREMENTAL_ERROR,
      delaySeconds: life.initialDelaySeconds,
    };
  }
  const delay = life.stall ? life.initialDelaySeconds : Math.max(life.floorDelaySeconds, life.initialDelaySeconds - life.delayFallPerSecond * since);
  const retry =
    life.failure === "retry-exhausted" && since >= 10
      ? {
          retrying: true,
          retryTime: Math.min(MAX_RETRY_SECONDS, Math.floor((since - 10) * 60)),
          maxRetryTime: MAX_RETRY_SECONDS,
          errMessage: INCREMENTAL_ERROR,
        }
      : undefined;
  return { ...done, incremental: { status: delay <= 0 ? "Catched" : "Migrating" }, delaySeconds: delay, ...(retry ? { retry } : {}) };
}

/** The job's view now (`now` wall ms; virtual time = age x timeScale). */
export function lifeOf(job: JobLike & { initialization: InitializationLife }, now: number, timeScale: number): LifeView {
  return lifeAt(job.initialization, (Math.max(0, now - job.createdAt) * timeScale) / 1000);
}

const str = (x: number) => String(x);
const SYNC_JOB_STATUS: Record<LifeView["stage"], string> = {
  "not-started": "notStarted",
  precheck: "prechecking",
  "precheck-failed": "precheckFailed",
  initializing: "initializating",
  "initialize-failed": "initializeFailed",
  synchronizing: "synchronizing",
  failed: "failed",
};
const DTS_JOB_STATUS: Record<LifeView["stage"], string> = {
  "not-started": "NotStarted",
  precheck: "Prechecking",
  "precheck-failed": "PrecheckFailed",
  initializing: "Initializing",
  "initialize-failed": "InitializeFailed",
  synchronizing: "synchronizing",
  failed: "Failed",
};
const phaseBlock = (p: LifeView["structure"]) => ({
  Status: p.status,
  Percent: str(p.percent),
  Progress: str(p.progress),
  ...(p.errorMessage ? { ErrorMessage: p.errorMessage } : {}),
});

/** `DescribeSynchronizationJobStatus` fields of a job in its first synchronization (sync-job family). */
export function syncJobInitializationFields(life: InitializationLife, view: LifeView): Record<string, unknown> {
  const delay = view.delaySeconds ?? 0;
  return {
    Status: SYNC_JOB_STATUS[view.stage],
    ...(view.errorMessage ? { ErrorMessage: view.errorMessage } : {}),
    StructureInitialization: String(life.migrationMode.structureInitialization),
    DataInitialization: String(life.migrationMode.dataInitialization),
    Delay: str(Math.floor(delay)),
    DelayMillis: Math.round(delay * 1000),
    PrecheckStatus: {
      ...(view.precheck.status === "Finished" ? { Status: "Success" } : view.precheck.status === "Failed" ? { Status: "Failed" } : {}),
      Percent: str(view.precheck.percent),
      Detail: view.precheck.items.map((i) => ({
        ItemName: i.name,
        CheckStatus: i.failed ? "Failed" : "Success",
        ...(i.failed ? { ErrorMessage: PRECHECK_FAILURE.reason, RepairMethod: PRECHECK_FAILURE.repair } : {}),
      })),
    },
    StructureInitializationStatus: phaseBlock(view.structure),
    DataInitializationStatus: phaseBlock(view.data),
    DataSynchronizationStatus: {
      // The old family has no `Catched` (D-SJS): a running incremental phase reads Migrating.
      Status: view.incremental.status === "Catched" ? "Migrating" : view.incremental.status,
      Delay: str(Math.floor(delay)),
      DelayMillis: Math.round(delay * 1000),
      Percent: view.incremental.status === "NotStarted" ? "0" : "100",
      ...(view.incremental.errorMessage ? { ErrorMessage: view.incremental.errorMessage } : {}),
    },
  };
}

/** One `DtsJobList[]` item of `DescribeDtsJobs` for a job in its first synchronization (dts-job family). */
export function dtsJobListItem(job: JobLike, life: InitializationLife | undefined, view: LifeView | undefined): Record<string, unknown> {
  const dtsJobId = job.jobId.replace(/^dts/, "");
  const common = {
    DtsJobId: dtsJobId,
    DtsInstanceID: job.jobId,
    DtsJobName: job.name,
    JobType: "SYNC",
    CreateTime: new Date(job.createdAt).toISOString().replace(/\.\d{3}Z$/, "Z"),
  };
  if (!life || !view) {
    // A job of the modification machinery: initialized long ago, in steady sync.
    const fin = { Status: "Finished", Percent: "100", Progress: "0" };
    return {
      ...common,
      Status: "synchronizing",
      Delay: 0,
      PrecheckStatus: { Status: "Finished", Percent: "100", Detail: [] },
      StructureInitializationStatus: fin,
      DataInitializationStatus: fin,
      DataSynchronizationStatus: { Status: "Catched", Percent: "100", Progress: "0", NeedUpgrade: false },
      MigrationMode: { StructureInitialization: true, DataInitialization: true, DataSynchronization: true },
    };
  }
  return {
    ...common,
    Status: DTS_JOB_STATUS[view.stage],
    ...(view.errorMessage ? { ErrorMessage: view.errorMessage } : {}),
    ...(view.delaySeconds !== undefined ? { Delay: Math.floor(view.delaySeconds) } : { Delay: 0 }),
    PrecheckStatus: {
      Status: view.precheck.status,
      Percent: str(view.precheck.percent),
      ...(view.precheck.status === "Failed" ? { ErrorMessage: PRECHECK_FAILURE.reason } : {}),
      Detail: view.precheck.items.map((i) => ({
        CheckItem: i.name,
        CheckItemDescription: i.name,
        CheckResult: i.failed ? "Failed" : "Success",
        ...(i.failed ? { FailedReason: PRECHECK_FAILURE.reason, RepairMethod: PRECHECK_FAILURE.repair } : {}),
      })),
    },
    StructureInitializationStatus: phaseBlock(view.structure),
    DataInitializationStatus: phaseBlock(view.data),
    DataSynchronizationStatus: {
      Status: view.incremental.status,
      Percent: view.incremental.status === "NotStarted" ? "0" : "100",
      Progress: "0",
      NeedUpgrade: false,
      ...(view.incremental.errorMessage ? { ErrorMessage: view.incremental.errorMessage } : {}),
    },
    MigrationMode: {
      StructureInitialization: life.migrationMode.structureInitialization,
      DataInitialization: life.migrationMode.dataInitialization,
      DataSynchronization: life.migrationMode.dataSynchronization,
    },
    ...(view.retry
      ? {
          RetryState: {
            Retrying: view.retry.retrying,
            RetryCount: 1,
            RetryTime: view.retry.retryTime,
            MaxRetryTime: view.retry.maxRetryTime,
            Module: "Incremental",
            ErrMessage: view.retry.errMessage,
          },
        }
      : {}),
  };
}

/** `DescribePreCheckStatus` items of a job in its first synchronization: JobCode 01 check items, 02/03 tables, 04 incremental. */
export function initializationPreCheckItems(view: LifeView, code: string, jobId: string): { state: string; items: Record<string, unknown>[] } {
  if (code === "01") {
    return {
      state: view.precheck.status,
      items: view.precheck.items.map((i, n) => ({
        Item: i.name,
        Names: i.name,
        State: i.failed ? "Failed" : "Success",
        ErrMsg: i.failed ? PRECHECK_FAILURE.reason : "",
        RepairMethod: i.failed ? PRECHECK_FAILURE.repair : "",
        OrderNum: str(n + 1),
        JobId: jobId,
      })),
    };
  }
  if (code === "02" || code === "03") {
    const p = code === "02" ? view.structure : view.data;
    return {
      state: p.status,
      items: view.tables.map((t, i) => {
        const s = code === "02" ? t.structure : t.data;
        return {
          Item: code === "02" ? "STRUCT_INIT" : "DATA_INIT",
          Names: t.name,
          TargetNames: t.name,
          SourceSchema: "src_db",
          DestSchema: "dest_db",
          State: s === "Finished" ? "Success" : s,
          ErrMsg: s === "Failed" ? (t.error ?? "") : "",
          OrderNum: str(i + 1),
          JobId: jobId,
        };
      }),
    };
  }
  return {
    state: view.incremental.status,
    items: [{ Item: "INCR_SYNC", Names: "", State: view.incremental.status, ErrMsg: view.incremental.errorMessage ?? "", OrderNum: "1", JobId: jobId }],
  };
}

/** `DescribeInitializationStatus` rows of a job in its first synchronization (structure and data page together). */
export function initializationDetailRows(view: LifeView): { structure: Record<string, unknown>[]; data: Record<string, unknown>[] } {
  return {
    structure: view.tables.map((t) => ({
      Status: t.structure,
      ObjectType: "Table",
      SourceOwnerDBName: "src_db",
      DestinationOwnerDBName: "dest_db",
      ObjectName: t.name,
      ...(t.structure === "Failed" && t.error ? { ErrorMessage: t.error } : {}),
    })),
    data: view.tables.map((t) => ({
      Status: t.data,
      TableName: t.name,
      TotalRowNum: str(t.totalRows),
      FinishRowNum: str(t.finishRows),
      UsedTime: "0",
      SourceOwnerDBName: "src_db",
      DestinationOwnerDBName: "dest_db",
      ...(t.data === "Failed" && t.error ? { ErrorMessage: t.error } : {}),
    })),
  };
}
