/**
 * What the provider methods do. This module runs inside the dynamic-provider host, loaded there by package name
 * (`require("pulumi-dts-objects").__providerImpl`) from the thin serialized provider (`provider.ts`); it is never
 * serialized itself, so it may hold clients, zod schemas and the configured credentials.
 *
 * Credentials and connection settings read by `configure` are kept in a WeakMap keyed by the provider object,
 * inside this module: they never become a field of the provider, so even a provider serialized after
 * `configure` carries none of them.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { DtsClient } from "../sdk/client";
import { isDtsAmbiguousModifyError, isDtsNotFoundError, isUnreachableError, type DtsError } from "../sdk/errors";
import { explainError } from "../sdk/explain";
import { failedTableLine, formatFailure } from "../sdk/format";
import {
  compareObjects,
  ensureModification,
  isDtsJobStateError,
  jobProgressLine,
  jobToModifyStatus,
  noTaskNote,
  tablesLeftOutReason,
  type EnsureClient,
  type EnsureEvent,
  type EnsureOutcome,
  type JobPhasesSnapshot,
} from "../sdk/job-state";
import type { InitializationReport, SynchronizationJobStatus } from "../sdk/types";
import { waitForObjectModification, type WaiterResult } from "../sdk/waiter";
import { changedKeys, checkInputs, inputsFromOutputs, REPLACE_KEYS, UPDATE_KEYS, type CheckResult } from "./inputs";
import { STATUS_OUTPUT_KEYS, buildStatusOutputs, jobStatusOutputs } from "../sdk/outputs";
import { outputsSucceeded } from "./outputs";
import { compact } from "./canonical";
import { ProgressReporter } from "./progress";
import { clientTokenFor } from "./token";
import type { ModificationStatusOutputs, SynchronizationObjectModificationInputs, SynchronizationObjectModificationOutputs } from "./types";
import { ModificationIncompleteError } from "./incomplete-error";
import { client, describeError, hooks, log, now, resourceName, setHooks, type ImplHooks } from "./runtime";
import { DEFAULT_PROGRESS_INTERVAL_SECONDS, DEFAULT_TIMEOUT_MINUTES, settingsFromConfig, type ProviderSettings } from "./settings";

export { ModificationIncompleteError } from "./incomplete-error";
export type { ImplHooks } from "./runtime";
export { CONFIG_KEYS, DEFAULT_PROGRESS_INTERVAL_SECONDS, DEFAULT_TIMEOUT_MINUTES, settingsFromConfig, type ProviderSettings } from "./settings";

const settingsByProvider = new WeakMap<object, ProviderSettings>();

/** Validates inputs again where they are used (the engine always checks first; direct callers may not). */
function validated(inputs: Record<string, unknown>): SynchronizationObjectModificationInputs {
  const { inputs: normalized, failures } = checkInputs(undefined, inputs);
  if (failures.length > 0) {
    throw new Error(`Invalid inputs:\n${failures.map((f) => `  ${f.property}: ${f.reason}`).join("\n")}`);
  }
  return { ...(normalized as unknown as SynchronizationObjectModificationInputs), __tokenSalt: (inputs.__tokenSalt as string | undefined) ?? "0" };
}

/** The outcome of one wait, with outputs. */
interface WaitOutcome {
  result: WaiterResult;
  /** The task is gone (a status call said NotFound before any status was seen). */
  notFound?: DtsError;
  outputs: ModificationStatusOutputs;
  /** Success under `failOn`. */
  succeeded: boolean;
  /** Why it did not succeed (multi-line, for errors). */
  message?: string;
  /** The error that ended the wait, else the last failed status call, if any. */
  lastError?: DtsError;
}

