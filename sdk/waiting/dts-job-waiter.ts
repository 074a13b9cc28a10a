/**
 * Waiting for a modification of a job managed through the DtsJob API: the same loop, schedule, options, messages
 * and result as `waitForObjectModification` (`poller.ts`'s `runPolling`), with another target: it polls
 * `DescribeDtsJobDetail` (`SyncSubJobHistory=false`: the running or latest subtask only, so per-poll work stays
 * constant) and judges each reply with `checkDtsJobDetail`. After a failure the failed objects are read, best
 * effort, from `DescribePreCheckStatus` (JobCode of the failed phase); after a success those of structure and data
 * initialization (02, 03), where a table can fail while its phase reads Finished.
 */
import { DtsInputError, DtsPaginationError, DtsTimeoutError, type DtsError } from "../errors/errors";
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
/** Page size of the failed-object reads (the API's default is 20; 50 keeps the calls few). */
export const FAILED_OBJECT_PAGE_SIZE = 50;
/**
 * Most pages read per JobCode (1000 objects at 50 a page): a bound on the calls after a verdict. A listing cut at
 * it is said (`truncated`), never taken as complete.
 */
export const FAILED_OBJECT_MAX_PAGES = 20;
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
    const check = await checkFailedObjects(client as Required<Pick<DtsJobWaiterClient, "describePreCheckStatus">>, {
      dtsJobId,
      ...(sub ? { subJobId: sub.dtsJobId } : {}),
      jobCodes,
      succeeded: result.state === "success",
      ...(options.regionId ? { regionId: options.regionId } : {}),
      ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
      // Part of the operation: what is left of maxWaitSeconds (at least one short call), as the table check.
      maxTimeMs: Math.max(FAILED_OBJECTS_MIN_MS, options.maxWaitSeconds * 1000 - result.elapsedMs),
    });
    out.failedObjects = check.failedObjects;
    if (check.error) out.observedErrors[check.error.code] = (out.observedErrors[check.error.code] ?? 0) + 1;
    if (check.failedObjectsError) out.failedObjectsError = check.failedObjectsError;
    if (check.failedObjectsNotChecked) out.failedObjectsNotChecked = check.failedObjectsNotChecked;
  }
  return out;
}

/** What {@link checkFailedObjects} found: the failed objects, or why they are not all known. */
export interface FailedObjectsCheck {
  failedObjects: DtsJobProgressItem[];
  /** The read's failure (or the page cap reached), one line: `failedObjectsError` of the result. */
  failedObjectsError?: string;
  /** After a success, the objects could not be read: the "not checked" reason with its fix (`failedObjectsLeftOut`). */
  failedObjectsNotChecked?: string;
  /** The read's failure, when one ended it. */
  error?: DtsError;
}

/**
 * The failed-objects part of a DtsJob verdict, one rule for the waiter (after a wait) and the provider (a change found
 * in place, no wait): reads `jobCodes` with {@link readFailedObjects}; after a success (`succeeded`) a read that
 * failed, or a cap reached with no failed object found, is **not checked** (`objectsNotCheckedReason`), never "none
 * failed". A cap reached with failed objects found reports them and says the list is cut.
 */
export async function checkFailedObjects(
  client: Required<Pick<DtsJobWaiterClient, "describePreCheckStatus">>,
  input: Parameters<typeof readFailedObjects>[1] & { succeeded: boolean },
): Promise<FailedObjectsCheck> {
  const { succeeded, ...readInput } = input;
  const read = await readFailedObjects(client, readInput);
  const cut = read.truncated
    ? `DescribePreCheckStatus lists more than ${FAILED_OBJECT_MAX_PAGES} pages of ${FAILED_OBJECT_PAGE_SIZE} items for JobCode ${read.truncated}; the rest were not read (FAILED_OBJECT_MAX_PAGES)`
    : undefined;
  const error: DtsError | undefined =
    read.error ??
    (cut && read.failedObjects.length === 0
      ? new DtsPaginationError(cut, { reason: "too-many-pages", pages: FAILED_OBJECT_MAX_PAGES, action: "DescribePreCheckStatus" })
      : undefined);
  return {
    failedObjects: read.failedObjects,
    ...(error ? { error, failedObjectsError: `${error.code}: ${error.message}` } : cut ? { failedObjectsError: `only part of the list was read: ${cut}` } : {}),
    ...(succeeded && error ? { failedObjectsNotChecked: objectsNotCheckedReason(error, "DescribePreCheckStatus", input.dtsJobId) } : {}),
  };
}

