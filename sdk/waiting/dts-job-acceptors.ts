/**
 * The second acceptor: one `DescribeDtsJobDetail` reply (DtsJob family) -> success, failure or retry, judged per
 * phase with the same rule as the old API's (`checkModifyStatus` runs on the modification's phases).
 *
 * No document describes how a modification shows in this reply (research note dts-new-api.md §0, §2). What is
 * documented: the job `Status` may read `Modifying`; `SubSyncJob[]` entries (JobType `subSync`, "generated when the
 * objects to be synchronized are modified") carry their own precheck, structure and data blocks; `DbObject` is the
 * job's current list. The rule below is correct for each reading the documents leave open:
 * - the job goes `Modifying` while the change runs, or stays `synchronizing`: the job must read `synchronizing`
 *   (any case) before success, and a running subtask is waited for either way;
 * - the finished subtask stays in the reply, or disappears: a finished one counts, and a vanished one counts once a
 *   modification was seen (`sawModification`);
 * - no subtask at all (for example a pure removal): success after {@link QUIET_POLLS_FOR_DONE} replies in a row show
 *   the job `synchronizing` with the requested list and no subtask.
 * Subtasks that had ended before the wait began (`settledSubJobIds`: an earlier modification's) are never taken
 * for this one.
 */
import { type AcceptorResult, checkModifyStatus, percentLine } from "./sync-job-acceptors";
import type { SynchronizationObjectModifyStatus } from "../types";
import type { DtsJobDetail, DtsSubSyncJob } from "../wire/dts-job-types";
import { sameDbList } from "../wire/dts-job-db-list";
import { currentSubJob } from "../wire/dts-job-sub-jobs";

export { currentSubJob } from "../wire/dts-job-sub-jobs";

/** Replies in a row showing the job idle with the requested list and no subtask before that counts as done. */
export const QUIET_POLLS_FOR_DONE = 3;

/** Job statuses that end the wait as a failure (Terraform's fail set for this job, plus MigrationFailed). */
export const DTS_JOB_FAILED_STATUSES: ReadonlySet<string> = new Set(["PrecheckFailed", "InitializeFailed", "Failed", "MigrationFailed"]);

/** What a reply is judged against, besides the reply itself. */
export interface DtsJobAcceptContext {
  /** SubSyncJob IDs that had ended before this wait began: an earlier modification's, never this one. */
  settledSubJobIds?: readonly string[];
  /** The list this modification sets (JSON text or map): success requires `DbObject` to select the same objects. */
  expectedDbList?: string;
  /** A reply of this wait (or the decision before it) showed the modification: `Modifying` or a subtask of it. */
  sawModification?: boolean;
  /** Replies before this one, in a row, that were {@link isQuiet}. */
  quietPolls?: number;
}

/** `synchronizing` is sent in lower case (official model); `Synchronizing` is read too. */
export function isSynchronizing(status: string): boolean {
  return status.toLowerCase() === "synchronizing";
}

const TERMINAL_SUB = new Set(["Finished", "Failed"]);

/** True when the subtask has ended (its `Status` is `Finished` or `Failed`). */
export function subJobEnded(sub: DtsSubSyncJob): boolean {
  return TERMINAL_SUB.has(sub.status);
}

/** The phases of one reply in the old API's shape: the current subtask's, or the job's own when there is none. */
export function dtsJobView(detail: DtsJobDetail, settled: readonly string[] = []): SynchronizationObjectModifyStatus {
  const sub = currentSubJob(detail, settled);
  const errorMessage = sub?.errorMessage ?? detail.errorMessage;
  const dataSynchronization = sub?.dataSynchronization ?? detail.dataSynchronization;
  return {
    requestId: detail.requestId,
    status: sub ? sub.status : detail.status,
    ...(errorMessage ? { errorMessage } : {}),
    precheck: sub?.precheck ?? detail.precheck ?? { status: "NotStarted", percent: 0, items: [] },
    structureInitialization: sub?.structureInitialization ?? detail.structureInitialization ?? { status: "NotStarted", percent: 0, progress: 0 },
    dataInitialization: sub?.dataInitialization ?? detail.dataInitialization ?? { status: "NotStarted", percent: 0, progress: 0 },
    ...(dataSynchronization ? { dataSynchronization } : {}),
  };
}

