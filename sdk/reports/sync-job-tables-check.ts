/**
 * The table part of a verdict, one rule for the CLI and the resources: a result is never claimed that was not
 * checked. After a wait, the job's table report (`DescribeInitializationStatus`) is either
 * - read and this task's: its failed tables count;
 * - read but another modification's: left out, saying why (not an error: nothing of this task's is hidden);
 * - not read (access denied, a timeout, a stop, a refused reply), or its owner could not be told: **not checked**.
 *   Then `tablesLeftOut` says why and what to fix, `failedTables` is empty and `unchecked` is true: the CLI exits
 *   with its own code (6) and a resource with `failOn.failedTables` (the default) fails, keeping the TaskId.
 */
import { tablesNotCheckedReason } from "../errors/tables-not-checked";
import { tablesOwnership } from "../job/sync-job-view";
import { failedTablesFromReport } from "../wire/sync-job-failed-tables";
import type { FailedTable, InitializationReport, SynchronizationJobStatus, SynchronizationObjectModifyStatus } from "../types";
import type { CallOptions } from "../client/options";
import type { WaiterResult } from "../waiting/waiter-types";

export { TABLES_NOT_CHECKED, tablesNotCheckedReason } from "../errors/tables-not-checked";

/** The outcome of {@link checkTables}. */
export interface TablesCheck {
  /** The task's failed tables (empty when left out or not checked). */
  failedTables: FailedTable[];
  /** Why the tables are not reported, when they are not: the reason and, when not checked, the fix. One line. */
  tablesLeftOut?: string;
  /** True when the report could not be read or attributed: nothing may be claimed about the tables. */
  unchecked: boolean;
}

/** The part of the client {@link checkTables} uses. */
export interface TablesCheckClient {
  describeSynchronizationJobStatus(input: { synchronizationJobId: string; regionId?: string }, callOptions?: CallOptions): Promise<SynchronizationJobStatus>;
}

/**
 * The table verdict of a wait that was given the job (`synchronizationJobId`): whether its report was read, and
 * whether it is `taskId`'s (one more `DescribeSynchronizationJobStatus`, under the same `callOptions` bound).
 * Without a job or a status the tables were never asked for: nothing is claimed and nothing is unchecked.
 */
export async function checkTables(
  client: TablesCheckClient,
  result: Pick<WaiterResult, "final" | "report" | "failedTables" | "tablesNotChecked">,
  input: { taskId: string; synchronizationJobId?: string; regionId?: string },
  callOptions: CallOptions = {},
): Promise<TablesCheck> {
  const jobId = input.synchronizationJobId;
  if (!jobId || !result.final) return { failedTables: result.failedTables, unchecked: false };
  if (result.tablesNotChecked) return { failedTables: [], tablesLeftOut: result.tablesNotChecked, unchecked: true };
  if (!result.report && result.failedTables.length === 0) return { failedTables: [], unchecked: false };
  return attributeTables(
    client,
    { taskId: input.taskId, final: result.final, synchronizationJobId: jobId, ...(input.regionId ? { regionId: input.regionId } : {}) },
    result.failedTables,
    callOptions,
  );
}

/** Whose the job's tables are: kept when `taskId`'s, left out when another modification's, unchecked when unknown. */
async function attributeTables(
  client: TablesCheckClient,
  input: { taskId: string; final: SynchronizationObjectModifyStatus; synchronizationJobId: string; regionId?: string },
  failedTables: FailedTable[],
  callOptions: CallOptions,
): Promise<TablesCheck> {
  let job: SynchronizationJobStatus;
  try {
    job = await client.describeSynchronizationJobStatus(
      { synchronizationJobId: input.synchronizationJobId, ...(input.regionId ? { regionId: input.regionId } : {}) },
      callOptions,
    );
  } catch (error) {
    return { failedTables: [], tablesLeftOut: tablesNotCheckedReason(error, "DescribeSynchronizationJobStatus", input.synchronizationJobId), unchecked: true };
  }
  const own = tablesOwnership(input.taskId, input.final, job);
  return own.own ? { failedTables, unchecked: false } : { failedTables: [], tablesLeftOut: own.reason, unchecked: false };
}

/** The outcome of {@link checkJobTables}: {@link TablesCheck} with the report when it was read. */
export interface JobTablesCheck extends TablesCheck {
  /** Every page of the job's report; absent when it could not be read (then `unchecked`). */
  report?: InitializationReport;
}

/** The part of the client {@link checkJobTables} uses. */
export interface JobTablesCheckClient {
  listInitializationDetails(synchronizationJobId: string, options?: { regionId?: string } & CallOptions): Promise<InitializationReport>;
}

/**
 * The table verdict of a change that started no task (the job already held the objects): the job's report is its
 * latest modification's, so its tables stand for the change. Read under `callOptions`; a report that could not be
 * read is **not checked** (`tablesLeftOut` with the reason and the fix, `unchecked`), the same rule and message as
 * {@link checkTables}, so `dts-objects modify` exits 6 and a resource fails under `failOn.failedTables`.
 */
export async function checkJobTables(
  client: JobTablesCheckClient,
  input: { synchronizationJobId: string; regionId?: string },
  callOptions: CallOptions = {},
): Promise<JobTablesCheck> {
  let report: InitializationReport;
  try {
    report = await client.listInitializationDetails(input.synchronizationJobId, { ...(input.regionId ? { regionId: input.regionId } : {}), ...callOptions });
  } catch (error) {
    return { failedTables: [], tablesLeftOut: tablesNotCheckedReason(error, "DescribeInitializationStatus", input.synchronizationJobId), unchecked: true };
  }
  return { report, failedTables: failedTablesFromReport(report), unchecked: false };
}
