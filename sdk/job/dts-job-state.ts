/**
 * Deciding before writing, for jobs managed through the DtsJob API: `ensureModification`'s rule with
 * `DescribeDtsJobDetail` and `ModifyDtsJob`. {@link ensureDtsJobModification} reads the job (with
 * `SyncSubJobHistory=true`: every subtask, to know which ones are an earlier modification's) and decides:
 *
 * 1. the job is `Modifying`, or a `SubSyncJob` has not ended: a modification runs (someone else's, or one an
 *    earlier attempt started): no write; read again until it ends (within the deadline). With `waitOnly` it returns
 *    at once, so the caller waits for that modification with the waiter (phases, progress); when none runs, the
 *    job's latest subtask is the one to report (the subtasks before it are settled);
 * 2. the job's `DbObject` already selects the requested `dbList` (canonical compare: the API replaces the whole list,
 *    so equal lists mean the change is in place): no write;
 * 3. otherwise one `ModifyDtsJob`. An ambiguous failure (timeout, reset, 5xx) goes back to step 1, never to a blind
 *    retry: a modification seen since (the job `Modifying`, a subtask that was not there before the call, or the
 *    `DbObject` now the requested list) is taken as that call's and waited for. `OperationDenied.JobStatusModifying`
 *    means someone else's change runs: back to step 1 as well. Only when `ambiguousSettleReads` further reads all
 *    show nothing changed is the write taken as not run and sent again (at most `maxAmbiguousAttempts` in all).
 *
 * A job state that cannot be read is an error (`DtsJobStateError`), and no write follows.
 */
import { DtsJobStateError } from "./sync-job-state";
import { decideThenWrite, type DecisionFamily, type DecisionLoopEvent, type DecisionLoopOptions } from "./decide-then-write";
import type { SynchronizationDirection } from "../types";
import { canonicalDbList, dbListText, sameDbList, type DtsDbList } from "../wire/dts-job-db-list";
import { currentSubJob } from "../wire/dts-job-sub-jobs";
import type { DtsJobDetail } from "../wire/dts-job-types";

/** The calls {@link ensureDtsJobModification} makes (a `DtsClient`, or a fake in tests). */
export interface EnsureDtsJobClient {
  describeDtsJobDetail(input: {
    dtsJobId: string;
    dtsInstanceId?: string;
    syncSubJobHistory?: boolean;
    synchronizationDirection?: SynchronizationDirection;
    regionId?: string;
  }): Promise<DtsJobDetail>;
  modifyDtsJob(input: {
    dtsInstanceId: string;
    dtsJobId?: string;
    dbList: DtsDbList | string;
    synchronizationDirection?: SynchronizationDirection;
    regionId?: string;
    clientToken?: string;
  }): Promise<{ requestId: string; clientToken: string }>;
}

/** Options of {@link ensureDtsJobModification}. */
export interface EnsureDtsJobOptions extends DecisionLoopOptions {
  dtsJobId: string;
  /** Needed for a write; read from the job (`DtsInstanceID`) when omitted. */
  dtsInstanceId?: string;
  /** The complete list after the change; omitted with `waitOnly`. */
  dbList?: DtsDbList | string;
  /** Write nothing: report the modification that runs (someone else's), for the caller to wait for. */
  waitOnly?: boolean;
  synchronizationDirection?: SynchronizationDirection;
  regionId?: string;
  clientToken?: string;
  /**
   * Subtask IDs known before an earlier attempt's write (saved with a partial state): a subtask not among them is
   * taken as that write's, never written again.
   */
  baselineSubJobIds?: readonly string[];
  /**
   * Reads (`minDelaySeconds` apart) after an ambiguous write, or on a resume with a baseline, that must all show
   * nothing changed before the write is taken as not run and sent again. @default 3
   */
  ambiguousSettleReads?: number;
  onEvent?: (event: EnsureDtsJobEvent) => void;
}

/** What {@link ensureDtsJobModification} reports as it goes. */
export type EnsureDtsJobEvent = DecisionLoopEvent<DtsJobDetail> | { kind: "starting"; job: DtsJobDetail };

