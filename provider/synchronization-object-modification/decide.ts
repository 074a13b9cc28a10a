/**
 * Whether a create (or a resume without a TaskId) needs a modification: the job state first (`ensureModification`),
 * then the task to wait for or the job's report when the change is already in place. Also the ids of resources
 * without a known task (`notask:<job>`) and the small helpers the methods share over stored properties.
 */
import type { DtsClient } from "../../sdk/client/client";
import { isDtsAmbiguousModifyError } from "../../sdk/errors/errors";
import { explainError } from "../../sdk/errors/explain";
import {
  compareObjects,
  ensureModification,
  isDtsJobStateError,
  jobProgressLine,
  jobToModifyStatus,
  noTaskNote,
  type EnsureClient,
  type EnsureEvent,
  type EnsureOutcome,
  type JobPhasesSnapshot,
} from "../../sdk/job/sync-job-state";
import type { SynchronizationJobStatus } from "../../sdk/types";
import { checkJobTables } from "../../sdk/reports/sync-job-tables-check";
import { buildStatusOutputs, jobStatusOutputs } from "../../sdk/reports/sync-job-outputs";
import { compact } from "../shared/canonical";
import { clientTokenFor } from "./token";
import type { SynchronizationObjectModificationInputs, SynchronizationObjectModificationOutputs } from "./types";
import { ModificationIncompleteError } from "../shared/incomplete-error";
import { withProvider } from "../shared/stored";
import { cancellationSignal } from "../shared/operation";
import { operationWait } from "../shared/wait-options";
import { client, describeError, hooks, log, now, resourceName } from "../shared/runtime";
import { DEFAULT_PROGRESS_INTERVAL_SECONDS, type ProviderSettings } from "../shared/settings";

/**
 * The resource id when no TaskId is known: the change was found in place (no task started), or a create ended
 * before it could tell whether its modification started. `update` and `read` recognise it.
 */
export const NO_TASK_ID_PREFIX = "notask:";

/** The least time the table verdict gets when deciding used up the operation's bound (one short call), as in wait.ts. */
const TABLE_CHECK_MIN_MS = 1000;

/** The id of a resource without a known task. */
export function noTaskId(jobId: string): string {
  return `${NO_TASK_ID_PREFIX}${jobId}`;
}

/** The task a stored resource tracks: its `taskId` output, else its id unless that is a no-task id. */
export function knownTaskId(id: string, olds: Record<string, unknown>): string | undefined {
  if (typeof olds.taskId === "string" && olds.taskId !== "") return olds.taskId;
  return id.startsWith(NO_TASK_ID_PREFIX) ? undefined : id;
}

/** What {@link decide} found: a task to wait for, or a finished result without a task. */
export type Decision = { kind: "task"; taskId: string } | { kind: "noTask"; outs: Record<string, unknown> };

/**
 * Reads the job state and starts the modification only if it is needed (`ensureModification`). Returns the task to
 * wait for, or the outputs of an in-place change (no task). Throws `ModificationIncompleteError` (id `notask:<job>`)
 * when nothing could be decided but a modification may have been requested, so the next `pulumi up` resumes here
 * instead of modifying blind; a plain Error when nothing was requested.
 */
