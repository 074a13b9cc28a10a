/**
 * One wait on a DtsJob modification inside the provider: the SDK's DtsJob waiter (the same loop as the first
 * resource's) with the provider's progress lines, deadline (wait.timeoutMinutes, customTimeouts, Cancel), then the
 * outputs document and the message a method throws.
 */
import type { DtsError } from "../../sdk/errors/errors";
import { isDtsNotFoundError } from "../../sdk/errors/errors";
import { explainError } from "../../sdk/errors/explain";
import { OBJECTS_NOT_CHECKED } from "../../sdk/errors/tables-not-checked";
import { dtsJobWaitOutputs, type DtsJobStatusOutputs } from "../../sdk/reports/dts-job-outputs";
import { failedObjectLine, formatFailure } from "../../sdk/waiting/format";
import { waitForDtsJobModification, type DtsJobWaiterResult } from "../../sdk/waiting/dts-job-waiter";
import { cancellationSignal } from "../shared/operation";
import { operationWait } from "../shared/wait-options";

import { client, describeError, log, now, progressReporter, resourceName } from "../shared/runtime";
import type { ProviderSettings } from "../shared/settings";
import type { DtsJobModificationInputs } from "./types";

/** What the wait is judged against: kept in the state (`__plan`) so a resume waits for the same change. */
export interface DtsJobPlan {
  /** Subtasks that are not this change's (an earlier modification's). */
  settledSubJobIds: string[];
  /** A reply (or the decision) already showed this change at work. */
  sawModification: boolean;
}

/** The outcome of one wait. */
export interface DtsJobWaitOutcome {
  result: DtsJobWaiterResult;
  outputs: DtsJobStatusOutputs;
  /** Success under `failOn`. */
  succeeded: boolean;
  /** Why not (multi-line), when it did not succeed. */
  message?: string;
  /** The job is gone (NotFound before any reply). */
  notFound?: DtsError;
  lastError?: DtsError;
}

/** The resource's name for lines and messages. */
export function dtsJobResourceName(inputs: DtsJobModificationInputs): string {
  return resourceName(inputs, "DtsJobModification");
}

/** The line prefix of a resource's lines. */
export function dtsJobPrefix(inputs: DtsJobModificationInputs): string {
  return `[dts-objects] ${dtsJobResourceName(inputs)} (DTS job ${inputs.dtsJobId})`;
}

/** How to send the change again after a failure: the resource keeps it in the state until then. */
export const RETRY_HINT =
  "Fix the cause, then run `pulumi up --replace <this resource's URN>` (or change dbList) to send the change again; `pulumi up` with unchanged inputs reports this change again.";

/**
 * The failed-objects verdict of a change that succeeded (after a wait, or found in place with no write), one rule
 * under `failOn.failedObjects` (default true): failed objects fail the operation, and so do objects not checked
 * (`failedObjectsLeftOut` starting `failed objects not checked`: never "none failed"); the message says which.
 */
export function objectsVerdict(
  inputs: DtsJobModificationInputs,
  outputs: Pick<DtsJobStatusOutputs, "failedObjects" | "failedObjectsLeftOut">,
): { objectsFail: boolean; objectsUnchecked: boolean; message?: string } {
  const failOnObjects = inputs.failOn?.failedObjects ?? true;
  const objectsFail = failOnObjects && outputs.failedObjects.length > 0;
  // Not checked is not "none failed": under failOn.failedObjects the operation fails, keeping the change.
  const objectsUnchecked = failOnObjects && !objectsFail && (outputs.failedObjectsLeftOut?.startsWith(OBJECTS_NOT_CHECKED) ?? false);
  if (objectsFail) {
    const n = outputs.failedObjects.length;
    const message = [
      `The change of DTS job ${inputs.dtsJobId} finished, but ${n} object${n === 1 ? "" : "s"} failed and failOn.failedObjects is ${inputs.failOn?.failedObjects === undefined ? "true (the default)" : "true"}:`,
      ...outputs.failedObjects.map(failedObjectLine),
      ...(outputs.failedObjectsLeftOut ? [`  (${outputs.failedObjectsLeftOut})`] : []),
      `${RETRY_HINT} Or set failOn: {failedObjects: false} to accept them.`,
    ].join("\n");
    return { objectsFail, objectsUnchecked, message };
  }
  if (objectsUnchecked) {
    const message = [
      `The change of DTS job ${inputs.dtsJobId} finished, but its failed objects were not checked and failOn.failedObjects is true${inputs.failOn?.failedObjects === undefined ? " (the default)" : ""}:`,
      `  ${outputs.failedObjectsLeftOut}`,
      "The change is kept in the state: fix the cause and run `pulumi up` again to check the failed objects of the same change (nothing is written again), " +
        "or set failOn: {failedObjects: false} to accept a change whose failed objects cannot be read.",
    ].join("\n");
    return { objectsFail, objectsUnchecked, message };
  }
  return { objectsFail, objectsUnchecked };
}

