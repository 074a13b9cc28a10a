/**
 * The outputs document of one modification of a job managed through the DtsJob API, shared by the Pulumi resource
 * `DtsJobModification` (its outputs) and `dts-objects wait|status --dts-job --json`, so a pipeline reads the same
 * fields whichever it ran. The phases and precheck items have the old document's shape (`sync-job-outputs.ts`); what differs
 * is what the DtsJob API has: no TaskId but the `SubSyncJob` that carries the change (`subJobId`), the job's own
 * status beside it, and failed objects from `DescribePreCheckStatus` instead of an initialization table report.
 * Pure.
 */
import type { FailedObjectOutput, SynchronizationObjectModifyStatus } from "../types";

export type { FailedObjectOutput } from "../types";
import type { DtsJobProgressItem } from "../wire/dts-job-types";
import type { DtsJobWaiterResult } from "../waiting/waiter-types";
import { buildStatusOutputs, type PhaseOutput, type PrecheckOutput } from "./sync-job-outputs";

/** What one wait (or one read) reports about a DtsJob modification. */
export interface DtsJobStatusOutputs {
  /**
   * The `SubSyncJob` judged as this modification's (its `DtsJobId`), when a reply showed one. Absent when none was
   * seen (the reading where a finished subtask leaves the reply, or a change without one).
   */
  subJobId?: string;
  /** The job's `Status` in the last reply (`synchronizing`, `Modifying`, ...; `Unknown` when none was read). */
  jobStatus: string;
  /** The subtask's `Status`, or the job's when no subtask is shown. */
  status: string;
  precheck: PrecheckOutput;
  structureInitialization: PhaseOutput;
  dataInitialization: PhaseOutput;
  /** Failed check items or objects from `DescribePreCheckStatus` (every page, bounded: docs/bounds.md): the failed phase's after a failure, structure and data initialization's (02/03) after a success or a change found in place. */
  failedObjects: FailedObjectOutput[];
  /**
   * Why `failedObjects` could not be read, when it could not. After a change that succeeded it starts with
   * `failed objects not checked:` and says the fix (e.g. the RAM action `dts:DescribePreCheckStatus`): nothing is
   * claimed about failed objects then (`dts-objects` exits 6; a resource fails under `failOn.failedObjects`).
   */
  failedObjectsLeftOut?: string;
  /** One line for a person (e.g. what was decided, or that the phases are the job's, not a subtask's). */
  note?: string;
  /** ISO 8601: when this resource (or command) first waited for the change. Kept across resumes. */
  startedAt: string;
  /** ISO 8601: when the wait saw the change succeed or fail; absent while unfinished. */
  finishedAt?: string;
  /** ISO 8601: estimated finish as of the last reply of a wait that ended unfinished; absent when finished or unknown. */
  estimatedFinishAt?: string;
  /** `DescribeDtsJobDetail` calls made for this change, over every create, update and refresh. */
  polls: number;
}

/** The keys of {@link DtsJobStatusOutputs}, in document order (resource output seeding, resumes). */
export const DTS_JOB_STATUS_OUTPUT_KEYS = [
  "subJobId",
  "jobStatus",
  "status",
  "precheck",
  "structureInitialization",
  "dataInitialization",
  "failedObjects",
  "failedObjectsLeftOut",
  "note",
  "startedAt",
  "finishedAt",
  "estimatedFinishAt",
  "polls",
] as const satisfies readonly (keyof DtsJobStatusOutputs)[];

/** Input of {@link buildDtsJobStatusOutputs}: the pieces of a `DtsJobWaiterResult` (or of one read). */
export interface DtsJobStatusOutputsInput {
  /** The job's status in the last reply. */
  jobStatus?: string;
  /** The phases of the last reply, as `dtsJobView` gives them. */
  view?: SynchronizationObjectModifyStatus;
  subJobId?: string;
  /**
   * A reply (or the decision before the wait) showed the modification at work (`DtsJobWaiterResult.sawModification`).
   * Words the note set when no subtask was judged. @default false
   */
  sawModification?: boolean;
  failedObjects?: readonly DtsJobProgressItem[];
  failedObjectsError?: string;
  /**
   * The change succeeded but its failed objects could not be read (`DtsJobWaiterResult.failedObjectsNotChecked`):
   * `failedObjectsLeftOut` is this reason (`failed objects not checked: ... Fix: ...`) and `failedObjects` empty.
   */
  failedObjectsNotChecked?: string;
  /** The judged subtask left the reply (`DtsJobWaiterResult.subJobLeft`): the phases are its last ones. */
  subJobLeft?: boolean;
  /** Overrides the note {@link noSubJobNote} (or {@link subJobLeftNote}) sets. */
  note?: string;
  startedAt: Date | number;
  finishedAt?: Date | number;
  estimatedFinishAt?: Date | number;
  polls: number;
}

