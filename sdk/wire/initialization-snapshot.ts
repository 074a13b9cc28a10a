/**
 * One reply about a job's first synchronization, in one shape for both families, so one pure acceptor
 * (`initialization-acceptors.ts`) judges both:
 * - **sync-job**: `DescribeSynchronizationJobStatus` (phase blocks, `DataSynchronizationStatus`, `Delay` seconds /
 *   `DelayMillis` milliseconds, the `StructureInitialization` / `DataInitialization` switches as "true"/"false");
 * - **dts-job**: one `DtsJobList[]` item of `DescribeDtsJobs` (`JobType=SYNC`): the job's own precheck, structure,
 *   data and incremental blocks, `MigrationMode{StructureInitialization, DataInitialization, DataSynchronization}`,
 *   `Delay` (seconds per this action's model), `RetryState`.
 * Field meanings: research note dts-initial-sync.md §1-§4. Nothing here is invented: a field that was not sent
 * stays `undefined` (a missing delay is unknown, never 0).
 */
import type { InitializationPhaseStatus, PrecheckStatus, SynchronizationJobStatus } from "../types";
import type { DtsJobListItem, DtsJobRetryState } from "./dts-job-list-types";

/** The two API families. */
export type InitializationFamily = "sync-job" | "dts-job";

/** Which phases the job runs (`undefined`: not said; such a phase is waited for). */
export interface InitializationPhaseSwitches {
  structureInitialization?: boolean;
  dataInitialization?: boolean;
  /** Incremental synchronization: only the DtsJob family says (`MigrationMode.DataSynchronization`). */
  dataSynchronization?: boolean;
}

/** One reply about a job's first synchronization. */
export interface InitializationSnapshot {
  family: InitializationFamily;
  jobId: string;
  requestId: string;
  /** The job `Status` as sent (compare with {@link normalizeJobStatus}). */
  status: string;
  errorMessage?: string;
  precheck: PrecheckStatus & { errorMessage?: string };
  structureInitialization: InitializationPhaseStatus;
  dataInitialization: InitializationPhaseStatus;
  /** The incremental phase's block, when sent. */
  incremental?: { status: string; percent: number; errorMessage?: string };
  /** Incremental delay in seconds from the documented field (see the converters); absent when not sent. */
  delaySeconds?: number;
  phases: InitializationPhaseSwitches;
  retryState?: DtsJobRetryState;
  /** DTS's advice for an error (`MigrationErrWorkaround`), when sent. */
  workaround?: string;
}

/**
 * A job status compared by meaning: lower case (the DtsJob API spells `synchronizing` in lower case and the rest
 * capitalised; the sync-job page uses lower camel case), and the sync-job page's `initializating` (sic) read as
 * `initializing`.
 */
export function normalizeJobStatus(status: string): string {
  const s = status.trim().toLowerCase();
  return s === "initializating" ? "initializing" : s;
}

/**
 * A `DescribeSynchronizationJobStatus` reply -> snapshot. The delay: `DataSynchronizationStatus.DelayMillis`, else
 * the top-level `DelayMillis` (milliseconds, documented), else `Delay` (seconds, documented); the millisecond
 * fields first because they are finer.
 */
export function syncJobSnapshot(jobId: string, job: SynchronizationJobStatus): InitializationSnapshot {
  const inc = job.dataSynchronization;
  const millis = inc?.delayMillis ?? job.delayMillis;
  const seconds = millis !== undefined ? millis / 1000 : (inc?.delaySeconds ?? job.delaySeconds);
  const phases: InitializationPhaseSwitches = {};
  if (job.structureInitializationEnabled !== undefined) phases.structureInitialization = job.structureInitializationEnabled;
  if (job.dataInitializationEnabled !== undefined) phases.dataInitialization = job.dataInitializationEnabled;
  return {
    family: "sync-job",
    jobId,
    requestId: job.requestId,
    status: job.rawStatus,
    ...(job.errorMessage ? { errorMessage: job.errorMessage } : {}),
    precheck: job.precheck,
    structureInitialization: job.structureInitialization,
    dataInitialization: job.dataInitialization,
    ...(inc ? { incremental: { status: inc.status, percent: inc.percent, ...(inc.errorMessage ? { errorMessage: inc.errorMessage } : {}) } } : {}),
    ...(seconds !== undefined ? { delaySeconds: seconds } : {}),
    phases,
  };
}

/** A `DescribeDtsJobs` item -> snapshot (`Delay` is seconds in this action's model; see dts-job-list-schemas.ts). */
export function dtsJobSnapshot(item: DtsJobListItem, requestId: string): InitializationSnapshot {
  const message = item.errorMessage ?? item.migrationErrMsg;
  return {
    family: "dts-job",
    jobId: item.dtsJobId,
    requestId,
    status: item.status,
    ...(message ? { errorMessage: message } : {}),
    precheck: item.precheck,
    structureInitialization: item.structureInitialization,
    dataInitialization: item.dataInitialization,
    ...(item.dataSynchronization ? { incremental: item.dataSynchronization } : {}),
    ...(item.delaySeconds !== undefined ? { delaySeconds: item.delaySeconds } : {}),
    phases: { ...item.migrationMode },
    ...(item.retryState ? { retryState: item.retryState } : {}),
    ...(item.migrationErrWorkaround ? { workaround: item.migrationErrWorkaround } : {}),
  };
}
