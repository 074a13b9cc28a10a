/**
 * Deciding before writing, for `DtsJobModification`: `ensureDtsJobModification` within the operation's deadline,
 * with the provider's lines, and what the state keeps when nothing could be settled (the subtasks before a write
 * whose answer was lost). See impl.ts for the markers a resume reads.
 */
import { isDtsAmbiguousModifyError } from "../../sdk/errors/errors";
import { ensureDtsJobModification, type EnsureDtsJobOutcome } from "../../sdk/job/dts-job-state";
import { buildDtsJobStatusOutputs } from "../../sdk/reports/dts-job-outputs";
import { currentSubJob, dtsJobView } from "../../sdk/waiting/dts-job-acceptors";
import { checkFailedObjects, type FailedObjectsCheck } from "../../sdk/waiting/dts-job-waiter";
import type { DtsJobDetail } from "../../sdk/wire/dts-job-types";
import { compact } from "../shared/canonical";
import { withProvider } from "../shared/stored";
import { ModificationIncompleteError } from "../shared/incomplete-error";
import { cancellationSignal } from "../shared/operation";
import { operationWait } from "../shared/wait-options";
import { client, describeError, log, now } from "../shared/runtime";
import type { ProviderSettings } from "../shared/settings";
import { dtsJobClientToken } from "./inputs";
import type { DtsJobChange, DtsJobModificationInputs } from "./types";
import { dtsJobPrefix, objectsVerdict, type DtsJobPlan } from "./wait";

/** The outputs of a decision that ended without a wait (in place, or undecided), from the job's last reply. */
export function jobOutputs(job: DtsJobDetail | undefined, note: string, startedAt: number, polls: number, finished: boolean, objects?: FailedObjectsCheck) {
  const view = job ? dtsJobView(job) : undefined;
  const sub = job ? currentSubJob(job) : undefined;
  return buildDtsJobStatusOutputs({
    ...(job ? { jobStatus: job.status } : {}),
    ...(view ? { view } : {}),
    ...(sub ? { subJobId: sub.dtsJobId } : {}),
    ...(objects
      ? {
          failedObjects: objects.failedObjects,
          ...(objects.failedObjectsError ? { failedObjectsError: objects.failedObjectsError } : {}),
          ...(objects.failedObjectsNotChecked ? { failedObjectsNotChecked: objects.failedObjectsNotChecked } : {}),
        }
      : {}),
    note,
    startedAt,
    ...(finished ? { finishedAt: now() } : {}),
    polls,
  });
}

/** What {@link decideDtsJob} found. */
export type DtsJobDecision =
  | { kind: "wait"; plan: DtsJobPlan; change: DtsJobChange; reads: number }
  | { kind: "inPlace"; outs: Record<string, unknown>; reads: number };

/**
 * Reads the job and writes only if needed (`ensureDtsJobModification`), within the operation's deadline. Throws a
 * `ModificationIncompleteError` (the resource saved, id the job) when a write may have run but nothing settled it,
 * or another client's change outlasted the deadline; a plain Error when nothing was written.
 */