async function waitFor(
  settings: ProviderSettings,
  inputs: SynchronizationObjectModificationInputs,
  taskId: string,
  startedAt: number,
  priorPolls: number,
  /**
   * End the wait at once when the first status call cannot reach the endpoint (after its retries) instead of polling
   * an unreachable endpoint until the deadline (the waiter's `endOnUnreachable`): for refresh and resume, where no
   * call reached it yet in this run.
   */
  endOnUnreachable = false,
): Promise<WaitOutcome> {
  const prefix = `[dts-objects] ${resourceName(inputs)} (task ${taskId})`;
  const dts = client(settings, inputs, prefix);
  const timeoutMinutes = inputs.wait?.timeoutMinutes ?? DEFAULT_TIMEOUT_MINUTES;
  const reporter = new ProgressReporter(prefix, log, (settings.progressIntervalSeconds ?? DEFAULT_PROGRESS_INTERVAL_SECONDS) * 1000, now);
  const regionId = inputs.regionId ?? settings.regionId;
  const result = await waitForObjectModification(dts, taskId, {
    endOnUnreachable,
    maxWaitSeconds: timeoutMinutes * 60,
    ...(inputs.wait?.minDelaySeconds !== undefined ? { minDelaySeconds: inputs.wait.minDelaySeconds } : {}),
    ...(inputs.wait?.maxDelaySeconds !== undefined ? { maxDelaySeconds: inputs.wait.maxDelaySeconds } : {}),
    ...(inputs.wait?.maxIdleDelaySeconds !== undefined ? { maxIdleDelaySeconds: inputs.wait.maxIdleDelaySeconds } : {}),
    ...(regionId ? { regionId } : {}),
    synchronizationJobId: inputs.synchronizationJobId,
    onProgress: (e) => reporter.onStatus(e.status, e.elapsedMs),
  });
  // The error that ended the wait, else the last failed status call (a timeout that saw only errors).
  const lastError = result.error ?? result.lastError;

  if (result.state === "failure" && !result.final && isDtsNotFoundError(lastError)) {
    return { result, notFound: lastError, outputs: outputsOf(taskId, result, startedAt, priorPolls), succeeded: false };
  }

  if (result.state === "timeout" && result.reportError) log(`${prefix}: could not list the tables: ${result.reportError}`);
  // DescribeInitializationStatus reports the job's latest modification: keep the tables only when that is this task.
  let tablesLeftOut: string | undefined;
  if (result.final && (result.report || result.failedTables.length > 0)) {
    tablesLeftOut = await tablesLeftOutReason(dts, { taskId, final: result.final, synchronizationJobId: inputs.synchronizationJobId, ...(regionId ? { regionId } : {}) });
    if (tablesLeftOut) log(`${prefix}: ${tablesLeftOut}`);
  }
  const failedTables = tablesLeftOut ? [] : result.failedTables;
  // Finished means the task was seen to succeed or fail, not that polling broke off (e.g. access denied).
  const done = (result.state === "success" || result.state === "failure") && result.final !== undefined;
  const outputs = buildStatusOutputs({
    taskId,
    status: result.final,
    failedTables,
    report: result.report,
    ...(tablesLeftOut ? { tablesLeftOut } : {}),
    startedAt,
    ...(done ? { finishedAt: now() } : {}),
    polls: priorPolls + result.polls,
  });
  const tablesFail = (inputs.failOn?.failedTables ?? true) && failedTables.length > 0;
  const succeeded = result.state === "success" && !tablesFail;
  let message: string | undefined;
  const summary = formatFailure(result);
  if (result.state === "success" && tablesFail) {
    const n = failedTables.length;
    message = [
      `Modification task ${taskId} finished, but ${n} table${n === 1 ? "" : "s"} failed and failOn.failedTables is true${inputs.failOn?.failedTables === undefined ? " (the default)" : ""}:`,
      ...failedTables.map(failedTableLine),
      `Fix the tables and set a new \`revision\` to run the modification again, or set failOn: {failedTables: false} to accept them.`,
    ].join("\n");
  } else if (result.state === "failure" && !result.final) {
    // Lead with what to fix (credentials, endpoint) when the failure has an explanation, not the server's long reply.
    const explained = lastError !== undefined ? explainError(lastError, "provider") : undefined;
    const head = explained ? `Modification task ${taskId}: no status could be read. ${describeError(lastError, prefix)}` : summary;
    message =
      `${head}\nNo status of the task could be read; its TaskId is saved in the state. Fix the access (credentials, ` +
      `region, endpoint) and run \`pulumi up\` again to resume waiting.`;
  } else if (result.state === "failure") {
    message =
      `${summary}\nThe TaskId is saved in the state. Fix the cause above, then set a new \`revision\` (or change the objects) to start a new task; ` +
      `\`pulumi up\` with unchanged inputs reports this task again.`;
  } else if (result.state === "timeout" || result.state === "aborted") {
    // No status at all before the deadline: say why the endpoint gave none.
    const explained = !result.final && lastError !== undefined ? explainError(lastError, "provider") : undefined;
    message =
      `${summary}${explained ? `\n${describeError(lastError, prefix)}` : ""}\nThe task is still running and its TaskId is saved in the state: run \`pulumi up\` again to resume waiting ` +
      `(wait.timeoutMinutes is ${timeoutMinutes}).`;
  }
  const verdict = succeeded
    ? `done: ${result.reason}${failedTables.length ? ` (${failedTables.length} failed table(s) accepted: failOn.failedTables is false)` : ""}`
    : result.state === "success"
      ? `finished with ${failedTables.length} failed table(s)`
      : `${result.state}: ${result.reason}`;
  log(`${prefix}: ${verdict}`);
  return { result, outputs, succeeded, ...(message ? { message } : {}), ...(lastError !== undefined ? { lastError } : {}) };
}

