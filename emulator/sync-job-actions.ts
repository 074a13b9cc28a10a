/**
 * The DTS actions: request parameters -> response object (wire names, string-typed numbers, key order of the
 * seed examples). Errors are thrown as {@link ApiError}.
 */
import { z } from "zod";
import { type InitializationLife, initializationDetailRows, lifeOf, syncJobInitializationFields } from "./initialization-life";
import { invalidParameter, required } from "./protocol";
import type { DbSpec, EmulatorState, JobRecord, PhaseView, PrecheckItemView, TableView } from "./state";

/** What an action returns: the response body and the ids to log. */
export interface ActionResult {
  payload: Record<string, unknown>;
  jobId?: string;
  taskId?: string;
}

export type ActionHandler = (params: Record<string, string>, state: EmulatorState, requestId: string) => ActionResult;

/** Integer parameter in [min, max] with a default; else `InvalidParameter.<Name>`. */
export function intParam(params: Record<string, string>, name: string, def: number, min: number, max: number): number {
  const raw = params[name];
  if (raw === undefined || raw === "") return def;
  if (!/^-?\d+$/.test(raw.trim())) throw invalidParameter(name, `It must be an integer from ${min} to ${max}.`);
  const n = Number(raw.trim());
  if (n < min || n > max) throw invalidParameter(name, `It must be an integer from ${min} to ${max}.`);
  return n;
}

const MAX_INT = 2147483647;

const WireTable = z.object({ TableName: z.string().min(1), NewTableName: z.string().min(1).optional() });
const WireDb = z.object({
  DBName: z.string().min(1),
  NewDBName: z.string().min(1).optional(),
  TableIncludes: z.array(WireTable).optional(),
  TableExcludes: z.array(z.object({ TableName: z.string().min(1) })).optional(),
});
const WireObjects = z.array(WireDb).min(1);

/** Parse `SynchronizationObjects`; `InvalidParameter.SynchronizationObjects` naming the bad field. */
export function parseObjects(json: string): DbSpec[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw invalidParameter("SynchronizationObjects", `It is not valid JSON: ${(e as Error).message}`);
  }
  const r = WireObjects.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const path = issue.path.length ? issue.path.join(".") : "(root)";
    throw invalidParameter("SynchronizationObjects", `At ${path}: ${issue.message}.`);
  }
  return r.data.map((db) => ({
    dbName: db.DBName,
    newDbName: db.NewDBName ?? db.DBName,
    tables: db.TableIncludes?.map((t) => ({ name: t.TableName, newName: t.NewTableName ?? t.TableName })),
    excludes: db.TableExcludes?.map((t) => t.TableName),
  }));
}

function clientToken(params: Record<string, string>): string | undefined {
  const t = params.ClientToken;
  if (t === undefined || t === "") return undefined;
  if (t.length > 64 || !/^[\x20-\x7e]+$/.test(t)) {
    throw invalidParameter("ClientToken", "It must be at most 64 ASCII characters.");
  }
  return t;
}

function phase(p: PhaseView): Record<string, unknown> {
  return { Status: p.status, Progress: String(p.progress), Percent: String(p.percent), ErrorMessage: p.errorMessage };
}

/**
 * A `PrecheckStatus` struct, in the seed's key order, for both the task and the job reply. `status` is passed
 * apart because the job reply says `Success` where the task's says `Finished`.
 */
function precheckStruct(status: string, p: { percent: number; items: PrecheckItemView[] }): Record<string, unknown> {
  return {
    Status: status,
    Percent: String(p.percent),
    Detail: p.items.map((i) => ({
      CheckStatus: i.checkStatus,
      ItemName: i.itemName,
      ErrorMessage: i.errorMessage,
      RepairMethod: i.repairMethod,
    })),
  };
}

/**
 * ModifySynchronizationObject: starts a task. The ClientToken is checked (ASCII, at most 64) and recorded, and
 * de-duplicates only with the emulator's `clientTokenDedup` option (the API page documents none for this action).
 */
