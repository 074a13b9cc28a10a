/**
 * What `DtsJobModification`'s provider methods do; the dynamic resource's serialized provider and the native plugin
 * call this one object (`__dtsJobProviderImpl`), as the first resource's do `providerImpl`. Runs in the provider
 * process only (never serialized): it may hold clients and zod schemas. Settings come from `providerImpl`'s store.
 *
 * The state keeps what a resume needs, so no step is repeated:
 * - `__plan` {settledSubJobIds, sawModification}: the change to wait for is known (this resource's `ModifyDtsJob`
 *   was accepted, or the change runs that `waitOnly` waits for, or one taken as an ambiguous write's): a resume waits
 *   for it and never writes;
 * - `__modifyAttempted` + `__baselineSubJobIds`: a write ended ambiguously and nothing settled it yet: a resume
 *   decides again with that baseline (`ensureDtsJobModification`): a change seen since is taken as that write's;
 * - neither: nothing was written; a resume decides from the job state.
 */
import { isDtsAmbiguousModifyError, isDtsNotFoundError } from "../../sdk/errors/errors";
import { ensureDtsJobModification, type EnsureDtsJobOutcome } from "../../sdk/job/dts-job-state";
import { buildDtsJobStatusOutputs, DTS_JOB_STATUS_OUTPUT_KEYS } from "../../sdk/reports/dts-job-outputs";
import { currentSubJob, dtsJobView } from "../../sdk/waiting/acceptors-dts-job";
import { compact } from "../canonical";
import { changedKeys, type CheckResult } from "../inputs";
import { ModificationIncompleteError } from "../incomplete-error";
import { cancellationSignal, operationTimeoutSeconds, waitBound } from "../operation";
import { providerImpl } from "../impl";
import { client, describeError, log, now } from "../runtime";
import { DEFAULT_TIMEOUT_MINUTES, type ProviderSettings } from "../settings";
import { checkDtsJobInputs, DTS_JOB_REPLACE_KEYS, DTS_JOB_UPDATE_KEYS, dtsJobClientToken, dtsJobInputsFromOutputs } from "./inputs";
import type { DtsJobChange, DtsJobModificationInputs } from "./types";
import { importDtsJob } from "./import";
import { dtsJobPrefix, RETRY_HINT, waitForDtsJob, type DtsJobPlan } from "./wait";
import { failedObjectLine } from "../../sdk/waiting/format";
import type { FailedObjectOutput } from "../../sdk/reports/dts-job-outputs";
import type { DtsJobDetail } from "../../sdk/wire/schemas-dts-job";

/** Hidden keys of the state that carry a resume (see the module comment). */
const MARKER_KEYS = ["__plan", "__modifyAttempted", "__baselineSubJobIds", "__succeeded"] as const;

function validated(raw: Record<string, unknown>): DtsJobModificationInputs {
  const { inputs, failures } = checkDtsJobInputs(undefined, raw);
  if (failures.length > 0) throw new Error(`Invalid inputs:\n${failures.map((f) => `  ${f.property}: ${f.reason}`).join("\n")}`);
  return { ...(inputs as unknown as DtsJobModificationInputs), __tokenSalt: (raw.__tokenSalt as string | undefined) ?? "0" };
}

function settingsOf(provider: object): ProviderSettings {
  return providerImpl.settingsOf(provider) ?? {};
}

function userInputs(inputs: DtsJobModificationInputs): Record<string, unknown> {
  return { ...inputs };
}

function withProvider(props: Record<string, unknown>, source: Record<string, unknown>): Record<string, unknown> {
  return source.__provider !== undefined ? { ...props, __provider: source.__provider } : props;
}

function startedAtOf(olds: Record<string, unknown>): number {
  const parsed = typeof olds.startedAt === "string" ? Date.parse(olds.startedAt) : NaN;
  return Number.isFinite(parsed) ? parsed : now();
}

function planOf(value: unknown): DtsJobPlan | undefined {
  if (!value || typeof value !== "object") return undefined;
  const v = value as Record<string, unknown>;
  if (!Array.isArray(v.settledSubJobIds) || !v.settledSubJobIds.every((s) => typeof s === "string")) return undefined;
  return { settledSubJobIds: v.settledSubJobIds as string[], sawModification: v.sawModification === true };
}

/** The outputs of a decision that ended without a wait (in place, or undecided), from the job's last reply. */
function jobOutputs(job: DtsJobDetail | undefined, note: string, startedAt: number, polls: number, finished: boolean) {
  const view = job ? dtsJobView(job) : undefined;
  const sub = job ? currentSubJob(job) : undefined;
  return buildDtsJobStatusOutputs({
    ...(job ? { jobStatus: job.status } : {}),
    ...(view ? { view } : {}),
    ...(sub ? { subJobId: sub.dtsJobId } : {}),
    note,
    startedAt,
    ...(finished ? { finishedAt: now() } : {}),
    polls,
  });
}

