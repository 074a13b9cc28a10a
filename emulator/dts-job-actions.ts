/**
 * The new-API (2020-01-01 DtsJob family) actions on the emulator's jobs: ModifyDtsJob, DescribeDtsJobDetail,
 * DescribePreCheckStatus. A ModifyDtsJob is a modification task of the existing machinery (state.modify: same plan,
 * virtual clock, scenarios and faults); the task shows as a `SubSyncJob` (JobType `subSync`) of its job.
 * IDs as DTS forms them: `DtsInstanceId` = the emulator job id (`dts…`), `DtsJobId` = that id without `dts`,
 * a SubSyncJob's `DtsJobId` = its task id. Field names: /work/shared/research/dts-new-api.md §1-§3.
 */
import type { ActionHandler } from "./sync-job-actions";
import { intParam } from "./sync-job-actions";
import { parseDbList, renderDbObject } from "./dts-job-db-list";
import { type InitializationLife, initializationPreCheckItems, lifeOf } from "./initialization-life";
import type { JobRecord, TaskRecord, TaskView } from "./model";
import { ApiError, invalidParameter, required } from "./protocol";
import type { EmulatorState } from "./state";
import { tableAt, virtualTime } from "./timeline";

/**
 * Readings the documents leave open (named options; the defaults are the documented readings):
 * - `parentStatus`: `"Modifying"` (default: the documented Status value "objects of the task are being modified"
 *   and the JobStatusModifying error) or `"synchronizing"` (the parent never leaves synchronizing; TF copes with both).
 * - `finishedSubSyncJob`: `"stays"` (default: SyncSubJobHistory=false "returns the subtask in progress or most
 *   recently executed") or `"disappears"` (merged into the parent once finished).
 */
export interface DtsJobOptions {
  parentStatus: "Modifying" | "synchronizing";
  finishedSubSyncJob: "stays" | "disappears";
}
export const DEFAULT_DTS_JOB_OPTIONS: Readonly<DtsJobOptions> = { parentStatus: "Modifying", finishedSubSyncJob: "stays" };
const options = new WeakMap<EmulatorState, DtsJobOptions>();

export function dtsJobOptions(state: EmulatorState): DtsJobOptions {
  return options.get(state) ?? DEFAULT_DTS_JOB_OPTIONS;
}
export function setDtsJobOptions(state: EmulatorState, o: Partial<DtsJobOptions>): DtsJobOptions {
  const next = { ...dtsJobOptions(state), ...o };
  options.set(state, next);
  return next;
}

/**
 * A task's list as DbObject shows it. A ModifyDtsJob task's `objectsJson` is the caller's DbList (a JSON object), read
 * back verbatim with every key sent (dml_op, filter...), also after a restart from the state file; a legacy task's
 * is a SynchronizationObjects array, rendered in the DbList format.
 */
function dbObjectOf(task: TaskRecord): string {
  return task.objectsJson.trimStart().startsWith("{") ? task.objectsJson : renderDbObject(task.objects);
}

export const dtsJobIdOf = (job: JobRecord): string => job.jobId.replace(/^dts/, "");

/** The job named by a DtsJobId (or, accepted too, its DtsInstanceId); 404 `InvalidJobId.NotFound` otherwise. */
function findJob(state: EmulatorState, id: string, field: string): JobRecord {
  const job = state.jobs.get(id) ?? state.jobs.get(`dts${id}`);
  if (!job) throw new ApiError(404, "InvalidJobId.NotFound", `The specified ${field} ${id} does not exist.`);
  return job;
}

function tasksOf(state: EmulatorState, job: JobRecord): TaskRecord[] {
  return job.taskIds.map((id) => state.tasks.get(id)).filter((t): t is TaskRecord => t !== undefined);
}

function direction(params: Record<string, string>): string {
  const d = params.SynchronizationDirection;
  if (d !== undefined && d !== "" && d !== "Forward" && d !== "Reverse") throw invalidParameter("SynchronizationDirection", "Valid values: Forward, Reverse.");
  return d || "Forward";
}

