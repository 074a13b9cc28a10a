/**
 * What the provider methods do. This module runs inside the dynamic-provider host, loaded there by package name
 * (`require("pulumi-dts-objects").__providerImpl`) from the thin serialized provider (`provider.ts`); it is never
 * serialized itself, so it may hold clients, zod schemas and the configured credentials.
 *
 * Credentials and connection settings read by `configure` are kept by provider/shared/resource-impl.ts, keyed by
 * the provider object: they never become a field of the provider, so even a provider serialized after `configure`
 * carries none of them.
 */
import { isDtsNotFoundError, isUnreachableError } from "../../sdk/errors/errors";
import { explainError } from "../../sdk/errors/explain";
import type { SynchronizationJobStatus } from "../../sdk/types";
import { checkJobTables } from "../../sdk/reports/sync-job-tables-check";
import { operationWait } from "../shared/wait-options";
import { cancellationSignal } from "../shared/operation";
import { checkInputs, inputsFromOutputs, REPLACE_KEYS, UPDATE_KEYS } from "./inputs";
import { changedKeys, validatedInputs } from "../shared/inputs";
import { STATUS_OUTPUT_KEYS, jobStatusOutputs } from "../../sdk/reports/sync-job-outputs";
import { outputsSucceeded } from "./outputs";
import { compact } from "../shared/canonical";
import type { ModificationStatusOutputs, SynchronizationObjectModificationInputs, SynchronizationObjectModificationOutputs } from "./types";
import { ModificationIncompleteError } from "../shared/incomplete-error";
import { client, describeError, log, now, resourceName, setHooks, type ImplHooks } from "../shared/runtime";
import type { ProviderSettings } from "../shared/settings";
import { configureSettings, settingsOf, storedSettings, type ReadOutcome, type ResourceImpl } from "../shared/resource-impl";
import { priorPollsOf, startedAtOf, withProvider } from "../shared/stored";

import { compareObjectsForNote, decide, isPhasesSnapshot, knownTaskId, noTaskId, reportJob, stripProvider } from "./decide";
import { importTask } from "./import";
import { waitFor } from "./wait";

export { NO_TASK_ID_PREFIX, noTaskId } from "./decide";
export { ModificationIncompleteError } from "../shared/incomplete-error";
export type { ImplHooks } from "../shared/runtime";
export { CONFIG_KEYS, DEFAULT_PROGRESS_INTERVAL_SECONDS, DEFAULT_TIMEOUT_MINUTES, settingsFromConfig, type ProviderSettings } from "../shared/settings";
export type { ReadOutcome } from "../shared/resource-impl";

const validated = (raw: Record<string, unknown>) => validatedInputs<SynchronizationObjectModificationInputs>(checkInputs, raw);

/**
 * The implementation behind the serialized provider's methods. Stable internal API (old states call it through
 * their serialized provider): add, never change, signatures.
 * @internal
 */
