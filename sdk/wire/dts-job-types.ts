/**
 * The typed model of the DtsJob family's replies (`DescribeDtsJobDetail`, `DescribePreCheckStatus`, `ModifyDtsJob`),
 * written out in plain TypeScript: the public declarations import these, never the zod schemas of
 * `dts-job-schemas.ts` that produce them (`public-schemas.ts` checks at compile time that both agree).
 */
import type { DataSynchronizationStatus, InitializationPhaseStatus, PrecheckStatus } from "../types";

/** One `SubSyncJob[]` entry: the subtask a modification of the objects runs as (JobType `subSync`). */
export interface DtsSubSyncJob {
  dtsJobId: string;
  status: string;
  jobType?: string;
  errorMessage?: string;
  createTime?: string;
  finishTime?: string;
  /** The object list of the subtask, as sent (a JSON string). */
  dbObject?: string;
  precheck: PrecheckStatus;
  structureInitialization: InitializationPhaseStatus;
  dataInitialization: InitializationPhaseStatus;
  dataSynchronization?: DataSynchronizationStatus;
}

/** The parsed reply of `DescribeDtsJobDetail`. */
export interface DtsJobDetail {
  requestId: string;
  /** The job's `Status` as sent: `synchronizing` (lower case), `Modifying`, `PrecheckFailed`, ... */
  status: string;
  dtsJobId?: string;
  dtsInstanceId?: string;
  jobType?: string;
  errorMessage?: string;
  /** The objects the job syncs now: the JSON string of the DbList (may be missing). */
  dbObject?: string;
  /** The subtasks of modifications (the running or latest one, or all with `SyncSubJobHistory`). */
  subSyncJobs: DtsSubSyncJob[];
  /** Top-level phase blocks: not in the official model of this action, read in case a reply has them. */
  precheck?: PrecheckStatus;
  structureInitialization?: InitializationPhaseStatus;
  dataInitialization?: InitializationPhaseStatus;
  dataSynchronization?: DataSynchronizationStatus;
}

/** One `JobProgress[]` item of `DescribePreCheckStatus`: a check item (JobCode 01) or an object (02/03). */
export interface DtsJobProgressItem {
  item?: string;
  names?: string;
  state: string;
  errMsg?: string;
  errDetail?: string;
  repairMethod?: string;
  sourceSchema?: string;
  destSchema?: string;
  targetNames?: string;
  total?: number;
  current?: number;
  canSkip?: boolean;
}

/** One page of `DescribePreCheckStatus`. */
export interface PreCheckStatusPage {
  requestId: string;
  state?: string;
  /** Number of failed items. */
  errorItem?: number;
  total?: number;
  pageNumber?: number;
  pageRecordCount?: number;
  totalRecordCount?: number;
  jobProgress: DtsJobProgressItem[];
}

/** The parsed reply of `ModifyDtsJob`: nothing in it identifies the modification. */
export interface ModifyDtsJobResponse {
  requestId: string;
  dtsJobId?: string;
  status?: string;
}
