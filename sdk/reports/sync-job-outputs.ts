/**
 * The outputs document of one modification task, shared by the Pulumi resource (its outputs) and the pipeline
 * command (`dts-objects wait --json`), so a pipeline reads the same fields whichever it ran. Pure; types only from
 * the model.
 */
import { checkModifyStatus, type AcceptorResult } from "../waiting/sync-job-acceptors";
import { failedTablesFromReport } from "../wire/sync-job-failed-tables";
import { jobToModifyStatus } from "../job/sync-job-state";
import type {
  FailedTable,
  InitializationPhaseStatus,
  InitializationReport,
  PrecheckItem,
  SynchronizationJobStatus,
  SynchronizationObjectModifyStatus,
} from "../types";

/** One precheck item in the outputs. */
export interface PrecheckItemOutput {
  /** `ItemName`, e.g. `CHECK_CONN_SRC`. */
  name: string;
  /** `CheckStatus`: `Success`, `Failed`, ... */
  status: string;
  /** Why it failed. */
  errorMessage?: string;
  /** The repair method DTS suggests. */
  repairMethod?: string;
}

/** The precheck phase in the outputs. */
export interface PrecheckOutput {
  /** `NotStarted`, `Migrating`, `Failed`, `Finished`, or another status DTS sends. */
  status: string;
  /** 0..100. */
  percent: number;
  /** Every item, in the order DTS reports them. */
  items: PrecheckItemOutput[];
  /** The items whose status is `Failed`, with their error message and repair method. */
  failedItems: PrecheckItemOutput[];
}

/** Structure or data initialization in the outputs. */
export interface PhaseOutput {
  /** `NotStarted`, `Migrating`, `Failed`, `Finished`, or another status DTS sends. */
  status: string;
  /** 0..100. */
  percent: number;
  /** Structure: tables done. Data: rows copied. */
  progress: number;
  /** Why the phase failed. */
  errorMessage?: string;
}

/** Table counts from the job's initialization report (all pages). */
export interface TablesOutput {
  /** Tables in the report. */
  total: number;
  /** Tables whose every row is `Finished`. */
  finished: number;
  /** Tables that failed. */
  failed: number;
}

/**
 * What the resource reports about its task. Also the `dts-objects wait --json` document.
 *
 * When no task was started because the job already synced exactly the requested objects (`source: "job"`), there
 * is no `taskId` and the phases and tables are the job's (`DescribeSynchronizationJobStatus`, which describes its
 * latest modification); `note` says so.
 */
export interface ModificationStatusOutputs {
  /** The modification task; absent when none was started (the change was already in place) or none is known yet. */
  taskId?: string;
  /**
   * Where the phases come from: `task` (`DescribeSynchronizationObjectModifyStatus` of `taskId`) or `job`
   * (`DescribeSynchronizationJobStatus`: no task was started, the job already synced the requested objects).
   */
  source: "task" | "job";
  /** One line for a person when `source` is `job` (why no task was started), or when nothing is decided yet. */
  note?: string;
  /** The task's overall `Status` (may read `Migrating` after every phase finished: incremental sync goes on). */
  status: string;
  precheck: PrecheckOutput;
  structureInitialization: PhaseOutput;
  dataInitialization: PhaseOutput;
  /** Tables that failed structure or data initialization. */
  failedTables: FailedTable[];
  /** Table counts; absent when the job's table report is not this task's (see `tablesLeftOut`). */
  tables?: TablesOutput;
  /**
   * Why `tables` is absent and `failedTables` empty: `DescribeInitializationStatus` reports the tables of the job's
   * latest modification, and this task is not it (or failed its precheck); or, starting with `tables not checked:`,
   * the report could not be read (the reason and the fix: `checkTables` in tables-check.ts). One line.
   */
  tablesLeftOut?: string;
  /** ISO 8601: when the task was started (or first waited for, when adopted). Kept across resumes. */
  startedAt: string;
  /** ISO 8601: when the wait saw the task succeed or fail; absent while it is unfinished. */
  finishedAt?: string;
  /**
   * ISO 8601: when the task is estimated to finish, as of the last reply of a wait that ended unfinished (a deadline
   * or a stop): data initialization running and its percent seen moving enough to mean something
   * (`sdk/waiting/estimate.ts`). Absent when finished or unknown. A pipeline can say "try again after ...".
   */
  estimatedFinishAt?: string;
  /** Status calls made for this resource, over every create, update and refresh. */
  polls: number;
}

const NOT_STARTED: InitializationPhaseStatus = { status: "NotStarted", percent: 0, progress: 0 };

function item(i: PrecheckItem): PrecheckItemOutput {
  return {
    name: i.itemName,
    status: i.checkStatus,
    ...(i.errorMessage ? { errorMessage: i.errorMessage } : {}),
    ...(i.repairMethod ? { repairMethod: i.repairMethod } : {}),
  };
}

function phase(p: InitializationPhaseStatus | undefined): PhaseOutput {
  const s = p ?? NOT_STARTED;
  return { status: s.status, percent: s.percent, progress: s.progress, ...(s.errorMessage ? { errorMessage: s.errorMessage } : {}) };
}

/**
 * Counts tables in a report: one table per `source db . table` of the data rows and of the structure rows whose
 * object type is `Table`; finished when every row for it is `Finished`; failed when it is in `failedTables`.
 */