const modifySynchronizationObject: ActionHandler = (params, state, requestId) => {
  const jobId = required(params, "SynchronizationJobId");
  const objectsJson = required(params, "SynchronizationObjects");
  const direction = params.SynchronizationDirection;
  if (direction !== undefined && direction !== "" && direction !== "Forward" && direction !== "Reverse") {
    throw invalidParameter("SynchronizationDirection", "Valid values: Forward, Reverse.");
  }
  const token = clientToken(params);
  state.job(jobId);
  const objects = parseObjects(objectsJson);
  const { taskId } = state.modify(jobId, objects, objectsJson, { clientToken: token, direction: direction || undefined });
  return { payload: { TaskId: taskId, RequestId: requestId, Success: true }, jobId, taskId };
};

/** DescribeSynchronizationObjectModifyStatus: the task's phases, as in the seed. */
const describeSynchronizationObjectModifyStatus: ActionHandler = (params, state, requestId) => {
  const taskId = required(params, "TaskId");
  clientToken(params);
  const task = state.task(taskId);
  const v = state.view(task);
  return {
    payload: {
      Status: v.status,
      ErrorMessage: v.errorMessage,
      PrecheckStatus: precheckStruct(v.precheck.status, v.precheck),
      DataInitializationStatus: phase(v.data),
      RequestId: requestId,
      Success: true,
      StructureInitializationStatus: phase(v.structure),
    },
    jobId: task.jobId,
    taskId,
  };
};

function jobObjects(objects: DbSpec[]): Record<string, unknown>[] {
  // The API page's fields: SchemaName, NewSchemaName, TableIncludes[{TableName}], TableExcludes[{TableName}].
  return objects.map((db) => ({
    SchemaName: db.dbName,
    NewSchemaName: db.newDbName,
    TableIncludes: db.tables?.map((t) => ({ TableName: t.name })),
    TableExcludes: db.excludes?.map((t) => ({ TableName: t })),
  }));
}

/**
 * DescribeSynchronizationJobStatus: the job's `Status` (`modifying` while its latest task runs, else
 * `synchronizing`), its `SynchronizationObjects` (those of the latest task that passed its precheck, else the
 * initial list) and the latest task's phases (`PrecheckStatus.Status` is `Success`/`Failed` once done, as the page
 * documents; `Migrating` while it runs).
 */
const describeSynchronizationJobStatus: ActionHandler = (params, state, requestId) => {
  const jobId = required(params, "SynchronizationJobId");
  const direction = params.SynchronizationDirection;
  if (direction !== undefined && direction !== "" && direction !== "Forward" && direction !== "Reverse") {
    throw invalidParameter("SynchronizationDirection", "Valid values: Forward, Reverse.");
  }
  clientToken(params);
  const job = state.job(jobId);
  if (job.initialization && job.taskIds.length === 0) {
    // A new job in its first synchronization (initialization-life.ts).
    const life = lifeOf(job as JobRecord & { initialization: InitializationLife }, state.clock.now(), state.timeScale);
    return {
      payload: {
        SynchronizationJobId: job.jobId,
        SynchronizationJobName: job.name,
        SynchronizationJobClass: job.instanceClass,
        SynchronizationDirection: direction || "Forward",
        PayType: job.payType,
        ...syncJobInitializationFields(job.initialization, life),
        SynchronizationObjects: jobObjects(job.initialObjects ?? []),
        RequestId: requestId,
        Success: true,
      },
      jobId,
    };
  }
  const v = state.jobStateView(job);
  const precheckStatus = v.precheck.status === "Finished" ? "Success" : v.precheck.status;
  return {
    payload: {
      Status: v.status,
      SynchronizationJobId: job.jobId,
      SynchronizationJobName: job.name,
      SynchronizationJobClass: job.instanceClass,
      SynchronizationDirection: direction || "Forward",
      PayType: job.payType,
      StructureInitialization: "true",
      DataInitialization: "true",
      Delay: "0",
      SynchronizationObjects: jobObjects(v.objects),
      PrecheckStatus: precheckStruct(precheckStatus, v.precheck),
      StructureInitializationStatus: phase(v.structure),
      DataInitializationStatus: phase(v.data),
      RequestId: requestId,
      Success: true,
    },
    jobId,
    ...(v.latestTaskId ? { taskId: v.latestTaskId } : {}),
  };
};

