/**
 * Jobs, modification tasks and their tables, with clock-driven phases.
 *
 * Nothing runs in the background: a task stores when it started, and every request derives its state from
 * `(now - createdAt) * timeScale` (virtual milliseconds) and a plan computed once from the tables:
 *
 *   precheck (16 items, one after another) -> structure initialization (tables one after another)
 *   -> data initialization (tables on `dataParallelism` workers, rows at `dataRowsPerSecond` each)
 *   -> done: overall Status stays `Migrating` (incremental synchronization goes on).
 *
 * Failures (see scenarios.ts) stop the task at the failing phase with overall Status `Failed`; a held task
 * (`never-finishes`) stops its virtual clock inside data initialization until `release()`.
 */
import type { Clock } from "../sdk/types";
import { ApiError } from "./protocol";
import { idFrom } from "./random";
import type { ScenarioConfig } from "./scenarios";
import { STATE_FORMAT, StateFileError, StateStore, type PersistedState } from "./store";

import {
  DEMO_JOB_ID,
  nullProtoRecord,
  type DbSpec,
  type JobRecord,
  type JobStateView,
  type StateOptions,
  type TaskRecord,
  type TaskSnapshot,
  type TaskView,
  type TableView,
  type TaskPlan,
  type PhaseView,
} from "./model";
import { buildPlan, mergeScenario, own } from "./plan";
import { tableAt, viewAt, virtualTime } from "./timeline";

export * from "./model";
export { buildPlan, expandTables } from "./plan";
export { dataRowsAt, rowsAt, tableAt, viewAt, virtualTime } from "./timeline";

/** In-memory state of the emulator (optionally mirrored to a JSON file). */
export class EmulatorState {
  readonly jobs = new Map<string, JobRecord>();
  readonly tasks = new Map<string, TaskRecord>();
  private readonly plans = new Map<string, TaskPlan>();
  private counters = { job: 0, task: 0 };
  private runScenario: ScenarioConfig;
  readonly clock: Clock;
  readonly timeScale: number;
  readonly seed: number;
  private readonly store?: StateStore;
  /** See {@link StateOptions.clientTokenDedup}. */
  readonly clientTokenDedup: boolean;

  /** Throws `StateFileError` (naming the file and the fix) if the state file cannot be read or written. */
  constructor(opts: StateOptions) {
    this.clock = opts.clock;
    this.clientTokenDedup = opts.clientTokenDedup ?? false;
    this.timeScale = opts.timeScale;
    this.seed = opts.seed;
    this.runScenario = opts.scenario;
    if (opts.stateFile) {
      this.store = new StateStore(opts.stateFile);
      const data = this.store.read();
      if (data) this.applyPersisted(data as PersistedState<JobRecord, TaskRecord>);
      for (const t of this.tasks.values()) this.plan(t); // before listening, so no status call pays for it
    }
    if (!this.jobs.has(DEMO_JOB_ID)) this.createJob({ jobId: DEMO_JOB_ID, name: "demo" }, false);
    // Write once now: a state file that cannot be written stops the start, not the first change.
    this.store?.write(this.persisted());
  }

  /** The run's default scenario. */
  get scenario(): ScenarioConfig {
    return this.runScenario;
  }

  /** Set the run's scenario, or one job's (unknown job: InvalidJobId.NotFound). */
  setScenario(scenario: ScenarioConfig, jobId?: string): void {
    if (jobId === undefined) {
      this.runScenario = scenario;
      return;
    }
    this.job(jobId).scenario = scenario;
    this.save();
  }

  /** Create a job; returns it. An existing `jobId` is an error. */
  createJob(
    opts: Partial<
      Pick<
        JobRecord,
        | "jobId"
        | "name"
        | "regionId"
        | "instanceClass"
        | "payType"
        | "sourceRegion"
        | "destRegion"
        | "sourceType"
        | "destType"
        | "scenario"
        | "createToken"
        | "initialObjects"
        | "initialization"
      >
    > = {},
    persist = true,
  ): JobRecord {
    if (opts.createToken) {
      const existing = [...this.jobs.values()].find((j) => j.createToken === opts.createToken);
      if (existing) return existing;
    }
    let jobId = opts.jobId;
    if (jobId && this.jobs.has(jobId)) throw new Error(`job ${jobId} already exists`);
    while (!jobId || this.jobs.has(jobId)) jobId = `dts${idFrom(11, this.seed, "job", ++this.counters.job)}`;
    const job: JobRecord = {
      jobId,
      name: opts.name ?? jobId,
      regionId: opts.regionId ?? "cn-hangzhou",
      createdAt: this.clock.now(),
      instanceClass: opts.instanceClass ?? "small",
      payType: opts.payType ?? "PostPaid",
      sourceRegion: opts.sourceRegion ?? "cn-hangzhou",
      destRegion: opts.destRegion ?? "cn-hangzhou",
      sourceType: opts.sourceType ?? "MySQL",
      destType: opts.destType ?? "MySQL",
      scenario: opts.scenario,
      taskIds: [],
      tokens: nullProtoRecord<string>(),
      createToken: opts.createToken,
      ...(opts.initialObjects ? { initialObjects: opts.initialObjects } : {}),
      ...(opts.initialization ? { initialization: opts.initialization } : {}),
    };
    this.jobs.set(jobId, job);
    if (persist) this.save();
    return job;
  }