export async function decide(
  settings: ProviderSettings,
  inputs: SynchronizationObjectModificationInputs,
  rawInputs: Record<string, unknown>,
  startedAt: number,
  resume: { earlierAttempt: boolean; priorPolls: number; before?: JobPhasesSnapshot },
): Promise<Decision> {
  const name = resourceName(inputs);
  const prefix = `[dts-objects] ${name}`;
  const jobId = inputs.synchronizationJobId;
  const dts = client(settings, inputs, prefix);
  const regionId = inputs.regionId ?? settings.regionId;
  const wait = operationWait(inputs.wait);
  const timeoutMinutes = wait.timeoutMinutes;
  const intervalMs = (settings.progressIntervalSeconds ?? DEFAULT_PROGRESS_INTERVAL_SECONDS) * 1000;
  let reads = 0;
  let lastLine = "";
  let lastLineAt = -Infinity;
  const ensureClient: EnsureClient = {
    describeSynchronizationJobStatus: (input) => {
      reads++;
      return dts.describeSynchronizationJobStatus(input);
    },
    modifySynchronizationObject: (input) => dts.modifySynchronizationObject(input),
  };
  const onEvent = (e: EnsureEvent): void => {
    if (e.kind === "waitingForJob") {
      if (e.first) {
        log(
          `${prefix}: job ${jobId} is modifying its objects (a modification is running, possibly one an earlier attempt started): ` +
            `not requesting another; waiting for it to end (wait.timeoutMinutes ${timeoutMinutes}) before deciding`,
        );
      }
      const line = jobProgressLine(e.job);
      if (line !== lastLine || now() - lastLineAt >= intervalMs) {
        log(`${prefix}: ${line}`);
        lastLine = line;
        lastLineAt = now();
      }
    } else if (e.kind === "starting") {
      log(`${prefix}: job ${jobId} ${e.job.rawStatus}; requesting the modification (${e.difference ?? "objects differ"})`);
    } else if (e.kind === "ambiguous") {
      log(
        `${prefix}: ModifySynchronizationObject ended ambiguously (${e.error.cause.code}): reading the job state again instead of retrying (attempt ${e.attempt})`,
      );
    } else if (e.kind === "denied") {
      log(`${prefix}: another modification of job ${jobId} started meanwhile (${e.error.code}): waiting for it`);
    }
  };
  const partial = (message: string, job: SynchronizationJobStatus | undefined, attempted: boolean, before?: JobPhasesSnapshot): ModificationIncompleteError => {
    const outputs = buildStatusOutputs({
      source: "job",
      note: message.split("\n")[0]!,
      ...(job ? { status: jobToModifyStatus(job) } : {}),
      tablesLeftOut: "tables left out: no task is known yet",
      startedAt,
      polls: resume.priorPolls + reads,
    });
    const outs = compact({
      ...stripProvider(inputs),
      ...outputs,
      ...(attempted ? { __modifyAttempted: true } : {}),
      ...(attempted && before ? { __jobBefore: before } : {}),
    });
    return new ModificationIncompleteError(message, noTaskId(jobId), withProvider(outs, rawInputs));
  };

  let outcome: EnsureOutcome;
  try {
    outcome = await ensureModification(ensureClient, {
      synchronizationJobId: jobId,
      synchronizationObjects: inputs.synchronizationObjects ?? [],
      ...(inputs.synchronizationDirection ? { synchronizationDirection: inputs.synchronizationDirection } : {}),
      ...(regionId ? { regionId } : {}),
      // Sent because it is harmless; the API page documents no ClientToken for this action, so nothing relies on it.
      clientToken: clientTokenFor(inputs),
      force: inputs.revision !== undefined,
      earlierAttempt: resume.earlierAttempt,
      ...(resume.before ? { before: resume.before } : {}),
      // This operation's own deadline (a resume gets a fresh one, as its wait does).
      deadlineMs: wait.deadlineMs,
      abortSignal: cancellationSignal(),
      ...wait.pace,
      onEvent,
      clock: { now },
      ...(hooks().client?.sleep ? { sleep: hooks().client!.sleep } : {}),
      ...(hooks().client?.random ? { random: hooks().client!.random } : {}),
    });
  } catch (error) {
    if (isDtsJobStateError(error)) {
      if (error.afterAmbiguous) {
        throw partial(
          `${describeError(error, prefix)}\nThe resource is saved without a TaskId: the next \`pulumi up\` reads the job state again and starts a task only if the job does not sync these objects by then.`,
          undefined,
          true,
          error.before,
        );
      }
      const explained = explainError(error, "provider") !== undefined;
      throw new Error(
        `${describeError(error, prefix)}${explained ? "" : "\nFix the access (credentials, region, endpoint, job id) and run `pulumi up` again."}`,
      );
    }
    if (isDtsAmbiguousModifyError(error)) {
      throw partial(
        `${error.message.split("\n")[0]}\nEvery ModifySynchronizationObject call ended ambiguously and the job state never showed the change. The resource is saved without a TaskId: ` +
          `the next \`pulumi up\` reads the job state first and starts a task only if none ran.`,
        undefined,
        true,
      );
    }
    throw new Error(`ModifySynchronizationObject on job ${jobId} failed: ${describeError(error, prefix)}`);
  }

  const attempted = resume.earlierAttempt || outcome.ambiguousAttempts > 0;
  if (outcome.kind === "started") {
    log(`${prefix}: started task ${outcome.taskId} on job ${jobId}`);
    return { kind: "task", taskId: outcome.taskId };
  }
  if (outcome.kind === "stillModifying") {
    throw partial(
      `Job ${jobId} was still modifying its objects when wait.timeoutMinutes (${timeoutMinutes}) ran out: no modification was requested by this run. ` +
        `Run \`pulumi up\` again: it reads the job state again and starts a task only if the job does not sync these objects by then.`,
      outcome.job,
      attempted,
      outcome.before,
    );
  }
  // In place, or a modification ran after an ambiguous call: no task known. Report the job's phases and its tables
  // (they are its latest modification's).
  const note = noTaskNote(jobId, outcome, "Set a new `revision`");
  log(`${prefix}: ${note}`);
  return reportJob(dts, inputs, rawInputs, outcome.job, note, startedAt, resume.priorPolls + reads, wait.deadlineMs);
}