function outputsOf(taskId: string, result: WaiterResult, startedAt: number, priorPolls: number): ModificationStatusOutputs {
  return buildStatusOutputs({ taskId, status: result.final, failedTables: result.failedTables, report: result.report, startedAt, polls: priorPolls + result.polls });
}

function startedAtOf(olds: Record<string, unknown>): number {
  const parsed = typeof olds.startedAt === "string" ? Date.parse(olds.startedAt) : NaN;
  return Number.isFinite(parsed) ? parsed : now();
}

function settingsOf(provider: object | undefined): ProviderSettings {
  return (provider && settingsByProvider.get(provider)) ?? {};
}

function withProvider(props: Record<string, unknown>, source: Record<string, unknown>): Record<string, unknown> {
  return source.__provider !== undefined ? { ...props, __provider: source.__provider } : props;
}


/**
 * The resource id when no TaskId is known: the change was found in place (no task started), or a create ended
 * before it could tell whether its modification started. `update` and `read` recognise it.
 */
export const NO_TASK_ID_PREFIX = "notask:";

/** The id of a resource without a known task. */
export function noTaskId(jobId: string): string {
  return `${NO_TASK_ID_PREFIX}${jobId}`;
}

/** The task a stored resource tracks: its `taskId` output, else its id unless that is a no-task id. */
function knownTaskId(id: string, olds: Record<string, unknown>): string | undefined {
  if (typeof olds.taskId === "string" && olds.taskId !== "") return olds.taskId;
  return id.startsWith(NO_TASK_ID_PREFIX) ? undefined : id;
}

/** What {@link decide} found: a task to wait for, or a finished result without a task. */
type Decision = { kind: "task"; taskId: string } | { kind: "noTask"; outs: Record<string, unknown> };

/**
 * Reads the job state and starts the modification only if it is needed (`ensureModification`). Returns the task to
 * wait for, or the outputs of an in-place change (no task). Throws `ModificationIncompleteError` (id `notask:<job>`)
 * when nothing could be decided but a modification may have been requested, so the next `pulumi up` resumes here
 * instead of modifying blind; a plain Error when nothing was requested.
 */
async function decide(
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
  const timeoutMinutes = inputs.wait?.timeoutMinutes ?? DEFAULT_TIMEOUT_MINUTES;
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
      log(`${prefix}: ModifySynchronizationObject ended ambiguously (${e.error.cause.code}): reading the job state again instead of retrying (attempt ${e.attempt})`);
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
      deadlineMs: now() + timeoutMinutes * 60_000,
      ...(inputs.wait?.minDelaySeconds !== undefined ? { minDelaySeconds: inputs.wait.minDelaySeconds } : {}),
      ...(inputs.wait?.maxDelaySeconds !== undefined ? { maxDelaySeconds: inputs.wait.maxDelaySeconds } : {}),
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
      throw new Error(`${describeError(error, prefix)}${explained ? "" : "\nFix the access (credentials, region, endpoint, job id) and run `pulumi up` again."}`);
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
  return reportJob(dts, inputs, rawInputs, outcome.job, note, startedAt, resume.priorPolls + reads);
}

