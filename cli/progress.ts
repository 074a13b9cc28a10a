/**
 * Progress while waiting, on stderr. Two implementations behind one interface:
 * - {@link TtyProgress}: a cli-progress multibar, one bar per phase (percent, items/tables/rows done, elapsed,
 *   current status), redrawn in place;
 * - {@link PlainProgress}: plain lines, no control characters (CI logs, pipes, `TERM=dumb`): a line per status
 *   change at once, and percent lines by the rule of `sdk/waiting/progress-lines.ts` (every change of whole percent during
 *   the first 30 minutes, then at most one every 5 minutes, and one every 30 minutes when nothing changes).
 */
import { Format, MultiBar, Presets, type SingleBar } from "cli-progress";
import { ProgressLineGate } from "../sdk/waiting/progress-lines";
import { formatTimeLeft } from "../sdk/reports/status-line";
import type { SynchronizationObjectModifyStatus } from "../sdk/types";

/** What the wait loop reports to. */
export interface ProgressDisplay {
  /** Called once before the first poll. */
  start(taskId: string, timeoutSeconds: number): void;
  /**
   * Called after every successful status call, with the waiter's finish estimate (clock ms) when it has one
   * (`sdk/waiting/estimate.ts`): shown as the time left on the data line.
   */
  update(status: SynchronizationObjectModifyStatus, poll: number, estimatedFinishMs?: number): void;
  /** A diagnostic line (a retried call, ...). */
  note(line: string): void;
  /** Called once when the wait ends (also on Ctrl-C or an error); restores the terminal. */
  stop(): void;
}

type PhaseKey = "precheck" | "structure" | "data";

interface PhaseView {
  status: string;
  percent: number;
  detail: string;
}

const TERMINAL = new Set(["Finished", "Failed"]);

/** The three phases of a status, as shown. */
export function phaseViews(s: SynchronizationObjectModifyStatus): Record<PhaseKey, PhaseView> {
  const items = s.precheck.items;
  const checked = items.filter((i) => i.checkStatus !== "NotStarted" && i.checkStatus !== "Checking").length;
  return {
    precheck: {
      status: s.precheck.status,
      percent: s.precheck.percent,
      detail: items.length ? `${checked}/${items.length} items` : "0 items",
    },
    structure: {
      status: s.structureInitialization.status,
      percent: s.structureInitialization.percent,
      detail: `${s.structureInitialization.progress} tables`,
    },
    data: {
      status: s.dataInitialization.status,
      percent: s.dataInitialization.percent,
      detail: `${s.dataInitialization.progress} rows`,
    },
  };
}