  /** A job or 404 `InvalidJobId.NotFound`. */
  job(jobId: string): JobRecord {
    const job = this.jobs.get(jobId);
    if (!job) throw new ApiError(404, "InvalidJobId.NotFound", `The specified SynchronizationJobId ${jobId} does not exist.`);
    return job;
  }

  /** A task or 404 `InvalidTaskId.NotFound`. */
  task(taskId: string): TaskRecord {
    const task = this.tasks.get(taskId);
    if (!task) throw new ApiError(404, "InvalidTaskId.NotFound", `The specified TaskId ${taskId} does not exist.`);
    return task;
  }

  /** The plan of a task (computed once). */
  plan(task: TaskRecord): TaskPlan {
    let p = this.plans.get(task.taskId);
    if (!p) {
      p = buildPlan(task);
      this.plans.set(task.taskId, p);
    }
    return p;
  }

  /** The state of a task now. */
  view(task: TaskRecord): TaskView {
    const plan = this.plan(task);
    const { v, held } = virtualTime(task, plan, this.clock.now());
    return viewAt(plan, v, held);
  }

  /**
   * Start a modification task on a job. While the job's latest task runs: 400 `OperationDenied.JobStatusModifying`.
   * Only with the `clientTokenDedup` option: a ClientToken already used on this job returns the same TaskId and
   * starts nothing (different objects: 400 `IdempotentParameterMismatch`). By default a ClientToken is recorded on
   * the task and otherwise ignored, as the API page documents none for this action.
   */
  modify(jobId: string, objects: DbSpec[], objectsJson: string, opts: { clientToken?: string; direction?: string } = {}): { taskId: string; created: boolean } {
    const job = this.job(jobId);
    const canonical = JSON.stringify(objects);
    const known = this.clientTokenDedup && opts.clientToken ? own(job.tokens, opts.clientToken) : undefined;
    if (known !== undefined) {
      const taskId = known;
      const prior = this.tasks.get(taskId);
      if (prior && JSON.stringify(prior.objects) !== canonical) {
        throw new ApiError(400, "IdempotentParameterMismatch", "The request uses the same client token as a previous, but non-identical request.");
      }
      return { taskId, created: false };
    }
    const latestId = job.taskIds[job.taskIds.length - 1];
    if (latestId) {
      const latest = this.tasks.get(latestId);
      if (latest && !this.view(latest).terminal) {
        throw new ApiError(
          400,
          "OperationDenied.JobStatusModifying",
          `The synchronization objects of job ${jobId} are being modified by task ${latestId}; try again after it finishes.`,
        );
      }
    }
    let taskId = "";
    while (!taskId || this.tasks.has(taskId)) taskId = idFrom(11, this.seed, "task", ++this.counters.task);
    const task: TaskRecord = {
      taskId,
      jobId,
      createdAt: this.clock.now(),
      timeScale: this.timeScale,
      seed: this.seed,
      objectsJson,
      objects,
      direction: opts.direction ?? "Forward",
      scenario: mergeScenario(this.runScenario, job.scenario),
      clientToken: opts.clientToken,
    };
    this.tasks.set(taskId, task);
    job.taskIds.push(taskId);
    if (opts.clientToken && this.clientTokenDedup) job.tokens[opts.clientToken] = taskId;
    this.save();
    // Plan now (O(tables)), so no status call pays for it.
    this.plan(task);
    return { taskId, created: true };
  }

  /** The latest task of a job, if any. */
  latestTask(jobId: string): TaskRecord | undefined {
    const job = this.job(jobId);
    const id = job.taskIds[job.taskIds.length - 1];
    return id ? this.tasks.get(id) : undefined;
  }

