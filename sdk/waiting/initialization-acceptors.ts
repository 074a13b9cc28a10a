/**
 * The pure acceptor of a job's first synchronization, for both families: one {@link InitializationSnapshot} (one
 * `DescribeSynchronizationJobStatus` reply, or one `DescribeDtsJobs` item) plus the count of caught-up replies
 * before it -> success, failure or retry. No I/O, no clock.
 *
 * What DTS documents (research note dts-initial-sync.md §2-§4): the job statuses (NotStarted, Prechecking,
 * PrecheckFailed, Initializing/initializating, InitializeFailed, Synchronizing/synchronizing, Failed, Suspending,
 * Locked, Finished, Retrying, ...), the phase statuses (NotStarted, Migrating, Failed, Finished; DtsJob precheck
 * Checking/Finished/Failed; sync-job precheck Success/Failed), `MigrationMode` / the two switches, the delay fields
 * and their units, `RetryState`.
 * What is inferred here (no document states it):
 * - a phase the job's migration mode turns off stays NotStarted, so it is not waited for;
 * - the job is "initialized" when every phase it runs reads Finished and the job reads `synchronizing` (its
 *   steady state), or `Finished` for a job that runs no incremental phase (its end state is undocumented);
 * - `Suspending` (paused) and `Locked` do not end by themselves: they fail the wait (never a success), as does
 *   `RetryState` with `RetryTime >= MaxRetryTime` (DTS stopped retrying);
 * - the delay counts only while incremental synchronization runs (its block reads Migrating or Catched, or, without
 *   a block, the job reads synchronizing): before that a delay of 0 or -1 means nothing. A missing or negative delay
 *   is unknown, never "caught up".
 */
import { DtsInputError } from "../errors/errors";
import { normalizeJobStatus, type InitializationSnapshot } from "../wire/initialization-snapshot";
import type { InitializationPhaseStatus, PrecheckItem } from "../types";
import { PHASE_LABELS, type AcceptorResult, type ModifyPhase } from "./sync-job-acceptors";

/** `caughtUp`: after initialization, wait until the incremental delay is at most `maxDelaySeconds` for `polls` replies in a row. */
export interface CaughtUpOption {
  /** Largest incremental delay that counts as caught up, in seconds (0 to 86400). */
  maxDelaySeconds: number;
  /**
   * Replies in a row that must show it (1 to 100). Default 3.
   * @default 3
   */
  polls?: number;
}

/** Default of {@link CaughtUpOption.polls}. */
export const DEFAULT_CAUGHT_UP_POLLS = 3;

/** Where a job's first synchronization stands, as one reply shows it. */
export type InitializationStage =
  | "not-started"
  | "precheck"
  | "structure-initialization"
  | "data-initialization"
  | "starting-synchronization"
  | "initialized"
  | "catching-up"
  | "caught-up"
  | "failed";

/** What a reply is judged against besides itself. */
export interface InitializationAcceptContext {
  caughtUp?: CaughtUpOption;
  /** Replies just before this one, in a row, whose delay was within `caughtUp.maxDelaySeconds`. */
  caughtUpPolls?: number;
}

/** The verdict on one reply. */
export interface InitializationVerdict extends AcceptorResult {
  stage: InitializationStage;
  /** Replies in a row within the caught-up delay, this one included (0 when this one is not). */
  caughtUpPolls: number;
  /** The incremental phase failed or stalled (with `state: "failure"`). */
  incrementalFailed?: boolean;
}

/** Job statuses that end the wait as a failure (documented failure states, both families). */
export const INITIALIZATION_FAILED_STATUSES: ReadonlySet<string> = new Set(["precheckfailed", "initializefailed", "failed", "migrationfailed"]);
/** Job statuses that need a human (paused or locked): a failure, never a success (inferred, see the module comment). */
export const INITIALIZATION_STALLED_STATUSES: ReadonlySet<string> = new Set(["suspending", "locked"]);
/** Job statuses at or past a passed precheck: the precheck counts as passed even when its block is not sent. */
const PAST_PRECHECK: ReadonlySet<string> = new Set(["precheckpass", "initializing", "synchronizing", "modifying", "retrying", "upgrade", "downgrade"]);
const INCREMENTAL_RUNNING: ReadonlySet<string> = new Set(["migrating", "catched"]);

const same = (a: string | undefined, b: string): boolean => a !== undefined && a.trim().toLowerCase() === b.toLowerCase();

/** True when the phase is switched on (or not said to be off). */
export function phaseRuns(snapshot: InitializationSnapshot, phase: "structureInitialization" | "dataInitialization"): boolean {
  return snapshot.phases[phase] !== false;
}

