/**
 * The wait shared by `wait` and `modify --wait`: live progress on stderr, the waiter stopped by Ctrl-C, the result
 * on stdout (summary or `--json`), and the exit code.
 */
import {
  checkTables,
  dtsJobWaitOutputs,
  ensureDtsJobModification,
  waitForDtsJobModification,
  waitForObjectModification,
  type DtsClient,
  type DtsJobWaiterResult,
  type WaiterOptions,
  type WaiterResult,
} from "../sdk";
import { setRetrySink } from "./connect";
import { ExitCode } from "./exit-codes";
import { beginWait, endWait, exitCodeForSignal, interruptedBy } from "./interrupt";
import { buildStatusOutputs as buildOutputs } from "../sdk/reports/sync-job-outputs";
import { escapeFields, explanationLines, field, info, isInteractive, printJson, printResult, setExitCode } from "./output";
import { explainError } from "../sdk";
import { PlainProgress, TtyProgress, formatDuration, type ProgressDisplay } from "./progress";
import { formatDtsJobSummary, formatSummary } from "./summary";
import { appendStepSummary, dtsJobStepSummary, modificationStepSummary } from "./step-summary";
import { exitCodeForResult, isApiFailure, verdictWord } from "./verdict";

/** Input of {@link runWait}. */
export interface RunWaitInput {
  client: DtsClient;
  taskId: string;
  jobId?: string;
  regionId?: string;
  /** Seconds. */
  timeout: number;
  minDelay: number;
  maxDelay: number;
  /** Seconds; absent: the waiter's default. */
  maxIdleDelay?: number;
  json: boolean;
  /** When the command started (modify: before the task was created). */
  startedAt?: number;
  /**
   * `taskId` is a DtsJobId (`--dts-job`): wait for the modification that runs on a job managed through the DtsJob
   * API (DescribeDtsJobDetail), with the same loop, progress, outputs and exit codes.
   */
  dtsJob?: boolean;
}

/** The least time the table verdict gets when the wait itself used up `--timeout` (one short call). */
const TABLE_CHECK_MIN_MS = 1000;

/** The command that resumes waiting on the same task. */
export function resumeCommand(taskId: string, jobId?: string, dtsJob = false): string {
  if (dtsJob) return `dts-objects wait --dts-job ${taskId}`;
  return `dts-objects wait ${taskId}${jobId ? ` --job ${jobId}` : ""}`;
}

/**
 * `--dts-job`: read the job once with its subtask history (which subtasks are an earlier modification's, whether one
 * runs now: `ensureDtsJobModification` with `waitOnly`, which never writes), then the DtsJob waiter.
 *
 * When none runs, the job's latest subtask is the modification waited on (what `status --dts-job` reports too), so
 * a change that ended before the command ran is reported with its own phases and verdict, a failed one as failed,
 * as `wait <taskId>` does for an ended task; only the subtasks before it are settled. With no subtask shown at all
 * the wait ends on quiet replies, and the document's note says the phases are the job's.
 */
async function waitDtsJob(client: DtsClient, dtsJobId: string, options: WaiterOptions): Promise<DtsJobWaiterResult> {
  const plan = await ensureDtsJobModification(client, {
    dtsJobId,
    waitOnly: true,
    deadlineMs: Date.now() + options.maxWaitSeconds * 1000,
    ...(options.regionId ? { regionId: options.regionId } : {}),
  });
  // When none runs, the plan settles only the subtasks before the latest (ensureDtsJobModification's waitOnly rule).
  return waitForDtsJobModification(client, dtsJobId, { ...options, settledSubJobIds: plan.settledSubJobIds, sawModification: plan.sawModification });
}