function bool(params: Record<string, string>, name: string): boolean {
  const v = params[name];
  if (v === undefined || v === "") return false;
  if (v !== "true" && v !== "false") throw invalidParameter(name, "Valid values: true, false.");
  return v === "true";
}

/**
 * ModifyDtsJob: `DtsInstanceId` required, `DtsJobId` optional (must be the same job), `DbList` (JSON) replaces the
 * job's whole list once the sub job passes its precheck. While a change runs:
 * 400 `DTS.Msg.OperationDenied.JobStatusModifying`. `ModifyTypeEnum=UPDATE_RESERVED` with `Reserved` changes no
 * objects and starts no sub job.
 */
export const modifyDtsJob: ActionHandler = (params, state, requestId) => {
  const instanceId = required(params, "DtsInstanceId");
  const job = findJob(state, instanceId, "DtsInstanceId");
  if (params.DtsJobId && findJob(state, params.DtsJobId, "DtsJobId") !== job) {
    throw invalidParameter("DtsJobId", `It does not belong to DtsInstanceId ${instanceId}.`);
  }
  const dir = direction(params);
  const t = params.ClientToken;
  if (t !== undefined && t !== "" && (t.length > 64 || !/^[\x20-\x7e]+$/.test(t)))
    throw invalidParameter("ClientToken", "It must be at most 64 ASCII characters.");
  const type = params.ModifyTypeEnum;
  if (type !== undefined && type !== "" && type !== "UPDATE_RESERVED")
    throw invalidParameter("ModifyTypeEnum", "Valid value: UPDATE_RESERVED (or omit it to modify the objects).");
  const done = { payload: { Status: "200", RequestId: requestId, DtsJobId: dtsJobIdOf(job), Success: true }, jobId: job.jobId };
  if (type === "UPDATE_RESERVED") {
    required(params, "Reserved");
    return done;
  }
  const dbList = required(params, "DbList");
  const objects = parseDbList(dbList);
  let taskId: string;
  try {
    taskId = state.modify(job.jobId, objects, dbList, { clientToken: t || undefined, direction: dir }).taskId;
  } catch (e) {
    if (e instanceof ApiError && e.code === "OperationDenied.JobStatusModifying") {
      throw new ApiError(
        400,
        "DTS.Msg.OperationDenied.JobStatusModifying",
        "The instance is in the modify-sync-objects stage; wait until the modification finishes and the instance is running, then retry.",
      );
    }
    throw e;
  }
  return { ...done, taskId };
};

const str = (n: number) => String(n);
function phase(p: { status: string; percent: number; progress: number; errorMessage?: string }): Record<string, unknown> {
  return { Status: p.status, Percent: str(p.percent), Progress: str(p.progress), ErrorMessage: p.errorMessage ?? "", NeedUpgrade: false };
}

/** The sub job's status: NotStarted, Migrating, Failed, Finished (doc); a task that ran through is Finished. */
function subStatus(v: TaskView): string {
  if (v.status === "Failed") return "Failed";
  return v.terminal ? "Finished" : "Migrating";
}

