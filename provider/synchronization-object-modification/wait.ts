/**
 * One wait on a task inside the provider: the SDK waiter with the provider's progress lines and deadline, then the
 * outputs and the message the methods throw or return (failed tables under `failOn`, an unreadable status, a
 * timeout that leaves the task running).
 */
import { isDtsNotFoundError, type DtsError } from "../../sdk/errors/errors";
import { explainError } from "../../sdk/errors/explain";
import { failedTableLine, formatFailure } from "../../sdk/waiting/format";
import { checkTables } from "../../sdk/reports/sync-job-tables-check";
import { waitForObjectModification, type WaiterResult } from "../../sdk/waiting/sync-job-waiter";
import { buildStatusOutputs } from "../../sdk/reports/sync-job-outputs";
import type { ModificationStatusOutputs, SynchronizationObjectModificationInputs } from "./types";
import { operationWait } from "../shared/wait-options";

import { cancellationSignal } from "../shared/operation";
import { client, describeError, log, now, progressReporter, resourceName } from "../shared/runtime";
import type { ProviderSettings } from "../shared/settings";

/** The least time the table verdict gets when the wait used up the operation's bound (one short call). */
const TABLE_CHECK_MIN_MS = 1000;

/** The outcome of one wait, with outputs. */
export interface WaitOutcome {
  result: WaiterResult;
  /** The task is gone (a status call said NotFound before any status was seen). */
  notFound?: DtsError;
  outputs: ModificationStatusOutputs;
  /** Success under `failOn`. */
  succeeded: boolean;
  /** Why it did not succeed (multi-line, for errors). */
  message?: string;
  /** The error that ended the wait, else the last failed status call, if any. */
  lastError?: DtsError;
}

