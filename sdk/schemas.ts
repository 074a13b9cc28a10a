/**
 * Wire schemas (zod 4) for the four DTS actions this package calls, and their mapping to the typed model of
 * `types.ts`. This is the only place where PascalCase names and string-typed numbers exist.
 *
 * Rules, each for a reason seen on the real wire:
 * - Numbers arrive as strings ("100", "39754", "0.0"). A numeric-regex string piped to `Number`, unioned with
 *   `z.number()`; never `z.coerce.number()`, which turns `""` into 0 and would hide a broken reply.
 * - pop-core parses with json-bigint, so integers above 2^53 arrive as BigNumber objects: turned into strings
 *   first, then through the same number schema.
 * - `Success` is `true` in JSON examples and `"true"` in the field table: both, via `z.stringbool()` (never
 *   `z.coerce.boolean()`, for which "false" is true).
 * - Statuses are plain strings: unknown values are kept as sent and never fail the parse (the waiter treats them
 *   as "not done yet").
 * - Missing arrays are `[]`; a missing phase struct is `NotStarted` at 0 %.
 * - XML replies (`xml-body.ts`) go through fast-xml-parser with `isArray` for the array fields, so a one-element XML array stays
 *   an array, and with value parsing off, so XML numbers stay strings and take the same path as JSON.
 * - Objects are `z.object` (unknown keys stripped): the service adds fields over time.
 *
 * Decoding a reply (error body first, then the action's schema, once) is `decode.ts`.
 */
import { z } from "zod";
import type {
  DataInitializationDetail,
  DataSynchronizationDetail,
  DataSynchronizationStatus,
  InitializationPhaseStatus,
  InitializationStatusPage,
  PrecheckItem,
  PrecheckStatus,
  StructureInitializationDetail,
  SynchronizationDatabase,
  SynchronizationJobStatus,
  SynchronizationObjectModifyStatus,
} from "./types";
import { KNOWN_JOB_STATUSES } from "./types";
import { WireBoolean, WireString, optNumber, optStatus, optString, wireArray } from "./wire-scalars";

export { NumericString, WireBoolean, WireNumber, WireStatus, WireString, wireArray } from "./wire-scalars";

// ---------------------------------------------------------------------------------------------------------------
// DescribeSynchronizationObjectModifyStatus

/** `PrecheckStatus.Detail[]` item (`CheckItem`) -> {@link PrecheckItem}. */
export const CheckItem = z
  .object({
    ItemName: WireString,
    CheckStatus: optStatus("Unknown"),
    ErrorMessage: optString,
    RepairMethod: optString,
  })
  .transform(
    (w): PrecheckItem => ({
      itemName: w.ItemName,
      checkStatus: w.CheckStatus,
      ...(w.ErrorMessage !== undefined ? { errorMessage: w.ErrorMessage } : {}),
      ...(w.RepairMethod !== undefined ? { repairMethod: w.RepairMethod } : {}),
    }),
  );

const NOT_STARTED_PRECHECK: PrecheckStatus = { status: "NotStarted", percent: 0, items: [] };
const NOT_STARTED_PHASE: InitializationPhaseStatus = { status: "NotStarted", percent: 0, progress: 0 };

/** `PrecheckStatus` -> {@link PrecheckStatus}; missing struct = NotStarted. */
export const PrecheckStatusWire = z
  .object({
    Status: optStatus("NotStarted"),
    Percent: optNumber,
    Detail: wireArray(CheckItem, "CheckItem"),
  })
  .nullish()
  .transform(
    (w): PrecheckStatus =>
      w ? { status: w.Status, percent: w.Percent ?? 0, items: w.Detail } : { ...NOT_STARTED_PRECHECK, items: [] },
  );

/** `StructureInitializationStatus` / `DataInitializationStatus` -> {@link InitializationPhaseStatus}. */
export const InitializationPhaseStatusWire = z
  .object({
    Status: optStatus("NotStarted"),
    Percent: optNumber,
    Progress: optNumber,
    ErrorMessage: optString,
  })
  .nullish()
  .transform((w): InitializationPhaseStatus => {
    if (!w) return { ...NOT_STARTED_PHASE };
    return {
      status: w.Status,
      percent: w.Percent ?? 0,
      progress: w.Progress ?? 0,
      ...(w.ErrorMessage ? { errorMessage: w.ErrorMessage } : {}),
    };
  });

