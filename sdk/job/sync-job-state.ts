/**
 * Deciding from the job's documented state whether a modification is needed, shared by the provider and the CLI.
 *
 * `ModifySynchronizationObject`'s API page documents no `ClientToken`, so nothing here relies on DTS
 * de-duplicating a repeated call. What is documented is `DescribeSynchronizationJobStatus`: the job `Status`
 * (`modifying` while a modification runs), the objects the job syncs now, and the phases of its latest
 * modification. {@link ensureModification} reads it before any Modify call and decides:
 *
 * 1. the job is `modifying`: another modification runs (possibly one an earlier attempt started): no Modify call;
 *    wait for it to end (within the deadline), reporting its job-level progress;
 * 2. the job already syncs exactly the requested objects (canonical compare): the change is in place, start no
 *    task (skipped with `force`, e.g. a new `revision`, unless an earlier attempt may have started one);
 * 3. otherwise call Modify once; an ambiguous failure (timeout, reset, 5xx) goes back to step 1, never to a blind
 *    retry; `OperationDenied.JobStatusModifying` (someone else started one meanwhile) too. After an ambiguous call,
 *    a modification seen since (the job `modifying`, or its phase blocks changed from those read just before the
 *    call) is taken as the one the call started: it is waited for and reported (TaskId unknown), never repeated,
 *    even if it failed.
 *
 * A reply without a readable job state is an error, and no Modify call follows.
 */
import { DtsError } from "../errors/errors";
import { decideThenWrite, type DecisionFamily, type DecisionLoopEvent, type DecisionLoopOptions } from "./decide-then-write";
import type { SynchronizationDatabase, SynchronizationDirection, SynchronizationJobStatus, SynchronizationObjectModifyStatus } from "../types";
import { compareObjects } from "./sync-job-objects-compare";
import { phasesChanged, phasesSnapshot, tablesOwnership, type JobPhasesSnapshot } from "./sync-job-view";
import { tablesNotCheckedReason } from "../errors/tables-not-checked";

export { compareObjects, type ObjectsComparison } from "./sync-job-objects-compare";
export { jobProgressLine, jobToModifyStatus, phasesSnapshot, tablesOwnership, type JobPhasesSnapshot, type TablesOwnership } from "./sync-job-view";

// ---------------------------------------------------------------------------------------------------------------
// The decision

/** The client calls {@link ensureModification} makes (a `DtsClient`, or a fake in tests). */
export interface EnsureClient {
  describeSynchronizationJobStatus(input: {
    synchronizationJobId: string;
    synchronizationDirection?: SynchronizationDirection;
    regionId?: string;
  }): Promise<SynchronizationJobStatus>;
  modifySynchronizationObject(input: {
    synchronizationJobId: string;
    synchronizationObjects: SynchronizationDatabase[];
    synchronizationDirection?: SynchronizationDirection;
    regionId?: string;
    clientToken?: string;
  }): Promise<{ taskId: string; requestId: string; clientToken: string }>;
}

/** What {@link ensureModification} reports as it goes (for progress lines). */
export type EnsureEvent = DecisionLoopEvent<SynchronizationJobStatus> | { kind: "starting"; job: SynchronizationJobStatus; difference?: string };

/** Options of {@link ensureModification}. */
export interface EnsureOptions extends DecisionLoopOptions {
  synchronizationJobId: string;
  synchronizationObjects: SynchronizationDatabase[];
  synchronizationDirection?: SynchronizationDirection;
  regionId?: string;
  /** Sent with Modify (harmless; relied on nowhere). */
  clientToken?: string;
  /** Start a task even when the job already syncs these objects (a new `revision`, `--force`). */
  force?: boolean;
  /**
   * An earlier attempt may have started this very modification (a resume after an ambiguous failure): the
   * in-place check applies even with `force`, and hidden renames count as applied (as they do after waiting for a
   * running modification).
   */
  earlierAttempt?: boolean;
  /**
   * The job's phases read just before an earlier attempt's Modify call that ended ambiguously (saved with a partial
   * state): a modification seen since is taken as that call's.
   */
  before?: JobPhasesSnapshot;
  onEvent?: (event: EnsureEvent) => void;
}

