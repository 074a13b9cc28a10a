/**
 * What the initialization resources (one per API family) share: one implementation of the provider methods over the
 * SDK's initialization waiters, parameterized by the family (each room's impl.ts gives its
 * {@link InitializationFamilySpec}). Written once so every such resource has the same status line, deadline
 * (wait.timeoutMinutes, customTimeouts), Ctrl-C, partial state, resume and refresh.
 *
 * These resources never write to DTS: a resume is simply another wait (the first reply of an initialized job ends
 * it), so the state keeps no marker but the outputs document (sdk/reports/initialization-outputs.ts) and
 * `__succeeded`, the wait's verdict under `failOn`.
 */
import type { DtsClient } from "../../sdk/client/client";
import { isDtsNotFoundError, type DtsError } from "../../sdk/errors/errors";
import { explainError } from "../../sdk/errors/explain";
import { initializationWaitOutputs, buildInitializationOutputs, type InitializationOutputs } from "../../sdk/reports/initialization-outputs";
import { initializationStatusLine } from "../../sdk/reports/initialization-status-line";
import { formatFailure } from "../../sdk/waiting/format";
import { checkInitialization, resolveCaughtUp, type InitializationVerdict } from "../../sdk/waiting/initialization-acceptors";
import type { InitializationWaiterOptions, InitializationWaiterResult } from "../../sdk/waiting/initialization-target";
import type { InitializationSnapshot } from "../../sdk/wire/initialization-snapshot";
import { compact } from "./canonical";
import { ModificationIncompleteError } from "./incomplete-error";
import { changedKeys, storedInputs as storedInputsOf, validatedInputs } from "./inputs";
import type { InitializationInputs } from "./initialization-inputs";
import type { InitializationCommonInputs } from "./initialization-types";
import { cancellationSignal } from "./operation";
import { configureSettings, settingsOf, type ReadOutcome, type ResourceImpl } from "./resource-impl";
import { client, describeError, log, now, progressReporter, resourceName } from "./runtime";
import type { ProviderSettings } from "./settings";
import { priorPollsOf, startedAtOf, withProvider } from "./stored";
import { operationWait } from "./wait-options";

/** What a room gives the shared implementation. */
export interface InitializationFamilySpec<I extends InitializationCommonInputs> {
  /** The native type token (`dts:index:DtsJobInitialization`), for the import message; its last part, the type name, for lines. */
  token: string;
  /** The room's input rules (initialization-inputs.ts): `check`, the keys, the failed list. */
  inputs: InitializationInputs;
  /** The family's SDK waiter on this job. */
  wait(dts: DtsClient, inputs: I, options: InitializationWaiterOptions): Promise<InitializationWaiterResult>;
  /** One status call (import): the job's snapshot; a job DTS does not know throws its NotFound error. */
  look(dts: DtsClient, inputs: I, regionId: string | undefined): Promise<InitializationSnapshot>;
}

/**
 * The output keys of the document every initialization resource has (seeding its outputs); a room adds its family's
 * failed list and what goes with it.
 */
export const INITIALIZATION_OUTPUT_KEYS = [
  "family",
  "jobStatus",
  "stage",
  "initialized",
  "precheck",
  "structureInitialization",
  "dataInitialization",
  "incrementalStatus",
  "delaySeconds",
  "caughtUpResult",
  "failedLeftOut",
  "reason",
  "startedAt",
  "finishedAt",
  "estimatedFinishAt",
  "polls",
] as const;

/**
 * The document as outputs: the job's id is an input already (not repeated), and the document's `caughtUp` (the
 * gate's result) is `caughtUpResult`, because `caughtUp` is the input that asks for it.
 */
export function initializationOutputs(doc: InitializationOutputs): Record<string, unknown> {
  const { synchronizationJobId: _s, dtsJobId: _d, caughtUp, ...rest } = doc;
  return { ...rest, ...(caughtUp ? { caughtUpResult: caughtUp } : {}) };
}

/** The hint after a failure: these resources write nothing, so the next `pulumi up` just looks again. */
const RETRY_HINT =
  "Fix the cause in DTS (e.g. the check items above, then restart the job), and run `pulumi up` again: it looks at the job again (nothing is written to DTS).";

