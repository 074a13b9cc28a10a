/**
 * `dts-objects modify <jobId> --objects file.json`: read the job state, then start a modification only if it is
 * needed (`ensureModification`), optionally wait.
 */
import { randomUUID } from "node:crypto";
import { Command, Option } from "commander";
import { z } from "zod";
import { checkJobTables, ensureModification, jobProgressLine, noTaskNote, type EnsureOutcome } from "../../sdk";
import { withConnectionOptions, withExitCodesHelp, withWaitOptions } from "../common-options";
import { connect } from "../connect";
import { ExitCode } from "../exit-codes";
import { beginWait, endWait, exitCodeForSignal, interruptedBy } from "../interrupt";
import { readObjectsFile } from "../objects-file";
import { ConnectionOptions, ResourceId, WaitOptions, checkDelays, parseInput } from "../options";
import { jobStatusOutputs } from "../../sdk/reports/sync-job-outputs";
import { CLIENT_TOKEN_PATTERN, CLIENT_TOKEN_RULE } from "../../sdk/rules";
import { field, handleError, info, printJson, printResult, setExitCode } from "../output";
import { resumeCommand, runWait } from "../run-wait";
import { formatSummary } from "../summary";
import { UsageError } from "../usage-error";
import { verdictWord } from "../verdict";

const ModifyInput = z.strictObject({
  jobId: ResourceId,
  objects: z.string().trim().min(1, { message: "must name a JSON file" }),
  direction: z.enum(["Forward", "Reverse"], { message: "must be Forward or Reverse" }).optional(),
  clientToken: z.string().regex(CLIENT_TOKEN_PATTERN, { message: CLIENT_TOKEN_RULE }).optional(),
  wait: z.boolean().optional(),
  force: z.boolean().optional(),
  json: z.boolean().optional(),
  ...ConnectionOptions.shape,
  ...WaitOptions.shape,
});

// --timeout also bounds the wait for a modification that is already running, so it applies without --wait too.
const WAIT_ONLY = ["minDelay", "maxDelay", "maxIdleDelay"] as const;

/** The least time the table verdict gets when deciding used up `--timeout` (one short call), as in run-wait.ts. */
const TABLE_CHECK_MIN_MS = 1000;