/** `mm:ss`, or `h:mm:ss` from an hour on. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, "0");
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** `30m`, `1h30m`, `90s` -> a short human form. */
export function formatDuration(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

const LABELS: Record<PhaseKey, string> = { precheck: "precheck", structure: "structure", data: "data" };
const ORDER: PhaseKey[] = ["precheck", "structure", "data"];

/**
 * One line per change: `[00:12] precheck: Migrating 50% (8/16 items)`. Never a control character. A phase's line is
 * written when its status changes, or when its whole percent changes and the long-wait rule allows a percent line
 * (`sdk/waiting/progress-lines.ts`); a counter alone (rows, tables, items) does not write one.
 */
export class PlainProgress implements ProgressDisplay {
  private readonly last = new Map<string, string>();
  private readonly reportedItems = new Set<string>();
  private readonly gate = new ProgressLineGate({ intervalMs: 0 });
  private startedAt = 0;

  constructor(
    private readonly write: (line: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  start(taskId: string, timeoutSeconds: number): void {
    this.startedAt = this.now();
    this.write(`Waiting for task ${taskId} (timeout ${formatDuration(timeoutSeconds)}; Ctrl-C stops waiting, the task goes on)`);
  }

  update(status: SynchronizationObjectModifyStatus, poll: number, estimatedFinishMs?: number): void {
    const now = this.now();
    const stamp = `[${formatElapsed(now - this.startedAt)}]`;
    const percentDue = this.gate.percentLineDue(status, now - this.startedAt, now);
    const emit = (line: string): void => {
      this.write(`${stamp} ${line}`);
      this.gate.wrote(now);
    };
    if (this.last.get("task") !== status.status) {
      this.last.set("task", status.status);
      emit(`task status: ${status.status}${poll === 1 ? "" : ` (poll ${poll})`}`);
    }
    const views = phaseViews(status);
    let percentWritten = false;
    for (const key of ORDER) {
      const v = views[key];
      const statusChanged = this.last.get(key) !== v.status;
      const percentChanged = this.last.get(`${key}%`) !== String(Math.floor(v.percent));
      // A heartbeat (nothing changed for long) repeats the line of the phase that is running.
      const heartbeat = percentDue && !percentChanged && v.status !== "NotStarted" && !TERMINAL.has(v.status);
      if (statusChanged || (percentDue && (percentChanged || heartbeat))) {
        this.last.set(key, v.status);
        this.last.set(`${key}%`, String(Math.floor(v.percent)));
        const left = key === "data" && estimatedFinishMs !== undefined && !TERMINAL.has(v.status) ? `, ${formatTimeLeft(estimatedFinishMs - now)}` : "";
        emit(`${LABELS[key]}: ${v.status} ${v.percent}% (${v.detail}${left})`);
        percentWritten = true;
      }
    }
    if (percentWritten) this.gate.wrote(now, status);
    for (const item of status.precheck.items) {
      if (item.checkStatus === "Failed" && !this.reportedItems.has(item.itemName)) {
        this.reportedItems.add(item.itemName);
        emit(`precheck item ${item.itemName} failed: ${item.errorMessage ?? "(no message)"}${item.repairMethod ? ` (repair: ${item.repairMethod})` : ""}`);
      }
    }
    for (const [label, p] of [
      ["structure", status.structureInitialization],
      ["data", status.dataInitialization],
    ] as const) {
      const key = `error:${label}`;
      if (p.errorMessage && this.last.get(key) !== p.errorMessage) {
        this.last.set(key, p.errorMessage);
        emit(`${label} error: ${p.errorMessage}`);
      }
    }
  }

  note(line: string): void {
    this.write(`[${formatElapsed(this.now() - this.startedAt)}] ${line}`);
  }

  stop(): void {}
}

interface BarPayload {
  label: string;
  status: string;
  detail: string;
  /** When the phase left NotStarted (ms since the epoch), 0 = not yet. */
  phaseStart: number;
  /** When the phase reached Finished/Failed, 0 = not yet. */
  phaseEnd: number;
}

/**
 * A cli-progress multibar on a TTY: one bar per phase. The elapsed time of each phase is computed when a frame is
 * drawn, so it keeps ticking between polls.
 */
export class TtyProgress implements ProgressDisplay {
  private multibar?: MultiBar;
  private readonly bars = new Map<PhaseKey, { bar: SingleBar; payload: BarPayload }>();

  constructor(
    private readonly stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr,
    private readonly now: () => number = Date.now,
  ) {}

  start(taskId: string, timeoutSeconds: number): void {
    this.stream.write(`Waiting for task ${taskId} (timeout ${formatDuration(timeoutSeconds)}; Ctrl-C stops waiting, the task goes on)\n`);
    const now = this.now;
    this.multibar = new MultiBar(
      {
        stream: this.stream,
        hideCursor: true,
        clearOnComplete: false,
        stopOnComplete: false,
        barsize: 30,
        fps: 5,
        format: (options, params, payload: BarPayload) => {
          const bar = Format.BarFormat(params.progress, options);
          const pct = String(Math.round(params.progress * 100)).padStart(3);
          const elapsed = payload.phaseStart ? formatElapsed((payload.phaseEnd || now()) - payload.phaseStart) : "--:--";
          return `${payload.label.padEnd(9)} ${bar} ${pct}% | ${payload.detail.padEnd(13)} | ${elapsed} | ${payload.status}`;
        },
      },
      Presets.shades_classic,
    );
    for (const key of ORDER) {
      const payload: BarPayload = { label: LABELS[key], status: "NotStarted", detail: "", phaseStart: 0, phaseEnd: 0 };
      this.bars.set(key, { bar: this.multibar.create(100, 0, payload), payload });
    }
  }

  update(status: SynchronizationObjectModifyStatus, _poll?: number, estimatedFinishMs?: number): void {
    const views = phaseViews(status);
    const t = this.now();
    for (const key of ORDER) {
      const entry = this.bars.get(key);
      if (!entry) continue;
      const v = views[key];
      const p = entry.payload;
      if (!p.phaseStart && v.status !== "NotStarted") p.phaseStart = t;
      if (!p.phaseEnd && TERMINAL.has(v.status)) p.phaseEnd = t;
      // The time left goes after the data phase's status (the detail column has a fixed width).
      p.status =
        key === "data" && estimatedFinishMs !== undefined && !TERMINAL.has(v.status) ? `${v.status}, ${formatTimeLeft(estimatedFinishMs - t)}` : v.status;
      p.detail = v.detail;
      entry.bar.update(Math.max(0, Math.min(100, v.percent)), p);
    }
  }

  note(line: string): void {
    this.multibar?.log(`${line}\n`);
  }

  stop(): void {
    if (!this.multibar) return;
    this.multibar.stop();
    this.multibar = undefined;
  }
}
