/**
 * The reply of `DescribeSynchronizationJobStatus` (the job's status, objects and phases) and its pieces: the
 * normalized job `Status` and the job's `SynchronizationObjects`. Re-exported by `schemas.ts`; the wire rules these
 * follow are in its header.
 */
import { z } from "zod";
import type { SyncJobIncrementalStatus, SynchronizationDatabase, SynchronizationJobStatus } from "../types";
import { KNOWN_JOB_STATUSES } from "../types";
import { InitializationPhaseStatusWire, PrecheckStatusWire, envelope } from "./phases";
import { WireBoolean, WireString, optNumber, optStatus, optString, wireArray } from "./scalars";

/**
 * A job `Status`, normalized: a known name in any case (`Modifying`, `MODIFYING`, `modifying`) becomes the lower
 * camel case of the current API page; any other non-empty string is kept. Missing or empty fails the parse: the
 * job status is what the package decides on, so a reply without it is broken.
 */
export const JobStatusWire = WireString.refine((s) => s.trim().length > 0, { error: "Status is empty" }).transform((s) => {
  const known = KNOWN_JOB_STATUSES.find((k) => k.toLowerCase() === s.trim().toLowerCase());
  return { status: known ?? s, raw: s };
});

const JobTableWire = z.object({ TableName: WireString.refine((s) => s.length > 0, { error: "TableName is empty" }), NewTableName: optString });

/**
 * One item of the job's `SynchronizationObjects`. The API page names its fields `SchemaName`, `NewSchemaName`,
 * `TableIncludes[{TableName}]`, `TableExcludes[{TableName}]`; the request's wire names (`DBName`, `NewDBName`,
 * `NewTableName`) are accepted too.
 */
export const JobObjectWire = z
  .object({
    SchemaName: optString,
    DBName: optString,
    NewSchemaName: optString,
    NewDBName: optString,
    TableIncludes: wireArray(JobTableWire, "TableInclude"),
    TableExcludes: wireArray(JobTableWire, "TableExclude"),
  })
  .superRefine((w, ctx) => {
    if (!(w.SchemaName ?? w.DBName)) ctx.addIssue({ code: "custom", path: ["SchemaName"], message: "required, missing" });
  })
  .transform((w): SynchronizationDatabase => {
    const dbName = (w.SchemaName ?? w.DBName)!;
    const newDbName = w.NewSchemaName ?? w.NewDBName;
    return {
      dbName,
      ...(newDbName ? { newDbName } : {}),
      ...(w.TableIncludes.length
        ? { tableIncludes: w.TableIncludes.map((t) => ({ tableName: t.TableName, ...(t.NewTableName ? { newTableName: t.NewTableName } : {}) })) }
        : {}),
      ...(w.TableExcludes.length ? { tableExcludes: w.TableExcludes.map((t) => ({ tableName: t.TableName })) } : {}),
    };
  });

/** `SynchronizationObjects`: an array (or a JSON string holding one, as some older replies send). */
const JobObjectsWire = z.preprocess(
  (value: unknown) => {
    if (typeof value === "string" && value.trim().startsWith("[")) {
      try {
        return JSON.parse(value);
      } catch {
        return value;
      }
    }
    return value;
  },
  wireArray(JobObjectWire, "SynchronizationObject"),
);

/**
 * `DataSynchronizationStatus{Status, Delay, DelayMillis, Percent, ErrorMessage}` of the job (incremental phase).
 * `Delay` is documented in seconds, `DelayMillis` in milliseconds (D-SJS); a missing one stays missing.
 */
const SyncJobIncrementalWire = z
  .object({ Status: optStatus("NotStarted"), Percent: optNumber, Delay: optNumber, DelayMillis: optNumber, ErrorMessage: optString })
  .nullish()
  .transform((w): SyncJobIncrementalStatus | undefined =>
    w
      ? {
          status: w.Status,
          percent: w.Percent ?? 0,
          ...(w.Delay !== undefined ? { delaySeconds: w.Delay } : {}),
          ...(w.DelayMillis !== undefined ? { delayMillis: w.DelayMillis } : {}),
          ...(w.ErrorMessage ? { errorMessage: w.ErrorMessage } : {}),
        }
      : undefined,
  );

/**
 * The reply of `DescribeSynchronizationJobStatus` -> {@link SynchronizationJobStatus}. Field names and types from
 * the API page (2020-01-01): `Status` (string), `SynchronizationObjects[]`, `PrecheckStatus{Status, Percent,
 * Detail[]}`, `StructureInitializationStatus` and `DataInitializationStatus` `{Status, Percent, Progress,
 * ErrorMessage}` (numbers as strings), `ErrorMessage`, `SynchronizationJobId`. Other fields are ignored.
 *
 * @example
 * ```ts
 * DescribeSynchronizationJobStatusResponse.parse({ RequestId: "r", Status: "Modifying" }).status // "modifying"
 * ```
 */
export const DescribeSynchronizationJobStatusResponse = z
  .object({
    ...envelope,
    SynchronizationJobId: optString,
    Status: JobStatusWire,
    ErrorMessage: optString,
    SynchronizationObjects: JobObjectsWire,
    PrecheckStatus: PrecheckStatusWire,
    StructureInitializationStatus: InitializationPhaseStatusWire,
    DataInitializationStatus: InitializationPhaseStatusWire,
    // What a new job's first synchronization is judged on (sync-job-initialization): the incremental block, the
    // delay in its two documented units (`Delay` seconds, `DelayMillis` milliseconds) and the two phase switches.
    DataSynchronizationStatus: SyncJobIncrementalWire,
    Delay: optNumber,
    DelayMillis: optNumber,
    StructureInitialization: WireBoolean.nullish(),
    DataInitialization: WireBoolean.nullish(),
  })
  .transform(
    (w): SynchronizationJobStatus => ({
      requestId: w.RequestId,
      ...(w.SynchronizationJobId ? { synchronizationJobId: w.SynchronizationJobId } : {}),
      status: w.Status.status,
      rawStatus: w.Status.raw,
      ...(w.ErrorMessage ? { errorMessage: w.ErrorMessage } : {}),
      synchronizationObjects: w.SynchronizationObjects,
      precheck: {
        ...w.PrecheckStatus,
        rawStatus: w.PrecheckStatus.status,
        // The page documents Success/Failed for the job's precheck; a task's precheck says Finished.
        status: w.PrecheckStatus.status.toLowerCase() === "success" ? "Finished" : w.PrecheckStatus.status,
      },
      structureInitialization: w.StructureInitializationStatus,
      dataInitialization: w.DataInitializationStatus,
      ...(w.DataSynchronizationStatus ? { dataSynchronization: w.DataSynchronizationStatus } : {}),
      ...(w.Delay !== undefined ? { delaySeconds: w.Delay } : {}),
      ...(w.DelayMillis !== undefined ? { delayMillis: w.DelayMillis } : {}),
      ...(typeof w.StructureInitialization === "boolean" ? { structureInitializationEnabled: w.StructureInitialization } : {}),
      ...(typeof w.DataInitialization === "boolean" ? { dataInitializationEnabled: w.DataInitialization } : {}),
    }),
  );
/** The parsed reply of `DescribeSynchronizationJobStatus`. */
export type DescribeSynchronizationJobStatusResponse = z.output<typeof DescribeSynchronizationJobStatusResponse>;