/** What {@link decideDtsJob} found. */
type DtsJobDecision =
  | { kind: "wait"; plan: DtsJobPlan; change: DtsJobChange; reads: number }
  | { kind: "inPlace"; outs: Record<string, unknown>; reads: number };

/**
 * Reads the job and writes only if needed (`ensureDtsJobModification`), within the operation's deadline. Throws a
 * `ModificationIncompleteError` (the resource saved, id the job) when a write may have run but nothing settled it,
 * or another client's change outlasted the deadline; a plain Error when nothing was written.
 */
async function decideDtsJob(
  settings: ProviderSettings,
  inputs: DtsJobModificationInputs,
  raw: Record<string, unknown>,
  startedAt: number,
  resume: { baselineSubJobIds?: string[]; priorPolls: number },
): Promise<DtsJobDecision> {
  const prefix = dtsJobPrefix(inputs);
  const dts = client(settings, inputs, prefix);
  const timeoutMinutes = inputs.wait?.timeoutMinutes ?? DEFAULT_TIMEOUT_MINUTES;
  const bound = waitBound(timeoutMinutes, operationTimeoutSeconds());
  let reads = 0;
  let lastJob: DtsJobDetail | undefined;
  // The subtasks before the latest write: what a resume compares with when that write's answer was lost.
  let beforeWrite: string[] | undefined;
  let attempted = resume.baselineSubJobIds !== undefined;
  let baseline = resume.baselineSubJobIds;
  const base = { ...userInputs(inputs) };
  const partial = (message: string, change: DtsJobChange): ModificationIncompleteError => {
    const outs = compact({
      ...base,
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
      deadlineMs: now() + bound.seconds * 1000,
      ...(inputs.wait?.minDelaySeconds !== undefined ? { minDelaySeconds: inputs.wait.minDelaySeconds } : {}),
      ...(inputs.wait?.maxDelaySeconds !== undefined ? { maxDelaySeconds: inputs.wait.maxDelaySeconds } : {}),
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
      // Decided: nothing to wait for (the phases shown are the job's latest subtask's, if any).
      return {
        kind: "inPlace",
        outs: { change: "inPlace", ...jobOutputs(outcome.job, note, startedAt, resume.priorPolls + reads, true), __succeeded: true },
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

/** The outputs `diff` reads: a change that did not end well (or has not ended) is waited for again by `update`. */
function storedSucceeded(olds: Record<string, unknown>, failOn: DtsJobModificationInputs["failOn"]): boolean {
  // `__succeeded`: the wait's own verdict (a change with no subtask shown succeeds with the job's phases, which
  // need not read Finished), before failOn.
  if (typeof olds.finishedAt !== "string" || olds.__succeeded !== true) return false;
  const failed = Array.isArray(olds.failedObjects) ? olds.failedObjects.length : 0;
  return !((failOn?.failedObjects ?? true) && failed > 0);
}

/** The status part of stored outputs (with `change` and the resume markers). */
function storedStatus(olds: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(["change", ...DTS_JOB_STATUS_OUTPUT_KEYS, ...MARKER_KEYS].filter((k) => olds[k] !== undefined).map((k) => [k, olds[k]]));
}

/** The failure an ended change recorded, said again from the stored outputs. */
function storedFailureMessage(inputs: DtsJobModificationInputs, olds: Record<string, unknown>): string {
  const sub = typeof olds.subJobId === "string" ? ` (subtask ${olds.subJobId})` : "";
  const failedItems = (olds.precheck as { failedItems?: { name: string; errorMessage?: string; repairMethod?: string }[] } | undefined)?.failedItems ?? [];
  const phases = (["precheck", "structureInitialization", "dataInitialization"] as const)
    .map((p) => [p, (olds[p] as { status?: string; errorMessage?: string } | undefined) ?? {}] as const)
    .filter(([, v]) => v.status && v.status !== "Finished")
    // The wait ends at the first failed check item, when the precheck may still read Prechecking: say it failed.
    .map(([p, v]) =>
      p === "precheck" && failedItems.length > 0
        ? `precheck failed (${failedItems.length} check item${failedItems.length === 1 ? "" : "s"})`
        : `${p} ${v.status}${v.errorMessage ? `: ${v.errorMessage}` : ""}`,
    );
  const items = failedItems.map((i) => `  ${i.name}: ${i.errorMessage ?? "failed"}${i.repairMethod ? ` (repair: ${i.repairMethod})` : ""}`);
  // Precheck items come back from DescribePreCheckStatus too (JobCode 01): each failed item said once, as wait.ts does.
  const listed = new Set(failedItems.map((i) => i.name));
  const objects = (Array.isArray(olds.failedObjects) ? (olds.failedObjects as FailedObjectOutput[]) : [])
    .filter((o) => !(o.item && listed.has(o.item)))
    .map(failedObjectLine);
  return [
    `The change of DTS job ${inputs.dtsJobId}${sub} ended without success (as recorded at ${olds.finishedAt}): ${phases.join("; ") || `status ${olds.status}`}`,
    ...items,
    ...(objects.length > 0 ? ["Failed objects:", ...objects] : []),
    RETRY_HINT,
  ].join("\n");
}

/** A decided wait plus the outputs and the verdict. */
async function waitAndFinish(
  settings: ProviderSettings,
  inputs: DtsJobModificationInputs,
  raw: Record<string, unknown>,
  plan: DtsJobPlan,
  change: DtsJobChange,
  startedAt: number,
  priorPolls: number,
  endOnUnreachable: boolean,
): Promise<Record<string, unknown>> {
  const outcome = await waitForDtsJob(settings, inputs, plan, startedAt, priorPolls, endOnUnreachable);
  if (outcome.notFound) throw new Error(`DTS job ${inputs.dtsJobId} does not exist (${outcome.notFound.code}): check dtsJobId (and dtsInstanceId, regionId).`);
  // The next wait starts from what this one saw: a change seen at work stays this change.
  const nextPlan: DtsJobPlan = { ...plan, sawModification: plan.sawModification || outcome.result.subJobId !== undefined };
  const outs = compact({
    ...userInputs(inputs),
    change,
    ...outcome.outputs,
    __plan: nextPlan,
    ...(outcome.outputs.finishedAt ? { __succeeded: outcome.result.state === "success" } : {}),
  });
  if (!outcome.succeeded) throw new ModificationIncompleteError(outcome.message!, inputs.dtsJobId, withProvider(outs, raw));
  return outs;
}

/**
 * The implementation behind `DtsJobModification`'s provider methods. Stable internal API (states call it through
 * their serialized provider): add, never change, signatures.
 * @internal
 */
export const dtsJobProviderImpl = {
  version: 1,

  check(olds: Record<string, unknown> | undefined, news: Record<string, unknown>): CheckResult {
    return checkDtsJobInputs(olds, news);
  },

  /** Replace on job, instance, dbList, waitOnly or direction; update (re-wait) on wait/failOn/region/endpoint or an unfinished change. */
  diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
    const replaces = changedKeys(olds, news, DTS_JOB_REPLACE_KEYS);
    const updates = changedKeys(olds, news, DTS_JOB_UPDATE_KEYS);
    const unfinished = !storedSucceeded(olds, news.failOn as DtsJobModificationInputs["failOn"]);
    return { changes: replaces.length > 0 || updates.length > 0 || unfinished, replaces, deleteBeforeReplace: false };
  },

  /** Decides from the job state (at most one write), then waits for the change. */
  async create(provider: object, raw: Record<string, unknown>): Promise<{ id: string; outs: Record<string, unknown> }> {
    const settings = settingsOf(provider);
    const inputs = validated(raw);
    const startedAt = now();
    const decision = await decideDtsJob(settings, inputs, raw, startedAt, { priorPolls: 0 });
    if (decision.kind === "inPlace") return { id: inputs.dtsJobId, outs: compact({ ...userInputs(inputs), ...decision.outs }) };
    const outs = await waitAndFinish(settings, inputs, raw, decision.plan, decision.change, startedAt, decision.reads, false);
    return { id: inputs.dtsJobId, outs };
  },

  /** Resumes from the state's markers: wait for the known change, or decide again (never a blind write). */
  async update(provider: object, _id: string, olds: Record<string, unknown>, rawNews: Record<string, unknown>): Promise<{ outs: Record<string, unknown> }> {
    const settings = settingsOf(provider);
    const news = validated({ ...rawNews, __tokenSalt: rawNews.__tokenSalt ?? olds.__tokenSalt });
    const startedAt = startedAtOf(olds);
    const priorPolls = typeof olds.polls === "number" ? olds.polls : 0;
    if (typeof olds.finishedAt === "string") {
      // The change ended (seen by an earlier wait): report it again, under the new failOn, without polling it.
      const outs = compact({ ...userInputs(news), ...storedStatus(olds) });
      if (storedSucceeded(olds, news.failOn)) return { outs };
      throw new ModificationIncompleteError(storedFailureMessage(news, olds), news.dtsJobId, withProvider(outs, rawNews));
    }
    const plan = planOf(olds.__plan);
    if (plan) {
      const change = (olds.change as DtsJobChange | undefined) ?? "modified";
      return { outs: await waitAndFinish(settings, news, rawNews, plan, change, startedAt, priorPolls, true) };
    }
    const baseline =
      olds.__modifyAttempted === true && Array.isArray(olds.__baselineSubJobIds)
        ? (olds.__baselineSubJobIds as string[]).filter((s) => typeof s === "string")
        : undefined;
    const decision = await decideDtsJob(settings, news, rawNews, startedAt, { priorPolls, ...(baseline ? { baselineSubJobIds: baseline } : {}) });
    if (decision.kind === "inPlace") return { outs: compact({ ...userInputs(news), ...decision.outs }) };
    return { outs: await waitAndFinish(settings, news, rawNews, decision.plan, decision.change, startedAt, priorPolls + decision.reads, false) };
  },

  /**
   * Refresh: with a known change, waits for it (bounded, as `pulumi up`) and records what it saw, failure included
   * (not thrown: the next `up` reports it); without one, reads the job once. A job DTS no longer knows is removed.
   */
  async read(
    provider: object,
    id: string,
    props: Record<string, unknown>,
  ): Promise<{ id: string; props?: Record<string, unknown>; inputs?: Record<string, unknown> }> {
    const settings = settingsOf(provider);
    const inputs = dtsJobInputsFromOutputs(props);
    const prefix = dtsJobPrefix(inputs);
    const markers = Object.fromEntries(MARKER_KEYS.filter((k) => props[k] !== undefined).map((k) => [k, props[k]]));
    const plan = planOf(props.__plan);
    const priorPolls = typeof props.polls === "number" ? props.polls : 0;
    if (plan && typeof props.finishedAt !== "string") {
      const outcome = await waitForDtsJob(settings, inputs, plan, startedAtOf(props), priorPolls, true);
      if (outcome.notFound) {
        log(`${prefix}: the job no longer exists (${outcome.notFound.code}); removing the resource from the state.`);
        return { id: "" };
      }
      if (!outcome.result.final) throw new Error(`Refreshing DTS job ${inputs.dtsJobId} failed: ${outcome.message ?? outcome.result.reason}`);
      const outs = compact({
        ...userInputs(inputs),
        change: props.change,
        ...outcome.outputs,
        ...markers,
        ...(outcome.outputs.finishedAt ? { __succeeded: outcome.result.state === "success" } : {}),
      });
      return { id, props: outs, inputs: compact({ ...userInputs(inputs) }) };
    }
    let job: DtsJobDetail;
    try {
      job = await client(settings, inputs, prefix).describeDtsJobDetail({
        dtsJobId: inputs.dtsJobId,
        ...(inputs.dtsInstanceId ? { dtsInstanceId: inputs.dtsInstanceId } : {}),
        ...((inputs.regionId ?? settings.regionId) ? { regionId: (inputs.regionId ?? settings.regionId) as string } : {}),
      });
    } catch (error) {
      if (isDtsNotFoundError(error)) {
        log(`${prefix}: the job no longer exists (${error.code}); removing the resource from the state.`);
        return { id: "" };
      }
      throw new Error(`Refreshing DTS job ${inputs.dtsJobId} failed: ${describeError(error, prefix)}`);
    }
    // An ended change keeps what its wait saw (the job's latest subtask may be a later change); else the job's state.
    const status =
      typeof props.finishedAt === "string"
        ? { ...storedStatus(props), jobStatus: job.status, polls: priorPolls + 1 }
        : jobOutputs(job, typeof props.note === "string" ? props.note : "The job's state as read by a refresh.", startedAtOf(props), priorPolls + 1, false);
    const outs = compact({ ...userInputs(inputs), ...status, ...markers });
    return { id, props: outs, inputs: compact({ ...userInputs(inputs) }) };
  },

  /** `pulumi import` (native plugin): adopts job `id` with one read and no wait (see import.ts). */
  async importJob(provider: object, id: string, resourceKey: string | undefined) {
    return importDtsJob(settingsOf(provider), id, resourceKey);
  },

  /** Removes the resource from the state only: a modification cannot be undone, so DTS is not called. */
  async delete(_provider: object, _id: string, props: Record<string, unknown>): Promise<void> {
    const inputs = dtsJobInputsFromOutputs(props);
    log(
      `${dtsJobPrefix(inputs)}: removing the resource from the state; the job keeps its objects (a modification cannot be undone: ` +
        "declare the list you want and run `pulumi up` to change it).",
    );
  },
};

/** The status output keys of the resource (seeding its outputs). */
export const DTS_JOB_OUTPUT_KEYS = ["change", ...DTS_JOB_STATUS_OUTPUT_KEYS] as const;
export { RETRY_HINT };