export const modify = withExitCodesHelp(
  withWaitOptions(
    withConnectionOptions(
      new Command("modify")
        .description(
          "change the objects a synchronization job syncs: reads the job state first (DescribeSynchronizationJobStatus), waits while " +
            "another modification runs, starts no task when the job already syncs exactly these objects, else calls ModifySynchronizationObject",
        )
        .argument("<jobId>", "the synchronization job id")
        .requiredOption("--objects <file>", 'JSON file: [{"dbName":"db","tableIncludes":[{"tableName":"t"}]}] or the wire form [{"DBName":"db",...}]')
        .addOption(new Option("--direction <direction>", "SynchronizationDirection of a two-way job").choices(["Forward", "Reverse"]))
        .option(
          "--client-token <token>",
          "ClientToken to send (1..64 ASCII; default a new UUID). Sent only: the API page documents none for this action, so nothing relies on it",
        )
        .option("--force", "start a task even when the job already syncs exactly these objects (e.g. to re-initialize)")
        .option("--wait", "wait for precheck, structure and data initialization, as `dts-objects wait` does"),
    ),
  ).option("--json", "print one JSON document on stdout ({taskId,...}; with --wait the provider's outputs)"),
).action(async (jobId: string, _options: unknown, command: Command) => {
  try {
    const input = parseInput(command, ModifyInput, { jobId, ...command.opts() });
    if (!input.wait) {
      const given = WAIT_ONLY.filter((k) => command.getOptionValueSource(k) === "cli");
      if (given.length) {
        throw new UsageError(
          given.map((k) => ({ argument: command.options.find((o) => o.attributeName() === k)!.flags, message: "only applies with --wait" })),
        );
      }
    }
    checkDelays(input);
    const startedAt = Date.now();
    const objects = readObjectsFile(input.objects);
    const client = await connect(input);
    const clientToken = input.clientToken ?? randomUUID();
    const regionId = input.region ? { regionId: input.region } : {};
    let lastLine = "";
    const signal = beginWait();
    let outcome: EnsureOutcome;
    try {
      outcome = await ensureModification(client, {
        synchronizationJobId: input.jobId,
        synchronizationObjects: objects,
        ...(input.direction ? { synchronizationDirection: input.direction } : {}),
        ...regionId,
        clientToken,
        force: Boolean(input.force),
        deadlineMs: startedAt + input.timeout * 1000,
        minDelaySeconds: input.minDelay,
        maxDelaySeconds: input.maxDelay,
        abortSignal: signal,
        onEvent: (e) => {
          if (e.kind === "waitingForJob") {
            if (e.first)
              info(
                `Job ${input.jobId} is modifying its objects (another modification runs): waiting for it to end before deciding (timeout ${input.timeout}s)`,
              );
            const line = jobProgressLine(e.job);
            if (line !== lastLine) info(`  ${line}`);
            lastLine = line;
          } else if (e.kind === "starting") {
            info(`Starting a modification on job ${input.jobId} (${e.difference ?? "objects differ"}; ClientToken ${clientToken}, sent only)`);
          } else if (e.kind === "ambiguous") {
            info(`ModifySynchronizationObject ended ambiguously (${e.error.cause.code}): reading the job state again instead of retrying`);
          } else if (e.kind === "denied") {
            info(`Another modification of job ${input.jobId} started meanwhile (${e.error.code}): waiting for it`);
          }
        },
      });
    } finally {
      endWait();
    }
    if (outcome.kind === "stillModifying") {
      const stopped = signal.aborted;
      info(`${stopped ? "Stopped" : "Timed out"}: ${outcome.reason}. No modification was requested; run the same command again later.`);
      if (input.json) printJson({ synchronizationJobId: input.jobId, started: false, jobStatus: outcome.job.rawStatus, note: outcome.reason });
      setExitCode(stopped ? exitCodeForSignal(interruptedBy()) : ExitCode.Timeout);
      return;
    }
    if (outcome.kind === "inPlace" || outcome.kind === "ranAfterAmbiguous") {
      const note = noTaskNote(input.jobId, outcome, "Pass --force");
      info(note);
      if (!input.wait) {
        if (input.json) printJson({ synchronizationJobId: input.jobId, started: false, note });
        return;
      }
      // The job's phases and tables stand for the change: reported like a task's, without a TaskId. The table
      // verdict is checkTables' rule (sdk/reports/sync-job-tables-check.ts), bounded by what is left of --timeout:
      // a report that could not be read is "not checked" (exit 6), never "no table failed".
      const tablesSignal = beginWait();
      let check: Awaited<ReturnType<typeof checkJobTables>>;
      try {
        check = await checkJobTables(
          client,
          { synchronizationJobId: input.jobId, ...regionId },
          { abortSignal: tablesSignal, maxTimeMs: Math.max(TABLE_CHECK_MIN_MS, startedAt + input.timeout * 1000 - Date.now()) },
        );
      } finally {
        endWait();
      }
      const { report, tablesLeftOut } = check;
      const { outputs, verdict, failedTables } = jobStatusOutputs({
        job: outcome.job,
        note,
        report,
        ...(tablesLeftOut ? { tablesLeftOut } : {}),
        startedAt,
        now: Date.now(),
        polls: 1,
      });
      const signalled = interruptedBy();
      const code = signalled
        ? exitCodeForSignal(signalled)
        : verdict.state === "failure"
          ? ExitCode.Failed
          : failedTables.length > 0
            ? ExitCode.FailedTables
            : check.unchecked && verdict.state === "success"
              ? ExitCode.TablesNotChecked
              : ExitCode.Done;
      if (verdict.state !== "success") info(`${verdict.state === "failure" ? "Failed" : "In progress"}: ${verdict.reason}`);
      if (check.unchecked && tablesLeftOut) info(`warning: ${field(tablesLeftOut)}`);
      if (input.json) printJson(outputs);
      else printResult(formatSummary(outputs, verdictWord(code), { listed: Boolean(report), jobKnown: true }));
      setExitCode(code);
      return;
    }
    const started = outcome;
    info(`Started modification task ${started.taskId} on job ${input.jobId} (ClientToken ${started.clientToken}, RequestId ${started.requestId})`);
    if (!input.wait) {
      info(`Wait for it with: ${resumeCommand(started.taskId, input.jobId)}`);
      if (input.json) {
        printJson({ taskId: started.taskId, synchronizationJobId: input.jobId, started: true, clientToken: started.clientToken, requestId: started.requestId });
      } else {
        printResult(started.taskId);
      }
      return;
    }
    await runWait({
      client,
      taskId: started.taskId,
      jobId: input.jobId,
      regionId: input.region,
      timeout: Math.max(1, input.timeout - (Date.now() - startedAt) / 1000),
      minDelay: input.minDelay,
      maxDelay: input.maxDelay,
      maxIdleDelay: input.maxIdleDelay,
      json: Boolean(input.json),
      startedAt,
    });
  } catch (error) {
    handleError(error, "dts-objects modify");
  }
});
