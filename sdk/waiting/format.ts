/** Turns a waiter result into the message shown to people (CLI output, provider errors, `DtsWaiterError`). */
import { PHASE_LABELS } from "./sync-job-acceptors";
import type { FailedObjectOutput, FailedTable } from "../types";
import type { DtsJobWaiterResult, WaiterResult } from "./waiter-types";

/**
 * One failed table in a message (the waiter's failure text and the provider's failed-tables error), indented by two:
 *
 * ```text
 *   dtstestdata.customer -> dtstestdata (data initialization): java.lang.NumberFormatException ...
 * ```
 */
export function failedTableLine(t: FailedTable): string {
  return `  ${t.sourceDb}.${t.table} -> ${t.destinationDb} (${PHASE_LABELS[t.phase]}): ${t.errorMessage || t.status}`;
}

/** The message form of a failed object takes the outputs' shape (one type, `sdk/types.ts`). */
export type FailedObjectLineInput = FailedObjectOutput;

/**
 * One failed object in a message (the waiter's failure text and the CLI's summary), indented by two:
 *
 * ```text
 *   customer [dtstestdata -> dtstestdata]: java.lang.NumberFormatException ... (repair: ...)
 * ```
 */
export function failedObjectLine(o: FailedObjectLineInput): string {
  const schemas = o.sourceSchema || o.destSchema ? ` [${o.sourceSchema || "?"} -> ${o.destSchema || "?"}]` : "";
  return `  ${o.names || o.item || "(unnamed)"}${schemas}: ${o.errorMessage || o.state}${o.repairMethod ? ` (repair: ${o.repairMethod})` : ""}`;
}

/** True for the result of a DtsJob wait (`waitForDtsJobModification`): it always carries `failedObjects`. */
function isDtsJobResult(result: WaiterResult | DtsJobWaiterResult): result is DtsJobWaiterResult {
  return Array.isArray((result as Partial<DtsJobWaiterResult>).failedObjects);
}

/**
 * What a message is about, first on its line. The old API waits on a modification task (`taskId` is its TaskId);
 * a DtsJob wait waits on a modification of a job (`taskId` is the DtsJobId), carried by a subtask when one was seen.
 */
export function waitSubject(result: WaiterResult | DtsJobWaiterResult): string {
  if (!isDtsJobResult(result)) return `Modification task ${result.taskId}`;
  // An initialization wait (`initialization-target.ts`) names its family.
  const family = (result as { family?: string }).family;
  if (family) return `First synchronization of ${family === "dts-job" ? "DTS job" : "synchronization job"} ${result.taskId}`;
  return `Modification of DTS job ${result.taskId}${result.subJobId ? ` (subtask ${result.subJobId})` : ""}`;
}

/**
 * A multi-line explanation of a wait that did not succeed (or a one-line summary of one that did):
 *
 * ```text
 * Modification task k71r16fj13g**** failed in precheck: 2 check items failed:
 *   CHECK_CONN_SRC: Original error: Access denied ... (repair: CHECK_ERROR_DEST_CONN_REPAIR2)
 *   CHECK_ENGINE: ... (repair: ...)
 * Failed tables (1):
 *   dtstestdata.customer -> dtstestdata (data initialization): java.lang.NumberFormatException ...
 * ```
 *
 * A DtsJob wait's result is worded for what it waited on (`Modification of DTS job l3m1213ye7l**** (subtask
 * m4n2324zf8m****) failed in data initialization: ...`) and lists its failed objects (`DescribePreCheckStatus`) after
 * a structure or data failure (after a precheck failure they are the check items, listed already).
 *
 * @example
 * ```ts
 * if (result.state !== "success") console.error(formatFailure(result));
 * ```
 */