/** The identity of a page's rows, to stop on a page that repeats the one before it (an endpoint ignoring PageNo). */
const pageKey = (page: PreCheckStatusPage): string => page.jobProgress.map((p) => `${p.item}\u0000${p.names}\u0000${p.state}`).join("\u0001");

/**
 * The failed check items or objects of a modification: every page of `DescribePreCheckStatus` per JobCode
 * (`jobCodes`, else the failed phase's, precheck when unknown; the subtask's ID when there is one, else the job's)
 * up to `TotalRecordCount` or a short page, at most {@link FAILED_OBJECT_MAX_PAGES} pages per code (then `truncated`
 * names the code), keeping the `Failed` items. Never throws: a failed read (or a page repeating the one before it,
 * a `DtsPaginationError`) ends that code's paging and comes back as `error` (the last one); the time budget spent
 * (a `DtsTimeoutError`) ends the whole read.
 * Shared by the waiter, the provider's in-place check, `status --dts-job` and the initialization waiter.
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
    /** The whole read's time bound (each call at most {@link FAILED_OBJECTS_CALL_MS}); absent: each call's only. */
    maxTimeMs?: number;
    /** The clock of the time bound (tests). @default Date.now */
    now?: () => number;
  },
): Promise<{ failedObjects: DtsJobProgressItem[]; error?: DtsError; truncated?: "01" | "02" | "03" }> {
  const now = input.now ?? Date.now;
  const deadline = input.maxTimeMs !== undefined ? now() + input.maxTimeMs : undefined;
  const failedObjects: DtsJobProgressItem[] = [];
  let error: DtsError | undefined;
  let truncated: "01" | "02" | "03" | undefined;
  for (const jobCode of input.jobCodes ?? [JOB_CODE[input.failedPhase ?? "precheck"]]) {
    let previous: string | undefined;
    for (let pageNo = 1; ; pageNo++) {
      if (pageNo > FAILED_OBJECT_MAX_PAGES) {
        truncated ??= jobCode;
        break;
      }
      const left = deadline === undefined ? FAILED_OBJECTS_CALL_MS : deadline - now();
      if (left <= 0) {
        // The bound is spent: no further call, for this code or the next.
        error = new DtsTimeoutError(`DescribePreCheckStatus: the operation's time bound was spent before page ${pageNo} of JobCode ${jobCode}`, {
          action: "DescribePreCheckStatus",
          timeoutMs: input.maxTimeMs,
        });
        return { failedObjects, error, ...(truncated ? { truncated } : {}) };
      }
      let page: PreCheckStatusPage;
      try {
        page = await client.describePreCheckStatus(
          {
            dtsJobId: input.subJobId ?? input.dtsJobId,
            jobCode,
            pageNo,
            pageSize: FAILED_OBJECT_PAGE_SIZE,
            ...(input.regionId ? { regionId: input.regionId } : {}),
          },
          { ...(input.abortSignal ? { abortSignal: input.abortSignal } : {}), maxTimeMs: Math.min(FAILED_OBJECTS_CALL_MS, left) },
        );
      } catch (e) {
        // Ends this code's paging; the next code is still asked (its objects may be readable).
        error = normalizeError(e, { action: "DescribePreCheckStatus" });
        break;
      }
      const key = pageKey(page);
      if (pageNo > 1 && page.jobProgress.length >= FAILED_OBJECT_PAGE_SIZE && key === previous) {
        error = new DtsPaginationError(
          `DescribePreCheckStatus: page ${pageNo} of JobCode ${jobCode} repeats page ${pageNo - 1} row for row; the listing was stopped (the endpoint ignores PageNo, so it would never end)`,
          { reason: "repeated-page", pages: pageNo, action: "DescribePreCheckStatus" },
        );
        break;
      }
      previous = key;
      // One by one: the page's size is the server's.
      for (const p of page.jobProgress) if (p.state === "Failed") failedObjects.push(p);
      const total = page.totalRecordCount ?? page.total;
      if (page.jobProgress.length < FAILED_OBJECT_PAGE_SIZE || (total !== undefined && pageNo * FAILED_OBJECT_PAGE_SIZE >= total)) break;
    }
  }
  return { failedObjects, ...(error ? { error } : {}), ...(truncated ? { truncated } : {}) };
}