/** Waits for the change `plan` describes and builds the outputs. Never throws for a verdict. */
export async function waitForDtsJob(
  settings: ProviderSettings,
  inputs: DtsJobModificationInputs,
  plan: DtsJobPlan,
  startedAt: number,
  priorPolls: number,
  endOnUnreachable = false,
): Promise<DtsJobWaitOutcome> {
  const prefix = dtsJobPrefix(inputs);
  const dts = client(settings, inputs, prefix);
  // wait.timeoutMinutes, customTimeouts (native plugin) and the engine's Cancel: see shared/wait-options.ts.
  const wait = operationWait(inputs.wait);
  const reporter = progressReporter(settings, prefix);
  const regionId = inputs.regionId ?? settings.regionId;
  const result = await waitForDtsJobModification(dts, inputs.dtsJobId, {
    endOnUnreachable,
    maxWaitSeconds: wait.bound.seconds,
    abortSignal: cancellationSignal(),
    ...wait.pace,
    ...(regionId ? { regionId } : {}),
    ...(inputs.dtsInstanceId ? { dtsInstanceId: inputs.dtsInstanceId } : {}),
    ...(inputs.synchronizationDirection ? { synchronizationDirection: inputs.synchronizationDirection } : {}),
    settledSubJobIds: plan.settledSubJobIds,
    sawModification: plan.sawModification,
    ...(inputs.dbList !== undefined ? { expectedDbList: inputs.dbList } : {}),
    onProgress: (e) => reporter.onStatus(e.status, e.elapsedMs, e.estimatedFinishMs),
  }).finally(() => reporter.end());
  const lastError = result.error ?? result.lastError;
  // Ended means the change was seen to succeed or fail; a status call that failed for good (e.g. access denied)
  // after replies were seen ends the wait, not the change: it stays unfinished, so the next `pulumi up` polls again.
  const changeFailed = result.state === "failure" && result.endedBy === "task";
  const done = (result.state === "success" || changeFailed) && result.final !== undefined;
  const outputs = dtsJobWaitOutputs(result, {
    startedAt,
    ...(done ? { finishedAt: now() } : {}),
    ...(!done && result.estimatedFinishMs !== undefined ? { estimatedFinishAt: result.estimatedFinishMs } : {}),
    polls: priorPolls + result.polls,
  });
  if (result.state === "failure" && !result.final && isDtsNotFoundError(lastError)) {
    return { result, outputs, succeeded: false, notFound: lastError, lastError };
  }
  const objects = result.state === "success" ? objectsVerdict(inputs, outputs) : { objectsFail: false, objectsUnchecked: false };
  const { objectsUnchecked } = objects;
  const succeeded = result.state === "success" && !objects.objectsFail && !objectsUnchecked;
  const summary = formatFailure(result);
  let message: string | undefined = objects.message;
  if (message) {
    // The failed objects' verdict (objectsVerdict) says it.
  } else if (result.state === "failure" && !changeFailed) {
    const explained = lastError !== undefined ? explainError(lastError, "provider") : undefined;
    const head = explained ? `DTS job ${inputs.dtsJobId}: the status could not be read. ${describeError(lastError, prefix)}` : summary;
    message = `${head}\nThe change is kept in the state. Fix the access (credentials, region, endpoint) and run \`pulumi up\` again to resume waiting.`;
  } else if (result.state === "failure") {
    // formatFailure lists the failed check items, or the failed objects of a structure or data failure.
    message = `${summary}\nThe change is kept in the state. ${RETRY_HINT}`;
  } else if (result.state === "timeout" || result.state === "aborted") {
    const explained = !result.final && lastError !== undefined ? explainError(lastError, "provider") : undefined;
    message =
      `${summary}${explained ? `\n${describeError(lastError, prefix)}` : ""}\nThe change goes on in the cloud and is kept in the state: run \`pulumi up\` again to resume waiting (nothing is written again) ` +
      (result.state === "aborted" ? "(the wait was cancelled: Ctrl-C)." : wait.boundSentence);
  }
  log(
    `${prefix}: ${succeeded ? `done: ${result.reason}` : objectsUnchecked ? "finished, failed objects not checked" : result.state === "success" ? `finished with ${outputs.failedObjects.length} failed object(s)` : `${result.state}: ${result.reason}`}`,
  );
  return { result, outputs, succeeded, ...(message ? { message } : {}), ...(lastError !== undefined ? { lastError } : {}) };
}
