/**
 * What the provider decides from stored outputs. The outputs document itself is built by the SDK's
 * `buildStatusOutputs` (sdk/reports/sync-job-outputs.ts), shared with `dts-objects wait --json`.
 */
import { TABLES_NOT_CHECKED } from "../../sdk/errors/tables-not-checked";
import { phasesFinished } from "../../sdk/waiting/sync-job-acceptors";
import type { FailOnOptions, ModificationStatusOutputs } from "./types";

/**
 * True when stored outputs describe a task that finished successfully under `failOn` (so there is nothing to
 * wait for). Used by `diff`: a failed or unfinished task (e.g. after a refresh) is re-waited by the next `up`.
 */
export function outputsSucceeded(outputs: Partial<ModificationStatusOutputs>, failOn: FailOnOptions | undefined): boolean {
  if (!outputs.finishedAt || !phasesFinished(outputs)) return false;
  if ((failOn?.failedTables ?? true) && (outputs.failedTables?.length ?? 0) > 0) return false;
  // Tables not checked are not "none failed" (checkTables): under failOn.failedTables the next `up` checks again.
  if ((failOn?.failedTables ?? true) && outputs.tablesLeftOut?.startsWith(TABLES_NOT_CHECKED)) return false;
  return true;
}