/** The job reads `synchronizing`, has no current subtask, and (when one is expected) has the requested list. */
export function isQuiet(detail: DtsJobDetail, context: DtsJobAcceptContext): boolean {
  if (!isSynchronizing(detail.status) || currentSubJob(detail, context.settledSubJobIds) !== undefined) return false;
  return context.expectedDbList === undefined || sameDbList(context.expectedDbList, detail.dbObject);
}

/** True when this reply shows a modification at work: the job `Modifying`, or a current subtask. */
export function showsModification(detail: DtsJobDetail, settled: readonly string[] = []): boolean {
  return detail.status === "Modifying" || currentSubJob(detail, settled) !== undefined;
}

/**
 * Maps one `DescribeDtsJobDetail` reply to `{state, reason}` (see the module comment for the readings):
 * - **failure** when the current subtask fails by the old rule (a precheck item `Failed`, a phase `Failed`, its
 *   status `Failed`/`PrecheckFailed`), or the job reads a failed status;
 * - **success** when the current subtask ended `Finished` (or its three phases are `Finished`), the job reads
 *   `synchronizing`, and its `DbObject` selects the requested list (when given); with no subtask, when the job is
 *   quiet and either a modification was seen or it stayed quiet for {@link QUIET_POLLS_FOR_DONE} replies;
 * - **retry** otherwise (any unknown status included).
 */
export function checkDtsJobDetail(detail: DtsJobDetail, context: DtsJobAcceptContext = {}): AcceptorResult {
  const settled = context.settledSubJobIds ?? [];
  const sub = currentSubJob(detail, settled);
  const listOk = context.expectedDbList === undefined || sameDbList(context.expectedDbList, detail.dbObject);
  const jobLine = `job ${detail.status}`;
  if (sub) {
    const view = dtsJobView(detail, settled);
    const verdict = checkModifyStatus(view);
    if (verdict.state === "failure") return { ...verdict, reason: `subtask ${sub.dtsJobId}: ${verdict.reason}` };
    const subDone = verdict.state === "success" || sub.status === "Finished";
    if (!subDone) return { state: "retry", reason: `${jobLine}, subtask ${sub.dtsJobId} ${sub.status}: ${percentLine(view)}`, failedItems: [] };
    if (DTS_JOB_FAILED_STATUSES.has(detail.status)) return jobFailed(detail);
    if (!isSynchronizing(detail.status))
      return { state: "retry", reason: `subtask ${sub.dtsJobId} Finished; waiting for the job (${jobLine}) to read synchronizing`, failedItems: [] };
    if (!listOk) return { state: "retry", reason: `subtask ${sub.dtsJobId} Finished; the job's DbObject is not the requested list yet`, failedItems: [] };
    return {
      state: "success",
      reason: `subtask ${sub.dtsJobId}: precheck, structure initialization and data initialization Finished; ${jobLine}`,
      failedItems: [],
    };
  }
  if (DTS_JOB_FAILED_STATUSES.has(detail.status)) return jobFailed(detail);
  if (!isSynchronizing(detail.status)) return { state: "retry", reason: `${jobLine}, no subtask shown yet`, failedItems: [] };
  if (!listOk) return { state: "retry", reason: `${jobLine}; its DbObject is not the requested list yet`, failedItems: [] };
  const quiet = (context.quietPolls ?? 0) + 1;
  if (context.sawModification)
    return { state: "success", reason: `the modification ended (no subtask left); ${jobLine} with the requested objects`, failedItems: [] };
  if (quiet >= QUIET_POLLS_FOR_DONE) {
    return { state: "success", reason: `${jobLine} with the requested objects and no subtask for ${quiet} replies in a row`, failedItems: [] };
  }
  return { state: "retry", reason: `${jobLine}, no subtask shown (${quiet}/${QUIET_POLLS_FOR_DONE} quiet replies)`, failedItems: [] };
}

function jobFailed(detail: DtsJobDetail): AcceptorResult {
  const precheck = detail.status === "PrecheckFailed";
  return {
    state: "failure",
    reason: `job ${detail.status}${detail.errorMessage ? `: ${detail.errorMessage}` : ""}`,
    ...(precheck ? { failedPhase: "precheck" as const } : {}),
    failedItems: (detail.precheck?.items ?? []).filter((i) => i.checkStatus === "Failed"),
  };
}