/**
 * The outputs of a decided change without a task: the job's phases and tables, under `note`. A failed modification
 * or failed tables (under `failOn`) throw `ModificationIncompleteError` marked `__decided`: an unchanged `pulumi up`
 * reports the job again instead of deciding again (as it reports a failed task again), a new `revision` runs it.
 */
async function reportJob(
  dts: DtsClient,
  inputs: SynchronizationObjectModificationInputs,
  rawInputs: Record<string, unknown>,
  job: SynchronizationJobStatus,
  note: string,
  startedAt: number,
  polls: number,
): Promise<Decision> {
  const jobId = inputs.synchronizationJobId;
  const regionId = inputs.regionId;
  let report: InitializationReport | undefined;
  let tablesLeftOut: string | undefined;
  try {
    report = await dts.listInitializationDetails(jobId, regionId ? { regionId } : {});
  } catch (error) {
    tablesLeftOut = `tables left out: the job's tables could not be listed (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`;
  }
  const { outputs, verdict, failedTables } = jobStatusOutputs({ job, note, report, ...(tablesLeftOut ? { tablesLeftOut } : {}), startedAt, now: now(), polls });
  const outs = compact({ ...stripProvider(inputs), ...outputs } satisfies SynchronizationObjectModificationOutputs);
  const tablesFail = (inputs.failOn?.failedTables ?? true) && failedTables.length > 0;
  if (verdict.state === "failure" || tablesFail) {
    const why =
      verdict.state === "failure"
        ? `the job's latest modification failed: ${verdict.reason}`
        : `${failedTables.length} table(s) failed and failOn.failedTables is true: ${failedTables.map((t) => `${t.sourceDb}.${t.table}`).join(", ")}`;
    throw new ModificationIncompleteError(
      `${note}\nBut ${why}.\nFix the cause, then set a new \`revision\` to run the modification again.`,
      noTaskId(jobId),
      withProvider({ ...outs, __decided: true }, rawInputs),
    );
  }
  return { kind: "noTask", outs };
}

/** The result of `read`. */
export interface ReadOutcome {
  id: string;
  props?: Record<string, unknown>;
  inputs?: Record<string, unknown>;
}

/**
 * The implementation behind the serialized provider's methods. Stable internal API (old states call it through
 * their serialized provider): add, never change, signatures.
 * @internal
 */
