/**
 * The polling loop of the waiter (smithy's `poller.ts`): attempt 0 at once, then the delay `schedule.ts` decides
 * (exponential backoff with jitter between `minDelay` and `maxDelay`, shortened to just after the estimated end when
 * the replies show data initialization progressing, lengthened up to `maxIdleDelay` while its end is hours away),
 * a final poll just before the deadline, abort raced against every poll and
 * sleep. A poll that throws a retryable error is counted in `observedErrors` and the loop goes on; a
 * non-retryable one (credentials, permissions, unknown task) ends the wait as a failure with the reason.
 */
import type { AcceptorResult } from "./sync-job-acceptors";
import { isDtsError, isUnreachableError, type DtsError } from "../errors/errors";
import { failedTablesFromReport } from "../wire/sync-job-failed-tables";
import { tablesNotCheckedReason } from "../errors/tables-not-checked";
import { normalizeError } from "../errors/normalize-error";
import { isRetryableError } from "../client/retry";
import { nextDelaySeconds, ProgressState } from "./schedule";
import { estimateFinishMs, INITIAL_ESTIMATE, modificationPoint, observeProgress, type EstimateState } from "./estimate";
import { abortReason, defaultSleep, raceSignal, systemClock } from "../time";
import type { SynchronizationObjectModifyStatus } from "../types";
import type { ResolvedWaiterOptions, WaiterClient, WaiterResult } from "./waiter-types";

/** How long before the deadline the final poll is made, so its reply still arrives in time. */
const FINAL_POLL_MARGIN_MS = 500;
/** Time the table listing after a timeout may take (it runs past the deadline, so it is kept short). */
const LIST_AFTER_TIMEOUT_MS = 1000;

// The backoff formula lives with the rest of the schedule; re-exported here, where it used to be.
export { waiterDelaySeconds } from "./schedule";

const TRACKED_FIELDS = ["status", "errorMessage", "precheck", "structureInitialization", "dataInitialization", "dataSynchronization"] as const;

/** Top-level fields whose value differs between two replies (all present ones when there is no previous reply). */
export function changedFields(previous: SynchronizationObjectModifyStatus | undefined, next: SynchronizationObjectModifyStatus): string[] {
  return TRACKED_FIELDS.filter((field) => (previous === undefined ? next[field] !== undefined : !sameJson(previous[field], next[field])));
}

/** A value as `JSON.stringify` writes it: non-finite numbers become null. */
function jsonScalar(v: unknown): unknown {
  return typeof v === "number" && !Number.isFinite(v) ? null : v;
}

/** Values JSON.stringify leaves out of an object. */
function omitted(v: unknown): boolean {
  return v === undefined || typeof v === "function" || typeof v === "symbol";
}

/**
 * `JSON.stringify(a) === JSON.stringify(b)` for the plain data of a reply (objects, arrays, strings, numbers,
 * booleans, null; keys compared in order), without building the strings: this runs on every poll of waits that
 * last days, and the strings were most of the garbage a loop turn made.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  a = jsonScalar(a);
  b = jsonScalar(b);
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      // In arrays, omitted values are written as null.
      const x = omitted(a[i]) ? null : a[i];
      const y = omitted(b[i]) ? null : b[i];
      if (!sameJson(x, y)) return false;
    }
    return true;
  }
  if (typeof (a as { toJSON?: unknown }).toJSON === "function" || typeof (b as { toJSON?: unknown }).toJSON === "function") {
    return JSON.stringify(a) === JSON.stringify(b);
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < ka.length && omitted(ra[ka[i]!])) i++;
    while (j < kb.length && omitted(rb[kb[j]!])) j++;
    if (i === ka.length || j === kb.length) return i === ka.length && j === kb.length;
    if (ka[i] !== kb[j] || !sameJson(ra[ka[i]!], rb[kb[j]!])) return false;
    i++;
    j++;
  }
}

class Aborted {
  constructor(readonly reason: unknown) {}
}

/** Settles like `promise`, or rejects with {@link Aborted} as soon as `signal` aborts (`raceSignal`). */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  return signal ? raceSignal(promise, signal, (s) => new Aborted(abortReason(s))) : promise;
}

function summarizeErrors(observed: Record<string, number>): string {
  const entries = Object.entries(observed);
  return entries.length ? entries.map(([code, n]) => `${code} x${n}`).join(", ") : "none";
}