export const providerImpl = {
  version: 1,

  /** Test hooks: log sink, clock, extra client options. Returns the previous hooks. */
  setHooks(next: ImplHooks): ImplHooks {
    return setHooks(next);
  },

  /** Settings `configure` stored for `provider` (tests). */
  settingsOf: storedSettings,

  configure: configureSettings,

  // A wrapper, not `check: checkInputs`: the declaration (public through __providerImpl) then names CheckResult,
  // not `typeof checkInputs`, whose module declares the zod input schemas.
  check: (olds, news) => checkInputs(olds, news),

  /**
   * Replaces on a change of job, objects, direction, adoptTaskId or revision (a new task); an in-place update (which
   * re-waits) on a change of wait, failOn, regionId or endpoint, or when the stored outputs show a task that has not
   * succeeded (e.g. refreshed while running); no change otherwise.
   */
  diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
    const replaces = changedKeys(olds, news, REPLACE_KEYS);
    const updates = changedKeys(olds, news, UPDATE_KEYS);
    const unfinished = !outputsSucceeded(olds as Partial<ModificationStatusOutputs>, news.failOn as SynchronizationObjectModificationInputs["failOn"]);
    return { changes: replaces.length > 0 || updates.length > 0 || unfinished, replaces, deleteBeforeReplace: false };
  },

  /**
   * Reads the job state and starts the modification only if it is needed (or adopts `adoptTaskId`), then waits for
   * the task. No task when the job already syncs exactly these objects (unless `revision` is set): the outputs then
   * report the job's phases and tables, and the id is `notask:<job>`.
   */
  async create(provider: object, rawInputs: Record<string, unknown>): Promise<{ id: string; outs: Record<string, unknown> }> {
    const settings = settingsOf(provider);
    const inputs = validated(rawInputs);
    const name = resourceName(inputs);
    const startedAt = now();
    let taskId: string;
    if (inputs.adoptTaskId) {
      taskId = inputs.adoptTaskId;
      log(`[dts-objects] ${name}: adopting task ${taskId} of job ${inputs.synchronizationJobId}`);
    } else {
      const decision = await decide(settings, inputs, rawInputs, startedAt, { earlierAttempt: false, priorPolls: 0 });
      if (decision.kind === "noTask") return { id: noTaskId(inputs.synchronizationJobId), outs: decision.outs };
      taskId = decision.taskId;
    }
    const outcome = await waitFor(settings, inputs, taskId, startedAt, 0);
    if (outcome.notFound) {
      throw new Error(
        `Task ${taskId} of job ${inputs.synchronizationJobId} does not exist (${outcome.notFound.code})` + (inputs.adoptTaskId ? ": check adoptTaskId." : "."),
      );
    }
    const outs = compact({ ...stripProvider(inputs), ...outcome.outputs } satisfies SynchronizationObjectModificationOutputs);
    if (!outcome.succeeded) throw new ModificationIncompleteError(outcome.message!, taskId, withProvider(outs, rawInputs));
    return { id: taskId, outs };
  },

  /**
   * Refresh: waits (bounded by wait.timeoutMinutes) and returns fresh outputs and the inputs. A failed or unfinished
   * task is recorded as such, not thrown (the next `up` re-waits and reports it). A task that no longer exists is
   * removed from the state (empty id).
   */
  async read(provider: object, id: string, props: Record<string, unknown>): Promise<ReadOutcome> {
    const settings = settingsOf(provider);
    const inputs = inputsFromOutputs(props);
    const taskId = knownTaskId(id, props);
    if (taskId === undefined) return readJobOnly(settings, id, props, inputs);
    const outcome = await waitFor(settings, inputs, taskId, startedAtOf(props), priorPollsOf(props), true);
    if (outcome.notFound) {
      log(
        `[dts-objects] ${resourceName(inputs)}: task ${taskId} no longer exists (${outcome.notFound.code}); removing the resource from the state ` +
          `(the job keeps its objects; the next \`pulumi up\` starts a new task if the resource is still declared).`,
      );
      return { id: "" };
    }
    if (!outcome.result.final) {
      const prefix = `[dts-objects] ${resourceName(inputs)} (task ${taskId})`;
      const why =
        outcome.lastError !== undefined && explainError(outcome.lastError, "provider") ? describeError(outcome.lastError, prefix) : outcome.result.reason;
      // Pulumi refreshes with the provider configuration saved by the last update, not the current stack config.
      const hint = isUnreachableError(outcome.lastError)
        ? `\nThis refresh used the endpoint and region saved in the state by the last \`pulumi up\` ` +
          `(${outcome.lastError.endpoint ?? "the default endpoint"}). If you changed dts:endpoint or dts:region since, ` +
          `run \`pulumi refresh --run-program\` (or \`pulumi up\`) so the new values are used.`
        : "";
      throw new Error(`Refreshing task ${taskId} failed: ${why}${hint}`);
    }
    const outs = compact({ ...inputs, ...outcome.outputs });
    return { id, props: outs, inputs: compact({ ...inputs }) };
  },

  /**
   * Resumes: waits on the saved TaskId (after a partial failure, or when wait/failOn/region/endpoint changed); without
   * a TaskId (`notask:<job>`: an unresolved or in-place create) it decides again from the job state, never modifying
   * blind (an earlier ambiguous attempt makes the in-place check apply even with `revision`).
   */
  async update(provider: object, id: string, olds: Record<string, unknown>, rawNews: Record<string, unknown>): Promise<{ outs: Record<string, unknown> }> {
    const settings = settingsOf(provider);
    const news = validated({ ...rawNews, __tokenSalt: rawNews.__tokenSalt ?? olds.__tokenSalt });
    const priorPolls = priorPollsOf(olds);
    let taskId = news.adoptTaskId ?? knownTaskId(id, olds);
    if (taskId === undefined && olds.__decided === true) {
      // A decided change without a task that failed: report the job again (a new `revision` replaces and runs it).
      const dts = client(settings, news, `[dts-objects] ${resourceName(news)}`);
      let job: SynchronizationJobStatus;
      try {
        job = await dts.describeSynchronizationJobStatus({
          synchronizationJobId: news.synchronizationJobId,
          ...(news.regionId ? { regionId: news.regionId } : {}),
        });
      } catch (error) {
        throw new Error(`Reading job ${news.synchronizationJobId} failed: ${describeError(error, `[dts-objects] ${resourceName(news)}`)}`);
      }
      const note = typeof olds.note === "string" ? olds.note : `No task started for job ${news.synchronizationJobId}; phases and tables are the job's.`;
      const decision = await reportJob(dts, news, rawNews, job, note, startedAtOf(olds), priorPolls + 1);
      return { outs: (decision as { outs: Record<string, unknown> }).outs };
    }
    if (taskId === undefined) {
      const raw = { ...rawNews, ...(olds.__modifyAttempted === true ? { __modifyAttempted: true } : {}) };
      const decision = await decide(settings, news, raw, startedAtOf(olds), {
        earlierAttempt: olds.__modifyAttempted === true,
        priorPolls,
        ...(isPhasesSnapshot(olds.__jobBefore) ? { before: olds.__jobBefore } : {}),
      });
      if (decision.kind === "noTask") return { outs: decision.outs };
      taskId = decision.taskId;
    }
    const outcome = await waitFor(settings, news, taskId, startedAtOf(olds), priorPolls, true);
    if (outcome.notFound) {
      throw new Error(
        `Task ${taskId} no longer exists (${outcome.notFound.code}). Run \`pulumi refresh\` to drop it from the state, ` +
          `or set a new \`revision\` to start a new task.`,
      );
    }
    // No status read at all (e.g. access denied): keep what the state knew rather than blanking it.
    const status = outcome.result.final ? outcome.outputs : { ...previousStatus(olds, outcome.outputs), polls: outcome.outputs.polls };
    const outs = compact({ ...stripProvider(news), ...status } satisfies SynchronizationObjectModificationOutputs);
    if (!outcome.succeeded) throw new ModificationIncompleteError(outcome.message!, id, withProvider(outs, rawNews));
    return { outs };
  },

  /** An import's Read carries no stored inputs (no job id). */
  isImport(props: Record<string, unknown>): boolean {
    return props.synchronizationJobId === undefined;
  },

  /**
   * `pulumi import` (native plugin): adopts task `<jobId>/<taskId>` with one read of the task and of the job, no
   * wait (see import.ts). Added with the import support; older states never call it.
   */
  async import(provider: object, id: string, resourceKey: string | undefined): Promise<ReadOutcome> {
    return importTask(settingsOf(provider), id, resourceKey);
  },

  /** Removes the resource from the state only: a modification cannot be undone, so DTS is not called. */
  async delete(_provider: object, id: string, props: Record<string, unknown>): Promise<void> {
    const inputs = inputsFromOutputs(props);
    log(
      `[dts-objects] ${resourceName(inputs)}: removing task ${id} from the state; job ${inputs.synchronizationJobId} keeps its objects ` +
        `(a modification cannot be undone: declare the objects you want and run \`pulumi up\` to change them).`,
    );
  },
} satisfies ResourceImpl & Record<string, unknown>; // plus the test hooks and settingsOf above