function precheckStatus(v: TaskView): string {
  const s = v.precheck.status;
  return s === "Failed" ? "PrecheckFailed" : s === "Finished" ? "Finished" : "Prechecking";
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

function subSyncJob(state: EmulatorState, job: JobRecord, task: TaskRecord): Record<string, unknown> {
  const v = state.view(task);
  return {
    DtsJobId: task.taskId,
    DtsInstanceID: job.jobId,
    JobType: "subSync",
    Status: subStatus(v),
    ErrorMessage: v.errorMessage ?? "",
    DbObject: dbObjectOf(task),
    Delay: 0,
    Checkpoint: "",
    CreateTime: iso(task.createdAt),
    FinishTime: "",
    MigrationMode: { StructureInitialization: true, DataInitialization: true, DataSynchronization: true },
    PrecheckStatus: {
      Status: precheckStatus(v),
      Percent: str(v.precheck.percent),
      ErrorMessage: v.precheck.status === "Failed" ? (v.precheck.items.find((i) => i.checkStatus === "Failed")?.errorMessage ?? "") : "",
      Detail: v.precheck.items.map((i) => ({
        CheckItem: i.itemName,
        CheckItemDescription: i.itemName,
        CheckResult: i.checkStatus === "Failed" ? "Failed" : "Success",
        FailedReason: i.errorMessage ?? "",
        RepairMethod: i.repairMethod ?? "",
      })),
    },
    StructureInitializationStatus: phase(v.structure),
    DataInitializationStatus: phase(v.data),
    DataSynchronizationStatus: phase({ status: v.terminal && v.status !== "Failed" ? "Catched" : "NotStarted", percent: v.terminal ? 100 : 0, progress: 0 }),
  };
}

/** The job's list: that of the latest task that passed its precheck (replace semantics), else the initial one. */
function currentDbObject(state: EmulatorState, job: JobRecord): string {
  const tasks = tasksOf(state, job);
  for (let i = tasks.length - 1; i >= 0; i--) {
    const t = tasks[i]!;
    if (state.view(t).precheck.status === "Finished") return dbObjectOf(t);
  }
  return renderDbObject(job.initialObjects ?? []);
}

/**
 * DescribeDtsJobDetail: `DtsJobId` required. `SyncSubJobHistory=false` (default): only the sub job in progress or
 * most recently executed; `true`: all. Parent `Status` `Modifying` while a sub job runs (option `parentStatus`).
 */
export const describeDtsJobDetail: ActionHandler = (params, state, requestId) => {
  const id = required(params, "DtsJobId");
  const job = findJob(state, id, "DtsJobId");
  if (params.DtsInstanceID && findJob(state, params.DtsInstanceID, "DtsInstanceID") !== job) {
    throw invalidParameter("DtsInstanceID", `It is not the instance of DtsJobId ${id}.`);
  }
  const dir = direction(params);
  const history = bool(params, "SyncSubJobHistory");
  const opts = dtsJobOptions(state);
  const tasks = tasksOf(state, job);
  const latest = tasks[tasks.length - 1];
  const running = latest !== undefined && !state.view(latest).terminal;
  let shown = history ? tasks : latest ? [latest] : [];
  if (opts.finishedSubSyncJob === "disappears") shown = shown.filter((t) => subStatus(state.view(t)) !== "Finished");
  return {
    payload: {
      RequestId: requestId,
      Success: true,
      HttpStatusCode: 200,
      DtsJobId: dtsJobIdOf(job),
      DtsInstanceID: job.jobId,
      DtsJobName: job.name,
      JobType: "sync",
      DtsJobDirection: dir,
      Status: running && opts.parentStatus === "Modifying" ? "Modifying" : "synchronizing",
      ErrorMessage: "",
      DbObject: currentDbObject(state, job),
      Delay: 0,
      CreateTime: iso(job.createdAt),
      MigrationMode: { StructureInitialization: true, DataInitialization: true, DataSynchronization: true },
      DataSynchronizationStatus: { Status: "Catched", Percent: "100", Progress: "0", ErrorMessage: "", NeedUpgrade: false },
      RetryState: { Retrying: false, RetryCount: 0, RetryTime: 0, MaxRetryTime: 0, RetryTarget: "", Module: "", ErrMessage: "", JobId: "" },
      SubSyncJob: shown.map((t) => subSyncJob(state, job, t)),
    },
    jobId: job.jobId,
    ...(latest ? { taskId: latest.taskId } : {}),
  };
};

const JOB_CODES = ["01", "02", "03", "04"] as const;

/**
 * DescribePreCheckStatus: `DtsJobId` (the parent: its latest sub job; or a SubSyncJob id) and `JobCode` required;
 * 01 precheck items, 02 schema per table, 03 full data per table, 04 incremental (one item). `PageNo` >= 1,
 * `PageSize` 1..100 (default 20); `Name` filters object names (fuzzy).
 */
export const describePreCheckStatus: ActionHandler = (params, state, requestId) => {
  const id = required(params, "DtsJobId");
  const code = required(params, "JobCode");
  if (!(JOB_CODES as readonly string[]).includes(code))
    throw invalidParameter("JobCode", "Valid values: 01 (precheck), 02 (schema), 03 (full data), 04 (incremental).");
  const pageSize = intParam(params, "PageSize", 20, 1, 100);
  const pageNo = intParam(params, "PageNo", 1, 1, 2147483647);
  const task = state.tasks.get(id);
  const job = task ? state.job(task.jobId) : findJob(state, id, "DtsJobId");
  const t = task ?? tasksOf(state, job).at(-1);
  const name = (params.Name ?? "").toLowerCase();
  let items: Record<string, unknown>[] = [];
  let phaseState = "Finished";
  if (t) {
    const v = state.view(t);
    const plan = state.plan(t);
    const vt = virtualTime(t, plan, state.clock.now()).v;
    const boot = iso(t.createdAt);
    if (code === "01") {
      phaseState = v.precheck.status === "Migrating" ? "Checking" : v.precheck.status;
      items = v.precheck.items.map((i, n) => ({
        Item: i.itemName,
        Names: i.itemName,
        State: i.checkStatus,
        ErrMsg: i.errorMessage ?? "",
        RepairMethod: i.repairMethod ?? "",
        BootTime: boot,
        OrderNum: str(n + 1),
        JobId: t.taskId,
      }));
    } else if (code === "02" || code === "03") {
      const p = code === "02" ? v.structure : v.data;
      phaseState = p.status;
      items = plan.tables.map((_, i) => {
        const tv = tableAt(plan, i, vt);
        const s = code === "02" ? tv.structureStatus : tv.dataStatus;
        const err = code === "02" ? tv.structureError : tv.dataError;
        return {
          Item: code === "02" ? "STRUCT_INIT" : "DATA_INIT",
          Names: tv.spec.table,
          TargetNames: tv.spec.newTable,
          SourceSchema: tv.spec.sourceDb,
          DestSchema: tv.spec.destDb,
          State: s === "Finished" ? "Success" : s,
          ErrMsg: err ?? "",
          BootTime: boot,
          OrderNum: str(i + 1),
          JobId: t.taskId,
        };
      });
    } else {
      phaseState = v.terminal && v.status !== "Failed" ? "Catched" : "NotStarted";
      items = [{ Item: "INCR_SYNC", Names: "", State: phaseState, ErrMsg: "", BootTime: boot, OrderNum: "1", JobId: t.taskId }];
    }
  } else if (job.initialization) {
    // A new job in its first synchronization (initialization-life.ts): the job's own phases.
    const r = initializationPreCheckItems(
      lifeOf(job as JobRecord & { initialization: InitializationLife }, state.clock.now(), state.timeScale),
      code,
      dtsJobIdOf(job),
    );
    phaseState = r.state;
    items = r.items;
  }
  if (name) items = items.filter((i) => String(i.Names).toLowerCase().includes(name));
  const page = items.slice((pageNo - 1) * pageSize, pageNo * pageSize);
  return {
    payload: {
      RequestId: requestId,
      Success: true,
      HttpStatusCode: 200,
      Code: "200",
      JobId: t?.taskId ?? dtsJobIdOf(job),
      JobName: job.name,
      State: phaseState,
      ErrorItem: items.filter((i) => i.State === "Failed").length,
      Total: items.length,
      TotalRecordCount: items.length,
      PageNumber: pageNo,
      PageRecordCount: page.length,
      JobProgress: page,
    },
    jobId: job.jobId,
    ...(t ? { taskId: t.taskId } : {}),
  };
};

/** The new-API actions (merged with the legacy ones by api-route.ts). */
export const DTS_JOB_ACTIONS: Readonly<Record<string, ActionHandler>> = Object.assign(Object.create(null) as Record<string, ActionHandler>, {
  ModifyDtsJob: modifyDtsJob,
  DescribeDtsJobDetail: describeDtsJobDetail,
  DescribePreCheckStatus: describePreCheckStatus,
});
