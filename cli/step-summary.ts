/**
 * The GitHub Actions step summary: when `GITHUB_STEP_SUMMARY` names a file (GitHub sets it in every step), `wait`
 * and `status` append a short Markdown section there (phases, percent, time left or duration, failed items and
 * tables), which a GitHub user sees on the run's page without opening the log. Outside GitHub nothing is written. A
 * file that cannot be written is a warning on stderr, never a failure of the command (the verdict stands).
 * Every string from the API is escaped for Markdown and kept on one line.
 */
import { appendFileSync } from "node:fs";
import { formatTimeLeft, type DtsJobStatusOutputs } from "../sdk";
import type { InitializationOutputs } from "../sdk/reports/initialization-outputs";
import type { ModificationStatusOutputs, PhaseOutput, PrecheckOutput } from "../sdk/reports/sync-job-outputs";
import { info } from "./output";

/** Most failed items, tables or objects listed; the rest are counted. */
const MAX_LISTED = 20;

/** Text for a Markdown table cell or list item: one line, Markdown and HTML specials escaped. */
export function md(text: string | number | undefined): string {
  return String(text ?? "")
    .replace(/[\r\n\u2028\u2029]+/g, " ")
    .replace(/[\\`*_{}[\]<>()#+!|~]/g, (c) => `\\${c}`)
    .trim();
}

/** Appends `markdown` to `$GITHUB_STEP_SUMMARY` when it is set; returns whether it wrote. */
export function appendStepSummary(markdown: string, env: Record<string, string | undefined> = process.env): boolean {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return false;
  try {
    appendFileSync(file, `${markdown.trimEnd()}\n\n`);
    return true;
  } catch (e) {
    info(`warning: the GitHub step summary could not be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    return false;
  }
}

function phaseTable(p: { precheck: PrecheckOutput; structureInitialization: PhaseOutput; dataInitialization: PhaseOutput }, extra: string[] = []): string[] {
  return [
    "| Phase | Status | Percent |",
    "| --- | --- | ---: |",
    `| precheck | ${md(p.precheck.status)} | ${md(p.precheck.percent)}% |`,
    `| structure initialization | ${md(p.structureInitialization.status)} | ${md(p.structureInitialization.percent)}% |`,
    `| data initialization | ${md(p.dataInitialization.status)} | ${md(p.dataInitialization.percent)}% |`,
    ...extra,
  ];
}

function timing(o: { startedAt: string; finishedAt?: string; estimatedFinishAt?: string }, now = Date.now()): string {
  const started = Date.parse(o.startedAt);
  if (o.finishedAt) return `Duration: ${Math.max(0, Math.round((Date.parse(o.finishedAt) - started) / 1000))}s`;
  if (o.estimatedFinishAt) return `Time left: ${md(formatTimeLeft(Date.parse(o.estimatedFinishAt) - now))}`;
  return "Time left: unknown";
}

function listed<T>(title: string, items: readonly T[], line: (item: T) => string): string[] {
  if (items.length === 0) return [];
  const out = ["", `**${title} (${items.length})**`, ""];
  for (const i of items.slice(0, MAX_LISTED)) out.push(`- ${line(i)}`);
  if (items.length > MAX_LISTED) out.push(`- … and ${items.length - MAX_LISTED} more`);
  return out;
}

function checkItems(p: PrecheckOutput): string[] {
  return listed(
    "Failed check items",
    p.failedItems,
    (i) => `\`${md(i.name)}\`: ${md(i.errorMessage ?? "failed")}${i.repairMethod ? ` — repair: ${md(i.repairMethod)}` : ""}`,
  );
}

/** The section of a job's first synchronization. */
export function initializationStepSummary(o: InitializationOutputs, verdict: string, resume?: string): string {
  const id = o.family === "sync-job" ? `synchronization job ${md(o.synchronizationJobId)}` : `DTS job ${md(o.dtsJobId)}`;
  const incremental =
    o.incrementalStatus !== undefined || o.delaySeconds !== undefined
      ? [`| incremental synchronization | ${md(o.incrementalStatus ?? "?")} | delay ${o.delaySeconds !== undefined ? `${md(o.delaySeconds)}s` : "unknown"} |`]
      : [];
  const lines = [
    `### DTS first synchronization of ${id}: ${md(verdict)}`,
    "",
    `Job status \`${md(o.jobStatus)}\`, stage ${md(o.stage)}. ${timing(o)}, ${o.polls} polls.`,
    "",
  ];
  lines.push(...phaseTable(o, incremental));
  if (o.caughtUp) {
    const c = o.caughtUp;
    lines.push(
      "",
      `Caught up (delay ≤ ${md(c.maxDelaySeconds)}s for ${c.polls} replies in a row): ${c.reached ? "**yes**" : `**no** (${c.caughtUpPolls}/${c.polls})`}`,
    );
  }
  lines.push(...checkItems(o.precheck));
  lines.push(...listed("Failed tables", o.failedTables, (t) => `${md(t.sourceDb)}.${md(t.table)} (${md(t.phase)}): ${md(t.errorMessage || t.status)}`));
  if (o.precheck.failedItems.length === 0)
    lines.push(...listed("Failed objects", o.failedObjects, (f) => `${md(f.names || f.item)}: ${md(f.errorMessage || f.state)}`));
  if (o.failedLeftOut) lines.push("", md(o.failedLeftOut));
  if (o.reason && verdict !== "done") lines.push("", md(o.reason));
  if (resume) lines.push("", `Resume with: \`${resume}\``);
  return lines.join("\n");
}

/** The section of a modification task (`wait|status <taskId>`). */
export function modificationStepSummary(o: ModificationStatusOutputs, verdict: string, resume?: string): string {
  const subject = o.taskId ? `task ${md(o.taskId)}` : "job (no task started)";
  const lines = [`### DTS modification ${subject}: ${md(verdict)}`, "", `Status \`${md(o.status)}\`. ${timing(o)}, ${o.polls} polls.`, "", ...phaseTable(o)];
  lines.push(...checkItems(o.precheck));
  lines.push(...listed("Failed tables", o.failedTables, (t) => `${md(t.sourceDb)}.${md(t.table)} (${md(t.phase)}): ${md(t.errorMessage || t.status)}`));
  if (o.tablesLeftOut) lines.push("", md(o.tablesLeftOut));
  if (resume) lines.push("", `Resume with: \`${resume}\``);
  return lines.join("\n");
}

/** The section of a DtsJob modification (`wait|status --dts-job`). */
export function dtsJobStepSummary(dtsJobId: string, o: DtsJobStatusOutputs, verdict: string, resume?: string): string {
  const sub = o.subJobId ? `, subtask \`${md(o.subJobId)}\` ${md(o.status)}` : "";
  const lines = [
    `### DTS modification of DTS job ${md(dtsJobId)}: ${md(verdict)}`,
    "",
    `Job status \`${md(o.jobStatus)}\`${sub}. ${timing(o)}, ${o.polls} polls.`,
    "",
    ...phaseTable(o),
  ];
  lines.push(...checkItems(o.precheck));
  if (o.precheck.failedItems.length === 0)
    lines.push(...listed("Failed objects", o.failedObjects, (f) => `${md(f.names || f.item)}: ${md(f.errorMessage || f.state)}`));
  if (o.failedObjectsLeftOut) lines.push("", md(o.failedObjectsLeftOut));
  if (resume) lines.push("", `Resume with: \`${resume}\``);
  return lines.join("\n");
}