export async function waitFor(
  settings: ProviderSettings,
  inputs: SynchronizationObjectModificationInputs,
  taskId: string,
  startedAt: number,
  priorPolls: number,
  /**
   * End the wait at once when the first status call cannot reach the endpoint (after its retries) instead of polling
   * an unreachable endpoint until the deadline (the waiter's `endOnUnreachable`): for refresh and resume, where no
   * call reached it yet in this run.
   */
  endOnUnreachable = false,
): Promise<WaitOutcome> {
  const prefix = `[dts-objects] ${resourceName(inputs)} (task ${taskId})`;
  const dts = client(settings, inputs, prefix);
  // wait.timeoutMinutes, customTimeouts (native plugin) and the engine's Cancel: see shared/wait-options.ts.
  const wait = operationWait(inputs.wait);
  const reporter = progressReporter(settings, prefix);
  const regionId = inputs.regionId ?? settings.regionId;
  const result = await waitForObjectModification(dts, taskId, {
    endOnUnreachable,
    maxWaitSeconds: wait.bound.seconds,
    abortSignal: cancellationSignal(),
    ...wait.pace,
    ...(regionId ? { regionId } : {}),
    synchronizationJobId: inputs.synchronizationJobId,
    onProgress: (e) => reporter.onStatus(e.status, e.elapsedMs, e.estimatedFinishMs),
  }).finally(() => reporter.end());
  // The error that ended the wait, else the last failed status call (a timeout that saw only errors).
  const lastError = result.error ?? result.lastError;

  if (result.state === "failure" && !result.final && isDtsNotFoundError(lastError)) {
    return { result, notFound: lastError, outputs: outputsOf(taskId, result, startedAt, priorPolls), succeeded: false };
  }

  if (result.state === "timeout" && result.reportError) log(`${prefix}: could not list the tables: ${result.reportError}`);
  // The table verdict (sdk/reports/sync-job-tables-check.ts), bounded by what is left of the operation: the tables are kept
  // only when they are this task's, and a report that could not be read is "not checked", never "none failed".
  const tables = await checkTables(
    dts,
    result,
    { taskId, synchronizationJobId: inputs.synchronizationJobId, ...(regionId ? { regionId } : {}) },
    { abortSignal: cancellationSignal(), maxTimeMs: Math.max(TABLE_CHECK_MIN_MS, wait.bound.seconds * 1000 - result.elapsedMs) },
  );
  const tablesLeftOut = tables.tablesLeftOut;
  if (tablesLeftOut) log(`${prefix}: ${tablesLeftOut}`);
  const failedTables = tables.failedTables;
  // Finished means the task was seen to succeed or fail, not that polling broke off (e.g. access denied).
  const done = (result.state === "success" || result.state === "failure") && result.final !== undefined;
  const outputs = buildStatusOutputs({
    taskId,
    status: result.final,
    failedTables,
    report: result.report,
    ...(tablesLeftOut ? { tablesLeftOut } : {}),
    startedAt,
    ...(done ? { finishedAt: now() } : {}),
    ...(!done && result.estimatedFinishMs !== undefined ? { estimatedFinishAt: result.estimatedFinishMs } : {}),
    polls: priorPolls + result.polls,
  });
  const failOnTables = inputs.failOn?.failedTables ?? true;
  const tablesFail = failOnTables && failedTables.length > 0;
  // Not checked is not "none failed": under failOn.failedTables the operation fails, keeping the TaskId.
  const tablesUnchecked = failOnTables && tables.unchecked && result.state === "success";
  const succeeded = result.state === "success" && !tablesFail && !tablesUnchecked;
  let message: string | undefined;
  const summary = formatFailure(result);
  if (result.state === "success" && tablesFail) {
    const n = failedTables.length;
    message = [
      `Modification task ${taskId} finished, but ${n} table${n === 1 ? "" : "s"} failed and failOn.failedTables is true${inputs.failOn?.failedTables === undefined ? " (the default)" : ""}:`,
      ...failedTables.map(failedTableLine),
      `Fix the tables and set a new \`revision\` to run the modification again, or set failOn: {failedTables: false} to accept them.`,
    ].join("\n");
  } else if (tablesUnchecked) {
    message = [
      `Modification task ${taskId} finished, but its tables were not checked and failOn.failedTables is true${inputs.failOn?.failedTables === undefined ? " (the default)" : ""}:`,
      `  ${tablesLeftOut}`,
      "The TaskId is saved in the state: fix the cause and run `pulumi up` again to check the tables of the same task, or set failOn: {failedTables: false} to accept a task whose tables cannot be read.",
    ].join("\n");
  } else if (result.state === "failure" && !result.final) {
    // Lead with what to fix (credentials, endpoint) when the failure has an explanation, not the server's long reply.
    const explained = lastError !== undefined ? explainError(lastError, "provider") : undefined;
    const head = explained ? `Modification task ${taskId}: no status could be read. ${describeError(lastError, prefix)}` : summary;
    message =
      `${head}\nNo status of the task could be read; its TaskId is saved in the state. Fix the access (credentials, ` +
      `region, endpoint) and run \`pulumi up\` again to resume waiting.`;
  } else if (result.state === "failure") {
    message =
      `${summary}\nThe TaskId is saved in the state. Fix the cause above, then set a new \`revision\` (or change the objects) to start a new task; ` +
      `\`pulumi up\` with unchanged inputs reports this task again.`;
  } else if (result.state === "timeout" || result.state === "aborted") {
    // No status at all before the deadline: say why the endpoint gave none.
    const explained = !result.final && lastError !== undefined ? explainError(lastError, "provider") : undefined;
    message =
      `${summary}${explained ? `\n${describeError(lastError, prefix)}` : ""}\nThe task is still running and its TaskId is saved in the state: run \`pulumi up\` again to resume waiting ` +
      (result.state === "aborted" ? "(the wait was cancelled: Ctrl-C)." : wait.boundSentence);
  }
  const verdict = succeeded
    ? `done: ${result.reason}${failedTables.length ? ` (${failedTables.length} failed table(s) accepted: failOn.failedTables is false)` : ""}`
    : tablesUnchecked
      ? "finished, tables not checked"
      : result.state === "success"
        ? `finished with ${failedTables.length} failed table(s)`
        : `${result.state}: ${result.reason}`;
  log(`${prefix}: ${verdict}`);
  return { result, outputs, succeeded, ...(message ? { message } : {}), ...(lastError !== undefined ? { lastError } : {}) };
}

export function outputsOf(taskId: string, result: WaiterResult, startedAt: number, priorPolls: number): ModificationStatusOutputs {
  return buildStatusOutputs({
    taskId,
    status: result.final,
    failedTables: result.failedTables,
    report: result.report,
    startedAt,
    polls: priorPolls + result.polls,
  });
}