/**
 * Refresh of a resource without a TaskId: the job's current state (phases, tables) as outputs; a job DTS no longer
 * knows removes the resource from the state.
 */
async function readJobOnly(
  settings: ProviderSettings,
  id: string,
  props: Record<string, unknown>,
  inputs: SynchronizationObjectModificationInputs,
): Promise<ReadOutcome> {
  const name = resourceName(inputs);
  const jobId = inputs.synchronizationJobId;
  const dts = client(settings, inputs, `[dts-objects] ${name}`);
  const regionId = inputs.regionId ?? settings.regionId;
  let job: SynchronizationJobStatus;
  try {
    job = await dts.describeSynchronizationJobStatus({ synchronizationJobId: jobId, ...(regionId ? { regionId } : {}) });
  } catch (error) {
    if (isDtsNotFoundError(error)) {
      log(`[dts-objects] ${name}: job ${jobId} no longer exists (${error.code}); removing the resource from the state.`);
      return { id: "" };
    }
    throw new Error(`Refreshing job ${jobId} failed: ${describeError(error, `[dts-objects] ${name}`)}`);
  }
  // The same table verdict as a create (checkJobTables): a report that could not be read is "not checked".
  const { report, tablesLeftOut } = await checkJobTables(
    dts,
    { synchronizationJobId: jobId, ...(regionId ? { regionId } : {}) },
    { abortSignal: cancellationSignal(), maxTimeMs: operationWait(inputs.wait).bound.seconds * 1000 },
  );
  const same = compareObjectsForNote(inputs, job);
  const note =
    job.status === "modifying"
      ? `No task is known for this resource; job ${jobId} is modifying its objects now: the next \`pulumi up\` waits for it and then decides.`
      : same
        ? `No task started: job ${jobId} syncs exactly these objects; phases and tables are the job's (its latest modification).`
        : `No task is known for this resource, and job ${jobId} does not sync exactly these objects now: the next \`pulumi up\` decides again.`;
  const { outputs } = jobStatusOutputs({
    job,
    note,
    report,
    ...(tablesLeftOut ? { tablesLeftOut } : {}),
    startedAt: startedAtOf(props),
    now: now(),
    polls: priorPollsOf(props) + 1,
    phasesAreThisChange: same && job.status !== "modifying",
  });
  // Resume markers survive a refresh (see decide/reportJob).
  const markers = Object.fromEntries(["__modifyAttempted", "__jobBefore", "__decided"].filter((k) => props[k] !== undefined).map((k) => [k, props[k]]));
  const outs = compact({ ...inputs, ...outputs, ...markers });
  return { id, props: outs, inputs: compact({ ...inputs }) };
}

/** The status outputs stored in `olds`, each falling back to `fresh` when absent. */
function previousStatus(olds: Record<string, unknown>, fresh: ModificationStatusOutputs): ModificationStatusOutputs {
  const out: Record<string, unknown> = { ...fresh };
  for (const key of STATUS_OUTPUT_KEYS) if (olds[key] !== undefined) out[key] = olds[key];
  return out as unknown as ModificationStatusOutputs;
}
