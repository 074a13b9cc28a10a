/**
 * Waiting for a modification of a job managed through the DtsJob API: the same loop, schedule, options, messages
 * and result as `waitForObjectModification` (`poller.ts`'s `runPolling`), with another target: it polls
 * `DescribeDtsJobDetail` (`SyncSubJobHistory=false`: the running or latest subtask only, so per-poll work stays
 * constant) and judges each reply with `checkDtsJobDetail`. After a failure the failed objects are read, best
 * effort, from `DescribePreCheckStatus` (JobCode of the failed phase); after a success those of structure and data
 * initialization (02, 03), where a table can fail while its phase reads Finished.
 */
import { DtsInputError, type DtsError } from "../errors/errors";
import { normalizeError } from "../errors/normalize-error";
import { objectsNotCheckedReason } from "../errors/tables-not-checked";
import type { SynchronizationDirection, SynchronizationObjectModifyStatus } from "../types";
import type { DtsJobDetail, DtsJobProgressItem, PreCheckStatusPage } from "../wire/dts-job-types";
import { checkDtsJobDetail, currentSubJob, dtsJobView, isQuiet, showsModification, type DtsJobAcceptContext } from "./dts-job-acceptors";
import type { ModifyPhase } from "./sync-job-acceptors";
import { runPolling, type PollTarget } from "./poller";
import { validateWaiterOptions } from "./sync-job-waiter";
import type { DtsJobWaiterResult, WaiterOptions } from "./waiter-types";

export type { DtsJobWaiterResult } from "./waiter-types";

/** The client calls a DtsJob wait makes (a `DtsClient`, or a fake in tests). */
export interface DtsJobWaiterClient {
  describeDtsJobDetail(
    input: { dtsJobId: string; dtsInstanceId?: string; syncSubJobHistory?: boolean; synchronizationDirection?: SynchronizationDirection; regionId?: string },
    callOptions?: { abortSignal?: AbortSignal; maxTimeMs?: number },
  ): Promise<DtsJobDetail>;
  describePreCheckStatus?(
    input: { dtsJobId: string; jobCode: "01" | "02" | "03" | "04"; pageNo?: number; pageSize?: number; regionId?: string },
    callOptions?: { abortSignal?: AbortSignal; maxTimeMs?: number },
  ): Promise<PreCheckStatusPage>;
}

/** Options of {@link waitForDtsJobModification}: the waiter's, plus what the replies are judged against. */
export interface DtsJobWaiterOptions extends Omit<WaiterOptions, "synchronizationJobId">, DtsJobAcceptContext {
  dtsInstanceId?: string;
  synchronizationDirection?: SynchronizationDirection;
  /** Read the failed objects from `DescribePreCheckStatus` after a failure or a success (see the module comment). @default true */
  collectFailedObjects?: boolean;
}

const JOB_CODE: Record<ModifyPhase, "01" | "02" | "03"> = { precheck: "01", structureInitialization: "02", dataInitialization: "03" };
/** One page of failed objects is enough for a message; the rest are in the console. */
const FAILED_OBJECTS_PAGE_SIZE = 50;
/** The most one failed-objects call may take. */
const FAILED_OBJECTS_CALL_MS = 5000;
/** The least time the failed-objects read gets when the wait used up its bound (one short call). */
const FAILED_OBJECTS_MIN_MS = 1000;

/** The DtsJob target of the loop, with what it saw: the last reply and the last subtask of this change shown. */
export type DtsJobPollTarget = PollTarget<DtsJobDetail> & {
  last?: DtsJobDetail;
  lastSub?: { dtsJobId: string; view: SynchronizationObjectModifyStatus };
  readonly context: Readonly<DtsJobAcceptContext>;
};

/** The DtsJob target of the loop: its judging context (subtask seen, quiet replies) updated reply by reply. */
export function dtsJobTarget(client: DtsJobWaiterClient, dtsJobId: string, options: DtsJobWaiterOptions): DtsJobPollTarget {
  const context: DtsJobAcceptContext = {
    ...(options.settledSubJobIds ? { settledSubJobIds: options.settledSubJobIds } : {}),
    ...(options.expectedDbList !== undefined ? { expectedDbList: options.expectedDbList } : {}),
    sawModification: options.sawModification ?? false,
    quietPolls: 0,
  };
  const target: DtsJobPollTarget = {
    action: "DescribeDtsJobDetail",
    context,
    poll: (callOptions) =>
      client.describeDtsJobDetail(
        {
          dtsJobId,
          syncSubJobHistory: false,
          ...(options.dtsInstanceId ? { dtsInstanceId: options.dtsInstanceId } : {}),
          ...(options.synchronizationDirection ? { synchronizationDirection: options.synchronizationDirection } : {}),
          ...(options.regionId ? { regionId: options.regionId } : {}),
        },
        callOptions,
      ),
    view: (detail) => {
      const sub = currentSubJob(detail, context.settledSubJobIds);
      const view = dtsJobView(detail, context.settledSubJobIds);
      if (sub) {
        target.lastSub = { dtsJobId: sub.dtsJobId, view };
        return view;
      }
      // The subtask left the reply (merged into the job once finished, one reading): its last phases stand for the
      // change, rather than the job's own blocks (none in the official model: they would read NotStarted). One
      // view kept, so per-poll work stays constant.
      return target.lastSub?.view ?? view;
    },
    accept: (detail) => {
      target.last = detail;
      const verdict = checkDtsJobDetail(detail, context);
      context.quietPolls = isQuiet(detail, context) ? (context.quietPolls ?? 0) + 1 : 0;
      if (showsModification(detail, context.settledSubJobIds)) context.sawModification = true;
      return verdict;
    },
  };
  return target;
}

