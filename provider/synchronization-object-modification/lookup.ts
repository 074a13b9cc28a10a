/**
 * Plain async look-ups for programs that only want to look at a task or a job (no resource, no waiting). They run
 * in the program's own process, with the SDK's credential chain unless credentials are passed.
 */
import { checkModifyStatus, type ModifyPhase } from "../../sdk/waiting/sync-job-acceptors";
import { DtsClient } from "../../sdk/client/client";
import type { DtsCredentials } from "../../sdk/client/credentials";
import { failedTablesFromReport } from "../../sdk/wire/sync-job-failed-tables";
import type { FailedTable, InitializationReport } from "../../sdk/types";
import { buildStatusOutputs, countTables } from "../../sdk/reports/sync-job-outputs";
import type { PhaseOutput, PrecheckOutput, TablesOutput } from "./types";

/** Where and as whom to look. */
export interface LookupConnectionArgs {
  /** @default "cn-hangzhou" */
  regionId?: string;
  /** Service URL (e.g. the emulator). @default "https://dts.aliyuncs.com" */
  endpoint?: string;
  /** Else `ALIBABA_CLOUD_ACCESS_KEY_ID`/`ALIBABA_CLOUD_ACCESS_KEY_SECRET`, else the Alibaba Cloud credentials chain. */
  credentials?: DtsCredentials;
}

/** Arguments of {@link getSynchronizationObjectModifyStatus}. */
export interface GetSynchronizationObjectModifyStatusArgs extends LookupConnectionArgs {
  /** The modification task, e.g. a resource's `taskId` output. */
  taskId: string;
}

/** The state of a modification task, in the resource outputs' shape, with a verdict. */
export interface SynchronizationObjectModifyStatusResult {
  taskId: string;
  /** The task's overall `Status`. */
  status: string;
  precheck: PrecheckOutput;
  structureInitialization: PhaseOutput;
  dataInitialization: PhaseOutput;
  /** `success` when every phase finished, `failure` when a check item or phase failed, `running` otherwise. */
  state: "success" | "failure" | "running";
  /** One line saying why. */
  reason: string;
  /** The phase that failed, if any. */
  failedPhase?: ModifyPhase;
}

/**
 * One `DescribeSynchronizationObjectModifyStatus` call, shaped like the resource outputs.
 *
 * @example
 * ```ts
 * import { getSynchronizationObjectModifyStatus } from "pulumi-dts-objects";
 * const s = await getSynchronizationObjectModifyStatus({ taskId: "k71r16fj13g****", regionId: "cn-hangzhou" });
 * if (s.state === "failure") console.log(s.reason, s.precheck.failedItems);
 * ```
 */
export async function getSynchronizationObjectModifyStatus(args: GetSynchronizationObjectModifyStatusArgs): Promise<SynchronizationObjectModifyStatusResult> {
  const client = new DtsClient({ regionId: args.regionId, endpoint: args.endpoint, ...(args.credentials ? { credentials: args.credentials } : {}) });
  const status = await client.describeSynchronizationObjectModifyStatus({ taskId: args.taskId });
  const verdict = checkModifyStatus(status);
  const outputs = buildStatusOutputs({ taskId: args.taskId, status, startedAt: Date.now(), polls: 1 });
  return {
    taskId: args.taskId,
    status: outputs.status,
    precheck: outputs.precheck,
    structureInitialization: outputs.structureInitialization,
    dataInitialization: outputs.dataInitialization,
    state: verdict.state === "retry" ? "running" : verdict.state,
    reason: verdict.reason,
    ...(verdict.failedPhase ? { failedPhase: verdict.failedPhase } : {}),
  };
}

/** Arguments of {@link getInitializationReport}. */
export interface GetInitializationReportArgs extends LookupConnectionArgs {
  /** The synchronization job. */
  synchronizationJobId: string;
  /** Rows per `DescribeInitializationStatus` page, 1..100. @default 100 */
  pageSize?: number;
}

/** Every table of a job's initialization, with the failed ones flattened. */
export interface InitializationReportResult {
  /** All pages of `DescribeInitializationStatus`, merged. */
  report: InitializationReport;
  /** Tables that failed structure or data initialization. */
  failedTables: FailedTable[];
  /** Table counts. */
  tables: TablesOutput;
}

/**
 * Every page of `DescribeInitializationStatus` for a job, with its failed tables and table counts.
 *
 * @example
 * ```ts
 * import { getInitializationReport } from "pulumi-dts-objects";
 * const { failedTables, tables } = await getInitializationReport({ synchronizationJobId: "dtsi76118o3w92****" });
 * console.log(`${tables.failed}/${tables.total} failed`, failedTables.map((t) => t.table));
 * ```
 */
export async function getInitializationReport(args: GetInitializationReportArgs): Promise<InitializationReportResult> {
  const client = new DtsClient({ regionId: args.regionId, endpoint: args.endpoint, ...(args.credentials ? { credentials: args.credentials } : {}) });
  const report = await client.listInitializationDetails(args.synchronizationJobId, args.pageSize !== undefined ? { pageSize: args.pageSize } : {});
  const failedTables = failedTablesFromReport(report);
  return { report, failedTables, tables: countTables(report, failedTables) };
}