/** What {@link ensureModification} decided. */
export type EnsureOutcome =
  /** A task was started by this call. */
  | { kind: "started"; taskId: string; requestId: string; clientToken: string; ambiguousAttempts: number }
  /** The job already syncs the requested objects: no task started; `job` is the state that showed it. */
  | { kind: "inPlace"; job: SynchronizationJobStatus; waited: boolean; ambiguousAttempts: number; hiddenRenames: boolean }
  /**
   * A Modify call ended ambiguously and a modification ran since: taken as that call's (TaskId unknown); `job` shows
   * its outcome (it may have failed: it is reported, not repeated).
   */
  | { kind: "ranAfterAmbiguous"; job: SynchronizationJobStatus; waited: boolean; ambiguousAttempts: number }
  /** The deadline passed (or the wait was aborted) while the job was `modifying`: nothing decided. */
  | { kind: "stillModifying"; job: SynchronizationJobStatus; reason: string; ambiguousAttempts: number; before?: JobPhasesSnapshot };

/**
 * The job state could not be read (bad reply, access denied, unknown job, network): no modification was
 * requested, because the package decides from that state whether one is needed.
 */
export class DtsJobStateError extends DtsError {
  readonly synchronizationJobId: string;
  /** An earlier Modify call of this run ended ambiguously: a task may exist. */
  readonly afterAmbiguous: boolean;
  /** The job's phases read before the ambiguous call, when known (save it with a partial state). */
  readonly before?: JobPhasesSnapshot;
  override readonly cause: unknown;

  constructor(init: {
    synchronizationJobId: string;
    cause: unknown;
    afterAmbiguous: boolean;
    before?: JobPhasesSnapshot;
    /** The read and the write of the API family the decision uses. @default the old API's */
    actions?: { read: string; write: string; started: string };
  }) {
    const detail = init.cause instanceof Error ? init.cause.message : String(init.cause);
    const { read, write, started } = init.actions ?? { read: "DescribeSynchronizationJobStatus", write: "ModifySynchronizationObject", started: "a task" };
    super(
      `Could not read the state of job ${init.synchronizationJobId} (${read}): ${detail}\n` +
        (init.afterAmbiguous
          ? `A ${write} call of this run ended ambiguously before, so ${started} may have started; none was requested again.`
          : "No modification was requested: whether one is needed is decided from the job's state."),
      "JobStateUnreadable",
      false,
      { action: read, cause: init.cause },
    );
    this.name = "DtsJobStateError";
    this.synchronizationJobId = init.synchronizationJobId;
    this.afterAmbiguous = init.afterAmbiguous;
    if (init.before) this.before = init.before;
    this.cause = init.cause;
  }
}

/** True for {@link DtsJobStateError}, also from another copy of this package. */
export function isDtsJobStateError(value: unknown): value is DtsJobStateError {
  return value instanceof DtsJobStateError || (value instanceof Error && value.name === "DtsJobStateError");
}

export { rereadDelayMs, stillModifyingReason } from "./decide-then-write";

/**
 * Reads the job state, waits while it is `modifying`, and starts the modification only when the job does not
 * already sync the requested objects. See the module comment for the steps; the loop is `decideThenWrite`'s, with
 * this API's read (`DescribeSynchronizationJobStatus`), verdicts and write (`ModifySynchronizationObject`).
 *
 * @throws DtsJobStateError when the job state cannot be read (no Modify call follows), the Modify call's own
 *   rejections (DtsApiError), and DtsAmbiguousModifyError after `maxAmbiguousAttempts` ambiguous calls.
 */