export const providerImpl = {
  /** Version of this internal API. */
  version: 1,

  /** Test hooks: log sink, clock, extra client options. Returns the previous hooks. */
  setHooks(next: ImplHooks): ImplHooks {
    return setHooks(next);
  },

  /** Settings `configure` stored for `provider` (tests). */
  settingsOf(provider: object): ProviderSettings | undefined {
    return settingsByProvider.get(provider);
  },

  /** Reads the `dts:` stack config and keeps it for `provider`, in this process only. */
  configure(provider: object, config: pulumi.dynamic.Config | undefined): void {
    settingsByProvider.set(provider, settingsFromConfig(config));
  },

  /** Validates and normalizes inputs. */
  check(olds: Record<string, unknown> | undefined, news: Record<string, unknown>): CheckResult {
    return checkInputs(olds, news);
  },

  /**
   * Replaces on a change of job, objects, direction, adoptTaskId or revision (a new task); an in-place update (which
   * re-waits) on a change of wait, failOn, regionId or endpoint, or when the stored outputs show a task that has not
   * succeeded (e.g. refreshed while running); no change otherwise.
   */
  diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): pulumi.dynamic.DiffResult {
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
        `Task ${taskId} of job ${inputs.synchronizationJobId} does not exist (${outcome.notFound.code})` +
          (inputs.adoptTaskId ? ": check adoptTaskId." : "."),
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
    const outcome = await waitFor(settings, inputs, taskId, startedAtOf(props), typeof props.polls === "number" ? props.polls : 0, true);
    if (outcome.notFound) {
      log(
        `[dts-objects] ${resourceName(inputs)}: task ${taskId} no longer exists (${outcome.notFound.code}); removing the resource from the state ` +
          `(the job keeps its objects; the next \`pulumi up\` starts a new task if the resource is still declared).`,
      );
      return { id: "" };
    }
    if (!outcome.result.final) {
      const prefix = `[dts-objects] ${resourceName(inputs)} (task ${taskId})`;
      const why = outcome.lastError !== undefined && explainError(outcome.lastError, "provider") ? describeError(outcome.lastError, prefix) : outcome.result.reason;
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
    const priorPolls = typeof olds.polls === "number" ? olds.polls : 0;
    let taskId = news.adoptTaskId ?? knownTaskId(id, olds);
    if (taskId === undefined && olds.__decided === true) {
      // A decided change without a task that failed: report the job again (a new `revision` replaces and runs it).
      const dts = client(settings, news, `[dts-objects] ${resourceName(news)}`);
      let job: SynchronizationJobStatus;
      try {
        job = await dts.describeSynchronizationJobStatus({ synchronizationJobId: news.synchronizationJobId, ...(news.regionId ? { regionId: news.regionId } : {}) });
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

  /** Removes the resource from the state only: a modification cannot be undone, so DTS is not called. */
  async delete(_provider: object, id: string, props: Record<string, unknown>): Promise<void> {
    const inputs = inputsFromOutputs(props);
    log(
      `[dts-objects] ${resourceName(inputs)}: removing task ${id} from the state; job ${inputs.synchronizationJobId} keeps its objects ` +
        `(a modification cannot be undone: declare the objects you want and run \`pulumi up\` to change them).`,
    );
  },
};

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
  let report: InitializationReport | undefined;
  try {
    report = await dts.listInitializationDetails(jobId, regionId ? { regionId } : {});
  } catch {
    report = undefined;
  }
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
    ...(report ? {} : { tablesLeftOut: "tables left out: the job's tables could not be listed" }),
    startedAt: startedAtOf(props),
    now: now(),
    polls: (typeof props.polls === "number" ? props.polls : 0) + 1,
    phasesAreThisChange: same && job.status !== "modifying",
  });
  // Resume markers survive a refresh (see decide/reportJob).
  const markers = Object.fromEntries(["__modifyAttempted", "__jobBefore", "__decided"].filter((k) => props[k] !== undefined).map((k) => [k, props[k]]));
  const outs = compact({ ...inputs, ...outputs, ...markers });
  return { id, props: outs, inputs: compact({ ...inputs }) };
}

function isPhasesSnapshot(value: unknown): value is JobPhasesSnapshot {
  const v = value as Record<string, unknown> | undefined;
  return !!v && typeof v === "object" && ["precheck", "structureInitialization", "dataInitialization"].every((k) => typeof v[k] === "string");
}

function compareObjectsForNote(inputs: SynchronizationObjectModificationInputs, job: SynchronizationJobStatus): boolean {
  return compareObjects(inputs.synchronizationObjects ?? [], job.synchronizationObjects, { trustHiddenRenames: true }).same;
}

/** The status outputs stored in `olds`, each falling back to `fresh` when absent. */
function previousStatus(olds: Record<string, unknown>, fresh: ModificationStatusOutputs): ModificationStatusOutputs {
  const out: Record<string, unknown> = { ...fresh };
  for (const key of STATUS_OUTPUT_KEYS) if (olds[key] !== undefined) out[key] = olds[key];
  return out as unknown as ModificationStatusOutputs;
}

function stripProvider(inputs: SynchronizationObjectModificationInputs): SynchronizationObjectModificationInputs {
  const { __provider: _ignored, ...rest } = inputs as SynchronizationObjectModificationInputs & { __provider?: unknown };
  return rest;
}
