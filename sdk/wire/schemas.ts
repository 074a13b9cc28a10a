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
 * Layout: the shared envelope and phase structs are `wire-phases.ts`, the scalars `wire-scalars.ts`, the replies of
 * `DescribeInitializationStatus` and `DescribeSynchronizationJobStatus` `sync-job-initialization-schemas.ts` and
 * `sync-job-schemas.ts`; this file holds the other two replies and `RESPONSE_SCHEMAS`, and re-exports the rest, so
 * `sdk/wire/schemas` stays the one place to import any schema from. Decoding a reply (error body first, then the
 * action's schema, once) is `decode.ts`.
 */
import { z } from "zod";
import type { SynchronizationObjectModifyStatus } from "../types";
import { DescribeInitializationStatusResponse } from "./sync-job-initialization-schemas";
import { DescribeSynchronizationJobStatusResponse } from "./sync-job-schemas";
import { DescribeDtsJobDetailResponse, DescribePreCheckStatusResponse, ModifyDtsJobResponse } from "./dts-job-schemas";
import { DescribeDtsJobsResponse } from "./dts-job-list-schemas";
import { DataSynchronizationStatusWire, InitializationPhaseStatusWire, PrecheckStatusWire, envelope } from "./phases";
import { WireString, optStatus, optString } from "./scalars";

export { NumericString, WireBoolean, WireNumber, WireStatus, WireString, wireArray } from "./scalars";
export { CheckItem, DataSynchronizationStatusWire, InitializationPhaseStatusWire, PrecheckStatusWire } from "./phases";
export {
  DataInitializationDetailWire,
  DataSynchronizationDetailWire,
  DescribeInitializationStatusResponse,
  StructureInitializationDetailWire,
} from "./sync-job-initialization-schemas";
export { DescribeSynchronizationJobStatusResponse, JobObjectWire, JobStatusWire } from "./sync-job-schemas";
export {
  DescribeDtsJobDetailResponse,
  DescribePreCheckStatusResponse,
  DtsJobCheckItem,
  ModifyDtsJobResponse,
  type DtsJobDetail,
  type DtsJobProgressItem,
  type DtsSubSyncJob,
  type PreCheckStatusPage,
} from "./dts-job-schemas";

export { DescribeDtsJobsResponse } from "./dts-job-list-schemas";
export type { DtsJobIncrementalStatus, DtsJobListItem, DtsJobListPage, DtsJobMigrationMode, DtsJobRetryState } from "./dts-job-list-types";

// ---------------------------------------------------------------------------------------------------------------
// DescribeSynchronizationObjectModifyStatus

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
  // The DtsJob family (`dts-job-schemas.ts`).
  ModifyDtsJob: ModifyDtsJobResponse,
  DescribeDtsJobDetail: DescribeDtsJobDetailResponse,
  DescribePreCheckStatus: DescribePreCheckStatusResponse,
  DescribeDtsJobs: DescribeDtsJobsResponse,
} as const;
// The action names and their reply types are written out in `responses.ts` (zod-free, for the public declarations).
export type { DtsAction, ResponseOf } from "./responses";

export { XML_ARRAY_TAGS, parseBodyText, parseXmlBody } from "./xml-body";
