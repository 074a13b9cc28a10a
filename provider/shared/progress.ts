/**
 * Progress while the provider blocks. With a status sink (both faces when they reach the engine's Log service with
 * the resource's URN: an ephemeral line on the resource's row, see shared/engine-log-hooks.ts), every reply updates that one line (`sdk/reports/status-line.ts`: phase, percent, counter, time left) and
 * only phase changes, failed check items, retries and the verdict are written as lines; the status line is
 * cleared when the wait ends ({@link ProgressReporter.end}). Without one (a dynamic resource's call the seam did
 * not see, or a host without the seam: shared/dynamic-host), lines as follows.
 *
 * Progress lines while the provider blocks. Since Pulumi v3.146 the CLI shows the dynamic-provider host's stderr
 * lines (under the stack), so this writes plain lines there: one per phase change, one per retry,
 * and percent lines by the rule of `sdk/waiting/progress-lines.ts` (while the wait is short: one every `intervalMs`; once it
 * is long: on a change of whole percent, at most every 5 minutes, and every 30 minutes when nothing changes).
 * Lines follow the polls (no poll, no line). Lines carry the resource name and TaskId, never a credential.
 */
import { PHASE_LABELS, PHASES, percentLine } from "../../sdk/waiting/sync-job-acceptors";
import { ProgressLineGate } from "../../sdk/waiting/progress-lines";
import { formatTimeLeft, runningPhase, statusLine } from "../../sdk/reports/status-line";
import type { SynchronizationObjectModifyStatus } from "../../sdk/types";

/** Where lines go (default `console.error`). */
export type LogLine = (line: string) => void;

/**
 * The resource's own status line (one ephemeral line on its row in `pulumi up`, replaced by each call; `""` clears
 * it), for the wait in progress.
 */
export type StatusSink = (line: string) => void;

export { percentLine } from "../../sdk/waiting/sync-job-acceptors";

/** A resource's status line for one reply: its stage (a change shows at once) and the text. */
export type StatusDescriber = (
  status: SynchronizationObjectModifyStatus,
  estimatedFinishMs: number | undefined,
  nowMs: number,
) => { stage: string; text: string } | undefined;

/** Prints phase changes and periodic percent lines for one wait. */
export class ProgressReporter {
  private last?: SynchronizationObjectModifyStatus;
  private readonly gate: ProgressLineGate;
  private readonly reportedItems = new Set<string>();
  private shownStatus = "";
  private shownKey: string | undefined;
  private describe?: StatusDescriber;

  constructor(
    private readonly prefix: string,
    private readonly log: LogLine,
    intervalMs: number,
    private readonly now: () => number,
    private readonly status?: StatusSink,
  ) {
    // While the wait is short, a percent line every interval whether or not the percent moved (as before).
    this.gate = new ProgressLineGate({ intervalMs, heartbeatMs: intervalMs });
  }

  /**
   * A resource's own words for the status line (the initialization resources: not started yet, catching up, ...):
   * its `stage` joins the key that shows the line at once on a change; none keeps the modification's line.
   */
  describeWith(describe: StatusDescriber): void {
    this.describe = describe;
  }

  /** Writes one line. */
  line(text: string, status?: SynchronizationObjectModifyStatus): void {
    this.log(`${this.prefix}: ${text}`);
    this.gate.wrote(this.now(), status);
  }

  /** Feed every status reply (the waiter's `onProgress`, with its finish estimate). */
  onStatus(status: SynchronizationObjectModifyStatus, elapsedMs: number, estimatedFinishMs?: number): void {
    const previous = this.last;
    this.last = status;
    if (this.status) {
      // The engine prints every ephemeral message as a line in plain (no TTY) output, so the status line follows
      // the same spacing rule as percent lines: at once on a change of phase or phase status, else when due.
      const now = this.now();
      const phase = runningPhase(status);
      const own = this.describe?.(status, estimatedFinishMs, now);
      const key = `${status.status}|${phase ?? ""}|${phase ? status[phase].status : ""}|${own?.stage ?? ""}`;
      if (key !== this.shownKey || this.gate.percentLineDue(status, elapsedMs, now)) {
        this.shownKey = key;
        this.shownStatus = own?.text ?? statusLine(status, estimatedFinishMs, now);
        this.status(`${this.prefix}: ${this.shownStatus}`);
        this.gate.wrote(now, status);
      }
      for (const item of status.precheck.items) {
        if (item.checkStatus === "Failed" && !this.reportedItems.has(item.itemName)) {
          this.reportedItems.add(item.itemName);
          this.line(
            `precheck item ${item.itemName} failed: ${item.errorMessage ?? "(no message)"}${item.repairMethod ? ` (repair: ${item.repairMethod})` : ""}`,
          );
        }
      }
    }
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
    // With a status line, percents are on it: no percent or heartbeat lines in the log.
    if (!this.status && this.gate.percentLineDue(status, elapsedMs, this.now())) {
      const left = estimatedFinishMs !== undefined ? `, ${formatTimeLeft(estimatedFinishMs - this.now())}` : "";
      this.line(`${percentLine(status)} (${Math.round(elapsedMs / 1000)}s${left})`, status);
    }
  }

  /** The wait ended: clears the status line (an empty ephemeral message), so the row keeps no stale percent. */
  end(): void {
    if (this.status && this.shownStatus !== "") {
      this.shownStatus = "";
      this.status("");
    }
  }
}