  /** One page of a job's latest task tables (both phases, same tables). */
  tablePage(jobId: string, pageSize: number, pageNum: number): TableView[] {
    const task = this.latestTask(jobId);
    if (!task) return [];
    const plan = this.plan(task);
    const { v } = virtualTime(task, plan, this.clock.now());
    const from = (pageNum - 1) * pageSize;
    const to = Math.min(plan.tables.length, from + pageSize);
    const out: TableView[] = [];
    for (let i = from; i < to; i++) out.push(tableAt(plan, i, v));
    return out;
  }

  /** Let a held task go on (by task id, or the latest task of a job id). Returns the task id. */
  release(id: string): string {
    const task = this.tasks.get(id) ?? this.latestTask(id);
    if (!task) throw new ApiError(404, "InvalidTaskId.NotFound", `The specified TaskId ${id} does not exist.`);
    if (task.releasedAt === undefined) {
      task.releasedAt = this.clock.now();
      this.save();
    }
    return task.taskId;
  }

  /** Job status as DescribeSynchronizationJobs shows it: `Modifying` while a task runs. */
  jobStatus(job: JobRecord): string {
    const id = job.taskIds[job.taskIds.length - 1];
    const task = id ? this.tasks.get(id) : undefined;
    return task && !this.view(task).terminal ? "Modifying" : "Synchronizing";
  }

  /**
   * The job as DescribeSynchronizationJobStatus shows it: `modifying` while its latest task runs; the objects of the
   * latest task that passed its precheck (else the initial list); the latest task's phases.
   */
  jobStateView(job: JobRecord): JobStateView {
    let objects: DbSpec[] | undefined;
    for (let i = job.taskIds.length - 1; i >= 0 && !objects; i--) {
      const task = this.tasks.get(job.taskIds[i]!);
      if (task && this.view(task).precheck.status === "Finished") objects = task.objects;
    }
    const latest = this.latestTask(job.jobId);
    const view = latest ? this.view(latest) : undefined;
    const done: PhaseView = { status: "Finished", percent: 100, progress: 0 };
    return {
      status: view && !view.terminal ? "modifying" : "synchronizing",
      objects: objects ?? job.initialObjects ?? [],
      precheck: view ? view.precheck : { status: "Finished", percent: 100, items: [] },
      structure: view ? view.structure : done,
      data: view ? view.data : done,
      ...(latest ? { latestTaskId: latest.taskId } : {}),
    };
  }

  /** Snapshot of one task. */
  snapshot(task: TaskRecord): TaskSnapshot {
    const view = this.view(task);
    return {
      taskId: task.taskId,
      jobId: task.jobId,
      createdAt: task.createdAt,
      clientToken: task.clientToken,
      scenario: task.scenario.name ?? "success",
      tables: this.plan(task).tables.length,
      status: view.status,
      precheck: { status: view.precheck.status, percent: view.precheck.percent },
      structure: view.structure,
      data: view.data,
      terminal: view.terminal,
      held: view.held,
      released: task.releasedAt !== undefined,
    };
  }

  /**
   * Persist the state after a change (every mutation ends with this call). If the write fails, the in-memory
   * state goes back to the last state written, so a change reported as failed is never kept, and the
   * `StateFileError` (HTTP 500 `InternalError`) propagates.
   */
  save(): void {
    if (!this.store) return;
    try {
      this.store.write(this.persisted());
    } catch (e) {
      const last = this.store.lastPersisted();
      if (last) this.applyPersisted(last as PersistedState<JobRecord, TaskRecord>);
      throw e instanceof StateFileError ? new StateFileError(`${e.message}. Nothing was changed.`) : e;
    }
  }

  /** The state as the file holds it. */
  private persisted(): PersistedState<JobRecord, TaskRecord> {
    return { format: STATE_FORMAT, counters: this.counters, jobs: [...this.jobs.values()], tasks: [...this.tasks.values()] };
  }

  /** Replace jobs, tasks and counters with persisted ones (at start, and to undo a change whose write failed). */
  private applyPersisted(data: PersistedState<JobRecord, TaskRecord>): void {
    this.counters = { ...data.counters };
    this.jobs.clear();
    this.tasks.clear();
    for (const j of data.jobs) this.jobs.set(j.jobId, { ...j, tokens: nullProtoRecord(j.tokens) });
    for (const t of data.tasks) this.tasks.set(t.taskId, t);
    // A plan belongs to a task id; an undone task's id will be given to the next task.
    for (const id of [...this.plans.keys()]) if (!this.tasks.has(id)) this.plans.delete(id);
  }
}
