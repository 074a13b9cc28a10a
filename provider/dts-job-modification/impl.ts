/**
 * What `DtsJobModification`'s provider methods do; the dynamic resource's serialized provider and the native plugin
 * call this one object (`__dtsJobProviderImpl`), as the first resource's do `providerImpl`. Runs in the provider
 * process only (never serialized): it may hold clients and zod schemas. Settings: provider/shared/resource-impl.ts.
 *
 * The state keeps what a resume needs, so no step is repeated:
 * - `__plan` {settledSubJobIds, sawModification}: the change to wait for is known (this resource's `ModifyDtsJob`
 *   was accepted, or the change runs that `waitOnly` waits for, or one taken as an ambiguous write's): a resume waits
 *   for it and never writes;
 * - `__modifyAttempted` + `__baselineSubJobIds`: a write ended ambiguously and nothing settled it yet: a resume
 *   decides again with that baseline (`ensureDtsJobModification`): a change seen since is taken as that write's;
 * - neither: nothing was written; a resume decides from the job state.
 */
import { isDtsNotFoundError } from "../../sdk/errors/errors";
import { DTS_JOB_STATUS_OUTPUT_KEYS } from "../../sdk/reports/dts-job-outputs";
import type { DtsJobDetail } from "../../sdk/wire/dts-job-types";
import { compact } from "../shared/canonical";
import { changedKeys, validatedInputs } from "../shared/inputs";
import { ModificationIncompleteError } from "../shared/incomplete-error";
import { configureSettings, settingsOf, type ReadOutcome, type ResourceImpl } from "../shared/resource-impl";
import { client, describeError, log, now } from "../shared/runtime";
import { priorPollsOf, startedAtOf, withProvider } from "../shared/stored";
import type { ProviderSettings } from "../shared/settings";
import { decideDtsJob, jobOutputs, recheckInPlace } from "./decide";
import { importDtsJob } from "./import";
import { checkDtsJobInputs, DTS_JOB_REPLACE_KEYS, DTS_JOB_UPDATE_KEYS, dtsJobInputsFromOutputs } from "./inputs";
import { MARKER_KEYS, planOf, storedFailureMessage, storedObjectsUnchecked, storedStatus, storedSucceeded } from "./stored";
import type { DtsJobChange, DtsJobModificationInputs } from "./types";
import { dtsJobPrefix, RETRY_HINT, waitForDtsJob, type DtsJobPlan } from "./wait";

const validated = (raw: Record<string, unknown>) => validatedInputs<DtsJobModificationInputs>(checkDtsJobInputs, raw);

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
    ...inputs,
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

  configure: configureSettings,

  // A wrapper (see the other room's impl.ts): the public declaration must not name the zod-typed inputs module.
  check: (olds, news) => checkDtsJobInputs(olds, news),

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
    if (decision.kind === "inPlace") return { id: inputs.dtsJobId, outs: compact({ ...inputs, ...decision.outs }) };
    const outs = await waitAndFinish(settings, inputs, raw, decision.plan, decision.change, startedAt, decision.reads, false);
    return { id: inputs.dtsJobId, outs };
  },

  /** Resumes from the state's markers: wait for the known change, or decide again (never a blind write). */
  async update(provider: object, _id: string, olds: Record<string, unknown>, rawNews: Record<string, unknown>): Promise<{ outs: Record<string, unknown> }> {
    const settings = settingsOf(provider);
    const news = validated({ ...rawNews, __tokenSalt: rawNews.__tokenSalt ?? olds.__tokenSalt });
    const startedAt = startedAtOf(olds);
    const priorPolls = priorPollsOf(olds);
    const endedPlan = planOf(olds.__plan);
    if (typeof olds.finishedAt === "string" && endedPlan && storedObjectsUnchecked(olds) && (news.failOn?.failedObjects ?? true)) {
      // It succeeded, but its failed objects were not checked: look at the same change again (the job's reply, then
      // its failed objects), writing nothing.
      const change = (olds.change as DtsJobChange | undefined) ?? "modified";
      return { outs: await waitAndFinish(settings, news, rawNews, endedPlan, change, startedAt, priorPolls, true) };
    }
    if (typeof olds.finishedAt === "string" && olds.change === "inPlace" && storedObjectsUnchecked(olds) && (news.failOn?.failedObjects ?? true)) {
      // Found in place, but its failed objects were not checked: read them again (the job's latest subtask), writing nothing.
      return { outs: await recheckInPlace(settings, news, rawNews, olds, startedAt, priorPolls) };
    }
    if (typeof olds.finishedAt === "string") {
      // The change ended (seen by an earlier wait): report it again, under the new failOn, without polling it.
      const outs = compact({ ...news, ...storedStatus(olds) });
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
    if (decision.kind === "inPlace") return { outs: compact({ ...news, ...decision.outs }) };
    return { outs: await waitAndFinish(settings, news, rawNews, decision.plan, decision.change, startedAt, priorPolls + decision.reads, false) };
  },

  /**
   * Refresh: with a known change, waits for it (bounded, as `pulumi up`) and records what it saw, failure included
   * (not thrown: the next `up` reports it); without one, reads the job once. A job DTS no longer knows is removed.
   */
  async read(provider: object, id: string, props: Record<string, unknown>): Promise<ReadOutcome> {
    const settings = settingsOf(provider);
    const inputs = dtsJobInputsFromOutputs(props);
    const prefix = dtsJobPrefix(inputs);
    const markers = Object.fromEntries(MARKER_KEYS.filter((k) => props[k] !== undefined).map((k) => [k, props[k]]));
    const plan = planOf(props.__plan);
    const priorPolls = priorPollsOf(props);
    if (plan && typeof props.finishedAt !== "string") {
      const outcome = await waitForDtsJob(settings, inputs, plan, startedAtOf(props), priorPolls, true);
      if (outcome.notFound) {
        log(`${prefix}: the job no longer exists (${outcome.notFound.code}); removing the resource from the state.`);
        return { id: "" };
      }
      if (!outcome.result.final) throw new Error(`Refreshing DTS job ${inputs.dtsJobId} failed: ${outcome.message ?? outcome.result.reason}`);
      const outs = compact({
        ...inputs,
        change: props.change,
        ...outcome.outputs,
        ...markers,
        ...(outcome.outputs.finishedAt ? { __succeeded: outcome.result.state === "success" } : {}),
      });
      return { id, props: outs, inputs: compact({ ...inputs }) };
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
    const outs = compact({ ...inputs, ...status, ...markers });
    return { id, props: outs, inputs: compact({ ...inputs }) };
  },

  /** An import's Read carries no stored inputs (no job id). */
  isImport(props: Record<string, unknown>): boolean {
    return props.dtsJobId === undefined;
  },

  /** `pulumi import` (native plugin): adopts job `id` with one read and no wait (see import.ts). */
  async import(provider: object, id: string, resourceKey: string | undefined) {
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
} satisfies ResourceImpl;

/** The status output keys of the resource (seeding its outputs). */
export const DTS_JOB_OUTPUT_KEYS = ["change", ...DTS_JOB_STATUS_OUTPUT_KEYS] as const;
export { RETRY_HINT };