export function countTables(
  report: Pick<InitializationReport, "structureInitializationDetails" | "dataInitializationDetails"> | undefined,
  failedTables: FailedTable[],
): TablesOutput {
  if (!report) return { total: 0, finished: 0, failed: new Set(failedTables.map((t) => `${t.sourceDb}\u0000${t.table}`)).size };
  const statuses = new Map<string, string[]>();
  const add = (db: string, table: string, status: string): void => {
    const key = `${db}\u0000${table}`;
    statuses.set(key, [...(statuses.get(key) ?? []), status]);
  };
  for (const d of report.dataInitializationDetails) add(d.sourceOwnerDbName, d.tableName, d.status);
  for (const s of report.structureInitializationDetails) if (s.objectType.toLowerCase() === "table") add(s.sourceOwnerDbName, s.objectName, s.status);
  const failedKeys = new Set(failedTables.map((t) => `${t.sourceDb}\u0000${t.table}`));
  for (const key of failedKeys) if (!statuses.has(key)) statuses.set(key, ["Failed"]);
  let finished = 0;
  for (const [key, list] of statuses) if (!failedKeys.has(key) && list.every((s) => s === "Finished")) finished++;
  return { total: statuses.size, finished, failed: failedKeys.size };
}

/** Input of {@link buildStatusOutputs}. */
export interface StatusOutputsInput {
  /** Absent when no task was started (`source: "job"`). */
  taskId?: string;
  /** @default "task" */
  source?: "task" | "job";
  note?: string;
  /** Set when the job's tables are not this task's: tables and failed tables are left out with this reason. */
  tablesLeftOut?: string;
  /** The last status seen; absent when no status call succeeded. */
  status?: SynchronizationObjectModifyStatus;
  failedTables?: FailedTable[];
  report?: InitializationReport;
  startedAt: Date | number;
  /** Set when the wait saw success or failure. */
  finishedAt?: Date | number;
  /** The waiter's estimate when the wait ended unfinished (`WaiterResult.estimatedFinishMs`); ignored with `finishedAt`. */
  estimatedFinishAt?: Date | number;
  polls: number;
}

/** The status part of the outputs. Pure. */
export function buildStatusOutputs(input: StatusOutputsInput): ModificationStatusOutputs {
  const s = input.status;
  const items = (s?.precheck.items ?? []).map(item);
  const failedTables = input.tablesLeftOut ? [] : (input.failedTables ?? []);
  return {
    ...(input.taskId !== undefined ? { taskId: input.taskId } : {}),
    source: input.source ?? "task",
    ...(input.note ? { note: input.note } : {}),
    status: s?.status ?? "Unknown",
    precheck: {
      status: s?.precheck.status ?? "NotStarted",
      percent: s?.precheck.percent ?? 0,
      items,
      failedItems: items.filter((i) => i.status === "Failed"),
    },
    structureInitialization: phase(s?.structureInitialization),
    dataInitialization: phase(s?.dataInitialization),
    failedTables,
    ...(input.tablesLeftOut ? { tablesLeftOut: input.tablesLeftOut } : { tables: countTables(input.report, failedTables) }),
    startedAt: new Date(input.startedAt).toISOString(),
    ...(input.finishedAt !== undefined ? { finishedAt: new Date(input.finishedAt).toISOString() } : {}),
    ...(input.finishedAt === undefined && input.estimatedFinishAt !== undefined ? { estimatedFinishAt: new Date(input.estimatedFinishAt).toISOString() } : {}),
    polls: input.polls,
  };
}

/** Input of {@link jobStatusOutputs}. */
export interface JobStatusOutputsInput {
  job: SynchronizationJobStatus;
  /** Why no task was started (`noTaskNote`). */
  note: string;
  /** The job's tables; absent when they could not be listed (then `tablesLeftOut` says so). */
  report?: InitializationReport;
  tablesLeftOut?: string;
  startedAt: Date | number;
  /** Now: the finish time when the job's phases ended. */
  now: Date | number;
  polls: number;
  /**
   * False when the job's phases may not be this change's (a refresh that finds other objects, or the job modifying
   * now): then no finish time is set, whatever the phases say.
   * @default true
   */
  phasesAreThisChange?: boolean;
}

/**
 * The outputs of a change that started no task (the job already held the objects): the job's phases and tables
 * stand for it, without a TaskId. One rule for the provider and `dts-objects modify`. Pure.
 */
export function jobStatusOutputs(input: JobStatusOutputsInput): { outputs: ModificationStatusOutputs; verdict: AcceptorResult; failedTables: FailedTable[] } {
  const status = jobToModifyStatus(input.job);
  const failedTables = input.report ? failedTablesFromReport(input.report) : [];
  const verdict = checkModifyStatus(status);
  const outputs = buildStatusOutputs({
    source: "job",
    note: input.note,
    status,
    failedTables,
    report: input.report,
    ...(input.tablesLeftOut ? { tablesLeftOut: input.tablesLeftOut } : {}),
    startedAt: input.startedAt,
    ...(verdict.state !== "retry" && input.phasesAreThisChange !== false ? { finishedAt: input.now } : {}),
    polls: input.polls,
  });
  return { outputs, verdict, failedTables };
}

/** The keys of {@link ModificationStatusOutputs}, in document order (resource output seeding, resumes). */
export const STATUS_OUTPUT_KEYS = [
  "taskId",
  "source",
  "note",
  "status",
  "precheck",
  "structureInitialization",
  "dataInitialization",
  "failedTables",
  "tables",
  "tablesLeftOut",
  "startedAt",
  "finishedAt",
  "estimatedFinishAt",
  "polls",
] as const satisfies readonly (keyof ModificationStatusOutputs)[];