export async function decideDtsJob(
  settings: ProviderSettings,
  inputs: DtsJobModificationInputs,
  raw: Record<string, unknown>,
  startedAt: number,
  resume: { baselineSubJobIds?: string[]; priorPolls: number },
): Promise<DtsJobDecision> {
  const prefix = dtsJobPrefix(inputs);
  const dts = client(settings, inputs, prefix);
  const wait = operationWait(inputs.wait);
  let reads = 0;
  let lastJob: DtsJobDetail | undefined;
  // The subtasks before the latest write: what a resume compares with when that write's answer was lost.
  let beforeWrite: string[] | undefined;
  let attempted = resume.baselineSubJobIds !== undefined;
  let baseline = resume.baselineSubJobIds;
  const partial = (message: string, change: DtsJobChange): ModificationIncompleteError => {
    const outs = compact({
      ...inputs,
      change,
      ...jobOutputs(lastJob, message.split("\n")[0]!, startedAt, resume.priorPolls + reads, false),
      ...(attempted ? { __modifyAttempted: true, __baselineSubJobIds: baseline ?? [] } : {}),
    });
    return new ModificationIncompleteError(message, inputs.dtsJobId, withProvider(outs, raw));
  };
  let outcome: EnsureDtsJobOutcome;
  try {
    outcome = await ensureDtsJobModification(dts, {
      dtsJobId: inputs.dtsJobId,
      ...(inputs.dtsInstanceId ? { dtsInstanceId: inputs.dtsInstanceId } : {}),
      ...(inputs.waitOnly ? { waitOnly: true } : { dbList: inputs.dbList as string }),
      ...(inputs.synchronizationDirection ? { synchronizationDirection: inputs.synchronizationDirection } : {}),
      ...((inputs.regionId ?? settings.regionId) ? { regionId: (inputs.regionId ?? settings.regionId) as string } : {}),
      clientToken: dtsJobClientToken(inputs),
      ...(resume.baselineSubJobIds ? { baselineSubJobIds: resume.baselineSubJobIds } : {}),
      deadlineMs: wait.deadlineMs,
      ...wait.pace,
      abortSignal: cancellationSignal(),
      clock: { now },
      onEvent: (e) => {
        if (e.kind === "jobState") {
          reads++;
          lastJob = e.job;
        } else if (e.kind === "waitingForJob") {
          lastJob = e.job;
          if (e.first)
            log(`${prefix}: a modification runs on the job (status ${e.job.status}): waiting for it to end before deciding; nothing is written meanwhile`);
        } else if (e.kind === "starting") {
          beforeWrite = e.job.subSyncJobs.map((s) => s.dtsJobId);
          log(`${prefix}: the job's objects differ from dbList: sending ModifyDtsJob (the complete list replaces the job's)`);
        } else if (e.kind === "ambiguous") {
          attempted = true;
          baseline = beforeWrite ?? baseline ?? [];
          log(`${prefix}: ModifyDtsJob ended without an answer (${e.error.code}); reading the job state to learn whether it ran (no blind retry)`);
        } else if (e.kind === "denied") {
          log(`${prefix}: ModifyDtsJob refused: another modification runs (${e.error.code}); waiting for it`);
        }
      },
    });
  } catch (error) {
    if (isDtsAmbiguousModifyError(error) || attempted) {
      throw partial(
        `${describeError(error, prefix)}\nA ModifyDtsJob of this resource may have run: the state keeps the job's subtasks from before it, and the next \`pulumi up\` ` +
          "takes any change seen since as that write's (nothing is written blind).",
        "undecided",
      );
    }
    throw new Error(`DTS job ${inputs.dtsJobId}: ${describeError(error, prefix)}\nNothing was written.`);
  }
  switch (outcome.kind) {
    case "inPlace": {
      const note = `No write: DTS job ${inputs.dtsJobId} already has this dbList${outcome.waited ? " (after the modification that ran had ended)" : ""}.`;
      log(`${prefix}: ${note}`);
      // Decided: nothing to wait for (the phases shown are the job's latest subtask's, if any); its failed objects are
      // read and judged as after a change's success.
      return {
        kind: "inPlace",
        outs: await inPlaceVerdict(settings, inputs, raw, outcome.job, note, startedAt, resume.priorPolls + reads, wait.deadlineMs),
        reads,
      };
    }
    case "stillModifying":
      throw partial(`${outcome.reason}\nNothing was written; the next \`pulumi up\` waits for that modification and then decides again.`, "undecided");
    case "started":
      log(`${prefix}: ModifyDtsJob accepted (RequestId ${outcome.requestId}); waiting for precheck, structure and data initialization`);
      return { kind: "wait", plan: { settledSubJobIds: outcome.settledSubJobIds, sawModification: false }, change: "modified", reads };
    case "ranAfterAmbiguous":
      log(`${prefix}: a modification was seen after the ambiguous ModifyDtsJob: taken as that write's; waiting for it (not written again)`);
      return { kind: "wait", plan: { settledSubJobIds: outcome.settledSubJobIds, sawModification: true }, change: "modified", reads };
    case "waitOnly":
      log(
        outcome.running
          ? `${prefix}: waitOnly: a modification runs (job ${outcome.job.status}); waiting for it to finish`
          : `${prefix}: waitOnly: no modification runs now; reporting the job's latest one${outcome.job.subSyncJobs.length > 0 ? "" : " (none shown: waiting until the job reads synchronizing with no subtask for a few replies)"}`,
      );
      return { kind: "wait", plan: { settledSubJobIds: outcome.settledSubJobIds, sawModification: outcome.sawModification }, change: "external", reads };
  }
}

