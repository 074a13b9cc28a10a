/**
 * Builds the resource outputs from what the waiter saw. Pure. Same document shape as `dts-objects wait --json`
 * (cli/outputs-shape.ts), so pipelines read the same fields from either.
 */
import type { FailedTable, InitializationPhaseStatus, InitializationReport, PrecheckItem, SynchronizationObjectModifyStatus } from "../sdk/types";
import type { FailOnOptions, ModificationStatusOutputs, PhaseOutput, PrecheckItemOutput, TablesOutput } from "./types";

const NOT_STARTED: InitializationPhaseStatus = { status: "NotStarted", percent: 0, progress: 0 };

function item(i: PrecheckItem): PrecheckItemOutput {
  return {
    name: i.itemName,
    status: i.checkStatus,
    ...(i.errorMessage ? { errorMessage: i.errorMessage } : {}),
    ...(i.repairMethod ? { repairMethod: i.repairMethod } : {}),
  };
}

function phase(p: InitializationPhaseStatus | undefined): PhaseOutput {
  const s = p ?? NOT_STARTED;
  return { status: s.status, percent: s.percent, progress: s.progress, ...(s.errorMessage ? { errorMessage: s.errorMessage } : {}) };
}

/**
 * Counts tables in a report: one table per `source db . table` of the data rows and of the structure rows whose
 * object type is `Table`; finished when every row for it is `Finished`; failed when it is in `failedTables`.
 */
export function countTables(report: Pick<InitializationReport, "structureInitializationDetails" | "dataInitializationDetails"> | undefined, failedTables: FailedTable[]): TablesOutput {
  if (!report) return { total: 0, finished: 0, failed: new Set(failedTables.map((t) => `${t.sourceDb}\u0000${t.table}`)).size };
  const statuses = new Map<string, string[]>();
  const add = (db: string, table: string, status: string): void => {
    const key = `${db}\u0000${table}`;
    statuses.set(key, [...(statuses.get(key) ?? []), status]);
  };
  for (const d of report.dataInitializationDetails) add(d.sourceOwnerDbName, d.tableName, d.status);
  for (const s of report.structureInitializationDetails) if (s.objectType.toLowerCase() === "table") add(s.sourceOwnerDbName, s.objectName, s.status);
  const failedKeys = new Set(failedTables.map((t) => `${t.sourceDb}\u0000${t.table}`));
  for (const key of failedKeys) if (!statuses.has(key)) statuses.set(key, ["Failed"]);
  let finished = 0;
  for (const [key, list] of statuses) if (!failedKeys.has(key) && list.every((s) => s === "Finished")) finished++;
  return { total: statuses.size, finished, failed: failedKeys.size };
}

/** Input of {@link buildStatusOutputs}. */
export interface StatusOutputsInput {
  taskId: string;
  /** The last status seen; absent when no status call succeeded. */
  status?: SynchronizationObjectModifyStatus;
  failedTables?: FailedTable[];
  report?: InitializationReport;
  startedAt: number;
  /** Set when the wait saw success or failure. */
  finishedAt?: number;
  polls: number;
}

/** The status part of the outputs. Pure. */
export function buildStatusOutputs(input: StatusOutputsInput): ModificationStatusOutputs {
  const s = input.status;
  const items = (s?.precheck.items ?? []).map(item);
  const failedTables = input.failedTables ?? [];
  return {
    taskId: input.taskId,
    status: s?.status ?? "Unknown",
    precheck: {
      status: s?.precheck.status ?? "NotStarted",
      percent: s?.precheck.percent ?? 0,
      items,
      failedItems: items.filter((i) => i.status === "Failed"),
    },
    structureInitialization: phase(s?.structureInitialization),
    dataInitialization: phase(s?.dataInitialization),
    failedTables,
    tables: countTables(input.report, failedTables),
    startedAt: new Date(input.startedAt).toISOString(),
    ...(input.finishedAt !== undefined ? { finishedAt: new Date(input.finishedAt).toISOString() } : {}),
    polls: input.polls,
  };
}

/**
 * True when stored outputs describe a task that finished successfully under `failOn` (so there is nothing to
 * wait for). Used by `diff`: a failed or unfinished task (e.g. after a refresh) is re-waited by the next `up`.
 */
export function outputsSucceeded(outputs: Partial<ModificationStatusOutputs>, failOn: FailOnOptions | undefined): boolean {
  const finished = (p?: { status?: string }) => p?.status === "Finished";
  if (!outputs.finishedAt || !finished(outputs.precheck) || !finished(outputs.structureInitialization) || !finished(outputs.dataInitialization)) {
    return false;
  }
  if ((failOn?.failedTables ?? true) && (outputs.failedTables?.length ?? 0) > 0) return false;
  return true;
}