/** Waits, prints, sets the exit code. Returns the waiter's result (for tests and callers). */
export async function runWait(input: RunWaitInput): Promise<WaiterResult> {
  // A progress line is one line: anything from the API in it is escaped, line breaks included.
  const display: ProgressDisplay = isInteractive(process.stderr) ? new TtyProgress(process.stderr) : new PlainProgress((line) => info(field(line)));
  const startedAt = input.startedAt ?? Date.now();
  const signal = beginWait();
  const startedWaitAt = Date.now();
  let result: WaiterResult;
  let dtsJobResult: DtsJobWaiterResult | undefined;
  display.start(input.taskId, input.timeout);
  setRetrySink((line) => display.note(line));
  try {
    const options: WaiterOptions = {
      maxWaitSeconds: input.timeout,
      minDelaySeconds: input.minDelay,
      maxDelaySeconds: input.maxDelay,
      ...(input.maxIdleDelay !== undefined ? { maxIdleDelaySeconds: input.maxIdleDelay } : {}),
      abortSignal: signal,
      ...(input.regionId ? { regionId: input.regionId } : {}),
      ...(input.jobId ? { synchronizationJobId: input.jobId } : {}),
      onProgress: (event) => display.update(escapeFields(event.status), event.poll, event.estimatedFinishMs),
    };
    if (input.dtsJob) result = dtsJobResult = await waitDtsJob(input.client, input.taskId, options);
    else result = await waitForObjectModification(input.client, input.taskId, options);
  } finally {
    display.stop();
    setRetrySink(undefined);
  }

  // The table verdict, still under --timeout and the signal handlers: DescribeInitializationStatus reports the job's
  // latest modification (kept only when that is this task), and a report that could not be read is "not checked".
  let check: Awaited<ReturnType<typeof checkTables>>;
  try {
    check = await checkTables(
      input.client,
      result,
      { taskId: input.taskId, ...(input.jobId ? { synchronizationJobId: input.jobId } : {}), ...(input.regionId ? { regionId: input.regionId } : {}) },
      { abortSignal: signal, maxTimeMs: Math.max(TABLE_CHECK_MIN_MS, startedWaitAt + input.timeout * 1000 - Date.now()) },
    );
  } finally {
    endWait();
  }
  const tablesLeftOut = check.tablesLeftOut;
  if (tablesLeftOut) result = { ...result, failedTables: check.failedTables };
  const signalled = interruptedBy();
  // --dts-job: the failed objects after a success are its failed tables (DescribePreCheckStatus 02/03), and one
  // that could not be read is not checked (exit 6), the same rule as the table report.
  const objectsNotChecked = dtsJobResult?.failedObjectsNotChecked;
  const code =
    result.state === "aborted" || signalled
      ? exitCodeForSignal(signalled)
      : exitCodeForResult(result, {
          tablesUnchecked: check.unchecked || objectsNotChecked !== undefined,
          failedObjects: dtsJobResult?.failedObjects.length ?? 0,
        });
  const times = {
    startedAt,
    ...(result.state === "success" || (result.state === "failure" && !isApiFailure(result)) ? { finishedAt: Date.now() } : {}),
    ...(result.estimatedFinishMs !== undefined ? { estimatedFinishAt: result.estimatedFinishMs } : {}),
    polls: result.polls,
  };
  // A DtsJob wait has its own document (no TaskId: the job, the subtask, the failed objects).
  const outputs = dtsJobResult
    ? dtsJobWaitOutputs(dtsJobResult, times)
    : buildOutputs({
        taskId: input.taskId,
        status: result.final,
        failedTables: result.failedTables,
        report: result.report,
        ...(tablesLeftOut ? { tablesLeftOut } : {}),
        ...times,
      });

  const resume = resumeCommand(input.taskId, input.jobId, input.dtsJob);
  const idLabel = input.dtsJob ? "DtsJobId" : "TaskId";
  if (result.state === "aborted" || signalled) {
    info(`Stopped waiting (${interruptedBy() ?? "aborted"}). The modification task goes on in the cloud.`);
    info(`${idLabel}: ${input.taskId}`);
    info(`Resume with: ${resume}`);
  } else if (result.state === "timeout" && code === ExitCode.Timeout) {
    info(`Timed out after ${formatDuration(input.timeout)}: ${result.reason}`);
    info(`The task goes on in the cloud. ${idLabel}: ${input.taskId}. Resume with: ${resume}`);
  } else if (code === ExitCode.ApiError || code === ExitCode.Usage) {
    // No status could be read: lead with what to fix when the failure has an explanation (not the server's reply).
    const explanation = result.lastError ? explainError(result.lastError, "cli") : undefined;
    if (explanation) {
      for (const line of explanationLines(explanation)) info(line);
      if (result.state === "timeout") info(`The wait ended: ${field(result.reason)}`);
    } else {
      info(`error: ${field(result.reason)}`);
    }
    if (result.state === "timeout") info(`${idLabel}: ${input.taskId}. Resume with: ${resume}`);
  } else if (result.state !== "success") {
    info(`Failed: ${field(result.reason)}`);
  }
  if (check.unchecked && tablesLeftOut) info(`warning: ${field(tablesLeftOut)}`);
  else if (objectsNotChecked) info(`warning: ${field(objectsNotChecked)}`);
  else if (result.reportError) info(`warning: failed tables could not be listed: ${result.reportError}`);
  const unfinished = result.state === "timeout" || result.state === "aborted" ? resume : undefined;
  appendStepSummary(
    "jobStatus" in outputs
      ? dtsJobStepSummary(input.taskId, outputs, verdictWord(code, { objects: Boolean(dtsJobResult) }), unfinished)
      : modificationStepSummary(outputs, verdictWord(code, { objects: Boolean(dtsJobResult) }), unfinished),
  );

  if (input.json) printJson(outputs);
  else if (result.final || result.state !== "timeout")
    printResult(
      "jobStatus" in outputs
        ? formatDtsJobSummary(input.taskId, outputs, verdictWord(code, { objects: Boolean(dtsJobResult) }))
        : formatSummary(outputs, verdictWord(code, { objects: Boolean(dtsJobResult) }), { listed: Boolean(result.report), jobKnown: Boolean(input.jobId) }),
    );
  setExitCode(code);
  return result;
}