/**
 * What one wait polls and how one reply is judged: the loop, schedule, messages and result are the same for every
 * target. Each API family gives its own: sync-job's (`sync-job-waiter.ts`) polls
 * `DescribeSynchronizationObjectModifyStatus` judged by `checkModifyStatus`; dts-job's (`dts-job-waiter.ts`) polls
 * `DescribeDtsJobDetail` judged by `checkDtsJobDetail`. `R` is the family's reply; `view` gives its phases in the
 * one shape the loop reads.
 */
export interface PollTarget<R> {
  /** The action polled: named in error reasons and in normalized errors. */
  action: string;
  poll(callOptions: { abortSignal?: AbortSignal; maxTimeMs: number }): Promise<R>;
  /** The phases of one reply, in the shape the schedule, `onProgress` and `final` use. */
  view(reply: R): SynchronizationObjectModifyStatus;
  /** The verdict on one reply (a pure function of it). */
  accept(reply: R): AcceptorResult;
}

/** Runs the loop for one task with validated options: `target` is what is polled and how a reply is judged. */
export async function runPolling<R>(
  client: Pick<WaiterClient, "listInitializationDetails">,
  taskId: string,
  options: ResolvedWaiterOptions,
  target: PollTarget<R>,
): Promise<WaiterResult> {
  const source = target;
  const clock = options.clock ?? systemClock;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const signal = options.abortSignal;
  const start = clock.now();
  const deadline = start + options.maxWaitSeconds * 1000;
  const observedErrors: Record<string, number> = {};

  let polls = 0;
  let final: SynchronizationObjectModifyStatus | undefined;
  let lastVerdict: AcceptorResult | undefined;
  let lastError: DtsError | undefined;
  let finalPollDone = false;
  // What the schedule needs from the replies so far, updated poll by poll: no list of replies is kept, so a
  // multi-day wait costs the same per poll as a short one.
  const progress = new ProgressState();
  // The finish estimate shown to people (a fixed-size value, replaced reply by reply; see estimate.ts).
  let estimate: EstimateState = INITIAL_ESTIMATE;
  const estimatedFinish = (): { estimatedFinishMs?: number } => {
    const at = estimateFinishMs(estimate, clock.now());
    return at !== undefined ? { estimatedFinishMs: at } : {};
  };

  const base = (): Omit<WaiterResult, "state" | "reason" | "endedBy"> => ({
    taskId,
    ...(final ? { final } : {}),
    polls,
    elapsedMs: clock.now() - start,
    failedItems: [],
    failedTables: [],
    observedErrors,
    ...(lastError ? { lastError } : {}),
  });
  const aborted = (): WaiterResult => ({
    ...base(),
    ...estimatedFinish(),
    state: "aborted",
    endedBy: "abort",
    reason: `aborted after ${polls} poll${polls === 1 ? "" : "s"}${lastVerdict ? `; last status: ${lastVerdict.reason}` : ""}`,
  });

  /** Lists the job's tables into `result` (with `synchronizationJobId`): the failed ones and the report. */
  const collectTables = async (result: WaiterResult): Promise<WaiterResult> => {
    if (options.synchronizationJobId && client.listInitializationDetails) {
      try {
        // The listing is part of the operation: bounded by its deadline like every poll (a verdict that came late
        // still gets FINAL_POLL_MARGIN_MS), and short after a timeout. Not read in time: the tables are not checked.
        const maxTimeMs = result.state === "timeout" ? LIST_AFTER_TIMEOUT_MS : Math.max(FINAL_POLL_MARGIN_MS, deadline - clock.now());
        const callOptions = { ...(signal ? { abortSignal: signal } : {}), maxTimeMs };
        const report = await raceAbort(client.listInitializationDetails(options.synchronizationJobId, { regionId: options.regionId, ...callOptions }), signal);
        result.report = report;
        result.failedTables = failedTablesFromReport(report);
      } catch (error) {
        // The verdict stands; the missing table list is reported as not checked (never as "no table failed").
        const e = error instanceof Aborted ? undefined : normalizeError(error, { action: "DescribeInitializationStatus" });
        result.reportError = e ? `${e.code}: ${e.message}` : "aborted while collecting failed tables";
        result.tablesNotChecked = tablesNotCheckedReason(e ?? "aborted", "DescribeInitializationStatus", options.synchronizationJobId);
        if (e) observedErrors[e.code] = (observedErrors[e.code] ?? 0) + 1;
      }
    }
    result.elapsedMs = clock.now() - start;
    return result;
  };

  const finish = (verdict: AcceptorResult & { state: "success" | "failure" }): Promise<WaiterResult> =>
    collectTables({
      ...base(),
      state: verdict.state,
      endedBy: "task",
      reason: verdict.reason,
      ...(verdict.failedPhase ? { failedPhase: verdict.failedPhase } : {}),
      failedItems: verdict.failedItems,
    });

  for (let attempt = 0; ; attempt++) {
    if (signal?.aborted) return aborted();

    // 1. Poll.
    polls++;
    let status: SynchronizationObjectModifyStatus | undefined;
    let reply: R | undefined;
    try {
      // The call gets the signal (a stop closes the request in flight) and what is left of the deadline as its
      // budget; the final poll is made FINAL_POLL_MARGIN_MS before the deadline, and one that starts late (a sleep
      // that overshot) still gets that much, so it is a real poll, not a timeout by construction.
      reply = await raceAbort(
        source.poll({ ...(signal ? { abortSignal: signal } : {}), maxTimeMs: Math.max(FINAL_POLL_MARGIN_MS, deadline - clock.now()) }),
        signal,
      );
      status = source.view(reply);
    } catch (error) {
      if (error instanceof Aborted || signal?.aborted) return aborted();
      const e = isDtsError(error) ? error : normalizeError(error, { action: source.action });
      observedErrors[e.code] = (observedErrors[e.code] ?? 0) + 1;
      // Not retryable, or unreachable before any reply with endOnUnreachable: the API ended the wait.
      if (!isRetryableError(e) || (options.endOnUnreachable && !final && isUnreachableError(e))) {
        lastError = e;
        return { ...base(), state: "failure", endedBy: "api", error: e, reason: `${source.action} failed: ${e.message}` };
      }
      lastError = e;
      progress.observe({ timeMs: clock.now() });
    }

    if (status && reply !== undefined) {
      progress.observe({ timeMs: clock.now(), status });
      estimate = observeProgress(estimate, modificationPoint(clock.now(), status));
      const changed = changedFields(final, status);
      final = status;
      options.onProgress?.({ status, poll: polls, elapsedMs: clock.now() - start, changed, ...estimatedFinish() });
      const verdict = source.accept(reply);
      lastVerdict = verdict;
      if (verdict.state !== "retry") return finish(verdict as AcceptorResult & { state: "success" | "failure" });
    }

    // 2. Decide the wait before the next poll; a final poll lands just before the deadline.
    const now = clock.now();
    const remaining = deadline - now;
    const decision = nextDelaySeconds({
      attempt: attempt + 1,
      minDelaySeconds: options.minDelaySeconds,
      maxDelaySeconds: options.maxDelaySeconds,
      random,
      history: progress,
      nowMs: now,
      progressAware: options.progressAware ?? true,
      maxIdleDelaySeconds: options.maxIdleDelaySeconds,
    });
    let delayMs = decision.delaySeconds * 1000;
    if (now + delayMs > deadline) {
      if (finalPollDone || remaining <= 0) {
        const last = lastVerdict ? lastVerdict.reason : lastError ? `no status yet (last error ${lastError.code})` : "no status yet";
        const timedOut: WaiterResult = {
          ...base(),
          ...estimatedFinish(),
          state: "timeout",
          endedBy: "deadline",
          reason: `not finished within ${options.maxWaitSeconds}s after ${polls} poll${polls === 1 ? "" : "s"}; last: ${last}; errors seen: ${summarizeErrors(observedErrors)}`,
        };
        // The tables so far still help after a deadline, but only when the task was seen at all: with no status
        // reply the endpoint is failing, and listing would only add calls past the deadline.
        return final ? collectTables(timedOut) : timedOut;
      }
      delayMs = Math.max(0, remaining - FINAL_POLL_MARGIN_MS);
      finalPollDone = true;
    }

    // 3. Sleep, unless aborted.
    if (signal?.aborted) return aborted();
    try {
      await raceAbort(sleep(delayMs, signal), signal);
    } catch (error) {
      if (error instanceof Aborted || signal?.aborted) return aborted();
      throw error;
    }
  }
}
