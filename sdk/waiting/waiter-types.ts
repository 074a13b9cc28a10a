/**
 * The types and defaults of a wait (options, result, client, states), apart from the entry points in `sync-job-waiter.ts`:
 * `errors.ts` (DtsWaiterError), `format.ts` and `poller.ts` need them, and the entry points need those modules.
 */
import type { ModifyPhase } from "./sync-job-acceptors";
import type { DtsError } from "../errors/errors";
import type { Clock, FailedTable, InitializationReport, PrecheckItem, Random, Sleep, SynchronizationObjectModifyStatus } from "../types";
import type { DtsJobDetail, DtsJobProgressItem } from "../wire/dts-job-types";

/** Terminal and intermediate states of a wait (smithy's `WaiterState`). */
export const WaiterState = {
  SUCCESS: "success",
  FAILURE: "failure",
  RETRY: "retry",
  TIMEOUT: "timeout",
  ABORTED: "aborted",
} as const;

/** What the loop hands to `onProgress` after every successful poll. */
export interface WaiterProgressEvent {
  status: SynchronizationObjectModifyStatus;
  /** 1-based number of this poll (failed polls included). */
  poll: number;
  elapsedMs: number;
  /**
   * Top-level fields that differ from the previous reply: `status`, `errorMessage`, `precheck`,
   * `structureInitialization`, `dataInitialization`, `dataSynchronization`. Every present field on the first reply.
   */
  changed: string[];
  /**
   * Estimated finish of the task (clock ms), after this reply: set once data initialization runs and its percent was
   * seen to move enough to mean something; always later than now. See `estimate.ts`.
   */
  estimatedFinishMs?: number;
}

/**
 * Options of {@link waitForObjectModification}. Durations are in **seconds**, as in smithy waiters.
 *
 * @example
 * ```ts
 * await waitForObjectModification(client, taskId, {
 *   maxWaitSeconds: 3600,
 *   synchronizationJobId: "dtsi76118o3w92****",
 *   onProgress: ({ status, changed }) => changed.length && console.error(status.status),
 * });
 * ```
 */
export interface WaiterOptions {
  /**
   * Total time budget in seconds (required). A final poll happens just before it ends. A hard bound: each status
   * call gets what is left of it as its time budget (a `DtsClient` cuts its request timeout to that), so a poll in
   * flight at the deadline is ended, not waited out.
   */
  maxWaitSeconds: number;
  /**
   * Smallest wait between polls, seconds.
   * @default 2
   */
  minDelaySeconds?: number;
  /**
   * Largest wait between polls, seconds.
   * @default 30
   */
  maxDelaySeconds?: number;
  /**
   * Progress-aware scheduling: once precheck and structure initialization are `Finished` and two replies show
   * `DataInitializationStatus.Percent` moving, the next poll is moved up to just after the estimated end of the task
   * (`max(minDelay, min(backoff, estimated remaining + 0.5 s + jitter [0, 1) s))`; the estimate assumes linear
   * progress and errs late). With linear progress it adds no poll to what the backoff makes; when progress is not
   * linear, at most 2 polls per phase land early before it falls back to the backoff. `false`: plain smithy backoff. See `schedule.ts`.
   * @default true
   */
  progressAware?: boolean;
  /**
   * Longest sleep between polls while the replies show the end of data initialization is far away, seconds. Once
   * precheck and structure initialization are `Finished` and the percent rises steadily, the waiter sleeps
   * `min(maxIdleDelaySeconds, 10 % of the time to the earliest possible end)` while that end is at least 30 minutes
   * away: 10 minutes instead of 30 s for most of a multi-day data initialization (measured on a 72-hour task:
   * about 1/10 of the calls of a 30 s loop, bench/RESULTS.md). It comes back to the normal backoff as the end nears,
   * when the percent stalls (no rise for twice the time one percent took between the last two rises), goes back,
   * a poll fails or the phase changes. A failure during an idle sleep is seen at the next poll, up to one idle
   * sleep later. `maxIdleDelaySeconds` equal to `maxDelaySeconds` (or `progressAware: false`) turns idle sleeps
   * off. See `schedule.ts`.
   * @default 600 (or maxDelaySeconds when that is larger)
   */
  maxIdleDelaySeconds?: number;
  /**
   * Ends the wait with state `aborted`: interrupts a pending sleep, and is handed to each call, so a `DtsClient`
   * closes the HTTP request in flight (no request outlives the wait).
   */
  abortSignal?: AbortSignal;
  /**
   * End the wait at once, as a failure with `endedBy: "api"`, when a status call cannot reach the endpoint (a
   * network error or timeout, after the client's retries) before any status reply was seen, instead of polling an
   * unreachable endpoint until the deadline. For a caller that has not reached the endpoint yet in this run (the
   * provider's refresh and resume); a wait that saw a reply keeps polling through network errors.
   * @default false
   */
  endOnUnreachable?: boolean;
  /** `RegionId` for the status calls; the client's default otherwise. */
  regionId?: string;
  /**
   * When set, the failed tables of this job are collected (all pages) once the wait ends in success or failure, or
   * times out after at least one status reply (the tables so far).
   */
  synchronizationJobId?: string;
  /** Called after each successful poll. */
  onProgress?: (event: WaiterProgressEvent) => void;
  /** @default systemClock */
  clock?: Clock;
  /** @default defaultSleep */
  sleep?: Sleep;
  /** Jitter source. @default Math.random */
  random?: Random;
}