export function formatFailure(result: WaiterResult | DtsJobWaiterResult): string {
  const task = waitSubject(result);
  const lines: string[] = [];
  switch (result.state) {
    case "success":
      lines.push(`${task} finished: ${result.reason}`);
      break;
    case "failure":
      // Failed check items get one line each below, instead of the acceptor's one-line "a; b" list.
      lines.push(
        result.failedPhase === "precheck" && result.failedItems.length > 0
          ? `${task} failed in precheck: ${result.failedItems.length} check item${result.failedItems.length === 1 ? "" : "s"} failed:`
          : `${task} failed${result.failedPhase ? ` in ${PHASE_LABELS[result.failedPhase]}` : ""}: ${result.reason}`,
      );
      break;
    case "timeout":
      lines.push(`${task} timed out: ${result.reason}`);
      break;
    case "aborted":
      lines.push(`${task}: wait ${result.reason}`);
      break;
  }
  for (const item of result.failedItems) {
    lines.push(`  ${item.itemName}: ${item.errorMessage ?? "failed"}${item.repairMethod ? ` (repair: ${item.repairMethod})` : ""}`);
  }
  const phaseError = result.failedPhase && result.failedPhase !== "precheck" ? result.final?.[result.failedPhase]?.errorMessage : undefined;
  if (phaseError && !result.reason.includes(phaseError)) lines.push(`  ${PHASE_LABELS[result.failedPhase!]}: ${phaseError}`);
  if (result.failedTables.length > 0) {
    lines.push(`Failed tables (${result.failedTables.length}):`);
    for (const t of result.failedTables) {
      lines.push(failedTableLine(t));
    }
  }
  if (result.reportError) lines.push(`Failed tables could not be listed: ${result.reportError}`);
  if (isDtsJobResult(result)) lines.push(...failedObjectLines(result));
  const errors = Object.entries(result.observedErrors);
  if (errors.length > 0 && result.state !== "success") {
    lines.push(`Errors while polling: ${errors.map(([code, n]) => `${code} x${n}`).join(", ")}`);
  }
  lines.push(`(${result.polls} poll${result.polls === 1 ? "" : "s"}, ${Math.round(result.elapsedMs / 1000)}s)`);
  return lines.join("\n");
}

/** A DtsJob wait's failed objects (none after a precheck failure: they are its check items, listed already). */
function failedObjectLines(result: DtsJobWaiterResult): string[] {
  const lines: string[] = [];
  const objects = result.failedPhase === "precheck" && result.failedItems.length > 0 ? [] : result.failedObjects;
  if (objects.length > 0) {
    lines.push(`Failed objects (${objects.length}):`);
    for (const o of objects) lines.push(failedObjectLine({ ...o, ...(o.errMsg ? { errorMessage: o.errMsg } : {}) }));
  }
  if (result.failedObjectsError) lines.push(`Failed objects could not be read: ${result.failedObjectsError}`);
  return lines;
}

/** C0 controls (ESC among them), DEL, C1 controls, the line/paragraph separators and the bidi overrides/isolates. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is what this pattern is for.
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED_ESCAPES: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t", "\u001b": "\\e" };

/**
 * Makes text that came from the API or a file safe to print on a terminal: every control character becomes a visible
 * escape (`\e`, `\n`, `\x07`, `\u202e`), so a database or table name cannot retitle or clear the terminal, move the
 * cursor or forge output lines. Characters listed in `keep` are left as they are (text mode keeps the `\n` and `\t`
 * of the lines it built itself; a single name keeps nothing). JSON output needs none of this: JSON escapes them.
 *
 * @example
 * ```ts
 * escapeControlChars("t\u001b]0;pwned\u0007") // "t\\e]0;pwned\\x07"
 * escapeControlChars("a\nb", "\n")             // "a\nb"
 * ```
 */
export function escapeControlChars(text: string, keep = ""): string {
  return text.replace(CONTROL_CHARS, (c) => {
    if (keep.includes(c)) return c;
    const named = NAMED_ESCAPES[c];
    if (named) return named;
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}