/** `DataSynchronizationStatus` (to be removed by the service) -> {@link DataSynchronizationStatus} | undefined. */
export const DataSynchronizationStatusWire = z
  .object({
    Status: optStatus("NotStarted"),
    Delay: optNumber,
    Percent: optNumber,
    ErrorMessage: optString,
  })
  .nullish()
  .transform((w): DataSynchronizationStatus | undefined =>
    w
      ? {
          status: w.Status,
          delay: w.Delay ?? 0,
          percent: w.Percent ?? 0,
          ...(w.ErrorMessage ? { errorMessage: w.ErrorMessage } : {}),
        }
      : undefined,
  );

/** Fields every reply may carry. */
const envelope = {
  RequestId: WireString,
  Success: WireBoolean.nullish(),
  ErrCode: optString,
  ErrMessage: optString,
};

/**
 * The reply of `DescribeSynchronizationObjectModifyStatus` -> {@link SynchronizationObjectModifyStatus}.
 *
 * @example
 * ```ts
 * const status = DescribeSynchronizationObjectModifyStatusResponse.parse(json);
 * status.precheck.items[0].itemName // "CHECK_CONN_SRC"
 * ```
 */
export const DescribeSynchronizationObjectModifyStatusResponse = z
  .object({
    ...envelope,
    Status: optStatus("Unknown"),
    ErrorMessage: optString,
    PrecheckStatus: PrecheckStatusWire,
    StructureInitializationStatus: InitializationPhaseStatusWire,
    DataInitializationStatus: InitializationPhaseStatusWire,
    DataSynchronizationStatus: DataSynchronizationStatusWire,
  })
  .transform(
    (w): SynchronizationObjectModifyStatus => ({
      requestId: w.RequestId,
      status: w.Status,
      ...(w.ErrorMessage ? { errorMessage: w.ErrorMessage } : {}),
      precheck: w.PrecheckStatus,
      structureInitialization: w.StructureInitializationStatus,
      dataInitialization: w.DataInitializationStatus,
      ...(w.DataSynchronizationStatus ? { dataSynchronization: w.DataSynchronizationStatus } : {}),
    }),
  );
/** The parsed reply of `DescribeSynchronizationObjectModifyStatus`. */
export type DescribeSynchronizationObjectModifyStatusResponse = z.output<typeof DescribeSynchronizationObjectModifyStatusResponse>;

// ---------------------------------------------------------------------------------------------------------------
// DescribeInitializationStatus

/** `DataInitializationDetails[]` row -> {@link DataInitializationDetail}. */
export const DataInitializationDetailWire = z
  .object({
    SourceOwnerDBName: optString,
    DestinationOwnerDBName: optString,
    TableName: optString,
    Status: optStatus("NotStarted"),
    FinishRowNum: optNumber,
    TotalRowNum: optNumber,
    UsedTime: optNumber,
    ErrorMessage: optString,
  })
  .transform(
    (w): DataInitializationDetail => ({
      sourceOwnerDbName: w.SourceOwnerDBName ?? "",
      destinationOwnerDbName: w.DestinationOwnerDBName ?? "",
      tableName: w.TableName ?? "",
      status: w.Status,
      finishRowNum: w.FinishRowNum ?? 0,
      totalRowNum: w.TotalRowNum ?? 0,
      usedTime: w.UsedTime ?? 0,
      ...(w.ErrorMessage ? { errorMessage: w.ErrorMessage } : {}),
    }),
  );

/** `StructureInitializationDetails[]` row (recursive through `Constraints[]`) -> {@link StructureInitializationDetail}. */
export const StructureInitializationDetailWire: z.ZodType<StructureInitializationDetail> = z.lazy(() =>
  z
    .object({
      SourceOwnerDBName: optString,
      DestinationOwnerDBName: optString,
      ObjectName: optString,
      ObjectType: optString,
      ObjectDefinition: optString,
      Status: optStatus("NotStarted"),
      ErrorMessage: optString,
      Constraints: wireArray(StructureInitializationDetailWire, "StructureInitializationDetail"),
    })
    .transform(
      (w): StructureInitializationDetail => ({
        sourceOwnerDbName: w.SourceOwnerDBName ?? "",
        destinationOwnerDbName: w.DestinationOwnerDBName ?? "",
        objectName: w.ObjectName ?? "",
        objectType: w.ObjectType ?? "",
        ...(w.ObjectDefinition !== undefined ? { objectDefinition: w.ObjectDefinition } : {}),
        status: w.Status,
        ...(w.ErrorMessage ? { errorMessage: w.ErrorMessage } : {}),
        constraints: w.Constraints,
      }),
    ),
);

