/** `dts-objects status <taskId>`: one look at a modification task, no waiting. */
import { Command } from "commander";
import { z } from "zod";
import {
  buildDtsJobStatusOutputs,
  checkDtsJobDetail,
  checkModifyStatus,
  currentSubJob,
  dtsJobView,
  failedTablesFromReport,
  checkFailedObjects,
  showsModification,
  tablesLeftOutReason,
  tablesNotCheckedReason,
  TABLES_NOT_CHECKED,
  type DtsJobStatusOutputs,
  type FailedTable,
  type InitializationReport,
} from "../../sdk";
import { withConnectionOptions, withExitCodesHelp } from "../common-options";
import { connect } from "../connect";
import { ExitCode, type ExitCodeValue } from "../exit-codes";
import { ConnectionOptions, ResourceId, parseInput } from "../options";
import { buildStatusOutputs as buildOutputs, type ModificationStatusOutputs as ModificationOutputs } from "../../sdk/reports/sync-job-outputs";
import { handleError, info, printJson, printResult, setExitCode } from "../output";
import { formatDtsJobSummary, formatSummary } from "../summary";
import { collectInitializationStatus, printInitializationStatus } from "../run-initialization";
import { appendStepSummary, dtsJobStepSummary, modificationStepSummary } from "../step-summary";
import { verdictWord } from "../verdict";

const StatusInput = z
  .strictObject({
    taskId: ResourceId.optional(),
    dtsJob: ResourceId.optional(),
    job: ResourceId.optional(),
    json: z.boolean().optional(),
    initialization: z.boolean().optional(),
    ...ConnectionOptions.shape,
  })
  .refine((v) => !v.initialization || v.taskId === undefined, {
    error: "--initialization looks at a job: give --job <synchronizationJobId> or --dts-job <dtsJobId>, not a <taskId>",
    path: ["taskId"],
  })
  .refine((v) => !v.initialization || v.job !== undefined || v.dtsJob !== undefined, {
    error: "--initialization needs --job <synchronizationJobId> or --dts-job <dtsJobId>",
    path: ["job"],
  })
  .refine((v) => v.initialization || v.taskId !== undefined || v.dtsJob !== undefined, {
    error: "missing required argument 'taskId' (or --dts-job <id>)",
    path: ["taskId"],
  })
  .refine((v) => v.taskId === undefined || v.dtsJob === undefined, { error: "give either a <taskId> or --dts-job <id>, not both", path: ["taskId"] })
  .refine((v) => !(v.dtsJob && v.job), { error: "--job lists the old API's tables; it does not go with --dts-job", path: ["job"] });

/**
 * `--dts-job`: one DescribeDtsJobDetail read, judged by the DtsJob acceptor. Without a baseline the subtask shown
 * (the running one, or the latest) is the modification reported. After a failure its failed check items or objects
 * are read (every DescribePreCheckStatus page, bounded: checkFailedObjects), as the wait does.
 */
export async function collectDtsJobStatus(client: Awaited<ReturnType<typeof connect>>, input: { dtsJob: string; region?: string }): Promise<DtsJobStatusInfo> {
  const startedAt = Date.now();
  const regionId = input.region ? { regionId: input.region } : {};
  const detail = await client.describeDtsJobDetail({ dtsJobId: input.dtsJob, ...regionId });
  const verdict = checkDtsJobDetail(detail, {});
  const sub = currentSubJob(detail);
  // After a failure the failed phase's objects; after a success structure and data initialization's (02/03), read
  // as the wait reads them: one that cannot be read is "not checked" (exit 6), never "none failed".
  const failed =
    verdict.state !== "retry"
      ? await checkFailedObjects(client, {
          dtsJobId: input.dtsJob,
          ...(sub ? { subJobId: sub.dtsJobId } : {}),
          ...(verdict.state === "success" ? { jobCodes: ["02", "03"] as const } : verdict.failedPhase ? { failedPhase: verdict.failedPhase } : {}),
          succeeded: verdict.state === "success",
          ...regionId,
        })
      : undefined;
  const notChecked = failed?.failedObjectsNotChecked;
  const code: ExitCodeValue =
    verdict.state === "failure"
      ? ExitCode.Failed
      : verdict.state === "success" && (failed?.failedObjects.length ?? 0) > 0
        ? ExitCode.FailedTables
        : notChecked
          ? ExitCode.TablesNotChecked
          : ExitCode.Done;
  const outputs = buildDtsJobStatusOutputs({
    jobStatus: detail.status,
    view: dtsJobView(detail),
    ...(sub ? { subJobId: sub.dtsJobId } : {}),
    sawModification: showsModification(detail),
    failedObjects: failed?.failedObjects ?? [],
    ...(failed?.failedObjectsError ? { failedObjectsError: failed.failedObjectsError } : {}),
    ...(notChecked ? { failedObjectsNotChecked: notChecked } : {}),
    startedAt,
    ...(verdict.state === "retry" ? {} : { finishedAt: Date.now() }),
    polls: 1,
  });
  return { outputs, code, verdict: verdict.state === "retry" ? "in progress" : verdictWord(code, { objects: true }), reason: verdict.reason };
}

