/**
 * The readable summary `wait`, `status` and `modify --wait` print on stdout (no `--json`). Pure. Every string from
 * the API is shown with its control characters escaped (a table name cannot hold a terminal escape or a line break).
 */
import { failedObjectLine, type DtsJobStatusOutputs } from "../sdk";
import type { InitializationOutputs } from "../sdk/reports/initialization-outputs";
import type { ModificationStatusOutputs as ModificationOutputs, PhaseOutput } from "../sdk/reports/sync-job-outputs";
import { escapeFields } from "./output";

function phaseLine(label: string, p: PhaseOutput, unit: string): string {
  const detail = `${p.progress} ${unit}`;
  return `  ${label.padEnd(26)}${p.status.padEnd(11)}${String(p.percent).padStart(3)}%  ${detail}${p.errorMessage ? `  error: ${p.errorMessage}` : ""}`;
}

/** Precheck items done (any status other than NotStarted/Checking) out of all items. */
export function precheckDone(outputs: Pick<ModificationOutputs, "precheck">): { done: number; total: number } {
  const items = outputs.precheck.items;
  return { done: items.filter((i) => i.status !== "NotStarted" && i.status !== "Checking").length, total: items.length };
}

/**
 * Formats the outputs for a person: one line per phase, failed check items with their repair method, failed tables,
 * table counts, and the verdict.
 *
 * @param verdict - e.g. `done`, `failed`; shown on the first line.
 * @param tables - whether the job's tables were listed (counts known), and whether a job id was given at all.
 */
export function formatSummary(outputs: ModificationOutputs, verdict: string, tables: { listed: boolean; jobKnown: boolean }): string {
  // Names and messages come from the API: escaped (newlines too) before they are laid out.
  outputs = escapeFields(outputs);
  const lines: string[] = [];
  const subject = outputs.taskId !== undefined ? `Task ${outputs.taskId}` : outputs.source === "job" ? "Job (no task started)" : "Task (unknown)";
  lines.push(`${subject}: ${verdict} (status ${outputs.status}, ${polls(outputs.polls)})`);
  if (outputs.note) lines.push(`  ${outputs.note}`);
  lines.push(...phaseLines(outputs));
  if (outputs.failedTables.length > 0) {
    lines.push(`Failed tables (${outputs.failedTables.length}):`);
    for (const t of outputs.failedTables) {
      const dest = t.destinationDb && t.destinationDb !== t.sourceDb ? ` -> ${t.destinationDb}` : "";
      lines.push(`  ${t.sourceDb}.${t.table}${dest} [${t.phase} ${t.status}]: ${t.errorMessage || "(no message)"}`);
    }
  }
  if (outputs.tablesLeftOut || !outputs.tables) {
    lines.push(`Tables: ${outputs.tablesLeftOut ?? "not listed"}`);
  } else if (tables.listed) {
    lines.push(`Tables: ${outputs.tables.total} total, ${outputs.tables.finished} finished, ${outputs.tables.failed} failed`);
  } else {
    lines.push(`Tables: not listed${tables.jobKnown ? "" : " (pass --job <jobId> to list failed tables)"}`);
  }
  lines.push(timesLine(outputs));
  return lines.join("\n");
}

/**
 * The summary of a DtsJob modification (`wait|status --dts-job`): the same phase and check-item lines as
 * {@link formatSummary}, the job's and the subtask's status, and the failed objects instead of failed tables.
 *
 * @param dtsJobId - the job waited on (the document itself names only the subtask).
 */