/**
 * What ended a wait: the task (a terminal status: success, or a failed phase, check item or task), the API (a status
 * call that failed for good: unknown task, permissions, credentials, or `endOnUnreachable`), the deadline
 * (`timeout`) or the abort signal (`aborted`).
 */
export type WaiterEnd = "task" | "api" | "deadline" | "abort";

/** The outcome of a wait. */
export interface WaiterResult {
  state: "success" | "failure" | "timeout" | "aborted";
  /** What ended the wait; a `failure` is the task's (`"task"`) or a status call's (`"api"`, with {@link error}). */
  endedBy: WaiterEnd;
  /** The error that ended the wait (with `endedBy: "api"`): no need to re-run the acceptor or wrap the client. */
  error?: DtsError;
  /** One line saying why. */
  reason: string;
  /** The task that was waited for. */
  taskId: string;
  /** The last reply seen, if any. */
  final?: SynchronizationObjectModifyStatus;
  /**
   * Estimated finish of the task (clock ms) when the wait ended unfinished (timeout, abort) and an estimate was
   * meaningful; absent after a verdict. See `estimate.ts`.
   */
  estimatedFinishMs?: number;
  /** Status calls made (failed ones included). */
  polls: number;
  elapsedMs: number;
  failedPhase?: ModifyPhase;
  /** Precheck items whose CheckStatus is `Failed`. */
  failedItems: PrecheckItem[];
  /** Filled when `synchronizationJobId` was given and the wait ended in success, failure, or a timeout with a status seen. */
  failedTables: FailedTable[];
  report?: InitializationReport;
  /** Why the failed tables could not be collected, if they could not. */
  reportError?: string;
  /**
   * Set with `reportError`: the one-line reason the tables are not checked, with the fix (`tablesNotCheckedReason`,
   * e.g. the RAM action to grant). `checkTables` turns it into `tablesLeftOut`; nothing is claimed about the tables.
   */
  tablesNotChecked?: string;
  /** Error code -> count of failed polls, so a timeout says what it saw (e.g. `{"Throttling.User": 3}`). */
  observedErrors: Record<string, number>;
  /** The error of the last failed status call, if any (what a message explains when no status was seen). */
  lastError?: DtsError;
}

/**
 * A DtsJob wait's result (`waitForDtsJobModification`): the waiter's, with the last reply and the subtask waited for.
 * Here rather than beside the DtsJob waiter because `format.ts` words its messages by it (`failedObjects`, always
 * present, tells it from a {@link WaiterResult}), and the waiter imports `format.ts` through `sync-job-waiter.ts`.
 * `taskId` holds the DtsJobId (the loop's name for what it waits on).
 */
export interface DtsJobWaiterResult extends WaiterResult {
  /** The last `DescribeDtsJobDetail` reply. */
  dtsJob?: DtsJobDetail;
  /** The subtask judged: the last reply's, or the last one this wait saw when it has left the reply since. */
  subJobId?: string;
  /**
   * The subtask was seen by this wait and the last reply no longer shows it (the reading where a finished subtask
   * leaves the reply): `final` holds its last phases, and its leaving was taken as the end.
   */
  subJobLeft?: boolean;
  /**
   * A reply of this wait (or the plan it was given) showed the modification at work: the job `Modifying`, or a
   * subtask of it. False when the wait ended on quiet replies alone (no modification was seen running).
   */
  sawModification: boolean;
  /** `DescribePreCheckStatus` items whose State is `Failed` (failed check items or objects). */
  failedObjects: DtsJobProgressItem[];
  /** Why the failed objects could not be read, if they could not. */
  failedObjectsError?: string;
  /**
   * Set when the change succeeded but its failed objects (`DescribePreCheckStatus`, JobCodes 02/03) could not be
   * read: the one-line reason with the fix (`objectsNotCheckedReason`, starting `failed objects not checked`).
   * Nothing may then be claimed about failed objects: `dts-objects` exits 6, a resource with
   * `failOn.failedObjects` (the default) fails.
   */
  failedObjectsNotChecked?: string;
}

/**
 * The client methods a wait uses (a `DtsClient`, or a fake in tests). The waiter passes each call its abort signal
 * and what is left of the deadline (`maxTimeMs`), so a stop or the deadline ends the HTTP request in flight; a
 * client that ignores them still has its promise raced against the abort.
 */
export interface WaiterClient {
  describeSynchronizationObjectModifyStatus(
    input: { taskId: string; regionId?: string },
    callOptions?: { abortSignal?: AbortSignal; maxTimeMs?: number },
  ): Promise<SynchronizationObjectModifyStatus>;
  listInitializationDetails?(
    synchronizationJobId: string,
    options?: { regionId?: string; abortSignal?: AbortSignal; maxTimeMs?: number },
  ): Promise<InitializationReport>;
}

/** Defaults of the optional delays (smithy uses 120 s for maxDelay; DTS tasks take minutes, so 30 s keeps progress visible). */
export { WAITER_DEFAULTS } from "../wait-settings";

/** Options after defaults. */
export type ResolvedWaiterOptions = WaiterOptions & { minDelaySeconds: number; maxDelaySeconds: number; maxIdleDelaySeconds: number };
