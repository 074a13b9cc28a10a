/**
 * The wait shared by `wait` and `modify --wait`: live progress on stderr, the waiter stopped by Ctrl-C, the result
 * on stdout (summary or `--json`), and the exit code.
 */
import { tablesLeftOutReason, waitForObjectModification, type DtsClient, type WaiterResult } from "../sdk";
import { setRetrySink } from "./connect";
import { ExitCode } from "./exit-codes";
import { beginWait, endWait, exitCodeForSignal, interruptedBy } from "./interrupt";
import { buildStatusOutputs as buildOutputs } from "../sdk/reports/outputs";
import { escapeFields, explanationLines, field, info, isInteractive, printJson, printResult, setExitCode } from "./output";
import { explainError } from "../sdk";
import { PlainProgress, TtyProgress, formatDuration, type ProgressDisplay } from "./progress";
import { formatSummary } from "./summary";
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
}

/** The command that resumes waiting on the same task. */
export function resumeCommand(taskId: string, jobId?: string): string {
  return `dts-objects wait ${taskId}${jobId ? ` --job ${jobId}` : ""}`;
}

/** Waits, prints, sets the exit code. Returns the waiter's result (for tests and callers). */
export async function runWait(input: RunWaitInput): Promise<WaiterResult> {
  // A progress line is one line: anything from the API in it is escaped, line breaks included.
  const display: ProgressDisplay = isInteractive(process.stderr) ? new TtyProgress(process.stderr) : new PlainProgress((line) => info(field(line)));
  const startedAt = input.startedAt ?? Date.now();
  const signal = beginWait();
  let result: WaiterResult;
  display.start(input.taskId, input.timeout);
  setRetrySink((line) => display.note(line));
  try {
    result = await waitForObjectModification(input.client, input.taskId, {
      maxWaitSeconds: input.timeout,
      minDelaySeconds: input.minDelay,
      maxDelaySeconds: input.maxDelay,
      ...(input.maxIdleDelay !== undefined ? { maxIdleDelaySeconds: input.maxIdleDelay } : {}),
      abortSignal: signal,
      ...(input.regionId ? { regionId: input.regionId } : {}),
      ...(input.jobId ? { synchronizationJobId: input.jobId } : {}),
      onProgress: (event) => display.update(escapeFields(event.status), event.poll, event.estimatedFinishMs),
    });
  } finally {
    display.stop();
    setRetrySink(undefined);
    endWait();
  }

  // DescribeInitializationStatus reports the job's latest modification: keep the tables only when that is this task.
  const tablesLeftOut =
    input.jobId && result.final && (result.report || result.failedTables.length > 0)
      ? await tablesLeftOutReason(input.client, {
          taskId: input.taskId,
          final: result.final,
          synchronizationJobId: input.jobId,
          ...(input.regionId ? { regionId: input.regionId } : {}),
        })
      : undefined;
  if (tablesLeftOut) result = { ...result, failedTables: [] };
  const code = result.state === "aborted" ? exitCodeForSignal(interruptedBy()) : exitCodeForResult(result);
  const outputs = buildOutputs({
    taskId: input.taskId,
    status: result.final,
    failedTables: result.failedTables,
    report: result.report,
    ...(tablesLeftOut ? { tablesLeftOut } : {}),
    startedAt,
    ...(result.state === "success" || (result.state === "failure" && !isApiFailure(result)) ? { finishedAt: Date.now() } : {}),
    ...(result.estimatedFinishMs !== undefined ? { estimatedFinishAt: result.estimatedFinishMs } : {}),
    polls: result.polls,
  });

  const resume = resumeCommand(input.taskId, input.jobId);
  if (result.state === "aborted") {
    info(`Stopped waiting (${interruptedBy() ?? "aborted"}). The modification task goes on in the cloud.`);
    info(`TaskId: ${input.taskId}`);
    info(`Resume with: ${resume}`);
  } else if (result.state === "timeout" && code === ExitCode.Timeout) {
    info(`Timed out after ${formatDuration(input.timeout)}: ${result.reason}`);
    info(`The task goes on in the cloud. TaskId: ${input.taskId}. Resume with: ${resume}`);
  } else if (code === ExitCode.ApiError || code === ExitCode.Usage) {
    // No status could be read: lead with what to fix when the failure has an explanation (not the server's reply).
    const explanation = result.lastError ? explainError(result.lastError, "cli") : undefined;
    if (explanation) {
      for (const line of explanationLines(explanation)) info(line);
      if (result.state === "timeout") info(`The wait ended: ${field(result.reason)}`);
    } else {
      info(`error: ${field(result.reason)}`);
    }
    if (result.state === "timeout") info(`TaskId: ${input.taskId}. Resume with: ${resume}`);
  } else if (result.state !== "success") {
    info(`Failed: ${field(result.reason)}`);
  }
  if (result.reportError) info(`warning: failed tables could not be listed: ${result.reportError}`);

  if (input.json) printJson(outputs);
  else if (result.final || result.state !== "timeout")
    printResult(formatSummary(outputs, verdictWord(code), { listed: Boolean(result.report), jobKnown: Boolean(input.jobId) }));
  setExitCode(code);
  return result;
}
