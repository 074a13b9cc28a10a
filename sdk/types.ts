/**
 * The typed model of the two DTS APIs this package implements, after parsing.
 *
 * This file is the contract shared by the SDK, the emulator, the provider and the CLI: wire names
 * (PascalCase, string-typed numbers) exist only at the boundary (`schemas.ts`); everything inside the
 * package sees these camelCase, typed values.
 */

/**
 * Status of a phase (precheck, structure initialization, data initialization) or of one table.
 * Known values from the API pages; any other string the service sends is kept as is (never a crash),
 * and the waiter treats it as "not done yet".
 */
export type PhaseStatus = "NotStarted" | "Migrating" | "Failed" | "Finished" | (string & {});

/** The known phase statuses, for exhaustive checks. */
export const KNOWN_PHASE_STATUSES = ["NotStarted", "Migrating", "Failed", "Finished"] as const;

/**
 * Overall status of a modification task. The seed pages show `Migrating` and `Finished`; the older
 * documentation also lists `NotStarted`, `Prechecking`, `PrecheckFailed` and `Failed`. Unknown strings are kept.
 *
 * Note: `Status` may stay `Migrating` after every phase has finished (incremental sync goes on),
 * so "done" is judged per phase, never by this field.
 */
export type TaskStatus = "NotStarted" | "Prechecking" | "PrecheckFailed" | "Migrating" | "Failed" | "Finished" | (string & {});

/** Result of one precheck item (`CheckStatus`). `Success` and `Failed` are documented; others are kept. */
export type CheckStatus = "Success" | "Failed" | "Warning" | "NotStarted" | "Checking" | (string & {});

/** The 16 precheck items named in the API page, in its order (including the real spelling `PASSOWRD`). */
export const PRECHECK_ITEM_NAMES = [
  "CHECK_CONN_SRC",
  "CHECK_CONN_DEST",
  "CHECK_AUTH_SRC",
  "CHECK_AUTH_DEST",
  "CHECK_BINLOG_ON",
  "CHECK_BINLOG_MODE",
  "CHECK_BINLOG_ROW_IMAGE",
  "CHECK_SERVER_ID",
  "CHECK_BINLOG_EXIST",
  "CHECK_ENGINE",
  "CHECK_MYSQL_PASSOWRD_FORMAT",
  "CHECK_SRC",
  "CHECK_SAME_OBJ",
  "CHECK_SQL_MODE",
  "CHECK_SAME_USER",
  "CHECK_TOPOLOGY",
] as const;

/** One precheck item (`PrecheckStatus.Detail[]`). */
export interface PrecheckItem {
  /** `ItemName`, e.g. `CHECK_CONN_SRC`. */
  itemName: string;
  /** `CheckStatus`. */
  checkStatus: CheckStatus;
  /** `ErrorMessage`: only when the item failed. */
  errorMessage?: string;
  /** `RepairMethod`: only when the item failed. */
  repairMethod?: string;
}

/** `PrecheckStatus`. */
export interface PrecheckStatus {
  status: PhaseStatus;
  /** Percent done, 0..100 (`Percent`, a string on the wire). */
  percent: number;
  /** `Detail[]`; `[]` when absent. */
  items: PrecheckItem[];
}

/** `StructureInitializationStatus` or `DataInitializationStatus`. */
export interface InitializationPhaseStatus {
  status: PhaseStatus;
  /** Percent done, 0..100. */
  percent: number;
  /** Structure: tables done. Data: rows done. */
  progress: number;
  errorMessage?: string;
}

/** `DataSynchronizationStatus` (marked "to be removed" by the API page; kept when present). */
export interface DataSynchronizationStatus {
  status: PhaseStatus;
  /** Incremental sync delay in seconds. */
  delay: number;
  percent: number;
  errorMessage?: string;
}