function objectDefinition(t: TableView["spec"]): string {
  return (
    `CREATE TABLE \`${t.destDb}\`.\`${t.newTable}\` (\n` +
    "`id`  bigint(20) unsigned   auto_increment  COMMENT ''   NOT NULL   , \n" +
    "`name`  varchar(100)  CHARSET `utf8` COLLATE `utf8_general_ci`    COMMENT ''   NOT NULL   , \n" +
    "`created_at`  datetime     COMMENT ''   NULL   \n" +
    ", PRIMARY KEY (`id`)) engine=InnoDB DEFAULT CHARSET=`utf8` DEFAULT COLLATE `utf8_general_ci` ROW_FORMAT= Dynamic comment = '' ;\n"
  );
}

function structureDetail(t: TableView): Record<string, unknown> {
  const s = t.spec;
  const constraintStatus = t.structureStatus === "Failed" ? "NotStarted" : t.structureStatus;
  return {
    Status: t.structureStatus,
    ObjectType: "Table",
    ObjectDefinition: objectDefinition(s),
    SourceOwnerDBName: s.sourceDb,
    DestinationOwnerDBName: s.destDb,
    ObjectName: s.table,
    ErrorMessage: t.structureError,
    Constraints: s.hasIndex
      ? [
          {
            Status: constraintStatus,
            ObjectType: "Index",
            ObjectDefinition: `CREATE INDEX \`idx_${s.newTable}_created_at\` ON \`${s.destDb}\`.\`${s.newTable}\` (\`created_at\`) ;`,
            SourceOwnerDBName: s.sourceDb,
            DestinationOwnerDBName: s.destDb,
            ObjectName: `idx_${s.newTable}_created_at`,
          },
        ]
      : undefined,
  };
}

function dataDetail(t: TableView): Record<string, unknown> {
  const s = t.spec;
  return {
    Status: t.dataStatus,
    TableName: s.table,
    TotalRowNum: String(s.statRows),
    UsedTime: t.usedTimeSec.toFixed(1),
    SourceOwnerDBName: s.sourceDb,
    DestinationOwnerDBName: s.destDb,
    FinishRowNum: String(t.finishRows),
    ErrorMessage: t.dataError,
  };
}

/**
 * DescribeInitializationStatus: the job's latest task tables, PageSize 1..100 (default 30), PageNum >= 1
 * (default 1). Structure and data details page together over the same tables; a page past the end is empty.
 */
const describeInitializationStatus: ActionHandler = (params, state, requestId) => {
  const jobId = required(params, "SynchronizationJobId");
  const pageSize = intParam(params, "PageSize", 30, 1, 100);
  const pageNum = intParam(params, "PageNum", 1, 1, MAX_INT);
  const job = state.job(jobId);
  if (job.initialization && job.taskIds.length === 0) {
    const rows = initializationDetailRows(lifeOf(job as JobRecord & { initialization: InitializationLife }, state.clock.now(), state.timeScale));
    const from = (pageNum - 1) * pageSize;
    return {
      payload: {
        StructureInitializationDetails: rows.structure.slice(from, from + pageSize),
        RequestId: requestId,
        DataInitializationDetails: rows.data.slice(from, from + pageSize),
        Success: true,
      },
      jobId,
    };
  }
  const rows = state.tablePage(jobId, pageSize, pageNum);
  return {
    payload: {
      StructureInitializationDetails: rows.map(structureDetail),
      RequestId: requestId,
      DataInitializationDetails: rows.map(dataDetail),
      Success: true,
    },
    jobId,
    taskId: state.latestTask(jobId)?.taskId,
  };
};

