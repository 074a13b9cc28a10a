/**
 * What `DtsJobModification` reads back from its stored outputs: the resume markers, whether the stored change
 * succeeded (for `diff`), and an ended failure said again without a call.
 */
import { OBJECTS_NOT_CHECKED } from "../../sdk/errors/tables-not-checked";
import { DTS_JOB_STATUS_OUTPUT_KEYS, type FailedObjectOutput } from "../../sdk/reports/dts-job-outputs";
import { failedObjectLine } from "../../sdk/waiting/format";
import type { DtsJobModificationInputs } from "./types";
import { RETRY_HINT, type DtsJobPlan } from "./wait";

/** Hidden keys of the state that carry a resume (see impl.ts's module comment). */
export const MARKER_KEYS = ["__plan", "__modifyAttempted", "__baselineSubJobIds", "__succeeded"] as const;

/** The plan a stored `__plan` holds, if it is one. */
export function planOf(value: unknown): DtsJobPlan | undefined {
  if (!value || typeof value !== "object") return undefined;
  const v = value as Record<string, unknown>;
  if (!Array.isArray(v.settledSubJobIds) || !v.settledSubJobIds.every((s) => typeof s === "string")) return undefined;
  return { settledSubJobIds: v.settledSubJobIds as string[], sawModification: v.sawModification === true };
}

/** The outputs `diff` reads: a change that did not end well (or has not ended) is waited for again by `update`. */
export function storedSucceeded(olds: Record<string, unknown>, failOn: DtsJobModificationInputs["failOn"]): boolean {
  // `__succeeded`: the wait's own verdict (a change with no subtask shown succeeds with the job's phases, which
  // need not read Finished), before failOn.
  if (typeof olds.finishedAt !== "string" || olds.__succeeded !== true) return false;
  const failed = Array.isArray(olds.failedObjects) ? olds.failedObjects.length : 0;
  // Failed objects not checked are not "none failed": under failOn.failedObjects the next `up` checks again.
  return !((failOn?.failedObjects ?? true) && (failed > 0 || storedObjectsUnchecked(olds)));
}

/** The stored change succeeded but its failed objects were not checked (`failedObjectsLeftOut` says why). */
export function storedObjectsUnchecked(olds: Record<string, unknown>): boolean {
  return olds.__succeeded === true && typeof olds.failedObjectsLeftOut === "string" && olds.failedObjectsLeftOut.startsWith(OBJECTS_NOT_CHECKED);
}

/** The status part of stored outputs (with `change` and the resume markers). */
export function storedStatus(olds: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(["change", ...DTS_JOB_STATUS_OUTPUT_KEYS, ...MARKER_KEYS].filter((k) => olds[k] !== undefined).map((k) => [k, olds[k]]));
}

/** The failure an ended change recorded, said again from the stored outputs. */
export function storedFailureMessage(inputs: DtsJobModificationInputs, olds: Record<string, unknown>): string {
  const sub = typeof olds.subJobId === "string" ? ` (subtask ${olds.subJobId})` : "";
  const failedItems = (olds.precheck as { failedItems?: { name: string; errorMessage?: string; repairMethod?: string }[] } | undefined)?.failedItems ?? [];
  const phases = (["precheck", "structureInitialization", "dataInitialization"] as const)
    .map((p) => [p, (olds[p] as { status?: string; errorMessage?: string } | undefined) ?? {}] as const)
    .filter(([, v]) => v.status && v.status !== "Finished")
    // The wait ends at the first failed check item, when the precheck may still read Prechecking: say it failed.
    .map(([p, v]) =>
      p === "precheck" && failedItems.length > 0
        ? `precheck failed (${failedItems.length} check item${failedItems.length === 1 ? "" : "s"})`
        : `${p} ${v.status}${v.errorMessage ? `: ${v.errorMessage}` : ""}`,
    );
  const items = failedItems.map((i) => `  ${i.name}: ${i.errorMessage ?? "failed"}${i.repairMethod ? ` (repair: ${i.repairMethod})` : ""}`);
  // Precheck items come back from DescribePreCheckStatus too (JobCode 01): each failed item said once, as wait.ts does.
  const listed = new Set(failedItems.map((i) => i.name));
  const objects = (Array.isArray(olds.failedObjects) ? (olds.failedObjects as FailedObjectOutput[]) : [])
    .filter((o) => !(o.item && listed.has(o.item)))
    .map(failedObjectLine);
  return [
    `The change of DTS job ${inputs.dtsJobId}${sub} ended without success (as recorded at ${olds.finishedAt}): ${phases.join("; ") || `status ${olds.status}`}`,
    ...items,
    ...(objects.length > 0 ? ["Failed objects:", ...objects] : []),
    RETRY_HINT,
  ].join("\n");
}
