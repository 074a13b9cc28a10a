/** Flattens the failed rows of an initialization report into {@link FailedTable}s for outputs and messages. */
import type { FailedTable, InitializationReport, StructureInitializationDetail } from "../types";

/**
 * The tables whose structure or data initialization `Failed`, in report order: structure rows first (a failed
 * constraint is reported against its table), then data rows.
 *
 * @example
 * ```ts
 * failedTablesFromReport(await client.listInitializationDetails(jobId)).map((t) => t.table)
 * ```
 */
export function failedTablesFromReport(report: Pick<InitializationReport, "structureInitializationDetails" | "dataInitializationDetails">): FailedTable[] {
  const out: FailedTable[] = [];
  const visit = (row: StructureInitializationDetail, parent?: StructureInitializationDetail): void => {
    if (row.status === "Failed") {
      out.push({
        sourceDb: row.sourceOwnerDbName || parent?.sourceOwnerDbName || "",
        destinationDb: row.destinationOwnerDbName || parent?.destinationOwnerDbName || "",
        table: parent ? parent.objectName : row.objectName,
        phase: "structureInitialization",
        status: row.status,
        errorMessage: parent ? `${row.objectType || "constraint"} ${row.objectName}: ${row.errorMessage ?? "failed"}` : (row.errorMessage ?? ""),
      });
    }
    for (const c of row.constraints) visit(c, parent ?? row);
  };
  for (const row of report.structureInitializationDetails) visit(row);
  for (const row of report.dataInitializationDetails) {
    if (row.status === "Failed") {
      out.push({
        sourceDb: row.sourceOwnerDbName,
        destinationDb: row.destinationOwnerDbName,
        table: row.tableName,
        phase: "dataInitialization",
        status: row.status,
        errorMessage: row.errorMessage ?? "",
      });
    }
  }
  return out;
}