/** What one look at a DtsJob found: {@link StatusInfo} with the DtsJob document. */
export interface DtsJobStatusInfo extends Omit<StatusInfo, "outputs"> {
  outputs: DtsJobStatusOutputs;
}

/** What one look found: the outputs document, the exit code and a phrase for it. */
export interface StatusInfo {
  outputs: ModificationOutputs;
  code: ExitCodeValue;
  verdict: string;
  reason: string;
}

/** Collects the status (and, with a job id, the failed tables). Throws SDK errors. */
export async function collectStatus(
  client: Awaited<ReturnType<typeof connect>>,
  input: { taskId?: string; job?: string; region?: string },
): Promise<StatusInfo> {
  const startedAt = Date.now();
  const regionId = input.region ? { regionId: input.region } : {};
  const taskId = input.taskId as string;
  const status = await client.describeSynchronizationObjectModifyStatus({ taskId, ...regionId });
  let report: InitializationReport | undefined;
  let failedTables: FailedTable[] = [];
  let tablesLeftOut: string | undefined;
  if (input.job) {
    // DescribeInitializationStatus reports the job's latest modification: the tables are this task's only if it is
    // that one, which the job state tells.
    tablesLeftOut = await tablesLeftOutReason(client, { taskId, final: status, synchronizationJobId: input.job, ...regionId });
    if (!tablesLeftOut) {
      try {
        report = await client.listInitializationDetails(input.job, regionId);
        failedTables = failedTablesFromReport(report);
      } catch (error) {
        // The phases were read; the tables were not: say so (and exit 6 once the phases are done), never zeros.
        tablesLeftOut = tablesNotCheckedReason(error, "DescribeInitializationStatus", input.job);
      }
    }
  }
  const verdict = checkModifyStatus(status);
  const unchecked = tablesLeftOut?.startsWith(TABLES_NOT_CHECKED) === true;
  const code: ExitCodeValue =
    verdict.state === "failure"
      ? ExitCode.Failed
      : failedTables.length > 0
        ? ExitCode.FailedTables
        : unchecked && verdict.state === "success"
          ? ExitCode.TablesNotChecked
          : ExitCode.Done;
  const word =
    verdict.state === "retry" && code === ExitCode.Done ? "in progress" : verdict.state === "retry" ? "in progress, tables failed" : verdictWord(code);
  const outputs = buildOutputs({
    taskId,
    status,
    failedTables,
    report,
    ...(tablesLeftOut ? { tablesLeftOut } : {}),
    startedAt,
    ...(verdict.state === "retry" ? {} : { finishedAt: Date.now() }),
    polls: 1,
  });
  return { outputs, code, verdict: word, reason: verdict.reason };
}

export const status = withExitCodesHelp(
  withConnectionOptions(
    new Command("status")
      .description("one look at a modification task: phases, failed check items with their repair method, failed tables")
      .argument("[taskId]", "the TaskId returned by ModifySynchronizationObject")
      .option("--dts-job <dtsJobId>", "instead of a TaskId: the running or latest modification of a job managed through the DtsJob API")
      .option("--job <jobId>", "the synchronization job id: also list failed tables (all pages)")
      .option("--initialization", "instead of a modification: the job's first synchronization, of --job <synchronizationJobId> or --dts-job <dtsJobId>"),
  )
    .option("--json", "print one JSON document (the provider's outputs) on stdout")
    .addHelpText("after", "\nstatus exits 0 while the task is still running; 1 or 2 once something failed."),
).action(async (taskId: string | undefined, _options: unknown, command: Command) => {
  try {
    const input = parseInput(command, StatusInput, { ...(taskId !== undefined ? { taskId } : {}), ...command.opts() });
    const client = await connect(input);
    if (input.initialization) {
      const family = input.dtsJob !== undefined ? "dts-job" : "sync-job";
      const jobId = (input.dtsJob ?? input.job) as string;
      printInitializationStatus(
        await collectInitializationStatus(client, { family, jobId, ...(input.region ? { regionId: input.region } : {}) }),
        Boolean(input.json),
      );
      return;
    }
    if (input.dtsJob) {
      const result = await collectDtsJobStatus(client, { dtsJob: input.dtsJob, region: input.region });
      if (result.code !== ExitCode.Done) info(`${result.verdict}: ${result.reason}`);
      appendStepSummary(dtsJobStepSummary(input.dtsJob, result.outputs, result.verdict));
      if (input.json) printJson(result.outputs);
      else printResult(formatDtsJobSummary(input.dtsJob, result.outputs, result.verdict));
      setExitCode(result.code);
      return;
    }
    const result = await collectStatus(client, input);
    if (result.code !== ExitCode.Done) info(`${result.verdict}: ${result.reason}`);
    appendStepSummary(modificationStepSummary(result.outputs, result.verdict));
    if (input.json) printJson(result.outputs);
    else printResult(formatSummary(result.outputs, result.verdict, { listed: Boolean(input.job), jobKnown: Boolean(input.job) }));
    setExitCode(result.code);
  } catch (error) {
    handleError(error, "dts-objects status");
  }
});
