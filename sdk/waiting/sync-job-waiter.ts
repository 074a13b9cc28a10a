/**
 * Waiting for a modification task, modelled on `@smithy/util-waiter`: this file holds the validation and the two
 * entry points; `waiter-types.ts` the types and defaults, `poller.ts` the loop, `sync-job-acceptors.ts` the verdict of one reply.
 *
 * - `waitForObjectModification` never throws for a verdict: success, failure, timeout and abort are all results.
 * - `waitUntilObjectModificationDone` throws {@link DtsWaiterError} unless the result is success (smithy's
 *   `checkExceptions`).
 */
import { DtsInputError } from "../errors/errors";
import { formatFailure } from "./format";
import { runPolling, type PollTarget } from "./poller";
import { checkModifyStatus } from "./sync-job-acceptors";
import type { SynchronizationObjectModifyStatus } from "../types";
import { WAITER_DEFAULTS, WaiterState, type ResolvedWaiterOptions, type WaiterClient, type WaiterOptions, type WaiterResult } from "./waiter-types";
import { DtsWaiterError } from "./waiter-error";
import { paceProblems, paceProblemText, resolvePace } from "../wait-settings";

export { WAITER_DEFAULTS, WaiterState } from "./waiter-types";
export type { ResolvedWaiterOptions, WaiterClient, WaiterEnd, WaiterOptions, WaiterProgressEvent, WaiterResult } from "./waiter-types";
export { DtsWaiterError, isDtsWaiterError } from "./waiter-error";

/**
 * Validates the options (smithy's `validateWaiterOptions`), naming option and value. Unlike smithy,
 * `maxWaitSeconds` may be below `minDelaySeconds`: the wait then makes its first poll and a final one.
 *
 * @throws DtsInputError
 */
export function validateWaiterOptions(options: WaiterOptions): ResolvedWaiterOptions {
  const resolved: ResolvedWaiterOptions = { ...options, ...resolvePace(options) };
  const positive = (field: keyof WaiterOptions, value: number): void => {
    if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
      throw new DtsInputError(field, `must be a number of seconds > 0, got ${JSON.stringify(value)}`, `pass e.g. ${field}: ${WAITER_DEFAULTS.minDelaySeconds}`);
    }
  };
  positive("maxWaitSeconds", resolved.maxWaitSeconds);
  positive("minDelaySeconds", resolved.minDelaySeconds);
  positive("maxDelaySeconds", resolved.maxDelaySeconds);
  positive("maxIdleDelaySeconds", resolved.maxIdleDelaySeconds);
  const [problem] = paceProblems(options);
  if (problem) {
    const { problem: text, fix } = paceProblemText(problem);
    throw new DtsInputError(problem.field, text, fix);
  }
  return resolved;
}

/** The sync-job target: `DescribeSynchronizationObjectModifyStatus(taskId)`, judged by `checkModifyStatus`. */
export function modifyStatusTarget(client: WaiterClient, taskId: string, regionId?: string): PollTarget<SynchronizationObjectModifyStatus> {
  return {
    action: "DescribeSynchronizationObjectModifyStatus",
    poll: (callOptions) => client.describeSynchronizationObjectModifyStatus({ taskId, ...(regionId ? { regionId } : {}) }, callOptions),
    view: (status) => status,
    accept: checkModifyStatus,
  };
}

/**
 * Polls `DescribeSynchronizationObjectModifyStatus` until the task succeeds, fails, the deadline passes or the
 * signal aborts. Never throws for a verdict (only for invalid options).
 *
 * @example
 * ```ts
 * const result = await waitForObjectModification(client, taskId, { maxWaitSeconds: 1800 });
 * if (result.state !== "success") console.error(formatFailure(result));
 * ```
 */
export async function waitForObjectModification(client: WaiterClient, taskId: string, options: WaiterOptions): Promise<WaiterResult> {
  if (typeof taskId !== "string" || taskId.trim() === "") {
    throw new DtsInputError("taskId", `expected a non-empty string, got ${JSON.stringify(taskId)}`, "pass the TaskId returned by ModifySynchronizationObject");
  }
  const resolved = validateWaiterOptions(options);
  return runPolling(client, taskId, resolved, modifyStatusTarget(client, taskId, resolved.regionId));
}

/**
 * Throws {@link DtsWaiterError} (message from `formatFailure`) unless the result is success.
 */
export function checkExceptions(result: WaiterResult): WaiterResult {
  if (result.state !== WaiterState.SUCCESS) throw new DtsWaiterError(formatFailure(result), result);
  return result;
}

/**
 * Like {@link waitForObjectModification}, but throws {@link DtsWaiterError} unless the task succeeded.
 *
 * @example
 * ```ts
 * await waitUntilObjectModificationDone(client, taskId, { maxWaitSeconds: 1800 });
 * ```
 */
export async function waitUntilObjectModificationDone(client: WaiterClient, taskId: string, options: WaiterOptions): Promise<WaiterResult> {
  return checkExceptions(await waitForObjectModification(client, taskId, options));
}
