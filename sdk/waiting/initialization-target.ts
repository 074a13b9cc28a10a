/**
 * What the two initialization waiters share: the poll target (one status call per poll, judged by
 * `checkInitialization`, the caught-up count carried from reply to reply), the options and the result. The loop,
 * schedule, estimate of time left and progress events are `poller.ts`'s, as for the modification waiters, so a
 * multi-day initialization costs the same per poll as a modification does.
 */
import type { InitializationFamily, InitializationSnapshot } from "../wire/initialization-snapshot";
import type { InitializationPhaseStatus, SynchronizationObjectModifyStatus } from "../types";
import type { DtsJobProgressItem } from "../wire/dts-job-types";
import {
  checkInitialization,
  phaseRuns,
  resolveCaughtUp,
  type CaughtUpOption,
  type InitializationStage,
  type InitializationVerdict,
} from "./initialization-acceptors";
import type { PollTarget } from "./poller";
import type { WaiterOptions, WaiterResult } from "./waiter-types";

/** Options of `waitForSyncJobInitialization` / `waitForDtsJobInitialization`: the waiter's, plus `caughtUp`. */
export interface InitializationWaiterOptions extends Omit<WaiterOptions, "synchronizationJobId"> {
  /** After initialization, also wait until the incremental delay stays within a bound (see {@link CaughtUpOption}). */
  caughtUp?: CaughtUpOption;
  /**
   * Called with the verdict on each reply (after `onProgress`): the stage, the caught-up count and a one-line reason,
   * for a status line (`initializationStatusLine`).
   */
  onJudged?: (verdict: InitializationVerdict, snapshot: InitializationSnapshot) => void;
  /** List the failed tables (sync-job: all pages of DescribeInitializationStatus) or objects (dts-job: DescribePreCheckStatus) at the end. @default true */
  collectFailedObjects?: boolean;
}

/** The outcome of an initialization wait. `taskId` holds the job id (the loop's name for what it waits on). */
export interface InitializationWaiterResult extends WaiterResult {
  family: InitializationFamily;
  jobId: string;
  /** The last reply, as judged. */
  snapshot?: InitializationSnapshot;
  /** Where the job stood at the last reply (`failed` after a failure). */
  stage?: InitializationStage;
  /** A reply of this wait showed every phase the job runs Finished and the job in its steady state. */
  initialized: boolean;
  /** The caught-up gate, when asked: the bound, the replies in a row within it at the end, and whether it was reached. */
  caughtUp?: { maxDelaySeconds: number; polls: number; caughtUpPolls: number; reached: boolean };
  /** The incremental delay of the last reply, seconds; absent when unknown (never 0 for unknown). */
  delaySeconds?: number;
  /** The incremental phase failed or stalled (with `state: "failure"`). */
  incrementalFailed?: boolean;
  /** dts-job: `DescribePreCheckStatus` items whose State is `Failed` (sync-job: `failedTables`). */
  failedObjects: DtsJobProgressItem[];
  failedObjectsError?: string;
  /**
   * dts-job: the wait succeeded but its failed objects (`DescribePreCheckStatus` 02/03) could not be read: the
   * one-line reason with the fix (`objectsNotCheckedReason`). sync-job's is `tablesNotChecked`. Nothing may then be
   * claimed about failed objects (`dts-objects` exits 6).
   */
  failedObjectsNotChecked?: string;
}

/** The target with what it saw (the last snapshot and verdict). */
export type InitializationPollTarget<R> = PollTarget<R> & {
  last?: InitializationSnapshot;
  lastVerdict?: InitializationVerdict;
  initialized: boolean;
  caughtUpPolls: number;
};

const SKIPPED: InitializationPhaseStatus = { status: "Skipped", percent: 0, progress: 0 };

/**
 * A snapshot in the shape the loop, the estimate and the progress lines use. A phase the migration mode turns off
 * reads `Skipped` (this package's word, not a DTS value); the incremental block is shown only with a known delay.
 */
export function initializationView(s: InitializationSnapshot): SynchronizationObjectModifyStatus {
  return {
    requestId: s.requestId,
    status: s.status,
    ...(s.errorMessage ? { errorMessage: s.errorMessage } : {}),
    precheck: s.precheck,
    structureInitialization: phaseRuns(s, "structureInitialization") ? s.structureInitialization : SKIPPED,
    dataInitialization: phaseRuns(s, "dataInitialization") ? s.dataInitialization : SKIPPED,
    ...(s.incremental && s.delaySeconds !== undefined
      ? {
          dataSynchronization: {
            status: s.incremental.status,
            delay: s.delaySeconds,
            percent: s.incremental.percent,
            ...(s.incremental.errorMessage ? { errorMessage: s.incremental.errorMessage } : {}),
          },
        }
      : {}),
  };
}

/** The poll target of one family: `poll` makes the one call, `snapshot` reads the reply. */
export function initializationTarget<R>(
  action: string,
  poll: PollTarget<R>["poll"],
  snapshot: (reply: R) => InitializationSnapshot,
  options: InitializationWaiterOptions,
): InitializationPollTarget<R> {
  const caughtUp = resolveCaughtUp(options.caughtUp);
  const target: InitializationPollTarget<R> = {
    action,
    initialized: false,
    caughtUpPolls: 0,
    poll,
    view: (reply) => initializationView(snapshot(reply)),
    accept: (reply) => {
      const s = snapshot(reply);
      const verdict = checkInitialization(s, { ...(caughtUp ? { caughtUp } : {}), caughtUpPolls: target.caughtUpPolls });
      target.last = s;
      target.lastVerdict = verdict;
      target.caughtUpPolls = verdict.caughtUpPolls;
      if (["initialized", "catching-up", "caught-up"].includes(verdict.stage)) target.initialized = true;
      options.onJudged?.(verdict, s);
      return verdict;
    },
  };
  return target;
}

/** The result of a finished loop, with what the target saw. */
export function initializationResult<R>(
  result: WaiterResult,
  family: InitializationFamily,
  jobId: string,
  target: InitializationPollTarget<R>,
  options: InitializationWaiterOptions,
): InitializationWaiterResult {
  const caughtUp = resolveCaughtUp(options.caughtUp);
  const verdict = target.lastVerdict;
  return {
    ...result,
    family,
    jobId,
    ...(target.last ? { snapshot: target.last } : {}),
    ...(verdict ? { stage: verdict.stage } : {}),
    initialized: target.initialized,
    ...(caughtUp
      ? { caughtUp: { ...caughtUp, caughtUpPolls: target.caughtUpPolls, reached: result.state === "success" && verdict?.stage === "caught-up" } }
      : {}),
    ...(target.last?.delaySeconds !== undefined ? { delaySeconds: target.last.delaySeconds } : {}),
    ...(result.state === "failure" && verdict?.incrementalFailed ? { incrementalFailed: true } : {}),
    failedObjects: [],
  };
}