function instance(job: JobRecord, state: EmulatorState): Record<string, unknown> {
  const task = state.latestTask(job.jobId);
  const view = task ? state.view(task) : undefined;
  const created = new Date(job.createdAt).toISOString().replace(/\.\d{3}Z$/, "Z");
  const p = (x: PhaseView | undefined) =>
    x ? { Status: x.status, Percent: String(x.percent), Progress: String(x.progress) } : { Status: "Finished", Percent: "100", Progress: "0" };
  return {
    SynchronizationJobId: job.jobId,
    SynchronizationJobName: job.name,
    SynchronizationJobClass: job.instanceClass,
    SynchronizationDirection: "Forward",
    Status: state.jobStatus(job),
    PayType: job.payType,
    CreateTime: created,
    ExpireTime: "",
    Delay: "0",
    ErrorMessage: "",
    SourceEndpoint: { InstanceType: job.sourceType, EngineName: job.sourceType, Region: job.sourceRegion },
    DestinationEndpoint: { InstanceType: job.destType, EngineName: job.destType, Region: job.destRegion },
    SynchronizationObjects: jobObjects(state.jobStateView(job).objects),
    Precheck: view ? { Status: view.precheck.status, Percent: String(view.precheck.percent) } : { Status: "Finished", Percent: "100" },
    StructureInitialization: p(view?.structure),
    DataInitialization: p(view?.data),
    DataSynchronization: { Status: "Migrating", Delay: "0", Percent: "100" },
  };
}

/** DescribeSynchronizationJobs: list jobs (PageSize 1..100, PageNum >= 1; SynchronizationJobName fuzzy filter). */
const describeSynchronizationJobs: ActionHandler = (params, state, requestId) => {
  const pageSize = intParam(params, "PageSize", 30, 1, 100);
  const pageNum = intParam(params, "PageNum", 1, 1, MAX_INT);
  clientToken(params);
  const name = (params.SynchronizationJobName ?? "").toLowerCase();
  const byId = params.SynchronizationJobId;
  const all = [...state.jobs.values()].filter((j) => (!name || j.name.toLowerCase().includes(name)) && (!byId || j.jobId === byId));
  const page = all.slice((pageNum - 1) * pageSize, pageNum * pageSize);
  return {
    payload: {
      PageNumber: pageNum,
      PageRecordCount: page.length,
      TotalRecordCount: all.length,
      SynchronizationInstances: page.map((j) => instance(j, state)),
      RequestId: requestId,
      Success: true,
    },
  };
};

/**
 * CreateSynchronizationJob (minimal): SourceRegion, DestRegion, SynchronizationJobClass and PayType are required;
 * the job is ready at once (Status `Synchronizing`), so its objects can be modified. ClientToken is idempotent.
 * Extension: `SynchronizationJobName` names it.
 */
const createSynchronizationJob: ActionHandler = (params, state, requestId) => {
  const sourceRegion = required(params, "SourceRegion");
  const destRegion = required(params, "DestRegion");
  const instanceClass = required(params, "SynchronizationJobClass");
  const payType = required(params, "PayType");
  if (!["micro", "small", "medium", "large"].includes(instanceClass)) {
    throw invalidParameter("SynchronizationJobClass", "Valid values: micro, small, medium, large.");
  }
  if (!/^(PrePaid|PostPaid|Prepaid|Postpaid)$/.test(payType)) {
    throw invalidParameter("PayType", "Valid values: PrePaid, PostPaid.");
  }
  const job = state.createJob({
    name: params.SynchronizationJobName || undefined,
    regionId: params.RegionId || sourceRegion,
    sourceRegion,
    destRegion,
    instanceClass,
    payType,
    sourceType: params["SourceEndpoint.InstanceType"] || "MySQL",
    destType: params["DestinationEndpoint.InstanceType"] || "MySQL",
    createToken: clientToken(params),
  });
  return { payload: { SynchronizationJobId: job.jobId, RequestId: requestId, Success: true }, jobId: job.jobId };
};

/** Every action the emulator serves. */
export const ACTIONS: Readonly<Record<string, ActionHandler>> = Object.assign(Object.create(null) as Record<string, ActionHandler>, {
  ModifySynchronizationObject: modifySynchronizationObject,
  DescribeSynchronizationObjectModifyStatus: describeSynchronizationObjectModifyStatus,
  DescribeInitializationStatus: describeInitializationStatus,
  DescribeSynchronizationJobStatus: describeSynchronizationJobStatus,
  DescribeSynchronizationJobs: describeSynchronizationJobs,
  CreateSynchronizationJob: createSynchronizationJob,
});
