/**
 * The job state read as a task's: its phases as a status document, a progress line, a snapshot to tell a change,
 * and whether the job's tables (per job, its latest modification) belong to a given task.
 */
import type { InitializationPhaseStatus, SynchronizationJobStatus, SynchronizationObjectModifyStatus } from "../types";

/**
 * The job's phases in the shape of a task's status, for outputs and verdicts when no task is known (the change
 * was already in place). `status` is the job's `Status` as sent (`Failed`/`PrecheckFailed` capitalized so the
 * acceptor reads them).
 */
export function jobToModifyStatus(job: SynchronizationJobStatus): SynchronizationObjectModifyStatus {
  const status = job.status === "failed" ? "Failed" : job.status === "precheckFailed" ? "PrecheckFailed" : job.rawStatus;
  return {
    requestId: job.requestId,
    status,
    ...(job.errorMessage ? { errorMessage: job.errorMessage } : {}),
    precheck: { status: job.precheck.status, percent: job.precheck.percent, items: job.precheck.items },
    structureInitialization: job.structureInitialization,
    dataInitialization: job.dataInitialization,
  };
}

/** One line of job-level progress: `job modifying: precheck Finished 100%, structure ..., data ...`. */
export function jobProgressLine(job: SynchronizationJobStatus): string {
  const p = (label: string, x: { status: string; percent: number }) => `${label} ${x.status} ${x.percent}%`;
  return `job ${job.rawStatus}: ${[
    p("precheck", job.precheck),
    p("structure initialization", job.structureInitialization),
    p("data initialization", job.dataInitialization),
  ].join(", ")}`;
}

/** The job's phase blocks, compact: what tells that a modification ran between two reads. */
export interface JobPhasesSnapshot {
  precheck: string;
  structureInitialization: string;
  dataInitialization: string;
}

/** A snapshot of the phase blocks of `job` (status, percent, progress). */
export function phasesSnapshot(job: SynchronizationJobStatus): JobPhasesSnapshot {
  const p = (x: { status: string; percent: number; progress?: number }) => `${x.status}/${x.percent}/${x.progress ?? ""}`;
  return { precheck: p(job.precheck), structureInitialization: p(job.structureInitialization), dataInitialization: p(job.dataInitialization) };
}

export function phasesChanged(before: JobPhasesSnapshot, job: SynchronizationJobStatus): boolean {
  const now = phasesSnapshot(job);
  return (
    now.precheck !== before.precheck || now.structureInitialization !== before.structureInitialization || now.dataInitialization !== before.dataInitialization
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Whose tables: DescribeInitializationStatus reports per job (its latest modification)

/** Whether the job's initialization report can be a task's own. */
export type TablesOwnership = { own: true } | { own: false; reason: string };

export function samePhase(a: InitializationPhaseStatus, b: InitializationPhaseStatus): boolean {
  return a.status === b.status && a.percent === b.percent && a.progress === b.progress;
}

/**
 * `DescribeInitializationStatus` reports the tables of the job's latest modification, not of a given task. They
 * can be `task`'s own only when `task` is the job's latest: it is running while the job is `modifying`, or its
 * phases are those the job shows (the job's phase blocks describe its latest modification). A task that failed
 * its precheck initialized no tables.
 *
 * @returns `{own: false, reason}` with a one-line reason to print instead of the tables.
 */
export function tablesOwnership(taskId: string, task: SynchronizationObjectModifyStatus, job: SynchronizationJobStatus): TablesOwnership {
  // A failed check item fails the precheck, even while the remaining items still run.
  if (task.precheck.status === "Failed" || task.status === "PrecheckFailed" || task.precheck.items.some((i) => i.checkStatus === "Failed")) {
    return {
      own: false,
      reason: `tables left out: task ${taskId} failed its precheck and initialized no tables (the job's table report belongs to another modification)`,
    };
  }
  const running = task.precheck.status !== "Finished" || task.structureInitialization.status === "Migrating" || task.dataInitialization.status === "Migrating";
  if (running && job.status === "modifying") return { own: true };
  if (
    task.precheck.status === job.precheck.status &&
    samePhase(task.structureInitialization, job.structureInitialization) &&
    samePhase(task.dataInitialization, job.dataInitialization)
  ) {
    return { own: true };
  }
  return {
    own: false,
    reason: `tables left out: task ${taskId} is not the job's latest modification (its phases differ from the job's), and DTS reports tables only for the latest`,
  };
}