/** The parsed response of `DescribeSynchronizationObjectModifyStatus`. */
export interface SynchronizationObjectModifyStatus {
  requestId: string;
  /** Overall `Status`; see {@link TaskStatus} for why it is not used to judge "done". */
  status: TaskStatus;
  /** Top-level `ErrorMessage` of the task, when it failed. */
  errorMessage?: string;
  /** Missing struct on the wire = `{status: "NotStarted", percent: 0, items: []}`. */
  precheck: PrecheckStatus;
  /** Missing struct on the wire = `{status: "NotStarted", percent: 0, progress: 0}`. */
  structureInitialization: InitializationPhaseStatus;
  /** Missing struct on the wire = `{status: "NotStarted", percent: 0, progress: 0}`. */
  dataInitialization: InitializationPhaseStatus;
  /** Present only when the service sent it. */
  dataSynchronization?: DataSynchronizationStatus;
}

/** One row of `DataInitializationDetails[]`. */
export interface DataInitializationDetail {
  sourceOwnerDbName: string;
  destinationOwnerDbName: string;
  tableName: string;
  status: PhaseStatus;
  /** Rows copied so far (can differ from totalRowNum: that one comes from source statistics). */
  finishRowNum: number;
  totalRowNum: number;
  /** `UsedTime`, seconds. */
  usedTime: number;
  errorMessage?: string;
}

/** One row of `StructureInitializationDetails[]` (and of its nested `Constraints[]`). */
export interface StructureInitializationDetail {
  sourceOwnerDbName: string;
  destinationOwnerDbName: string;
  objectName: string;
  /** `Table`, `Constraint`, `Index`, `View`, ... (kept as sent). */
  objectType: string;
  objectDefinition?: string;
  status: PhaseStatus;
  errorMessage?: string;
  /** `[]` when absent. */
  constraints: StructureInitializationDetail[];
}

/** One row of `DataSynchronizationDetails[]` (marked "to be removed"). */
export interface DataSynchronizationDetail {
  sourceOwnerDbName: string;
  destinationOwnerDbName: string;
  tableName: string;
  status: PhaseStatus;
  errorMessage?: string;
}

/** The parsed response of one `DescribeInitializationStatus` page. Missing arrays are `[]`. */
export interface InitializationStatusPage {
  requestId: string;
  structureInitializationDetails: StructureInitializationDetail[];
  dataInitializationDetails: DataInitializationDetail[];
  dataSynchronizationDetails: DataSynchronizationDetail[];
}

/**
 * Every page of `DescribeInitializationStatus` for one job, merged in page order.
 * The API has no total count: a page is full when either array holds `pageSize` rows; the first page that is
 * not full is the last one.
 */
export interface InitializationReport {
  structureInitializationDetails: StructureInitializationDetail[];
  dataInitializationDetails: DataInitializationDetail[];
  /** Pages that held data (the last, short page included). */
  pages: number;
  /** API calls made, speculative ones and retries included. */
  calls: number;
}

/** A table that failed structure or data initialization, flattened for outputs and messages. */
export interface FailedTable {
  /** Source database. */
  sourceDb: string;
  /** Destination database. */
  destinationDb: string;
  /** Table name. */
  table: string;
  /** `structureInitialization` or `dataInitialization`. */
  phase: "structureInitialization" | "dataInitialization";
  /** The table's status in that phase. */
  status: PhaseStatus;
  /** Why it failed. */
  errorMessage: string;
}

/** A table to sync, in the typed form of `SynchronizationObjects`. */
export interface SynchronizationTable {
  /** Source table name (`TableName`). */
  tableName: string;
  /** Name in the destination (`NewTableName`); defaults to `tableName`. */
  newTableName?: string;
}

/**
 * One database in the typed form of `SynchronizationObjects`
 * (wire: `[{"DBName":"db","NewDBName":"db","TableIncludes":[{"TableName":"t","NewTableName":"t"}]}]`).
 */
export interface SynchronizationDatabase {
  /** Source database name (`DBName`). */
  dbName: string;
  /** Destination database name (`NewDBName`); defaults to `dbName`. */
  newDbName?: string;
  /** Tables to sync (`TableIncludes`); absent = the whole database. */
  tableIncludes?: SynchronizationTable[];
  /** Tables to leave out when the whole database is synced (`TableExcludes`). */
  tableExcludes?: { tableName: string }[];
}

/** `SynchronizationDirection` of two-way jobs. */
export type SynchronizationDirection = "Forward" | "Reverse";

/** Time source, injected so tests never sleep for real. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** Sleep for `ms` milliseconds; rejects with the signal's reason when aborted. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Uniform random number in [0, 1). */
export type Random = () => number;