/**
 * The outputs of a change found in place (no write, no wait): the job's latest subtask's failed objects read as after
 * a change's success (`checkFailedObjects`: JobCodes 02/03, within what is left of the operation's bound, at least
 * one short call) and judged by `objectsVerdict` under `failOn.failedObjects`. Never "none failed" without a read:
 * a read that failed is `failedObjectsLeftOut: "failed objects not checked: ..."`. Throws a
 * `ModificationIncompleteError` keeping the outputs when the verdict fails, so the next `pulumi up` reads again
 * (`recheckInPlace`), writing nothing.
 */
export async function inPlaceVerdict(
  settings: ProviderSettings,
  inputs: DtsJobModificationInputs,
  raw: Record<string, unknown>,
  job: DtsJobDetail,
  note: string,
  startedAt: number,
  polls: number,
  deadlineMs: number,
): Promise<Record<string, unknown>> {
  const prefix = dtsJobPrefix(inputs);
  const sub = currentSubJob(job);
  const regionId = inputs.regionId ?? settings.regionId;
  const objects = await checkFailedObjects(client(settings, inputs, prefix), {
    dtsJobId: inputs.dtsJobId,
    ...(sub ? { subJobId: sub.dtsJobId } : {}),
    jobCodes: ["02", "03"],
    succeeded: true,
    ...(regionId ? { regionId } : {}),
    abortSignal: cancellationSignal(),
    maxTimeMs: Math.max(IN_PLACE_OBJECTS_MIN_MS, deadlineMs - now()),
  });
  const status = jobOutputs(job, note, startedAt, polls, true, objects);
  const outs = { change: "inPlace", ...status, __succeeded: true };
  const verdict = objectsVerdict(inputs, status);
  if (verdict.message) {
    log(`${prefix}: ${verdict.objectsUnchecked ? "in place, failed objects not checked" : `in place with ${status.failedObjects.length} failed object(s)`}`);
    throw new ModificationIncompleteError(verdict.message, inputs.dtsJobId, withProvider(compact({ ...inputs, ...outs }), raw));
  }
  return outs;
}

/** The least time the in-place failed-objects read gets when the decision used up the bound (one short call). */
const IN_PLACE_OBJECTS_MIN_MS = 1000;

/**
 * A change stored in place whose failed objects were not checked: one `DescribeDtsJobDetail` read (the job's latest
 * subtask) and the failed objects read and judged again ({@link inPlaceVerdict}); nothing is written.
 */
export async function recheckInPlace(
  settings: ProviderSettings,
  inputs: DtsJobModificationInputs,
  raw: Record<string, unknown>,
  olds: Record<string, unknown>,
  startedAt: number,
  priorPolls: number,
): Promise<Record<string, unknown>> {
  const prefix = dtsJobPrefix(inputs);
  const wait = operationWait(inputs.wait);
  const regionId = inputs.regionId ?? settings.regionId;
  let job: DtsJobDetail;
  try {
    job = await client(settings, inputs, prefix).describeDtsJobDetail(
      {
        dtsJobId: inputs.dtsJobId,
        ...(inputs.dtsInstanceId ? { dtsInstanceId: inputs.dtsInstanceId } : {}),
        ...(regionId ? { regionId } : {}),
      },
      { abortSignal: cancellationSignal(), maxTimeMs: Math.max(IN_PLACE_OBJECTS_MIN_MS, wait.deadlineMs - now()) },
    );
  } catch (error) {
    // Nothing new was read: the stored outputs stand, and the next `up` tries again.
    throw new ModificationIncompleteError(
      `DTS job ${inputs.dtsJobId}: ${describeError(error, prefix)}\nThe failed objects of the change found in place are still not checked; nothing was written. Run \`pulumi up\` again.`,
      inputs.dtsJobId,
      withProvider(compact({ ...inputs, ...olds }), raw),
    );
  }
  const note = typeof olds.note === "string" ? olds.note : `No write: DTS job ${inputs.dtsJobId} already has this dbList.`;
  log(`${prefix}: the failed objects of the change found in place were not checked: reading them again (nothing is written)`);
  return compact({ ...inputs, ...(await inPlaceVerdict(settings, inputs, raw, job, note, startedAt, priorPolls + 1, wait.deadlineMs)) });
}