/** One `JobProgress[]` item of `DescribePreCheckStatus` as an output (the DtsJob change and initialization documents). */
export function failedObject(p: DtsJobProgressItem): FailedObjectOutput {
  return {
    ...(p.item ? { item: p.item } : {}),
    ...(p.names ? { names: p.names } : {}),
    state: p.state,
    ...(p.errMsg ? { errorMessage: p.errMsg } : {}),
    ...(p.repairMethod ? { repairMethod: p.repairMethod } : {}),
    ...(p.sourceSchema ? { sourceSchema: p.sourceSchema } : {}),
    ...(p.destSchema ? { destSchema: p.destSchema } : {}),
  };
}

/**
 * The note of a document whose phases are not a subtask's: a reply was read, but no subtask was judged (none was
 * shown, or only ones that had ended before the wait). The phases are then the job's own, and the official model of
 * `DescribeDtsJobDetail` has no job-level phase blocks (research note dts-new-api.md §2), so they read `NotStarted`
 * unless the reply had them: without this note a finished change would look as if nothing had run.
 */
export function noSubJobNote(sawModification: boolean): string {
  const why = sawModification
    ? "no subtask of the modification is shown (it left the reply, or never showed one)"
    : "no modification was seen running and no subtask is shown";
  return `${why}: the phases are the job's own, not a modification's (DescribeDtsJobDetail documents none at the job level: NotStarted unless the reply has them)`;
}

/** The note of a document whose subtask left the reply before the end (the reading where a finished one does). */
export function subJobLeftNote(subJobId: string): string {
  return `subtask ${subJobId} left the reply before its phases read Finished (a finished subtask leaves it, one reading the documents leave open): the phases are as its last reply showed them, and its leaving was taken as the end of the change`;
}

/** The DtsJob outputs document. Pure. */
export function buildDtsJobStatusOutputs(input: DtsJobStatusOutputsInput): DtsJobStatusOutputs {
  // The phases and the time fields follow the old document's rules (one place: sync-job-outputs.ts).
  const base = buildStatusOutputs({
    ...(input.view ? { status: input.view } : {}),
    startedAt: input.startedAt,
    ...(input.finishedAt !== undefined ? { finishedAt: input.finishedAt } : {}),
    ...(input.estimatedFinishAt !== undefined ? { estimatedFinishAt: input.estimatedFinishAt } : {}),
    polls: input.polls,
  });
  const note =
    input.note ??
    (input.view && !input.subJobId
      ? noSubJobNote(input.sawModification === true)
      : input.subJobLeft && input.subJobId
        ? subJobLeftNote(input.subJobId)
        : undefined);
  return {
    ...(input.subJobId ? { subJobId: input.subJobId } : {}),
    jobStatus: input.jobStatus ?? "Unknown",
    status: base.status,
    precheck: base.precheck,
    structureInitialization: base.structureInitialization,
    dataInitialization: base.dataInitialization,
    failedObjects: input.failedObjectsNotChecked ? [] : (input.failedObjects ?? []).map(failedObject),
    ...(input.failedObjectsNotChecked
      ? { failedObjectsLeftOut: input.failedObjectsNotChecked }
      : input.failedObjectsError
        ? { failedObjectsLeftOut: `the failed objects could not be read: ${input.failedObjectsError}` }
        : {}),
    ...(note ? { note } : {}),
    startedAt: base.startedAt,
    ...(base.finishedAt ? { finishedAt: base.finishedAt } : {}),
    ...(base.estimatedFinishAt ? { estimatedFinishAt: base.estimatedFinishAt } : {}),
    polls: base.polls,
  };
}

/**
 * The document of a DtsJob wait's result (`waitForDtsJobModification`): one mapping for the resource and
 * `dts-objects wait --dts-job`; the caller gives the times (when the change started, ended or is estimated to end)
 * and the poll count it keeps.
 */
export function dtsJobWaitOutputs(
  result: DtsJobWaiterResult,
  times: { startedAt: Date | number; finishedAt?: Date | number; estimatedFinishAt?: Date | number; polls: number },
): DtsJobStatusOutputs {
  return buildDtsJobStatusOutputs({
    ...(result.dtsJob ? { jobStatus: result.dtsJob.status } : {}),
    ...(result.final ? { view: result.final } : {}),
    ...(result.subJobId ? { subJobId: result.subJobId } : {}),
    sawModification: result.sawModification,
    ...(result.subJobLeft ? { subJobLeft: true } : {}),
    failedObjects: result.failedObjects,
    ...(result.failedObjectsError ? { failedObjectsError: result.failedObjectsError } : {}),
    ...(result.failedObjectsNotChecked ? { failedObjectsNotChecked: result.failedObjectsNotChecked } : {}),
    ...times,
  });
}
