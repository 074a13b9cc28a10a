/**
 * `dts-objects wait|status --initialization`: a new job's first synchronization (and, with `--caught-up`, its
 * catch-up), sync-job family with `--job <synchronizationJobId>`, dts-job family with `--dts-job <dtsJobId>`. The
 * same display, document style, exit codes and resume hint as the modification waits; never writes to DTS.
 */
import {
  checkInitialization,
  dtsJobSnapshot,
  failedTablesFromReport,
  findDtsJob,
  normalizeJobStatus,
  readAllFailedObjects,
  syncJobSnapshot,
  waitForDtsJobInitialization,
  waitForSyncJobInitialization,
  DtsNotFoundError,
  explainError,
  type CaughtUpOption,
  type DtsClient,
  type InitializationFamily,
  type InitializationWaiterOptions,
  type InitializationWaiterResult,
} from "../sdk";
import { buildInitializationOutputs, initializationWaitOutputs, type InitializationOutputs } from "../sdk/reports/initialization-outputs";
import { setRetrySink } from "./connect";
import { ExitCode, type ExitCodeValue } from "./exit-codes";
import { beginWait, endWait, exitCodeForSignal, interruptedBy } from "./interrupt";
import { escapeFields, explanationLines, field, info, isInteractive, printJson, printResult, setExitCode } from "./output";
import { PlainProgress, TtyProgress, formatDuration, type ProgressDisplay } from "./progress";
import { appendStepSummary, initializationStepSummary } from "./step-summary";
import { formatInitializationSummary } from "./summary";
import { exitCodeForResult, isApiFailure, verdictWord } from "./verdict";

/** Input of {@link runInitializationWait}. */
export interface RunInitializationInput {
  client: DtsClient;
  family: InitializationFamily;
  jobId: string;
  regionId?: string;
  timeout: number;
  minDelay: number;
  maxDelay: number;
  maxIdleDelay?: number;
  caughtUp?: CaughtUpOption;
  json: boolean;
}

/** The command that resumes waiting on the same job. */
export function initializationResumeCommand(family: InitializationFamily, jobId: string, caughtUp?: CaughtUpOption): string {
  const gate = caughtUp ? ` --caught-up ${caughtUp.maxDelaySeconds}s${caughtUp.polls !== undefined ? `/${caughtUp.polls}` : ""}` : "";
  return `dts-objects wait --initialization ${family === "sync-job" ? "--job" : "--dts-job"} ${jobId}${gate}`;
}

/** Waits, prints, writes the step summary, sets the exit code. Returns the waiter's result. */
export async function runInitializationWait(input: RunInitializationInput): Promise<InitializationWaiterResult> {
  const display: ProgressDisplay = isInteractive(process.stderr) ? new TtyProgress(process.stderr) : new PlainProgress((line) => info(field(line)));
  const startedAt = Date.now();
  const signal = beginWait();
  let result: InitializationWaiterResult;
  display.start(`${input.jobId} (first synchronization${input.caughtUp ? ", then caught up" : ""})`, input.timeout);
  setRetrySink((line) => display.note(line));
  let notStartedSaid = false;
  let lastDelay: number | undefined;
  try {
    const options: InitializationWaiterOptions = {
      maxWaitSeconds: input.timeout,
      minDelaySeconds: input.minDelay,
      maxDelaySeconds: input.maxDelay,
      ...(input.maxIdleDelay !== undefined ? { maxIdleDelaySeconds: input.maxIdleDelay } : {}),
      abortSignal: signal,
      ...(input.regionId ? { regionId: input.regionId } : {}),
      ...(input.caughtUp ? { caughtUp: input.caughtUp } : {}),
      onProgress: (event) => {
        display.update(escapeFields(event.status), event.poll, event.estimatedFinishMs);
        if (!notStartedSaid && normalizeJobStatus(event.status.status) === "notstarted") {
          notStartedSaid = true;
          display.note("the job has not started yet (waiting for it to start)");
        }
        const delay = event.status.dataSynchronization?.delay;
        if (input.caughtUp && delay !== undefined && delay !== lastDelay) {
          lastDelay = delay;
          display.note(`incremental delay ${delay}s (caught up at <= ${input.caughtUp.maxDelaySeconds}s)`);
        }
      },
    };
    result =
      input.family === "sync-job"
        ? await waitForSyncJobInitialization(input.client, input.jobId, options)
        : await waitForDtsJobInitialization(input.client, input.jobId, options);
  } finally {
    display.stop();
    setRetrySink(undefined);
    endWait();
  }
  // After a success: failed objects (dts-job) are its failed tables (2); a report not read is not checked (6).
  const code =
    result.state === "aborted"
      ? exitCodeForSignal(interruptedBy())
      : exitCodeForResult(result, {
          tablesUnchecked: Boolean(result.tablesNotChecked ?? result.failedObjectsNotChecked),
          failedObjects: result.failedObjects.length,
        });
  const outputs = initializationWaitOutputs(result, {
    startedAt,
    ...(result.state === "success" || (result.state === "failure" && !isApiFailure(result)) ? { finishedAt: Date.now() } : {}),
    ...(result.estimatedFinishMs !== undefined ? { estimatedFinishAt: result.estimatedFinishMs } : {}),
    polls: result.polls,
  });
  const resume = initializationResumeCommand(input.family, input.jobId, input.caughtUp);
  const idLabel = input.family === "sync-job" ? "SynchronizationJobId" : "DtsJobId";
  if (result.state === "aborted") {
    info(`Stopped waiting (${interruptedBy() ?? "aborted"}). The job goes on in the cloud.`);
    info(`${idLabel}: ${input.jobId}`);
    info(`Resume with: ${resume}`);
  } else if (result.state === "timeout" && code === ExitCode.Timeout) {
    info(`Timed out after ${formatDuration(input.timeout)}: ${result.reason}`);
    info(`The job goes on in the cloud. ${idLabel}: ${input.jobId}. Resume with: ${resume}`);
  } else if (code === ExitCode.ApiError || code === ExitCode.Usage) {
    const explanation = result.lastError ? explainError(result.lastError, "cli") : undefined;
    if (explanation) for (const line of explanationLines(explanation)) info(line);
    else info(`error: ${field(result.reason)}`);
    if (result.state === "timeout") info(`${idLabel}: ${input.jobId}. Resume with: ${resume}`);
  } else if (result.state !== "success") {
    info(`Failed: ${field(result.reason)}`);
  }
  if (outputs.failedLeftOut) info(`warning: ${outputs.failedLeftOut}`);
  const word = verdictWord(code, { objects: input.family === "dts-job" });
  appendStepSummary(initializationStepSummary(outputs, word, result.state === "timeout" || result.state === "aborted" ? resume : undefined));
  if (input.json) printJson(outputs);
  else if (result.snapshot || result.state !== "timeout") printResult(formatInitializationSummary(outputs, word));
  setExitCode(code);
  return result;
}

