/** Builders of typed DescribeSynchronizationObjectModifyStatus replies for acceptor and waiter tests. */
import type { InitializationPhaseStatus, PrecheckItem, SynchronizationObjectModifyStatus } from "../../sdk/types";

export interface StatusSpec {
  status?: string;
  precheck?: string;
  precheckPercent?: number;
  items?: PrecheckItem[];
  structure?: string;
  data?: string;
  errorMessage?: string;
  structureError?: string;
  dataError?: string;
}

const phase = (status: string, errorMessage?: string): InitializationPhaseStatus => ({
  status,
  percent: status === "Finished" ? 100 : status === "NotStarted" ? 0 : 50,
  progress: 0,
  ...(errorMessage ? { errorMessage } : {}),
});

/** `s("Migrating", "Finished", "Finished", "Finished")`-style shorthand through a spec object. */
export function status(spec: StatusSpec = {}): SynchronizationObjectModifyStatus {
  const precheck = spec.precheck ?? "NotStarted";
  return {
    requestId: "req",
    status: spec.status ?? "Migrating",
    ...(spec.errorMessage ? { errorMessage: spec.errorMessage } : {}),
    precheck: { status: precheck, percent: spec.precheckPercent ?? (precheck === "Finished" ? 100 : 0), items: spec.items ?? [] },
    structureInitialization: phase(spec.structure ?? "NotStarted", spec.structureError),
    dataInitialization: phase(spec.data ?? "NotStarted", spec.dataError),
  };
}

export const DONE: StatusSpec = { status: "Migrating", precheck: "Finished", structure: "Finished", data: "Finished" };

export const CONN_FAILED: PrecheckItem = {
  itemName: "CHECK_CONN_SRC",
  checkStatus: "Failed",
  errorMessage: "Original error: Access denied for user 'dtstest'@'100.104.xxx.xx' (using password: YES)",
  repairMethod: "CHECK_ERROR_DEST_CONN_REPAIR2",
};