/**
 * Job `Status` of `DescribeSynchronizationJobStatus`, normalized to the lower camel case of the current API page
 * (an older page capitalizes the same names: `Modifying`, `Synchronizing`, ...; both are accepted). Unknown
 * strings are kept as sent. `modifying` means "synchronization objects being modified": a modification is running.
 */
export type JobStatus =
  | "notStarted"
  | "prechecking"
  | "precheckFailed"
  | "initializating"
  | "initializeFailed"
  | "synchronizing"
  | "failed"
  | "suspending"
  | "modifying"
  | "finished"
  | (string & {});

/** The known job statuses of the API page, in its order (including its spelling `initializating`). */
export const KNOWN_JOB_STATUSES = [
  "notStarted",
  "prechecking",
  "precheckFailed",
  "initializating",
  "initializeFailed",
  "synchronizing",
  "failed",
  "suspending",
  "modifying",
  "finished",
] as const;

/**
 * The parsed response of `DescribeSynchronizationJobStatus` (version 2020-01-01): the fields this package uses.
 * The phase blocks describe the job's latest modification (or its initial configuration when none ran).
 */
export interface SynchronizationJobStatus {
  requestId: string;
  /** The job id echoed by the service, when sent. */
  synchronizationJobId?: string;
  /** Normalized `Status` (see {@link JobStatus}). */
  status: JobStatus;
  /** `Status` exactly as sent. */
  rawStatus: string;
  /** Top-level `ErrorMessage` (why synchronization failed), when sent. */
  errorMessage?: string;
  /**
   * `SynchronizationObjects`: the objects the job syncs now. The API page lists `SchemaName`, `NewSchemaName`,
   * `TableIncludes[].TableName` and `TableExcludes[].TableName` (no destination table name): `newTableName` is
   * set only when a reply carries an (undocumented) `NewTableName`.
   */
  synchronizationObjects: SynchronizationDatabase[];
  /**
   * `PrecheckStatus`. The page documents `Success`/`Failed` for its `Status`; the parse maps `Success` to
   * `Finished` so that the job's phases read like a task's (`rawStatus` keeps what was sent).
   */
  precheck: PrecheckStatus & { rawStatus: string };
  structureInitialization: InitializationPhaseStatus;
  dataInitialization: InitializationPhaseStatus;
  /** `DataSynchronizationStatus`: the incremental phase, when sent. */
  dataSynchronization?: SyncJobIncrementalStatus;
  /** Top-level `Delay`: incremental delay in seconds (documented unit), when sent. */
  delaySeconds?: number;
  /** Top-level `DelayMillis`: the same delay in milliseconds (documented unit), when sent. */
  delayMillis?: number;
  /** Top-level `StructureInitialization` ("true"/"false"): whether the job runs structure initialization; absent when not sent. */
  structureInitializationEnabled?: boolean;
  /** Top-level `DataInitialization` ("true"/"false"): whether the job runs full data initialization; absent when not sent. */
  dataInitializationEnabled?: boolean;
}

/** `DataSynchronizationStatus` of `DescribeSynchronizationJobStatus` (a job's incremental phase). */
export interface SyncJobIncrementalStatus {
  /** NotStarted | Migrating | Failed | Finished (documented), kept as sent. */
  status: string;
  percent: number;
  /** `Delay`, seconds (documented). */
  delaySeconds?: number;
  /** `DelayMillis`, milliseconds (documented). */
  delayMillis?: number;
  errorMessage?: string;
}

/** One failed check item or object read from `DescribePreCheckStatus` (`JobProgress[]` with `State: Failed`). */
export interface FailedObjectOutput {
  /** `Item`: the check item (JobCode 01) or the object kind. */
  item?: string;
  /** `Names`: the object(s) concerned. */
  names?: string;
  /** `State`, e.g. `Failed`. */
  state: string;
  /** `ErrMsg`. */
  errorMessage?: string;
  /** `RepairMethod`: what DTS suggests. */
  repairMethod?: string;
  /** `SourceSchema`. */
  sourceSchema?: string;
  /** `DestSchema`. */
  destSchema?: string;
}