export function formatDtsJobSummary(dtsJobId: string, outputs: DtsJobStatusOutputs, verdict: string): string {
  outputs = escapeFields(outputs);
  const id = escapeFields(dtsJobId);
  const sub = outputs.subJobId ? `, subtask ${outputs.subJobId} ${outputs.status}` : "";
  const lines = [`DTS job ${id}: ${verdict} (job ${outputs.jobStatus}${sub}, ${polls(outputs.polls)})`];
  if (outputs.note) lines.push(`  ${outputs.note}`);
  lines.push(...phaseLines(outputs));
  // After a precheck failure the failed objects are its check items, listed already.
  if (outputs.failedObjects.length > 0 && outputs.precheck.failedItems.length === 0) {
    lines.push(`Failed objects (${outputs.failedObjects.length}):`);
    for (const o of outputs.failedObjects) lines.push(failedObjectLine(o));
  }
  if (outputs.failedObjectsLeftOut) lines.push(`Failed objects: ${outputs.failedObjectsLeftOut}`);
  lines.push(timesLine(outputs));
  return lines.join("\n");
}

function polls(n: number): string {
  return `${n} poll${n === 1 ? "" : "s"}`;
}

/** The three phase lines and the failed check items, shared by both summaries. Fields escaped by the caller. */
function phaseLines(outputs: Pick<ModificationOutputs, "precheck" | "structureInitialization" | "dataInitialization">): string[] {
  const pre = precheckDone(outputs);
  const lines = [
    `  ${"precheck".padEnd(26)}${outputs.precheck.status.padEnd(11)}${String(outputs.precheck.percent).padStart(3)}%  ${pre.done}/${pre.total} items`,
    phaseLine("structure initialization", outputs.structureInitialization, "tables"),
    phaseLine("data initialization", outputs.dataInitialization, "rows"),
  ];
  if (outputs.precheck.failedItems.length > 0) {
    lines.push(`Failed check items (${outputs.precheck.failedItems.length}):`);
    for (const i of outputs.precheck.failedItems) {
      lines.push(`  ${i.name}: ${i.errorMessage ?? "(no message)"}${i.repairMethod ? ` (repair: ${i.repairMethod})` : ""}`);
    }
  }
  return lines;
}

function timesLine(outputs: { startedAt: string; finishedAt?: string }): string {
  return `Started ${outputs.startedAt}${outputs.finishedAt ? `, finished ${outputs.finishedAt}` : ", not finished"}`;
}

/**
 * The summary of a job's first synchronization (`wait|status --initialization`): the job and its stage, the three
 * phase lines and failed check items, the incremental delay and the caught-up gate, failed tables or objects.
 */
export function formatInitializationSummary(outputs: InitializationOutputs, verdict: string): string {
  outputs = escapeFields(outputs);
  const id = outputs.family === "sync-job" ? `Synchronization job ${outputs.synchronizationJobId}` : `DTS job ${outputs.dtsJobId}`;
  const lines = [`${id}, first synchronization: ${verdict} (job ${outputs.jobStatus}, ${outputs.stage}, ${polls(outputs.polls)})`];
  lines.push(...phaseLines(outputs));
  if (outputs.incrementalStatus !== undefined || outputs.delaySeconds !== undefined) {
    lines.push(
      `  ${"incremental synchronization".padEnd(26)}${(outputs.incrementalStatus ?? "?").padEnd(11)}delay ${outputs.delaySeconds !== undefined ? `${outputs.delaySeconds}s` : "unknown"}`,
    );
  }
  if (outputs.caughtUp) {
    const c = outputs.caughtUp;
    lines.push(`Caught up (delay <= ${c.maxDelaySeconds}s for ${c.polls} replies in a row): ${c.reached ? "yes" : `no (${c.caughtUpPolls}/${c.polls})`}`);
  }
  if (outputs.failedTables.length > 0) {
    lines.push(`Failed tables (${outputs.failedTables.length}):`);
    for (const t of outputs.failedTables) lines.push(`  ${t.sourceDb}.${t.table} [${t.phase} ${t.status}]: ${t.errorMessage || "(no message)"}`);
  }
  if (outputs.failedObjects.length > 0 && outputs.precheck.failedItems.length === 0) {
    lines.push(`Failed objects (${outputs.failedObjects.length}):`);
    for (const o of outputs.failedObjects) lines.push(failedObjectLine(o));
  }
  if (outputs.failedLeftOut) lines.push(`Failed tables/objects: ${outputs.failedLeftOut}`);
  lines.push(timesLine(outputs));
  return lines.join("\n");
}
