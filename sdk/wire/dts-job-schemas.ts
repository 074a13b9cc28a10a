/**
 * Wire schemas of the DtsJob family (API 2020-01-01, the actions pulumi-alicloud's and Terraform's
 * `SynchronizationJob` use): `ModifyDtsJob`, `DescribeDtsJobDetail` and `DescribePreCheckStatus`, with their typed
 * model. Field names are spelled as the official TypeScript SDK models spell them (`@alicloud/dts20200101`, see
 * /work/shared/research/dts-new-api.md); the scalar rules are the old schemas' (`schemas.ts` header): numbers as
 * strings or numbers, booleans as `true` or `"true"`, statuses kept as sent, missing arrays `[]`.
 *
 * The precheck items of a `SubSyncJob` use other names than the old API's (`CheckItem`, `CheckResult`,
 * `FailedReason` for `ItemName`, `CheckStatus`, `ErrorMessage`); they are mapped onto the same {@link PrecheckItem},
 * so the waiter's messages and the provider's outputs stay one shape. An item that carries the old names is read too.
 */
import { z } from "zod";
import type { PrecheckItem, PrecheckStatus } from "../types";
import type { DtsJobDetail, DtsJobProgressItem, DtsSubSyncJob, ModifyDtsJobResponse as ModifyDtsJobReply, PreCheckStatusPage } from "./dts-job-types";
import { DataSynchronizationStatusWire, InitializationPhaseStatusWire, envelope } from "./phases";
import { WireBoolean, WireString, optCount, optNumber, optPercent, optStatus, optString, wireArray } from "./scalars";

// The typed model lives in the zod-free `dts-job-types.ts` (the public declarations import it from there).
export type { DtsJobDetail, DtsJobProgressItem, DtsSubSyncJob, PreCheckStatusPage } from "./dts-job-types";

/** A `PrecheckStatus.Detail[]` item of the DtsJob family -> {@link PrecheckItem}. */
export const DtsJobCheckItem = z
  .object({
    CheckItem: optString,
    ItemName: optString,
    CheckItemDescription: optString,
    CheckResult: optString,
    CheckStatus: optString,
    FailedReason: optString,
    ErrorMessage: optString,
    RepairMethod: optString,
  })
  .refine((w) => w.CheckItem !== undefined || w.ItemName !== undefined, { error: "CheckItem: required, missing", path: ["CheckItem"] })
  .transform((w): PrecheckItem => {
    const message = w.FailedReason ?? w.ErrorMessage;
    return {
      itemName: (w.CheckItem ?? w.ItemName) as string,
      checkStatus: w.CheckResult ?? w.CheckStatus ?? "Unknown",
      ...(message !== undefined ? { errorMessage: message } : {}),
      ...(w.RepairMethod !== undefined ? { repairMethod: w.RepairMethod } : {}),
    };
  });

/** `PrecheckStatus` of a SubSyncJob (or of the job itself, as DescribeDtsJobs has it) -> {@link PrecheckStatus}. */
export const DtsJobPrecheckWire = z
  .object({ Status: optStatus("NotStarted"), Percent: optPercent, ErrorMessage: optString, Detail: wireArray(DtsJobCheckItem, "Detail") })
  .nullish()
  .transform((w): PrecheckStatus => (w ? { status: w.Status, percent: w.Percent ?? 0, items: w.Detail } : { status: "NotStarted", percent: 0, items: [] }));

const SubSyncJobWire = z
  .object({
    DtsJobId: WireString,
    Status: optStatus("Unknown"),
    JobType: optString,
    ErrorMessage: optString,
    CreateTime: optString,
    FinishTime: optString,
    DbObject: optString,
    PrecheckStatus: DtsJobPrecheckWire,
    StructureInitializationStatus: InitializationPhaseStatusWire,
    DataInitializationStatus: InitializationPhaseStatusWire,
    DataSynchronizationStatus: DataSynchronizationStatusWire,
  })
  .transform(
    (w): DtsSubSyncJob => ({
      dtsJobId: w.DtsJobId,
      status: w.Status,
      ...(w.JobType !== undefined ? { jobType: w.JobType } : {}),
      ...(w.ErrorMessage ? { errorMessage: w.ErrorMessage } : {}),
      ...(w.CreateTime !== undefined ? { createTime: w.CreateTime } : {}),
      ...(w.FinishTime !== undefined ? { finishTime: w.FinishTime } : {}),
      ...(w.DbObject !== undefined ? { dbObject: w.DbObject } : {}),
      precheck: w.PrecheckStatus,
      structureInitialization: w.StructureInitializationStatus,
      dataInitialization: w.DataInitializationStatus,
      ...(w.DataSynchronizationStatus ? { dataSynchronization: w.DataSynchronizationStatus } : {}),
    }),
  );