export async function ensureModification(client: EnsureClient, options: EnsureOptions): Promise<EnsureOutcome> {
  // Phases read just before a Modify call that ended ambiguously: any modification seen since is that call's.
  let before: JobPhasesSnapshot | undefined = options.before;
  // Whether a modification ran since `before`, as the read at the top of the loop showed.
  let ranSince = false;
  const family: DecisionFamily<SynchronizationJobStatus, EnsureOutcome> = {
    jobId: options.synchronizationJobId,
    read: async (loop) => {
      try {
        return await client.describeSynchronizationJobStatus({
          synchronizationJobId: options.synchronizationJobId,
          ...(options.synchronizationDirection ? { synchronizationDirection: options.synchronizationDirection } : {}),
          ...(options.regionId ? { regionId: options.regionId } : {}),
        });
      } catch (cause) {
        throw new DtsJobStateError({
          synchronizationJobId: options.synchronizationJobId,
          cause,
          afterAmbiguous: loop.ambiguousAttempts > 0 || !!options.earlierAttempt,
          ...(before ? { before } : {}),
        });
      }
    },
    modifying: (job) => job.status === "modifying",
    onRead: (job) => {
      ranSince = before !== undefined && (job.status === "modifying" || phasesChanged(before, job));
      return undefined;
    },
    stillModifying: (job, reason, loop) => ({ kind: "stillModifying", job, reason, ambiguousAttempts: loop.ambiguousAttempts, ...(before ? { before } : {}) }),
    decide: (job, { waited, ambiguousAttempts }) => {
      if (ranSince) return { kind: "ranAfterAmbiguous", job, waited, ambiguousAttempts };
      const mayBeOurs = ambiguousAttempts > 0 || !!options.earlierAttempt;
      if (!options.force || mayBeOurs) {
        // Destination table names are not in the job state. They count as applied only when the modification that
        // put this projection in place is most likely this request's: an earlier attempt's, or the one this call just
        // waited for (a re-run after an interrupted create). A job found idle with the same projection gets the request.
        const cmp = compareObjects(options.synchronizationObjects, job.synchronizationObjects, { trustHiddenRenames: mayBeOurs || waited });
        if (cmp.same) return { kind: "inPlace", job, waited, ambiguousAttempts, hiddenRenames: cmp.hiddenRenames };
        options.onEvent?.({ kind: "starting", job, difference: cmp.difference });
      } else {
        options.onEvent?.({ kind: "starting", job, difference: "a new task was asked for (force / revision)" });
      }
      return undefined;
    },
    write: async (_job, { ambiguousAttempts }) => {
      const result = await client.modifySynchronizationObject({
        synchronizationJobId: options.synchronizationJobId,
        synchronizationObjects: options.synchronizationObjects,
        ...(options.synchronizationDirection ? { synchronizationDirection: options.synchronizationDirection } : {}),
        ...(options.regionId ? { regionId: options.regionId } : {}),
        ...(options.clientToken ? { clientToken: options.clientToken } : {}),
      });
      return { kind: "started", taskId: result.taskId, requestId: result.requestId, clientToken: result.clientToken, ambiguousAttempts };
    },
    ambiguous: (job) => {
      before = phasesSnapshot(job);
    },
    denied: () => {
      // Someone else's modification started between the read and the call: wait for it from the top.
      before = undefined;
    },
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  };
  return decideThenWrite(family, options);
}

/**
 * The one line both faces print when no task was started: why, and how to run the objects again (`again`: "set a
 * new `revision`" for the provider, "pass --force" for the CLI).
 */
export function noTaskNote(jobId: string, outcome: Extract<EnsureOutcome, { kind: "inPlace" | "ranAfterAmbiguous" }>, again: string): string {
  if (outcome.kind === "ranAfterAmbiguous") {
    return (
      `No second task started: ModifySynchronizationObject ended ambiguously and job ${jobId} then ran a modification, taken as this one ` +
      `(TaskId unknown); phases and tables are the job's. ${again} to run the modification again.`
    );
  }
  return (
    `No task started: job ${jobId} already syncs exactly these objects${outcome.waited ? " (after the running modification ended)" : ""}` +
    `${outcome.hiddenRenames ? " (destination table names are not shown by the job state; taken as applied by the earlier attempt)" : ""}; ` +
    `phases and tables are the job's (its latest modification). ${again} to run the modification again.`
  );
}

/**
 * After a wait that listed the job's tables: the one-line reason to leave them out when they are not `taskId`'s
 * (see {@link tablesOwnership}), or undefined to keep them. Reads the job state once; when it cannot be read the
 * tables are left out too (they cannot be attributed), saying why.
 */
export async function tablesLeftOutReason(
  client: Pick<EnsureClient, "describeSynchronizationJobStatus">,
  input: { taskId: string; final: SynchronizationObjectModifyStatus; synchronizationJobId: string; regionId?: string },
): Promise<string | undefined> {
  try {
    const job = await client.describeSynchronizationJobStatus({
      synchronizationJobId: input.synchronizationJobId,
      ...(input.regionId ? { regionId: input.regionId } : {}),
    });
    const own = tablesOwnership(input.taskId, input.final, job);
    return own.own ? undefined : own.reason;
  } catch (error) {
    // Whose the tables are is unknown: not checked (checkTables in sdk/reports/sync-job-tables-check.ts says so too).
    return tablesNotCheckedReason(error, "DescribeSynchronizationJobStatus", input.synchronizationJobId);
  }
}
