/**
 * Wire pieces shared by several DTS replies (`schemas.ts` and its per-action modules): the reply envelope, the
 * precheck struct with its check items, and the initialization / data-synchronization phase structs. A missing
 * struct is `NotStarted` at 0 %. The wire rules these follow are in `schemas.ts`'s header.
 */
import { z } from "zod";
import type { DataSynchronizationStatus, InitializationPhaseStatus, PrecheckItem, PrecheckStatus } from "../types";
import { WireBoolean, WireString, optCount, optNumber, optPercent, optStatus, optString, wireArray } from "./scalars";

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
    Percent: optPercent,
    Detail: wireArray(CheckItem, "CheckItem"),
  })
  .nullish()
  .transform((w): PrecheckStatus => (w ? { status: w.Status, percent: w.Percent ?? 0, items: w.Detail } : { ...NOT_STARTED_PRECHECK, items: [] }));

/** `StructureInitializationStatus` / `DataInitializationStatus` -> {@link InitializationPhaseStatus}. */
export const InitializationPhaseStatusWire = z
  .object({
    Status: optStatus("NotStarted"),
    Percent: optPercent,
    Progress: optCount,
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
    Percent: optPercent,
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
export const envelope = {
  RequestId: WireString,
  Success: WireBoolean.nullish(),
  ErrCode: optString,
  ErrMessage: optString,
};
