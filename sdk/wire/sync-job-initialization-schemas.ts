/**
 * The reply of `DescribeInitializationStatus` (one page of per-table details) and its row schemas. Re-exported by
 * `schemas.ts`; the wire rules these follow are in its header.
 */
import { z } from "zod";
import { MAX_CONSTRAINT_DEPTH, constraintDepth } from "./constraint-depth";
import type { DataInitializationDetail, DataSynchronizationDetail, InitializationStatusPage, StructureInitializationDetail } from "../types";
import { envelope } from "./phases";
import { optCount, optStatus, optString, wireArray } from "./scalars";

/** `DataInitializationDetails[]` row -> {@link DataInitializationDetail}. */
export const DataInitializationDetailWire = z
  .object({
    SourceOwnerDBName: optString,
    DestinationOwnerDBName: optString,
    TableName: optString,
    Status: optStatus("NotStarted"),
    FinishRowNum: optCount,
    TotalRowNum: optCount,
    UsedTime: optCount,
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

/** `StructureInitializationDetails` with the nesting checked first (see {@link MAX_CONSTRAINT_DEPTH}). */
const StructureDetailsWire = z.preprocess(
  (value, ctx) => {
    if (constraintDepth(value, MAX_CONSTRAINT_DEPTH) <= MAX_CONSTRAINT_DEPTH) return value;
    ctx.issues.push({
      code: "custom",
      message: `Constraints nested deeper than ${MAX_CONSTRAINT_DEPTH} levels (DTS nests one): refused, not parsed`,
      input: value,
    });
    // Nothing of it is parsed (the issue fails the reply).
    return [];
  },
  z.lazy(() => wireArray(StructureInitializationDetailWire, "StructureInitializationDetail")),
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
    StructureInitializationDetails: StructureDetailsWire,
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