/**
 * Polls `DescribeDtsJobDetail` until the modification succeeds, fails, the deadline passes or the signal aborts.
 * Never throws for a verdict (only for invalid options).
 *
 * @example
 * ```ts
 * const result = await waitForDtsJobModification(client, "l3m1213ye7l****", { maxWaitSeconds: 3600, expectedDbList });
 * if (result.state !== "success") console.error(formatFailure(result));
 * ```
 */
export async function waitForDtsJobModification(client: DtsJobWaiterClient, dtsJobId: string, options: DtsJobWaiterOptions): Promise<DtsJobWaiterResult> {
  if (typeof dtsJobId !== "string" || dtsJobId.trim() === "") {
    throw new DtsInputError("dtsJobId", `expected a non-empty string, got ${JSON.stringify(dtsJobId)}`, "pass the DtsJobId of the synchronization task");
  }
  const target = dtsJobTarget(client, dtsJobId, options);
  const result = await runPolling({}, dtsJobId, validateWaiterOptions(options), target);
  const current = target.last ? currentSubJob(target.last, options.settledSubJobIds) : undefined;
  // A subtask seen earlier in this wait that the last reply no longer shows: still the one judged.
  const sub = current ?? (target.lastSub ? { dtsJobId: target.lastSub.dtsJobId } : undefined);
  const out: DtsJobWaiterResult = {
    ...result,
    ...(target.last ? { dtsJob: target.last } : {}),
    ...(sub ? { subJobId: sub.dtsJobId } : {}),
    ...(!current && sub ? { subJobLeft: true } : {}),
    sawModification: target.context.sawModification === true,
    failedObjects: [],
  };
  // After a failure: the failed phase's items. After a success: structure and data initialization's, where a
  // table can fail while its phase reads Finished (the old API's failed tables).
  const jobCodes: ("01" | "02" | "03")[] =
    result.state === "failure" && result.endedBy === "task" ? [JOB_CODE[result.failedPhase ?? "precheck"]] : result.state === "success" ? ["02", "03"] : [];
  if (jobCodes.length > 0 && options.collectFailedObjects !== false && client.describePreCheckStatus) {
    // Checked just above: the method is there.
    const read = await readFailedObjects(client as Required<Pick<DtsJobWaiterClient, "describePreCheckStatus">>, {
      dtsJobId,
      ...(sub ? { subJobId: sub.dtsJobId } : {}),
      jobCodes,
      ...(options.regionId ? { regionId: options.regionId } : {}),
      ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
      // Part of the operation: what is left of maxWaitSeconds (at least one short call), as the table check.
      maxTimeMs: Math.max(FAILED_OBJECTS_MIN_MS, options.maxWaitSeconds * 1000 - result.elapsedMs),
    });
    out.failedObjects = read.failedObjects;
    if (read.error) {
      out.failedObjectsError = `${read.error.code}: ${read.error.message}`;
      out.observedErrors[read.error.code] = (out.observedErrors[read.error.code] ?? 0) + 1;
      // A success whose failed objects could not be read: not checked, never "no object failed".
      if (result.state === "success") out.failedObjectsNotChecked = objectsNotCheckedReason(read.error, "DescribePreCheckStatus", dtsJobId);
    }
  }
  return out;
}

/**
 * The failed check items or objects of a modification, best effort: one `DescribePreCheckStatus` page per JobCode
 * (`jobCodes`, else the failed phase's, precheck when unknown; the subtask's ID when there is one, else the job's),
 * their `Failed` items. Never throws: a failed read comes back as `error` (the last one). Shared by the waiter and
 * `status --dts-job`.
 */
export async function readFailedObjects(
  client: Required<Pick<DtsJobWaiterClient, "describePreCheckStatus">>,
  input: {
    dtsJobId: string;
    subJobId?: string;
    /** The failed phase: its JobCode is read (precheck when absent). */
    failedPhase?: ModifyPhase;
    /** Or these JobCodes, in order (their failed items together). */
    jobCodes?: readonly ("01" | "02" | "03")[];
    regionId?: string;
    abortSignal?: AbortSignal;
    /** Each call's time bound, at most {@link FAILED_OBJECTS_CALL_MS}. */
    maxTimeMs?: number;
  },
): Promise<{ failedObjects: DtsJobProgressItem[]; error?: DtsError }> {
  const failedObjects: DtsJobProgressItem[] = [];
  let error: DtsError | undefined;
  for (const jobCode of input.jobCodes ?? [JOB_CODE[input.failedPhase ?? "precheck"]]) {
    try {
      const page = await client.describePreCheckStatus(
        {
          dtsJobId: input.subJobId ?? input.dtsJobId,
          jobCode,
          pageSize: FAILED_OBJECTS_PAGE_SIZE,
          ...(input.regionId ? { regionId: input.regionId } : {}),
        },
        {
          ...(input.abortSignal ? { abortSignal: input.abortSignal } : {}),
          maxTimeMs: Math.min(FAILED_OBJECTS_CALL_MS, input.maxTimeMs ?? FAILED_OBJECTS_CALL_MS),
        },
      );
      failedObjects.push(...page.jobProgress.filter((p) => p.state === "Failed"));
    } catch (e) {
      error = normalizeError(e, { action: "DescribePreCheckStatus" });
    }
  }
  return { failedObjects, ...(error ? { error } : {}) };
}
