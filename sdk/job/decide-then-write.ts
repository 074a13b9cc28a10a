/**
 * The decide-then-write loop of both API families' decisions (sync-job: `ensureModification`; dts-job:
 * `ensureDtsJobModification`), written once with the family as its parameter: read the job; while a modification
 * runs, read again (never write meanwhile) until it ends, the deadline passes or the wait is aborted; then the family
 * decides (already in place, an earlier ambiguous write's, ...) or writes once. A write that ended without an answer
 * goes back to reading (the family remembers the job from before it, so a change seen since is taken as that
 * write's, never a blind second write); a write refused because another modification started goes back too.
 */
import { isDtsAmbiguousModifyError, isJobStatusModifyingError, type DtsAmbiguousModifyError, type DtsError } from "../errors/errors";
import { defaultSleep, systemClock } from "../time";
import type { Clock, Random, Sleep } from "../types";
import { resolvePace } from "../wait-settings";

/** The loop's options: each family's decision options carry them. */
export interface DecisionLoopOptions {
  /** Absolute deadline (clock ms) for waiting while the job is modifying. */
  deadlineMs: number;
  /** Pause between job reads while waiting, seconds (the waiter's default when absent). */
  minDelaySeconds?: number;
  /** Longest pause between job reads while waiting, seconds (the waiter's default when absent). */
  maxDelaySeconds?: number;
  /** Writes that ended ambiguously before giving up. @default 5 */
  maxAmbiguousAttempts?: number;
  abortSignal?: AbortSignal;
  clock?: Clock;
  sleep?: Sleep;
  random?: Random;
}

/** What the loop tells the family as it goes. */
export interface DecisionLoopState {
  /** Writes of this call that ended without an answer. */
  ambiguousAttempts: number;
  /** This call waited for a running modification to end. */
  waited: boolean;
  /** The loop's clock, ms. */
  now(): number;
}

/** The events the loop reports (each family's event union includes them, with its job type). */
export type DecisionLoopEvent<Job> =
  /** A job read at the top of the loop. */
  | { kind: "jobState"; job: Job }
  /** A modification runs: waiting for it (`first` on the first such read). */
  | { kind: "waitingForJob"; job: Job; elapsedMs: number; first: boolean }
  /** The write ended without an answer (attempt `attempt`): the job is read again. */
  | { kind: "ambiguous"; error: DtsAmbiguousModifyError; attempt: number }
  /** The write was refused: another modification started meanwhile. */
  | { kind: "denied"; error: DtsError };

/** One API family's side of the loop. */
export interface DecisionFamily<Job, Outcome> {
  /** The job's id, for the reason of a wait that ended while it was modifying. */
  jobId: string;
  /** Reads the job (a failure throws the family's state error, which ends the loop). */
  read(loop: DecisionLoopState): Promise<Job>;
  /** Whether the job shows a modification at work. */
  modifying(job: Job): boolean;
  /**
   * Right after the read at the top of the loop (before any waiting): an outcome that ends the decision, "readAgain"
   * (the loop pauses `minDelaySeconds` and reads again), or undefined to go on.
   */
  onRead(job: Job, loop: DecisionLoopState): Outcome | "readAgain" | undefined;
  /** The deadline passed, or the wait was aborted, while the job was still modifying (`reason` says which). */
  stillModifying(job: Job, reason: string, loop: DecisionLoopState): Outcome;
  /** The job is idle: an outcome (nothing to write), or undefined to write. */
  decide(job: Job, loop: DecisionLoopState): Outcome | undefined;
  /** The one write, on the job as last read. */
  write(job: Job, loop: DecisionLoopState): Promise<Outcome>;
  /** The write on `job` ended without an answer: remember what the job was before it. */
  ambiguous(job: Job): void;
  /** The write was refused because another modification started. */
  denied?(): void;
  onEvent?: (event: DecisionLoopEvent<Job>) => void;
}

/**
 * The pause before reading again a job whose modification runs: exponential from `minDelayMs` up to `maxDelayMs`,
 * jittered above `minDelayMs`, never past what is left of the deadline.
 */
export function rereadDelayMs(poll: number, remainingMs: number, minDelayMs: number, maxDelayMs: number, random: Random): number {
  const ceiling = Math.min(maxDelayMs, minDelayMs * 2 ** Math.min(poll, 30));
  return Math.min(remainingMs, minDelayMs + random() * (ceiling - minDelayMs));
}

/** Why a wait for a modifying job ended before the modification did. */
export function stillModifyingReason(jobId: string, aborted: boolean): string {
  return `${aborted ? "the wait was stopped" : "the deadline passed"} while job ${jobId} was still modifying its objects`;
}

/**
 * Runs the loop for `family`. Throws what the family's read and write throw, and the ambiguous-write error after
 * `maxAmbiguousAttempts` of them, or the refusal once the deadline passed.
 */
export async function decideThenWrite<Job, Outcome>(family: DecisionFamily<Job, Outcome>, options: DecisionLoopOptions): Promise<Outcome> {
  const clock = options.clock ?? systemClock;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  // The waiter's pace and defaults (one place: sdk/wait-settings.ts).
  const pace = resolvePace(options);
  const minDelay = pace.minDelaySeconds * 1000;
  const maxDelay = Math.max(minDelay, pace.maxDelaySeconds * 1000);
  const maxAmbiguous = options.maxAmbiguousAttempts ?? 5;
  const signal = options.abortSignal;
  const started = clock.now();
  const loop: DecisionLoopState = { ambiguousAttempts: 0, waited: false, now: () => clock.now() };
  const pause = (ms: number) => sleep(ms, signal).catch(() => undefined); // aborted: the loop sees it next turn

  for (;;) {
    let job = await family.read(loop);
    family.onEvent?.({ kind: "jobState", job });
    const early = family.onRead(job, loop);
    if (early === "readAgain") {
      await pause(minDelay);
      continue;
    }
    if (early !== undefined) return early;
    // 1. A modification runs: read again until it ends, never write meanwhile.
    for (let poll = 0; family.modifying(job); poll++) {
      family.onEvent?.({ kind: "waitingForJob", job, elapsedMs: clock.now() - started, first: poll === 0 });
      loop.waited = true;
      const remaining = options.deadlineMs - clock.now();
      if (remaining <= 0 || signal?.aborted) return family.stillModifying(job, stillModifyingReason(family.jobId, signal?.aborted === true), loop);
      await pause(rereadDelayMs(poll, remaining, minDelay, maxDelay, random));
      if (!signal?.aborted) job = await family.read(loop);
    }
    // 2. Nothing to write?
    const decided = family.decide(job, loop);
    if (decided !== undefined) return decided;
    // 3. One write; an ambiguous end or someone else's modification goes back to step 1.
    try {
      return await family.write(job, loop);
    } catch (error) {
      if (isDtsAmbiguousModifyError(error)) {
        loop.ambiguousAttempts++;
        family.ambiguous(job);
        family.onEvent?.({ kind: "ambiguous", error, attempt: loop.ambiguousAttempts });
        if (loop.ambiguousAttempts >= maxAmbiguous) throw error;
        continue;
      }
      if (isJobStatusModifyingError(error)) {
        family.onEvent?.({ kind: "denied", error });
        family.denied?.();
        if (clock.now() >= options.deadlineMs) throw error;
        await pause(minDelay);
        continue;
      }
      throw error;
    }
  }
}
