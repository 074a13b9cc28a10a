/**
 * The parsed reply of `DescribeDtsJobs` in plain TypeScript: the public declarations import these, never the zod
 * schemas of `dts-job-list-schemas.ts` that produce them (`public-schemas.ts` checks at compile time that both agree).
 * `delaySeconds` is read as seconds: see `dts-job-list-schemas.ts` for why.
 */
import type { InitializationPhaseStatus, PrecheckStatus } from "../types";

/** `MigrationMode`: which phases the job runs. A missing flag is `undefined` (not known), never `false`. */
export interface DtsJobMigrationMode {
  structureInitialization?: boolean;
  dataInitialization?: boolean;
  dataSynchronization?: boolean;
}

/** `RetryState`: DTS retrying a module after an error (seconds). */
export interface DtsJobRetryState {
  retrying?: boolean;
  retryCount?: number;
  retryTime?: number;
  maxRetryTime?: number;
  module?: string;
  errMessage?: string;
}

/** The incremental block: `DataSynchronizationStatus{Status, Percent, Progress, ErrorMessage}` (Status adds `Catched`). */
export interface DtsJobIncrementalStatus {
  status: string;
  percent: number;
  errorMessage?: string;
}

/** One `DtsJobList[]` item of `DescribeDtsJobs`, parsed. */
export interface DtsJobListItem {
  dtsJobId: string;
  dtsInstanceId?: string;
  jobType?: string;
  /** `Status` as sent (`synchronizing`, `Synchronizing`, `PrecheckFailed`, ...). */
  status: string;
  errorMessage?: string;
  /** Incremental delay, seconds (see the module comment); `undefined` when not sent. */
  delaySeconds?: number;
  precheck: PrecheckStatus & { errorMessage?: string };
  structureInitialization: InitializationPhaseStatus;
  dataInitialization: InitializationPhaseStatus;
  dataSynchronization?: DtsJobIncrementalStatus;
  migrationMode: DtsJobMigrationMode;
  retryState?: DtsJobRetryState;
  /** `MigrationErrMsg` / `MigrationErrWorkaround`: DTS's own diagnosis and advice, when sent. */
  migrationErrMsg?: string;
  migrationErrWorkaround?: string;
}

/** One page of `DescribeDtsJobs`. */
export interface DtsJobListPage {
  requestId: string;
  totalRecordCount?: number;
  pageNumber?: number;
  pageRecordCount?: number;
  jobs: DtsJobListItem[];
}
