/**
 * The document of a job's first synchronization (both families): what `dts-objects wait|status --initialization`
 * prints with `--json`, what its GitHub step summary is made from, and what the initialization resources are meant
 * to output. One mapping from a wait's result (or one look) to it; the phases and time fields follow the modification
 * document's rules (`outputs.ts`, one place).
 */
import type { FailedTable, InitializationReport } from "../types";
import type { InitializationFamily, InitializationSnapshot } from "../wire/initialization-snapshot";
import type { DtsJobProgressItem } from "../wire/dts-job-types";
import type { InitializationStage } from "../waiting/initialization-acceptors";
import { initializationView, type InitializationWaiterResult } from "../waiting/initialization-target";
import { failedObject } from "./dts-job-outputs";
import { buildStatusOutputs, countTables, type PhaseOutput, type PrecheckOutput, type TablesOutput } from "./sync-job-outputs";
import type { FailedObjectOutput } from "../types";

/** The caught-up gate in the document. */
export interface CaughtUpOutput {
  /** The bound, seconds. */
  maxDelaySeconds: number;
  /** Replies in a row asked for. */
  polls: number;
  /** Replies in a row within the bound when the wait ended. */
  caughtUpPolls: number;
  /** The gate was reached. */
  reached: boolean;
}

/**
 * Each family's list of what failed in the document (`failedTables`, `failedObjects`; the resources' `failOn` option
 * is named after it) and what one entry is, in messages (plural with an `s`).
 */
export const FAILED_LIST: Readonly<Record<InitializationFamily, { key: "failedTables" | "failedObjects"; noun: string }>> = {
  "sync-job": { key: "failedTables", noun: "table" },
  "dts-job": { key: "failedObjects", noun: "object" },
};

/** The document of a job's first synchronization. */
export interface InitializationOutputs {
  family: InitializationFamily;
  /** sync-job family: the job waited for. */
  synchronizationJobId?: string;
  /** dts-job family: the job waited for. */
  dtsJobId?: string;
  /** The job `Status` as sent (`Unknown` before any reply). */
  jobStatus: string;
  /** Where the job stood at the last reply (`unknown` before any). */
  stage: InitializationStage | "unknown";
  /** Every phase the job runs read Finished with the job in its steady state, in a reply of this wait or look. */
  initialized: boolean;
  precheck: PrecheckOutput;
  /** A phase the job's migration mode turns off reads `Skipped` (this package's word, not a DTS value). */
  structureInitialization: PhaseOutput;
  dataInitialization: PhaseOutput;
  /** The incremental phase's status as sent, when the reply had its block. */
  incrementalStatus?: string;
  /** Incremental delay of the last reply, seconds; absent when unknown (never 0 for unknown). */
  delaySeconds?: number;
  caughtUp?: CaughtUpOutput;
  /** sync-job: tables that failed (all pages of DescribeInitializationStatus). */
  failedTables: FailedTable[];
  tables?: TablesOutput;
  /** dts-job: DescribePreCheckStatus items whose State is Failed. */
  failedObjects: FailedObjectOutput[];
  /** Why failed tables or objects could not be read, when they could not. */
  failedLeftOut?: string;
  /** One line: why the wait or look ended as it did. */
  reason?: string;
  startedAt: string;
  finishedAt?: string;
  estimatedFinishAt?: string;
  polls: number;
}

/** What {@link buildInitializationOutputs} maps. */
export interface InitializationOutputsInput {
  family: InitializationFamily;
  jobId: string;
  snapshot?: InitializationSnapshot;
  stage?: InitializationStage;
  initialized: boolean;
  caughtUp?: CaughtUpOutput;
  failedTables?: FailedTable[];
  report?: InitializationReport;
  failedObjects?: readonly DtsJobProgressItem[];
  failedLeftOut?: string;
  reason?: string;
  startedAt: Date | number;
  finishedAt?: Date | number;
  estimatedFinishAt?: Date | number;
  polls: number;
}

/** The document. Pure. */
export function buildInitializationOutputs(input: InitializationOutputsInput): InitializationOutputs {
  const s = input.snapshot;
  const base = buildStatusOutputs({
    ...(s ? { status: initializationView(s) } : {}),
    failedTables: input.failedTables ?? [],
    ...(input.report ? { report: input.report } : {}),
    startedAt: input.startedAt,
    ...(input.finishedAt !== undefined ? { finishedAt: input.finishedAt } : {}),
    ...(input.estimatedFinishAt !== undefined ? { estimatedFinishAt: input.estimatedFinishAt } : {}),
    polls: input.polls,
  });
  return {
    family: input.family,
    ...(input.family === "sync-job" ? { synchronizationJobId: input.jobId } : { dtsJobId: input.jobId }),
    jobStatus: s?.status ?? "Unknown",
    stage: input.stage ?? "unknown",
    initialized: input.initialized,
    precheck: base.precheck,
    structureInitialization: base.structureInitialization,
    dataInitialization: base.dataInitialization,
    ...(s?.incremental ? { incrementalStatus: s.incremental.status } : {}),
    ...(s?.delaySeconds !== undefined ? { delaySeconds: s.delaySeconds } : {}),
    ...(input.caughtUp ? { caughtUp: input.caughtUp } : {}),
    failedTables: base.failedTables,
    ...(input.report ? { tables: countTables(input.report, base.failedTables) } : {}),
    failedObjects: (input.failedObjects ?? []).map(failedObject),
    ...(input.failedLeftOut ? { failedLeftOut: input.failedLeftOut } : {}),
    ...(input.reason ? { reason: input.reason } : {}),
    startedAt: base.startedAt,
    ...(base.finishedAt ? { finishedAt: base.finishedAt } : {}),
    ...(base.estimatedFinishAt ? { estimatedFinishAt: base.estimatedFinishAt } : {}),
    polls: base.polls,
  };
}

/** The document of a finished initialization wait. */
export function initializationWaitOutputs(
  result: InitializationWaiterResult,
  times: { startedAt: Date | number; finishedAt?: Date | number; estimatedFinishAt?: Date | number; polls: number },
): InitializationOutputs {
  // After a success, an unread report is "not checked" with its fix (tables-not-checked.ts); else what failed.
  const notChecked = result.state === "success" ? (result.tablesNotChecked ?? result.failedObjectsNotChecked) : undefined;
  const leftOut = result.reportError ?? result.failedObjectsError;
  return buildInitializationOutputs({
    family: result.family,
    jobId: result.jobId,
    ...(result.snapshot ? { snapshot: result.snapshot } : {}),
    ...(result.stage ? { stage: result.stage } : {}),
    initialized: result.initialized,
    ...(result.caughtUp ? { caughtUp: result.caughtUp } : {}),
    failedTables: result.failedTables,
    ...(result.report ? { report: result.report } : {}),
    failedObjects: result.failedObjects,
    ...(notChecked
      ? { failedLeftOut: notChecked }
      : leftOut
        ? { failedLeftOut: `the failed ${FAILED_LIST[result.family].noun}s could not be read: ${leftOut}` }
        : {}),
    reason: result.reason,
    ...times,
  });
}
