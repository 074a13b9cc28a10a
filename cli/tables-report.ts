/** The initialization report flattened to rows, for `tables` (text, JSON, CSV). Pure. */
import type { InitializationReport, StructureInitializationDetail } from "../sdk/types";
import { field } from "./output";

/** One row: a table (data phase) or a structure object (structure phase). */
export interface TableRow {
  phase: "structureInitialization" | "dataInitialization";
  sourceDb: string;
  destinationDb: string;
  /** Table name (data) or object name (structure). */
  object: string;
  /** `Table` for data rows; the structure object's type otherwise (`Table`, `Index`, `Constraint`, `View`, ...). */
  objectType: string;
  status: string;
  /** Data rows only. */
  finishedRows?: number;
  totalRows?: number;
  usedTimeSeconds?: number;
  errorMessage?: string;
}

/** Column order of the CSV. */
export const TABLE_COLUMNS = [
  "phase",
  "sourceDb",
  "destinationDb",
  "object",
  "objectType",
  "status",
  "finishedRows",
  "totalRows",
  "usedTimeSeconds",
  "errorMessage",
] as const;

function structureRows(details: StructureInitializationDetail[]): TableRow[] {
  return details.flatMap((d) => [
    {
      phase: "structureInitialization" as const,
      sourceDb: d.sourceOwnerDbName,
      destinationDb: d.destinationOwnerDbName,
      object: d.objectName,
      objectType: d.objectType,
      status: d.status,
      ...(d.errorMessage ? { errorMessage: d.errorMessage } : {}),
    },
    ...structureRows(d.constraints ?? []),
  ]);
}

/** Structure rows (constraints flattened after their object), then data rows, in report order. */
export function reportRows(report: InitializationReport): TableRow[] {
  return [
    ...structureRows(report.structureInitializationDetails),
    ...report.dataInitializationDetails.map((d) => ({
      phase: "dataInitialization" as const,
      sourceDb: d.sourceOwnerDbName,
      destinationDb: d.destinationOwnerDbName,
      object: d.tableName,
      objectType: "Table",
      status: d.status,
      finishedRows: d.finishRowNum,
      totalRows: d.totalRowNum,
      usedTimeSeconds: d.usedTime,
      ...(d.errorMessage ? { errorMessage: d.errorMessage } : {}),
    })),
  ];
}

/** An aligned text table for people (every cell's control characters escaped). */
export function formatRows(rows: TableRow[]): string {
  const header = ["PHASE", "SOURCE", "DESTINATION", "OBJECT", "TYPE", "STATUS", "ROWS", "ERROR"];
  // Names and messages come from the API: control characters escaped (newlines too) so the table stays a table.
  const body = rows.map((r) =>
    [
      r.phase === "dataInitialization" ? "data" : "structure",
      r.sourceDb,
      r.destinationDb,
      r.object,
      r.objectType,
      r.status,
      r.finishedRows !== undefined ? `${r.finishedRows}/${r.totalRows ?? "?"}` : "",
      r.errorMessage ?? "",
    ].map(field),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(header), ...body.map(line)].join("\n");
}