/** `precheck Finished 100%, structure initialization Finished 100%, data initialization Migrating 42%` (a phase off: `off`). */
export function initializationPercentLine(s: InitializationSnapshot): string {
  const phase = (p: ModifyPhase, v: { status: string; percent: number }, on = true) => `${PHASE_LABELS[p]} ${on ? `${v.status} ${v.percent}%` : "off"}`;
  return [
    phase("precheck", s.precheck),
    phase("structureInitialization", s.structureInitialization, phaseRuns(s, "structureInitialization")),
    phase("dataInitialization", s.dataInitialization, phaseRuns(s, "dataInitialization")),
  ].join(", ");
}

function itemLine(i: PrecheckItem): string {
  return `${i.itemName}: ${i.errorMessage ?? "failed"}${i.repairMethod ? ` (repair: ${i.repairMethod})` : ""}`;
}

function fail(stage: "precheck" | ModifyPhase | undefined, reason: string, failedItems: PrecheckItem[] = [], incrementalFailed = false): InitializationVerdict {
  return {
    state: "failure",
    reason,
    ...(stage ? { failedPhase: stage } : {}),
    failedItems,
    stage: "failed",
    caughtUpPolls: 0,
    ...(incrementalFailed ? { incrementalFailed: true } : {}),
  };
}

function retry(stage: InitializationStage, reason: string, caughtUpPolls = 0): InitializationVerdict {
  return { state: "retry", reason, failedItems: [], stage, caughtUpPolls };
}

const withMessage = (what: string, message: string | undefined) => `${what}${message ? `: ${message}` : ""}`;

function phaseFailed(phase: ModifyPhase, p: InitializationPhaseStatus, s: InitializationSnapshot): InitializationVerdict {
  return fail(phase, withMessage(`${PHASE_LABELS[phase]} Failed`, p.errorMessage ?? s.errorMessage));
}

/**
 * Judges one reply (see the module comment for what is documented and what is inferred):
 * - **failure** at once on a failed precheck (an item `Failed`, the block `Failed`, or the job `PrecheckFailed`; the
 *   items with their repair methods), a failed structure or data phase, `InitializeFailed`, `Failed`,
 *   `MigrationFailed`, a failed incremental phase, a paused or locked job, DTS giving up its retries, a job
 *   `Finished` before its phases were, or `caughtUp` asked of a job with no incremental phase;
 * - **success** once every phase the job runs is `Finished` and the job reads its steady state, and, with
 *   `caughtUp`, once the delay stayed within the bound for `polls` replies in a row;
 * - **retry** otherwise, with a reason that says where the job stands (`has not started yet`, a phase and its
 *   percent, the delay).
 */
