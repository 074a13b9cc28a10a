/**
 * The document `--json` prints: the same shape as the provider's resource outputs (issue 5), so a pipeline can
 * read the same fields whether it ran `pulumi up` or `dts-objects wait`.
 *
 * NOTE for the provider engineer: this builder has no CLI dependency (it only needs `sdk/types.ts`); feel free to
 * move it into the SDK (e.g. `sdk/outputs.ts`) and have both the provider and the CLI import it from there.
 * `provider/outputs.ts` (`buildStatusOutputs`) is currently a copy with the same semantics: keep the two in step
 * (finishedAt only once the task succeeded or failed; failed-table count without a report = distinct failed tables).
 */
import type {
  FailedTable,
  InitializationPhaseStatus,
  InitializationReport,
  PrecheckItem,
  SynchronizationObjectModifyStatus,
} from "../sdk/types";

/** One precheck item in the outputs. */
export interface PrecheckItemOutput {
  name: string;
  status: string;
  errorMessage?: string;
  repairMethod?: string;
}

/** A structure or data initialization phase in the outputs. */
export interface PhaseOutput {
  status: string;
  percent: number;
  /** Structure: tables done. Data: rows done. */
  progress: number;
  errorMessage?: string;
}

/** The outputs of one modification task. */
export interface ModificationOutputs {
  taskId: string;
  /** The task's overall `Status` (`Unknown` when no status call succeeded). */
  status: string;
  precheck: {
    status: string;
    percent: number;
    items: PrecheckItemOutput[];
    /** The items whose `CheckStatus` is `Failed`, with their error message and repair method. */
    failedItems: PrecheckItemOutput[];
  };
  structureInitialization: PhaseOutput;
  dataInitialization: PhaseOutput;
  failedTables: FailedTable[];
  /** Counted from the initialization report (all pages); zeros when no report was read (no job id). */
  tables: { total: number; finished: number; failed: number };
  /** ISO 8601: when the command started the task (`modify`) or started looking at / waiting for it. */
  startedAt: string;
  /** ISO 8601: when the task was seen to succeed or fail; absent while it is unfinished (timeout, Ctrl-C, running). */
  finishedAt?: string;
  /** Status calls made. */
  polls: number;
}

/** Input of {@link buildOutputs}. */
export interface BuildOutputsInput {
  taskId: string;
  /** The last status seen; absent when no call succeeded. */
  status?: SynchronizationObjectModifyStatus;
  failedTables?: FailedTable[];
  report?: InitializationReport;
  startedAt: Date | number;
  /** Set when the task was seen to succeed or fail. */
  finishedAt?: Date | number;
  polls: number;
}

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
  return {
    status: s.status,
    percent: s.percent,
    progress: s.progress,
    ...(s.errorMessage ? { errorMessage: s.errorMessage } : {}),
  };
}

/**
 * Counts tables in a report: a table is one `source db . table` of the data details or of the structure details
 * whose object type is `Table`; finished when every row for it is `Finished`; failed when it is in `failedTables`.
 */
export function countTables(report: InitializationReport | undefined, failedTables: FailedTable[]): ModificationOutputs["tables"] {
  if (!report) return { total: 0, finished: 0, failed: new Set(failedTables.map((t) => `${t.sourceDb}\u0000${t.table}`)).size };
  const statuses = new Map<string, string[]>();
  const add = (db: string, table: string, status: string): void => {
    const key = `${db}\u0000${table}`;
    statuses.set(key, [...(statuses.get(key) ?? []), status]);
  };
  for (const d of report.dataInitializationDetails) add(d.sourceOwnerDbName, d.tableName, d.status);
  for (const s of report.structureInitializationDetails) {
    if (s.objectType.toLowerCase() === "table") add(s.sourceOwnerDbName, s.objectName, s.status);
  }
  const failedKeys = new Set(failedTables.map((t) => `${t.sourceDb}\u0000${t.table}`));
  for (const key of failedKeys) if (!statuses.has(key)) statuses.set(key, ["Failed"]);
  let finished = 0;
  for (const [key, list] of statuses) if (!failedKeys.has(key) && list.every((s) => s === "Finished")) finished++;
  return { total: statuses.size, finished, failed: failedKeys.size };
}

/** Builds the outputs document. Pure. */
export function buildOutputs(input: BuildOutputsInput): ModificationOutputs {
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
