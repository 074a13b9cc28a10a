/**
 * The reply of `DescribeDtsJobs` (DtsJob family, API 2020-01-01): the one action whose per-job items carry the job's
 * own precheck, structure and data initialization blocks (`DescribeDtsJobDetail` has none at its top level; research
 * note dts-initial-sync.md §1b). Field names as the official TypeScript model `DescribeDtsJobsResponseBody` spells
 * them; the scalar rules are the other schemas' (`scalars.ts`): numbers as strings or numbers, statuses kept as sent
 * (any casing: the wire is documented `Synchronizing` and observed by Terraform as `synchronizing`), missing arrays `[]`.
 *
 * `Delay` (per job) is read as **seconds**: the model of this action says "The latency of incremental data
 * synchronization. Unit: seconds" (same text in the Go/Java/PHP/C++ models). The "milliseconds" text belongs to
 * `DescribeDtsJobDetail.Delay`, another action. A live account would confirm it (open question 3 of the note).
 */
import { z } from "zod";
import type { DtsJobIncrementalStatus, DtsJobListItem, DtsJobListPage, DtsJobMigrationMode, DtsJobRetryState } from "./dts-job-list-types";
import { InitializationPhaseStatusWire, envelope } from "./phases";
import { DtsJobCheckItem } from "./dts-job-schemas";
import { WireBoolean, WireString, optNumber, optStatus, optString, wireArray } from "./scalars";

const optBool = WireBoolean.nullish().transform((v) => v ?? undefined);

const PrecheckWire = z
  .object({ Status: optStatus("NotStarted"), Percent: optNumber, ErrorMessage: optString, Detail: wireArray(DtsJobCheckItem, "Detail") })
  .nullish()
  .transform((w): DtsJobListItem["precheck"] =>
    w
      ? { status: w.Status, percent: w.Percent ?? 0, items: w.Detail, ...(w.ErrorMessage ? { errorMessage: w.ErrorMessage } : {}) }
      : { status: "NotStarted", percent: 0, items: [] },
  );

const IncrementalWire = z
  .object({ Status: optStatus("NotStarted"), Percent: optNumber, ErrorMessage: optString })
  .nullish()
  .transform((w): DtsJobIncrementalStatus | undefined =>
    w ? { status: w.Status, percent: w.Percent ?? 0, ...(w.ErrorMessage ? { errorMessage: w.ErrorMessage } : {}) } : undefined,
  );

const MigrationModeWire = z
  .object({ StructureInitialization: optBool, DataInitialization: optBool, DataSynchronization: optBool })
  .nullish()
  .transform((w): DtsJobMigrationMode => {
    const out: DtsJobMigrationMode = {};
    if (w?.StructureInitialization !== undefined) out.structureInitialization = w.StructureInitialization;
    if (w?.DataInitialization !== undefined) out.dataInitialization = w.DataInitialization;
    if (w?.DataSynchronization !== undefined) out.dataSynchronization = w.DataSynchronization;
    return out;
  });

const RetryStateWire = z
  .object({ Retrying: optBool, RetryCount: optNumber, RetryTime: optNumber, MaxRetryTime: optNumber, Module: optString, ErrMessage: optString })
  .nullish()
  .transform((w): DtsJobRetryState | undefined => {
    if (!w) return undefined;
    const out: DtsJobRetryState = {};
    if (w.Retrying !== undefined) out.retrying = w.Retrying;
    if (w.RetryCount !== undefined) out.retryCount = w.RetryCount;
    if (w.RetryTime !== undefined) out.retryTime = w.RetryTime;
    if (w.MaxRetryTime !== undefined) out.maxRetryTime = w.MaxRetryTime;
    if (w.Module !== undefined) out.module = w.Module;
    if (w.ErrMessage) out.errMessage = w.ErrMessage;
    return out;
  });

const DtsJobListItemWire = z
  .object({
    DtsJobId: WireString,
    DtsInstanceID: optString,
    DtsInstanceId: optString,
    JobType: optString,
    Status: optStatus("Unknown"),
    ErrorMessage: optString,
    Delay: optNumber,
    PrecheckStatus: PrecheckWire,
    StructureInitializationStatus: InitializationPhaseStatusWire,
    DataInitializationStatus: InitializationPhaseStatusWire,
    DataSynchronizationStatus: IncrementalWire,
    MigrationMode: MigrationModeWire,
    RetryState: RetryStateWire,
    MigrationErrMsg: optString,
    MigrationErrWorkaround: optString,
  })
  .transform((w): DtsJobListItem => {
    const instance = w.DtsInstanceID ?? w.DtsInstanceId;
    return {
      dtsJobId: w.DtsJobId,
      ...(instance !== undefined ? { dtsInstanceId: instance } : {}),
      ...(w.JobType !== undefined ? { jobType: w.JobType } : {}),
      status: w.Status,
      ...(w.ErrorMessage ? { errorMessage: w.ErrorMessage } : {}),
      ...(w.Delay !== undefined ? { delaySeconds: w.Delay } : {}),
      precheck: w.PrecheckStatus,
      structureInitialization: w.StructureInitializationStatus,
      dataInitialization: w.DataInitializationStatus,
      ...(w.DataSynchronizationStatus ? { dataSynchronization: w.DataSynchronizationStatus } : {}),
      migrationMode: w.MigrationMode,
      ...(w.RetryState ? { retryState: w.RetryState } : {}),
      ...(w.MigrationErrMsg ? { migrationErrMsg: w.MigrationErrMsg } : {}),
      ...(w.MigrationErrWorkaround ? { migrationErrWorkaround: w.MigrationErrWorkaround } : {}),
    };
  });

/** `DescribeDtsJobs` -> {@link DtsJobListPage}. */
export const DescribeDtsJobsResponse = z
  .object({
    ...envelope,
    TotalRecordCount: optNumber,
    PageNumber: optNumber,
    PageRecordCount: optNumber,
    DtsJobList: wireArray(DtsJobListItemWire, "DtsJobStatus"),
  })
  .transform(
    (w): DtsJobListPage => ({
      requestId: w.RequestId,
      ...(w.TotalRecordCount !== undefined ? { totalRecordCount: w.TotalRecordCount } : {}),
      ...(w.PageNumber !== undefined ? { pageNumber: w.PageNumber } : {}),
      ...(w.PageRecordCount !== undefined ? { pageRecordCount: w.PageRecordCount } : {}),
      jobs: w.DtsJobList,
    }),
  );