export function checkInitialization(s: InitializationSnapshot, context: InitializationAcceptContext = {}): InitializationVerdict {
  const status = normalizeJobStatus(s.status);
  const jobLine = `job ${s.status}`;

  // 1. Failures, most specific first.
  const failedItems = s.precheck.items.filter((i) => same(i.checkStatus, "Failed"));
  if (failedItems.length > 0 || same(s.precheck.status, "Failed") || status === "precheckfailed") {
    const detail = failedItems.length > 0 ? failedItems.map(itemLine).join("; ") : (s.precheck.errorMessage ?? s.errorMessage ?? "no item reported");
    return fail("precheck", `precheck Failed (${failedItems.length} item${failedItems.length === 1 ? "" : "s"}): ${detail}`, failedItems);
  }
  if (same(s.structureInitialization.status, "Failed")) return phaseFailed("structureInitialization", s.structureInitialization, s);
  if (same(s.dataInitialization.status, "Failed")) return phaseFailed("dataInitialization", s.dataInitialization, s);
  if (status === "initializefailed") {
    const phase: ModifyPhase =
      phaseRuns(s, "structureInitialization") && !same(s.structureInitialization.status, "Finished") ? "structureInitialization" : "dataInitialization";
    return fail(phase, withMessage(`${jobLine}`, s.errorMessage));
  }
  if (s.incremental && same(s.incremental.status, "Failed")) {
    return fail(undefined, withMessage("incremental synchronization Failed", s.incremental.errorMessage ?? s.errorMessage), [], true);
  }
  if (INITIALIZATION_FAILED_STATUSES.has(status)) return fail(undefined, withMessage(jobLine, s.errorMessage), [], true);
  if (INITIALIZATION_STALLED_STATUSES.has(status)) {
    return fail(undefined, withMessage(`${jobLine}: the job is paused or locked and does not go on by itself`, s.errorMessage), [], true);
  }
  const r = s.retryState;
  if (r?.retrying && r.retryTime !== undefined && r.maxRetryTime !== undefined && r.maxRetryTime > 0 && r.retryTime >= r.maxRetryTime) {
    return fail(
      undefined,
      withMessage(`DTS stopped retrying${r.module ? ` ${r.module}` : ""} after ${r.retryTime}s (max ${r.maxRetryTime}s)`, r.errMessage ?? s.errorMessage),
      [],
      true,
    );
  }

  // 2. Not started, then the phases in order (a phase the migration mode turns off is not waited for).
  const percents = initializationPercentLine(s);
  if (status === "notstarted") return retry("not-started", `${jobLine}: the job has not started yet`);
  const precheckPassed = same(s.precheck.status, "Finished") || same(s.precheck.status, "Success") || PAST_PRECHECK.has(status);
  if (!precheckPassed) return retry("precheck", `${jobLine}: ${percents}`);
  if (phaseRuns(s, "structureInitialization") && !same(s.structureInitialization.status, "Finished")) {
    return retry("structure-initialization", `${jobLine}: ${percents}`);
  }
  if (phaseRuns(s, "dataInitialization") && !same(s.dataInitialization.status, "Finished")) return retry("data-initialization", `${jobLine}: ${percents}`);

  // 3. The steady state.
  const noIncremental = s.phases.dataSynchronization === false;
  if (status === "finished" && !noIncremental) {
    return fail(undefined, `${jobLine} before incremental synchronization ran (a Finished synchronization job is released or ended)`, [], true);
  }
  const steady = status === "synchronizing" || (noIncremental && status === "finished");
  if (!steady) return retry("starting-synchronization", `initialization Finished; waiting for the job to read synchronizing (${jobLine})`);
  const initialized = `initialization Finished (${percents}); ${jobLine}`;
  const caughtUp = context.caughtUp;
  if (!caughtUp) return { state: "success", reason: initialized, failedItems: [], stage: "initialized", caughtUpPolls: 0 };

  // 4. Caught up: the delay within the bound for `polls` replies in a row, while incremental synchronization runs.
  if (noIncremental) {
    return fail(undefined, "caughtUp was asked, but the job runs no incremental synchronization (MigrationMode.DataSynchronization is false)");
  }
  const needed = caughtUp.polls ?? DEFAULT_CAUGHT_UP_POLLS;
  const running = s.incremental ? INCREMENTAL_RUNNING.has(s.incremental.status.trim().toLowerCase()) : true;
  const delay = s.delaySeconds;
  if (!running) return retry("catching-up", `initialization Finished; incremental synchronization ${s.incremental?.status ?? "not shown"}, not running yet`);
  if (delay === undefined || !Number.isFinite(delay) || delay < 0) {
    return retry("catching-up", `initialization Finished; incremental delay unknown (${delay === undefined ? "not sent" : delay}), not counted`);
  }
  if (delay > caughtUp.maxDelaySeconds) {
    return retry("catching-up", `incremental delay ${formatDelay(delay)} > ${formatDelay(caughtUp.maxDelaySeconds)} (0/${needed} replies within)`);
  }
  const streak = (context.caughtUpPolls ?? 0) + 1;
  if (streak >= needed) {
    return {
      state: "success",
      reason: `caught up: incremental delay ${formatDelay(delay)} <= ${formatDelay(caughtUp.maxDelaySeconds)} for ${streak} replies in a row; ${initialized}`,
      failedItems: [],
      stage: "caught-up",
      caughtUpPolls: streak,
    };
  }
  return retry(
    "catching-up",
    `incremental delay ${formatDelay(delay)} <= ${formatDelay(caughtUp.maxDelaySeconds)} (${streak}/${needed} replies within)`,
    streak,
  );
}

/** A delay in seconds for a reason: `4s`, `0.25s`. */
export function formatDelay(seconds: number): string {
  return `${Math.round(seconds * 1000) / 1000}s`;
}

/** Validates a {@link CaughtUpOption}, naming the field. Returns the option with `polls` resolved. */
export function resolveCaughtUp(option: CaughtUpOption | undefined): Required<CaughtUpOption> | undefined {
  if (option === undefined) return undefined;
  const { maxDelaySeconds, polls = DEFAULT_CAUGHT_UP_POLLS } = option;
  if (typeof maxDelaySeconds !== "number" || !Number.isFinite(maxDelaySeconds) || maxDelaySeconds < 0) {
    throw new CaughtUpInputError("caughtUp.maxDelaySeconds", `must be a number of seconds >= 0, got ${JSON.stringify(maxDelaySeconds)}`);
  }
  if (!Number.isInteger(polls) || polls < 1) throw new CaughtUpInputError("caughtUp.polls", `must be an integer >= 1, got ${JSON.stringify(polls)}`);
  return { maxDelaySeconds, polls };
}

class CaughtUpInputError extends DtsInputError {
  constructor(field: string, problem: string) {
    super(field, problem, "pass e.g. caughtUp: { maxDelaySeconds: 5, polls: 3 }");
  }
}