/** What to hand the waiter: the subtasks that are not this modification's, and whether it was seen. */
export interface DtsJobWaitPlan {
  settledSubJobIds: string[];
  sawModification: boolean;
  /** The requested list as sent (JSON), when there is one. */
  expectedDbList?: string;
}

/** What {@link ensureDtsJobModification} decided. */
export type EnsureDtsJobOutcome =
  /** This call sent one ModifyDtsJob: wait for it with `plan`. */
  | ({ kind: "started"; requestId: string; clientToken: string; ambiguousAttempts: number; job: DtsJobDetail } & DtsJobWaitPlan)
  /** The job already has the requested list (after the running modification ended, when `waited`): no write. */
  | ({ kind: "inPlace"; job: DtsJobDetail; waited: boolean; ambiguousAttempts: number } & DtsJobWaitPlan)
  /** A write of this run (or of an earlier attempt) ended ambiguously and a modification ran since: taken as its. */
  | ({ kind: "ranAfterAmbiguous"; job: DtsJobDetail; ambiguousAttempts: number } & DtsJobWaitPlan)
  /** `waitOnly`: a modification runs now (wait for it with `plan`), or none does (`running: false`). */
  | ({ kind: "waitOnly"; job: DtsJobDetail; running: boolean } & DtsJobWaitPlan)
  /** The deadline passed (or the wait was aborted) while another modification ran: nothing written. */
  | ({ kind: "stillModifying"; job: DtsJobDetail; reason: string; ambiguousAttempts: number } & DtsJobWaitPlan);

const ENDED = new Set(["Finished", "Failed"]);
/** The read and the write this decision makes (for DtsJobStateError's message). */
const DTS_JOB_ACTIONS = { read: "DescribeDtsJobDetail", write: "ModifyDtsJob", started: "a modification" } as const;

/** True when the job shows a modification at work: `Modifying`, or a subtask that has not ended. */
export function dtsJobModifying(job: DtsJobDetail): boolean {
  return job.status === "Modifying" || job.subSyncJobs.some((s) => !ENDED.has(s.status));
}

/** The subtasks that have ended: an earlier modification's. */
function endedSubJobIds(job: DtsJobDetail): string[] {
  return job.subSyncJobs.filter((s) => ENDED.has(s.status)).map((s) => s.dtsJobId);
}

/**
 * Reads the job, waits while a modification runs, and sends `ModifyDtsJob` only when the job's list is not the
 * requested one. See the module comment for the steps.
 *
 * @throws DtsInputError for an invalid `dbList` or neither `dbList` nor `waitOnly`; DtsJobStateError when the job
 *   cannot be read (no write follows); the write's own rejections; DtsAmbiguousModifyError after
 *   `maxAmbiguousAttempts` ambiguous writes.
 */
