/**
 * How often a wait writes a progress line: one rule for the provider's lines (on the host's stderr, shown by
 * `pulumi up`) and the CLI's plain-mode lines (CI logs), so a multi-day wait stays readable in a log.
 *
 * - A change of task or phase status, a new error message or a failed precheck item: a line at once, always.
 * - A change of the **whole** percent of a phase (precheck, structure or data initialization): a line, at most one
 *   per `intervalMs` (the face's own spacing: the provider's `dts:progressIntervalSeconds`, none for the CLI)
 *   during the first {@link LONG_WAIT_AFTER_MS} of the wait, then at most one per
 *   {@link LONG_WAIT_LINE_INTERVAL_MS}. Counters alone (rows copied, tables, items) write no line.
 * - Nothing changed: a line per `heartbeatMs` while the wait is short (the provider: its interval; the CLI: none),
 *   then one per {@link LONG_WAIT_HEARTBEAT_MS}, so a stalled wait still shows it is alive.
 *
 * A three-day wait thus writes at most ~12 percent lines an hour (and a line per phase change) instead of one per
 * poll.
 */
import type { SynchronizationObjectModifyStatus } from "../types";

/** A wait counts as long from this much elapsed time on. */
export const LONG_WAIT_AFTER_MS = 30 * 60_000;
/** Least time between two percent lines once the wait is long. */
export const LONG_WAIT_LINE_INTERVAL_MS = 5 * 60_000;
/** A line when nothing changed for this long, once the wait is long. */
export const LONG_WAIT_HEARTBEAT_MS = 30 * 60_000;

/** The whole percents of the three phases, e.g. `100/100/42`: what a percent line must change to be written. */
export function wholePercents(status: SynchronizationObjectModifyStatus): string {
  const whole = (p: number) => (Number.isFinite(p) ? Math.floor(p) : String(p));
  return `${whole(status.precheck.percent)}/${whole(status.structureInitialization.percent)}/${whole(status.dataInitialization.percent)}`;
}

/** The spacing of one face while the wait is short. */
export interface ProgressLineOptions {
  /** Least time between two percent lines while the wait is short, ms (0: every change). */
  intervalMs: number;
  /** A line when nothing changed for this long while the wait is short, ms; absent: none. */
  heartbeatMs?: number;
}

/**
 * The rule for one wait. Feed it the lines written ({@link ProgressLineGate.wrote}) and ask it whether a reply
 * without a status change deserves a percent line ({@link ProgressLineGate.percentLineDue}).
 *
 * @example
 * ```ts
 * const gate = new ProgressLineGate({ intervalMs: 30_000, heartbeatMs: 30_000 });
 * if (gate.percentLineDue(status, elapsedMs, now)) { log(percentLine(status)); gate.wrote(now, status); }
 * ```
 */
export class ProgressLineGate {
  private lastLineAt = Number.NEGATIVE_INFINITY;
  private shownPercents: string | undefined;

  constructor(private readonly options: ProgressLineOptions) {}

  /** Whether a reply that changed no status gets a line now: its whole percents changed, or a heartbeat is due. */
  percentLineDue(status: SynchronizationObjectModifyStatus, elapsedMs: number, nowMs: number): boolean {
    const since = nowMs - this.lastLineAt;
    const long = elapsedMs >= LONG_WAIT_AFTER_MS;
    if (wholePercents(status) !== this.shownPercents) {
      return since >= (long ? Math.max(LONG_WAIT_LINE_INTERVAL_MS, this.options.intervalMs) : this.options.intervalMs);
    }
    const heartbeat = long ? LONG_WAIT_HEARTBEAT_MS : this.options.heartbeatMs;
    return heartbeat !== undefined && since >= heartbeat;
  }

  /** Records a line written at `nowMs` (any line); with `status`, the percents it showed. */
  wrote(nowMs: number, status?: SynchronizationObjectModifyStatus): void {
    this.lastLineAt = nowMs;
    if (status) this.shownPercents = wholePercents(status);
  }
}