/** One wait's outputs and verdict. */
interface Waited {
  result: InitializationWaiterResult;
  outs: Record<string, unknown>;
  succeeded: boolean;
  message?: string;
  notFound?: DtsError;
}

/**
 * The implementation of one initialization resource (its room's `impl.ts`). Stable internal API (states call it
 * through their serialized provider): add, never change, signatures.
 */
export function initializationImpl<I extends InitializationCommonInputs>(spec: InitializationFamilySpec<I>) {
  const { family, idKey, idExample, failOnKey, failedNoun, check, inputKeys, replaceKeys, updateKeys } = spec.inputs;
  const jobId = (inputs: I): string => (inputs as Record<string, unknown>)[idKey] as string;
  const typeName = spec.token.slice(spec.token.lastIndexOf(":") + 1);
  const prefix = (inputs: I): string => `[dts-objects] ${resourceName(inputs, typeName)} (${family} job ${jobId(inputs)})`;
  const validated = (raw: Record<string, unknown>) => validatedInputs<I>(check, raw);
  const storedInputs = (props: Record<string, unknown>): I => storedInputsOf<I>(props, inputKeys);
  const failsOnFailed = (inputs: I): boolean => ((inputs as Record<string, unknown>).failOn as Record<string, boolean> | undefined)?.[failOnKey] ?? true;
  const failedCount = (outs: Record<string, unknown>): number => {
    const list = outs[failOnKey];
    return Array.isArray(list) ? list.length : 0;
  };

  /** Waits (bounded), with the status line; never throws for a verdict. */
  async function waitFor(settings: ProviderSettings, inputs: I, startedAt: number, priorPolls: number, endOnUnreachable: boolean): Promise<Waited> {
    const p = prefix(inputs);
    const dts = client(settings, inputs, p);
    const wait = operationWait(inputs.wait);
    const reporter = progressReporter(settings, p);
    const caughtUp = resolveCaughtUp(inputs.caughtUp);
    let judged: { verdict: InitializationVerdict; snapshot: InitializationSnapshot } | undefined;
    let pending: Parameters<NonNullable<InitializationWaiterOptions["onProgress"]>>[0] | undefined;
    reporter.describeWith((_status, estimatedFinishMs, nowMs) =>
      judged ? { stage: judged.verdict.stage, text: initializationStatusLine(judged.verdict, judged.snapshot, estimatedFinishMs, nowMs, caughtUp) } : undefined,
    );
    const regionId = inputs.regionId ?? settings.regionId;
    const result = await spec
      .wait(dts, inputs, {
        maxWaitSeconds: wait.bound.seconds,
        abortSignal: cancellationSignal(),
        endOnUnreachable,
        ...wait.pace,
        ...(regionId ? { regionId } : {}),
        ...(caughtUp ? { caughtUp } : {}),
        // The loop calls onProgress and then the acceptor (onJudged) on each reply: the line is drawn with this reply's verdict.
        onProgress: (e) => {
          pending = e;
        },
        onJudged: (verdict, snapshot) => {
          judged = { verdict, snapshot };
          if (pending) reporter.onStatus(pending.status, pending.elapsedMs, pending.estimatedFinishMs);
          pending = undefined;
        },
      })
      .finally(() => reporter.end());
    const lastError = result.error ?? result.lastError;
    // Ended: the job was seen initialized (and caught up, when asked) or failed; anything else (deadline, Ctrl-C, a
    // status call that failed for good) leaves it unfinished, so the next `pulumi up` looks again.
    const ended = (result.state === "success" || (result.state === "failure" && result.endedBy === "task")) && result.final !== undefined;
    const doc = initializationWaitOutputs(result, {
      startedAt,
      ...(ended ? { finishedAt: now() } : {}),
      ...(!ended && result.estimatedFinishMs !== undefined ? { estimatedFinishAt: result.estimatedFinishMs } : {}),
      polls: priorPolls + result.polls,
    });
    const outs: Record<string, unknown> = compact({ ...(inputs as Record<string, unknown>), ...initializationOutputs(doc) });
    if (result.state === "failure" && !result.final && isDtsNotFoundError(lastError)) return { result, outs, succeeded: false, notFound: lastError };
    const listFails = result.state === "success" && failsOnFailed(inputs) && failedCount(outs) > 0;
    // Not checked is not "none failed" (sdk/errors/tables-not-checked.ts): under failOn the operation fails, and the
    // next `pulumi up` looks again (`__succeeded` false).
    const notChecked = result.state === "success" ? (result.tablesNotChecked ?? result.failedObjectsNotChecked) : undefined;
    const unchecked = !listFails && notChecked !== undefined && failsOnFailed(inputs);
    const succeeded = result.state === "success" && !listFails && !unchecked;
    const summary = formatFailure(result);
    let message: string | undefined;
    if (listFails) {
      const n = failedCount(outs);
      message = `${summary}\n${n} failed ${failedNoun}${n === 1 ? "" : "s"} and failOn.${failOnKey} is true (the default). ${RETRY_HINT} Or set failOn: {${failOnKey}: false} to accept them.`;
    } else if (unchecked) {
      const what = `${failedNoun}s`;
      message =
        `${summary}\nBut its failed ${what} were not checked and failOn.${failOnKey} is true${(inputs as { failOn?: Record<string, boolean> }).failOn?.[failOnKey] === undefined ? " (the default)" : ""}:\n  ${notChecked}\n` +
        `Fix the cause and run \`pulumi up\` again to look again, or set failOn: {${failOnKey}: false} to accept a job whose failed ${what} cannot be read.`;
    } else if (result.state === "failure" && result.endedBy !== "task") {
      const explained = lastError !== undefined ? explainError(lastError, "provider") : undefined;
      const head = explained ? `${family} job ${jobId(inputs)}: the status could not be read. ${describeError(lastError, p)}` : summary;
      message = `${head}\nFix the access (credentials, region, endpoint) and run \`pulumi up\` again to resume waiting.`;
    } else if (result.state === "failure") {
      // formatFailure names the failed check items with their repair methods and the failed tables or objects.
      message = `${summary}\n${RETRY_HINT}`;
    } else if (result.state === "timeout" || result.state === "aborted") {
      message =
        `${summary}\nThe job goes on in the cloud and the resource is saved with what was seen: run \`pulumi up\` again to resume waiting ` +
        (result.state === "aborted" ? "(the wait was cancelled: Ctrl-C)." : wait.boundSentence);
    }
    log(`${p}: ${succeeded ? `done: ${result.reason}` : `${result.state}: ${result.reason}`}`);
    return { result, outs: { ...outs, ...(ended ? { __succeeded: succeeded } : {}) }, succeeded, ...(message ? { message } : {}) };
  }

  /** create and update: wait; anything but success is a partial failure that keeps what was seen. */
  async function waitOrThrow(settings: ProviderSettings, inputs: I, raw: Record<string, unknown>, startedAt: number, priorPolls: number) {
    const w = await waitFor(settings, inputs, startedAt, priorPolls, false);
    if (w.notFound) {
      throw new Error(`${family} job ${jobId(inputs)} does not exist (${w.notFound.code}): check ${idKey} (and regionId, endpoint).`);
    }
    if (!w.succeeded) throw new ModificationIncompleteError(w.message ?? w.result.reason, jobId(inputs), withProvider(w.outs, raw));
    return w.outs;
  }

  const impl = {
    version: 1,

    configure: configureSettings,

    check: check,

    /** Replace on the job's identity; update (look again) on the other inputs, or while not succeeded. */
    diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
      const replaces = changedKeys(olds, news, replaceKeys);
      const updates = changedKeys(olds, news, updateKeys);
      const unfinished = olds.__succeeded !== true;
      return { changes: replaces.length > 0 || updates.length > 0 || unfinished, replaces, deleteBeforeReplace: false };
    },

    /** Blocks until the first synchronization is done (and caught up, when asked), failed, or the deadline. */
    async create(provider: object, raw: Record<string, unknown>): Promise<{ id: string; outs: Record<string, unknown> }> {
      const inputs = validated(raw);
      return { id: jobId(inputs), outs: await waitOrThrow(settingsOf(provider), inputs, raw, now(), 0) };
    },

    /** A resume (after a deadline, Ctrl-C or a failure) or a changed option: looks at the job again. */
    async update(provider: object, _id: string, olds: Record<string, unknown>, rawNews: Record<string, unknown>): Promise<{ outs: Record<string, unknown> }> {
      const news = validated(rawNews);
      // An earlier wait that ended started this story; a new one (after a failure, or a new caughtUp) starts now.
      const startedAt = typeof olds.finishedAt === "string" ? now() : startedAtOf(olds);
      const priorPolls = typeof olds.finishedAt === "string" ? 0 : priorPollsOf(olds);
      return { outs: await waitOrThrow(settingsOf(provider), news, rawNews, startedAt, priorPolls) };
    },

    /**
     * Refresh: the same bounded wait, recording what it saw (a failure too: not thrown, the next `up` reports it);
     * a job DTS no longer knows is removed from the state.
     */
    async read(provider: object, id: string, props: Record<string, unknown>): Promise<ReadOutcome> {
      const inputs = storedInputs(props);
      const ended = typeof props.finishedAt === "string";
      const w = await waitFor(settingsOf(provider), inputs, ended ? now() : startedAtOf(props), ended ? 0 : priorPollsOf(props), true);
      if (w.notFound) {
        log(`${prefix(inputs)}: the job no longer exists (${w.notFound.code}); removing the resource from the state.`);
        return { id: "" };
      }
      if (!w.result.final) throw new Error(`Refreshing ${family} job ${jobId(inputs)} failed: ${w.message ?? w.result.reason}`);
      return { id, props: w.outs, inputs: compact({ ...(inputs as Record<string, unknown>) }) };
    },

    /** An import's Read carries no stored inputs (no job id). */
    isImport(props: Record<string, unknown>): boolean {
      return props[idKey] === undefined;
    },

    /** `pulumi import` (native plugin): adopts job `id` with one status call and no wait. */
    async import(provider: object, id: string, resourceKey: string | undefined): Promise<ReadOutcome> {
      if (!/^[^/\s]+$/.test(id)) throw new Error(`Cannot import ${JSON.stringify(id)}: the import id of ${spec.token} is the ${idKey} (e.g. ${idExample}).`);
      const settings = settingsOf(provider);
      const checked = check(undefined, { [idKey]: id, ...(resourceKey ? { __resourceKey: resourceKey } : {}) });
      if (checked.failures.length > 0) throw new Error(`Cannot import ${id}: ${checked.failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
      const inputs = checked.inputs as I;
      const p = prefix(inputs);
      let snapshot: InitializationSnapshot;
      try {
        snapshot = await spec.look(client(settings, inputs, p), inputs, settings.regionId);
      } catch (error) {
        const why = isDtsNotFoundError(error) ? `DTS knows no job ${id} (${error.code})` : describeError(error, p);
        throw new Error(`Cannot import ${family} job ${id}: ${why}`);
      }
      const verdict = checkInitialization(snapshot);
      const done = verdict.state !== "retry";
      const doc = buildInitializationOutputs({
        family: family,
        jobId: id,
        snapshot,
        stage: verdict.stage,
        initialized: verdict.state === "success",
        reason: `Imported: ${verdict.reason}`,
        startedAt: now(),
        ...(done ? { finishedAt: now() } : {}),
        polls: 1,
      });
      log(`${p}: imported with one read (job ${snapshot.status}, ${verdict.stage})${done ? "" : "; the next `pulumi up` waits for it"}`);
      const props = compact({
        ...(inputs as Record<string, unknown>),
        ...initializationOutputs(doc),
        ...(done ? { __succeeded: verdict.state === "success" } : {}),
      });
      return { id, props, inputs: compact({ ...(inputs as Record<string, unknown>) }) };
    },

    /** Removes the resource from the state only: the job is not touched. */
    async delete(_provider: object, _id: string, props: Record<string, unknown>): Promise<void> {
      log(`${prefix(storedInputs(props))}: removing the resource from the state; the job is not touched (this resource only waits).`);
    },
  } satisfies ResourceImpl;
  return impl;
}