export async function ensureDtsJobModification(client: EnsureDtsJobClient, options: EnsureDtsJobOptions): Promise<EnsureDtsJobOutcome> {
  // Validated before any call: an invalid list fails fast and names the field.
  const requested = options.waitOnly ? undefined : dbListText(options.dbList ?? "");
  // Subtasks that existed before a write whose outcome is unknown: any other one is that write's.
  let baseline: readonly string[] | undefined = options.baselineSubJobIds;
  const settleReads = options.ambiguousSettleReads ?? 3;
  let unchangedReads = 0;
  const plan = (job: DtsJobDetail, saw: boolean, settled: readonly string[] = endedSubJobIds(job)): DtsJobWaitPlan => ({
    settledSubJobIds: [...settled],
    sawModification: saw,
    ...(requested !== undefined ? { expectedDbList: requested } : {}),
  });
  const family: DecisionFamily<DtsJobDetail, EnsureDtsJobOutcome> = {
    jobId: options.dtsJobId,
    read: async (loop) => {
      try {
        return await client.describeDtsJobDetail({
          dtsJobId: options.dtsJobId,
          syncSubJobHistory: true,
          ...(options.dtsInstanceId ? { dtsInstanceId: options.dtsInstanceId } : {}),
          ...(options.synchronizationDirection ? { synchronizationDirection: options.synchronizationDirection } : {}),
          ...(options.regionId ? { regionId: options.regionId } : {}),
        });
      } catch (cause) {
        throw new DtsJobStateError({
          synchronizationJobId: options.dtsJobId,
          cause,
          afterAmbiguous: loop.ambiguousAttempts > 0 || baseline !== undefined,
          actions: DTS_JOB_ACTIONS,
        });
      }
    },
    modifying: dtsJobModifying,
    onRead: (job, loop) => {
      const newSub = baseline !== undefined && job.subSyncJobs.some((s) => !baseline!.includes(s.dtsJobId));
      const ranSince = baseline !== undefined && (dtsJobModifying(job) || newSub || sameDbList(requested, job.dbObject));
      if (options.waitOnly) {
        const running = dtsJobModifying(job);
        // None runs: the latest subtask is the modification waited for (it may have ended before the wait began, as a
        // change another client made just before does at the emulator's pace), so it is reported with its own phases
        // and verdict; only the ones before it are settled.
        const latest = running ? undefined : currentSubJob(job)?.dtsJobId;
        return {
          kind: "waitOnly",
          job,
          running,
          ...plan(
            job,
            running,
            endedSubJobIds(job).filter((id) => id !== latest),
          ),
        };
      }
      // Taken as the earlier write's: the waiter judges it (its subtask is not among the baseline's).
      if (ranSince) return { kind: "ranAfterAmbiguous", job, ambiguousAttempts: loop.ambiguousAttempts, ...plan(job, true, baseline) };
      if (baseline !== undefined && unchangedReads < settleReads && loop.now() < options.deadlineMs) {
        // After a write whose outcome is unknown, nothing shows yet: how soon a write shows in the reply is not
        // documented, so read a few more times before taking it as not run.
        unchangedReads++;
        return "readAgain";
      }
      return undefined;
    },
    stillModifying: (job, reason, loop) => ({ kind: "stillModifying", job, reason, ambiguousAttempts: loop.ambiguousAttempts, ...plan(job, true) }),
    decide: (job, { waited, ambiguousAttempts }) => {
      // Already in place? (`requested` is set here: waitOnly returned on the read.)
      if (sameDbList(requested, job.dbObject)) return { kind: "inPlace", job, waited, ambiguousAttempts, ...plan(job, false) };
      options.onEvent?.({ kind: "starting", job });
      return undefined;
    },
    write: async (job, { ambiguousAttempts }) => {
      const dtsInstanceId = options.dtsInstanceId ?? job.dtsInstanceId;
      if (!dtsInstanceId) {
        throw new DtsJobStateError({
          synchronizationJobId: options.dtsJobId,
          cause: new Error("the job's reply has no DtsInstanceID and none was given: ModifyDtsJob needs it (pass dtsInstanceId)"),
          afterAmbiguous: ambiguousAttempts > 0,
          actions: DTS_JOB_ACTIONS,
        });
      }
      const result = await client.modifyDtsJob({
        dtsInstanceId,
        dtsJobId: options.dtsJobId,
        dbList: requested as string,
        ...(options.synchronizationDirection ? { synchronizationDirection: options.synchronizationDirection } : {}),
        ...(options.regionId ? { regionId: options.regionId } : {}),
        ...(options.clientToken ? { clientToken: options.clientToken } : {}),
      });
      return {
        kind: "started",
        requestId: result.requestId,
        clientToken: result.clientToken,
        ambiguousAttempts,
        job,
        settledSubJobIds: job.subSyncJobs.map((s) => s.dtsJobId),
        sawModification: false,
        expectedDbList: requested as string,
      };
    },
    ambiguous: (job) => {
      baseline = job.subSyncJobs.map((s) => s.dtsJobId);
      unchangedReads = 0;
    },
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  };
  return decideThenWrite(family, options);
}

/** The canonical text of the requested list (for a partial state: what the resume compares with). */
export function requestedDbListKey(dbList: DtsDbList | string): string | undefined {
  return canonicalDbList(dbListText(dbList));
}
