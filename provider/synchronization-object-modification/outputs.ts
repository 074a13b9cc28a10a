/**
 * What the provider decides from stored outputs. The outputs document itself is built by the SDK's
 * `buildStatusOutputs` (sdk/reports/sync-job-outputs.ts), shared with `dts-objects wait --json`.
 */
import { phasesFinished } from "../../sdk/waiting/sync-job-acceptors";
import type { FailOnOptions, ModificationStatusOutputs } from "./types";

/**
 * True when stored outputs describe a task that finished successfully under `failOn` (so there is nothing to
 * wait for). Used by `diff`: a failed or unfinished task (e.g. after a refresh) is re-waited by the next `up`.
 */
export function outputsSucceeded(outputs: Partial<ModificationStatusOutputs>, failOn: FailOnOptions | undefined): boolean {
  if (!outputs.finishedAt || !phasesFinished(outputs)) return false;
  if ((failOn?.failedTables ?? true) && (outputs.failedTables?.length ?? 0) > 0) return false;
  return true;
}
