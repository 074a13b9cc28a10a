/**
 * Progress lines while the provider blocks. The dynamic-provider host has no progress API; since Pulumi v3.146 the
 * CLI shows the provider's stderr lines, so this writes plain lines there: one per phase change, one per retry,
 * and percent lines by the rule of `sdk/waiting/progress-lines.ts` (while the wait is short: one every `intervalMs`; once it
 * is long: on a change of whole percent, at most every 5 minutes, and every 30 minutes when nothing changes).
 * Lines follow the polls (no poll, no line). Lines carry the resource name and TaskId, never a credential.
 */
import { PHASE_LABELS, PHASES, percentLine } from "../sdk/waiting/acceptors";
import { ProgressLineGate } from "../sdk/waiting/progress-lines";
import type { SynchronizationObjectModifyStatus } from "../sdk/types";

/** Where lines go (default `console.error`). */
export type LogLine = (line: string) => void;

export { percentLine } from "../sdk/waiting/acceptors";

/** Prints phase changes and periodic percent lines for one wait. */
export class ProgressReporter {
  private last?: SynchronizationObjectModifyStatus;
  private readonly gate: ProgressLineGate;

  constructor(
    private readonly prefix: string,
    private readonly log: LogLine,
    intervalMs: number,
    private readonly now: () => number,
  ) {
    // While the wait is short, a percent line every interval whether or not the percent moved (as before).
    this.gate = new ProgressLineGate({ intervalMs, heartbeatMs: intervalMs });
  }

  /** Writes one line. */
  line(text: string, status?: SynchronizationObjectModifyStatus): void {
    this.log(`${this.prefix}: ${text}`);
    this.gate.wrote(this.now(), status);
  }

  /** Feed every status reply (the waiter's `onProgress`). */
  onStatus(status: SynchronizationObjectModifyStatus, elapsedMs: number): void {
    const previous = this.last;
    this.last = status;
    if (!previous) {
      this.line(`status ${status.status}; ${percentLine(status)}`, status);
      return;
    }
    const changes: string[] = [];
    if (previous.status !== status.status) changes.push(`status ${previous.status} -> ${status.status}`);
    for (const p of PHASES) {
      if (previous[p].status !== status[p].status) {
        const message = p === "precheck" ? undefined : status[p].errorMessage;
        const error = message ? ` (${message})` : "";
        changes.push(`${PHASE_LABELS[p]} ${previous[p].status} -> ${status[p].status}${error}`);
      }
    }
    if (changes.length > 0) {
      for (const change of changes) this.line(change);
      return;
    }
    if (this.gate.percentLineDue(status, elapsedMs, this.now())) this.line(`${percentLine(status)} (${Math.round(elapsedMs / 1000)}s)`, status);
  }
}
