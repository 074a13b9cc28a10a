/** Turns a waiter result into the message shown to people (CLI output, provider errors, `DtsWaiterError`). */
import { PHASE_LABELS } from "./acceptors";
import type { WaiterResult } from "./waiter";

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
 * @example
 * ```ts
 * if (result.state !== "success") console.error(formatFailure(result));
 * ```
 */
export function formatFailure(result: WaiterResult): string {
  const task = `Modification task ${result.taskId}`;
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
  const phaseError =
    result.failedPhase && result.failedPhase !== "precheck" ? result.final?.[result.failedPhase]?.errorMessage : undefined;
  if (phaseError && !result.reason.includes(phaseError)) lines.push(`  ${PHASE_LABELS[result.failedPhase!]}: ${phaseError}`);
  if (result.failedTables.length > 0) {
    lines.push(`Failed tables (${result.failedTables.length}):`);
    for (const t of result.failedTables) {
      lines.push(`  ${t.sourceDb}.${t.table} -> ${t.destinationDb} (${PHASE_LABELS[t.phase]}): ${t.errorMessage || t.status}`);
    }
  }
  if (result.reportError) lines.push(`Failed tables could not be listed: ${result.reportError}`);
  const errors = Object.entries(result.observedErrors);
  if (errors.length > 0 && result.state !== "success") {
    lines.push(`Errors while polling: ${errors.map(([code, n]) => `${code} x${n}`).join(", ")}`);
  }
  lines.push(`(${result.polls} poll${result.polls === 1 ? "" : "s"}, ${Math.round(result.elapsedMs / 1000)}s)`);
  return lines.join("\n");
}