/** `DescribeDtsJobDetail` -> {@link DtsJobDetail}. A reply without `Status` is a parse error naming it. */
export const DescribeDtsJobDetailResponse = z
  .object({
    ...envelope,
    Status: WireString,
    DtsJobId: optString,
    DtsInstanceID: optString,
    DtsInstanceId: optString,
    JobType: optString,
    ErrorMessage: optString,
    DbObject: optString,
    SubSyncJob: wireArray(SubSyncJobWire, "SubSyncJob"),
    PrecheckStatus: DtsJobPrecheckWire.optional(),
    StructureInitializationStatus: InitializationPhaseStatusWire.optional(),
    DataInitializationStatus: InitializationPhaseStatusWire.optional(),
    DataSynchronizationStatus: DataSynchronizationStatusWire,
  })
  .transform(
    (w): DtsJobDetail => ({
      requestId: w.RequestId,
      status: w.Status,
      ...(w.DtsJobId !== undefined ? { dtsJobId: w.DtsJobId } : {}),
      ...((w.DtsInstanceID ?? w.DtsInstanceId) !== undefined ? { dtsInstanceId: (w.DtsInstanceID ?? w.DtsInstanceId) as string } : {}),
      ...(w.JobType !== undefined ? { jobType: w.JobType } : {}),
      ...(w.ErrorMessage ? { errorMessage: w.ErrorMessage } : {}),
      ...(w.DbObject !== undefined ? { dbObject: w.DbObject } : {}),
      subSyncJobs: w.SubSyncJob,
      ...(w.PrecheckStatus ? { precheck: w.PrecheckStatus } : {}),
      ...(w.StructureInitializationStatus ? { structureInitialization: w.StructureInitializationStatus } : {}),
      ...(w.DataInitializationStatus ? { dataInitialization: w.DataInitializationStatus } : {}),
      ...(w.DataSynchronizationStatus ? { dataSynchronization: w.DataSynchronizationStatus } : {}),
    }),
  );

/** `ModifyDtsJob` -> `{dtsJobId?, status?, requestId}`: nothing in it identifies the modification. */
export const ModifyDtsJobResponse = z.object({ ...envelope, DtsJobId: optString, Status: optString }).transform(
  (w): ModifyDtsJobReply => ({
    requestId: w.RequestId,
    ...(w.DtsJobId !== undefined ? { dtsJobId: w.DtsJobId } : {}),
    ...(w.Status !== undefined ? { status: w.Status } : {}),
  }),
);
/** The parsed reply of `ModifyDtsJob`. */
export type ModifyDtsJobResponse = ModifyDtsJobReply;

const JobProgressWire = z
  .object({
    Item: optString,
    Names: optString,
    State: optStatus("Unknown"),
    ErrMsg: optString,
    ErrDetail: optString,
    RepairMethod: optString,
    SourceSchema: optString,
    DestSchema: optString,
    TargetNames: optString,
    Total: optCount,
    Current: optCount,
    CanSkip: WireBoolean.nullish(),
  })
  .transform((w): DtsJobProgressItem => {
    const out: DtsJobProgressItem = { state: w.State };
    const keys = ["item", "names", "errMsg", "errDetail", "repairMethod", "sourceSchema", "destSchema", "targetNames", "total", "current"] as const;
    const wire = [w.Item, w.Names, w.ErrMsg, w.ErrDetail, w.RepairMethod, w.SourceSchema, w.DestSchema, w.TargetNames, w.Total, w.Current];
    keys.forEach((k, i) => {
      if (wire[i] !== undefined) (out as unknown as Record<string, unknown>)[k] = wire[i];
    });
    if (w.CanSkip !== undefined && w.CanSkip !== null) out.canSkip = w.CanSkip;
    return out;
  });

/** `DescribePreCheckStatus` -> {@link PreCheckStatusPage}. */
export const DescribePreCheckStatusResponse = z
  .object({
    ...envelope,
    State: optString,
    ErrorItem: optNumber,
    Total: optNumber,
    PageNumber: optNumber,
    PageRecordCount: optNumber,
    TotalRecordCount: optNumber,
    JobProgress: wireArray(JobProgressWire, "JobProgress"),
  })
  .transform(
    (w): PreCheckStatusPage => ({
      requestId: w.RequestId,
      ...(w.State !== undefined ? { state: w.State } : {}),
      ...(w.ErrorItem !== undefined ? { errorItem: w.ErrorItem } : {}),
      ...(w.Total !== undefined ? { total: w.Total } : {}),
      ...(w.PageNumber !== undefined ? { pageNumber: w.PageNumber } : {}),
      ...(w.PageRecordCount !== undefined ? { pageRecordCount: w.PageRecordCount } : {}),
      ...(w.TotalRecordCount !== undefined ? { totalRecordCount: w.TotalRecordCount } : {}),
      jobProgress: w.JobProgress,
    }),
  );