/**
 * The outputs of a decided change without a task: the job's phases and tables, under `note`. A failed modification
 * or failed tables (under `failOn`) throw `ModificationIncompleteError` marked `__decided`: an unchanged `pulumi up`
 * reports the job again instead of deciding again (as it reports a failed task again), a new `revision` runs it.
 */
export async function reportJob(
  dts: DtsClient,
  inputs: SynchronizationObjectModificationInputs,
  rawInputs: Record<string, unknown>,
  job: SynchronizationJobStatus,
  note: string,
  startedAt: number,
  polls: number,
  /** When this operation must end (the decision's deadline); absent: a fresh one (an update reporting again). */
  deadlineMs: number = operationWait(inputs.wait).deadlineMs,
): Promise<Decision> {
  const jobId = inputs.synchronizationJobId;
  const regionId = inputs.regionId;
  // The table verdict (checkTables' rule, sdk/reports/sync-job-tables-check.ts), under what is left of the
  // operation's bound: a report that could not be read is "not checked", never "no table failed".
  const check = await checkJobTables(
    dts,
    { synchronizationJobId: jobId, ...(regionId ? { regionId } : {}) },
    { abortSignal: cancellationSignal(), maxTimeMs: Math.max(TABLE_CHECK_MIN_MS, deadlineMs - now()) },
  );
  const { report, tablesLeftOut } = check;
  if (tablesLeftOut) log(`[dts-objects] ${resourceName(inputs)}: ${tablesLeftOut}`);
  const { outputs, verdict, failedTables } = jobStatusOutputs({ job, note, report, ...(tablesLeftOut ? { tablesLeftOut } : {}), startedAt, now: now(), polls });
  const outs = compact({ ...stripProvider(inputs), ...outputs } satisfies SynchronizationObjectModificationOutputs);
  const failOnTables = inputs.failOn?.failedTables ?? true;
  const tablesFail = failOnTables && failedTables.length > 0;
  const tablesUnchecked = failOnTables && check.unchecked && verdict.state === "success";
  if (verdict.state === "failure" || tablesFail || tablesUnchecked) {
    const why =
      verdict.state === "failure"
        ? `the job's latest modification failed: ${verdict.reason}`
        : tablesFail
          ? `${failedTables.length} table(s) failed and failOn.failedTables is true: ${failedTables.map((t) => `${t.sourceDb}.${t.table}`).join(", ")}`
          : `its tables were not checked and failOn.failedTables is true${inputs.failOn?.failedTables === undefined ? " (the default)" : ""}: ${tablesLeftOut}`;
    const fix =
      tablesUnchecked && !tablesFail && verdict.state !== "failure"
        ? "Fix the cause and run `pulumi up` again to check the job's tables again, or set failOn: {failedTables: false} to accept a change whose tables cannot be read."
        : "Fix the cause, then set a new `revision` to run the modification again.";
    throw new ModificationIncompleteError(`${note}\nBut ${why}.\n${fix}`, noTaskId(jobId), withProvider({ ...outs, __decided: true }, rawInputs));
  }
  return { kind: "noTask", outs };
}

export function isPhasesSnapshot(value: unknown): value is JobPhasesSnapshot {
  const v = value as Record<string, unknown> | undefined;
  return !!v && typeof v === "object" && ["precheck", "structureInitialization", "dataInitialization"].every((k) => typeof v[k] === "string");
}

export function compareObjectsForNote(inputs: SynchronizationObjectModificationInputs, job: SynchronizationJobStatus): boolean {
  return compareObjects(inputs.synchronizationObjects ?? [], job.synchronizationObjects, { trustHiddenRenames: true }).same;
}

export function stripProvider(inputs: SynchronizationObjectModificationInputs): SynchronizationObjectModificationInputs {
  const { __provider: _ignored, ...rest } = inputs as SynchronizationObjectModificationInputs & { __provider?: unknown };
  return rest;
}