/** What one look found. */
export interface InitializationStatusInfo {
  outputs: InitializationOutputs;
  code: ExitCodeValue;
  verdict: string;
  reason: string;
}

/**
 * One look (`status --initialization`): one status call, judged by the same acceptor (no caught-up count: one
 * reply cannot hold for N); after a failure, the failed tables (sync-job: all pages) or objects (dts-job).
 */
export async function collectInitializationStatus(
  client: DtsClient,
  input: { family: InitializationFamily; jobId: string; regionId?: string },
): Promise<InitializationStatusInfo> {
  const startedAt = Date.now();
  const regionId = input.regionId ? { regionId: input.regionId } : {};
  let snapshot: ReturnType<typeof syncJobSnapshot>;
  if (input.family === "sync-job") {
    snapshot = syncJobSnapshot(input.jobId, await client.describeSynchronizationJobStatus({ synchronizationJobId: input.jobId, ...regionId }));
  } else {
    const page = await client.describeDtsJobs({ dtsJobId: input.jobId, jobType: "SYNC", withoutDbList: true, ...regionId });
    const item = findDtsJob(page, input.jobId);
    if (!item) {
      throw new DtsNotFoundError({
        code: "InvalidJobId.NotFound",
        message: `DescribeDtsJobs (JobType=SYNC) does not list the job ${input.jobId}`,
        requestId: page.requestId,
      });
    }
    snapshot = dtsJobSnapshot(item, page.requestId);
  }
  const verdict = checkInitialization(snapshot);
  let failedTables: ReturnType<typeof failedTablesFromReport> = [];
  let report: Awaited<ReturnType<DtsClient["listInitializationDetails"]>> | undefined;
  let failedObjects: Awaited<ReturnType<typeof readAllFailedObjects>>["failedObjects"] = [];
  let failedLeftOut: string | undefined;
  if (verdict.state !== "retry" && input.family === "sync-job") {
    report = await client.listInitializationDetails(input.jobId, regionId);
    failedTables = failedTablesFromReport(report);
  } else if (verdict.state === "failure" && verdict.failedPhase) {
    const code = verdict.failedPhase === "precheck" ? "01" : verdict.failedPhase === "structureInitialization" ? "02" : "03";
    const read = await readAllFailedObjects(client, { dtsJobId: input.jobId, jobCodes: [code], ...regionId });
    failedObjects = read.failedObjects;
    if (read.error) failedLeftOut = `the failed objects could not be read: ${read.error.code}: ${read.error.message}`;
  }
  const code: ExitCodeValue = verdict.state === "failure" ? ExitCode.Failed : failedTables.length > 0 ? ExitCode.FailedTables : ExitCode.Done;
  const outputs = buildInitializationOutputs({
    family: input.family,
    jobId: input.jobId,
    snapshot,
    stage: verdict.stage,
    initialized: verdict.state === "success",
    failedTables,
    ...(report ? { report } : {}),
    failedObjects,
    ...(failedLeftOut ? { failedLeftOut } : {}),
    reason: verdict.reason,
    startedAt,
    ...(verdict.state === "retry" ? {} : { finishedAt: Date.now() }),
    polls: 1,
  });
  return { outputs, code, verdict: verdict.state === "retry" ? "in progress" : verdictWord(code), reason: verdict.reason };
}

/** Prints one look (summary or `--json`), writes the step summary, sets the exit code. */
export function printInitializationStatus(result: InitializationStatusInfo, json: boolean): void {
  if (result.code !== ExitCode.Done) info(`${result.verdict}: ${field(result.reason)}`);
  appendStepSummary(initializationStepSummary(result.outputs, result.verdict));
  if (json) printJson(result.outputs);
  else printResult(formatInitializationSummary(result.outputs, result.verdict));
  setExitCode(result.code);
}
