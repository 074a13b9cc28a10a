/**
 * The `wait` input every resource takes (deadline and polling pace): its public type and the waiter's pace options
 * it gives. Its zod schema is `wait-schema.ts`: the resources' public declarations import this file, which must
 * therefore import nothing that brings in zod's declarations.
 */
import { boundSentence, DEFAULT_TIMEOUT_MINUTES, waitBound, type WaitBound, type WaitPace } from "../../sdk/wait-settings";
import { operationTimeoutSeconds } from "./operation";
import { now } from "./runtime";

/** How long and how often the provider polls the task. */
export interface WaitOptions {
  /**
   * The provider's own deadline for one operation (create, update, refresh), in minutes; fractions allowed. Default 60.
   * The resource's `customTimeouts` for the operation bound it too (the smaller of the two wins). When it passes, the
   * resource is saved with its TaskId and the next `pulumi up` resumes waiting.
   * @default 60
   */
  timeoutMinutes?: number;
  /**
   * Smallest pause between two status calls, in seconds. Default 2.
   * @default 2
   */
  minDelaySeconds?: number;
  /**
   * Largest pause between two status calls, in seconds (the pause grows from min to max). Default 30.
   * @default 30
   */
  maxDelaySeconds?: number;
  /**
   * Largest pause between two status calls while data initialization shows its end is far away, in seconds. Once
   * precheck and structure initialization are `Finished` and the percent rises steadily, the wait sleeps 10% of the
   * time to the earliest possible end, up to this, while that end is at least 30 minutes away; it comes back to
   * `maxDelaySeconds` as the end nears, when the percent stalls or goes back, or a poll fails. A multi-day data
   * initialization then costs about a tenth of the calls; a failure is seen at most one such pause late. Default 600
   * (or `maxDelaySeconds` when larger); at most 3600; equal to `maxDelaySeconds` turns this off.
   * @default 600 (or maxDelaySeconds when larger)
   */
  maxIdleDelaySeconds?: number;
}
/** The waiter's pace options from a resource's `wait` input (absent ones keep the waiter's defaults). */
export function waiterTiming(wait: WaitOptions | undefined): WaitPace {
  return {
    ...(wait?.minDelaySeconds !== undefined ? { minDelaySeconds: wait.minDelaySeconds } : {}),
    ...(wait?.maxDelaySeconds !== undefined ? { maxDelaySeconds: wait.maxDelaySeconds } : {}),
    ...(wait?.maxIdleDelaySeconds !== undefined ? { maxIdleDelaySeconds: wait.maxIdleDelaySeconds } : {}),
  };
}

/** One operation's wait, resolved once: its deadline and the bound that sets it, the pace, and the words for the bound. */
export interface OperationWait {
  /** `wait.timeoutMinutes`, or its default. */
  timeoutMinutes: number;
  /** The smaller of `wait.timeoutMinutes` and the engine's `customTimeouts` (native plugin). */
  bound: WaitBound;
  /** Clock ms when this operation's wait (and decision) must end: a resume gets a fresh one. */
  deadlineMs: number;
  /** The given pace (absent settings keep the waiter's defaults). */
  pace: WaitPace;
  /** Names the bound, for the message of a wait it ended: `(wait.timeoutMinutes is 60).` */
  boundSentence: string;
}

/** The wait of the operation in flight, for `wait` (the resource's input). */
export function operationWait(wait: WaitOptions | undefined): OperationWait {
  const timeoutMinutes = wait?.timeoutMinutes ?? DEFAULT_TIMEOUT_MINUTES;
  const bound = waitBound(timeoutMinutes, operationTimeoutSeconds());
  return { timeoutMinutes, bound, deadlineMs: now() + bound.seconds * 1000, pace: waiterTiming(wait), boundSentence: boundSentence(bound, timeoutMinutes) };
}