/** `DataSynchronizationDetails[]` row (to be removed by the service) -> {@link DataSynchronizationDetail}. */
export const DataSynchronizationDetailWire = z
  .object({
    SourceOwnerDBName: optString,
    DestinationOwnerDBName: optString,
    TableName: optString,
    Status: optStatus("NotStarted"),
    ErrorMessage: optString,
  })
  .transform(
    (w): DataSynchronizationDetail => ({
      sourceOwnerDbName: w.SourceOwnerDBName ?? "",
      destinationOwnerDbName: w.DestinationOwnerDBName ?? "",
      tableName: w.TableName ?? "",
      status: w.Status,
      ...(w.ErrorMessage ? { errorMessage: w.ErrorMessage } : {}),
    }),
  );

/**
 * One page of `DescribeInitializationStatus` -> {@link InitializationStatusPage}. Missing arrays are `[]`.
 *
 * @example
 * ```ts
 * DescribeInitializationStatusResponse.parse({ RequestId: "r" }).dataInitializationDetails // []
 * ```
 */
export const DescribeInitializationStatusResponse = z
  .object({
    ...envelope,
    StructureInitializationDetails: wireArray(StructureInitializationDetailWire, "StructureInitializationDetail"),
    DataInitializationDetails: wireArray(DataInitializationDetailWire, "DataInitializationDetail"),
    DataSynchronizationDetails: wireArray(DataSynchronizationDetailWire, "DataSynchronizationDetail"),
  })
  .transform(
    (w): InitializationStatusPage => ({
      requestId: w.RequestId,
      structureInitializationDetails: w.StructureInitializationDetails,
      dataInitializationDetails: w.DataInitializationDetails,
      dataSynchronizationDetails: w.DataSynchronizationDetails,
    }),
  );
/** The parsed reply of `DescribeInitializationStatus`. */
export type DescribeInitializationStatusResponse = z.output<typeof DescribeInitializationStatusResponse>;

// ---------------------------------------------------------------------------------------------------------------
// DescribeSynchronizationJobStatus

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
const JobObjectsWire = z.preprocess((value: unknown) => {
  if (typeof value === "string" && value.trim().startsWith("[")) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}, wireArray(JobObjectWire, "SynchronizationObject"));

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
    }),
  );
/** The parsed reply of `DescribeSynchronizationJobStatus`. */
export type DescribeSynchronizationJobStatusResponse = z.output<typeof DescribeSynchronizationJobStatusResponse>;

// ---------------------------------------------------------------------------------------------------------------
// ModifySynchronizationObject

/** The reply of `ModifySynchronizationObject`: the TaskId to poll. */
export const ModifySynchronizationObjectResponse = z
  .object({ ...envelope, TaskId: WireString.refine((s) => s.length > 0, { error: "TaskId is empty" }) })
  .transform((w) => ({ taskId: w.TaskId, requestId: w.RequestId }));
/** The parsed reply of `ModifySynchronizationObject`. */
export type ModifySynchronizationObjectResponse = z.output<typeof ModifySynchronizationObjectResponse>;

/** The actions this package calls, with the schema of each reply. */
export const RESPONSE_SCHEMAS = {
  ModifySynchronizationObject: ModifySynchronizationObjectResponse,
  DescribeSynchronizationObjectModifyStatus: DescribeSynchronizationObjectModifyStatusResponse,
  DescribeInitializationStatus: DescribeInitializationStatusResponse,
  DescribeSynchronizationJobStatus: DescribeSynchronizationJobStatusResponse,
} as const;
/** An action name this package calls. */
export type DtsAction = keyof typeof RESPONSE_SCHEMAS;
/** The parsed reply type of an action. */
export type ResponseOf<A extends DtsAction> = z.output<(typeof RESPONSE_SCHEMAS)[A]>;

export { XML_ARRAY_TAGS, parseBodyText, parseXmlBody } from "./xml-body";
