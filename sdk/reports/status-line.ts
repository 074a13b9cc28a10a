/**
 * The one-line status of a running wait, for the resource's row in `pulumi up` (an ephemeral log line, replaced as
 * the wait goes) and the CLI's progress: the running phase, its percent, its counter and the time left from the
 * finish estimate (`estimate.ts`):
 *
 * ```text
 * data initialization 42% · 2.1 M rows · about 2 h 10 min left
 * data initialization 3% · 12 k rows · estimating…
 * precheck 50% · 8/16 items
 * ```
 *
 * Only data initialization (the last phase, whose end is the task's) gets a time left; the earlier phases are short
 * and DTS gives nothing to estimate them from. Pure.
 */
import { PHASES, PHASE_LABELS, type ModifyPhase } from "../waiting/sync-job-acceptors";
import type { SynchronizationObjectModifyStatus } from "../types";

/** `950`, `12 k`, `2.1 M`, `3.4 G`: a counter in a few characters. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  const scaled = (v: number, unit: string): string => `${v >= 10 ? Math.round(v) : Math.round(v * 10) / 10} ${unit}`;
  if (abs >= 1e9) return scaled(n / 1e9, "G");
  if (abs >= 1e6) return scaled(n / 1e6, "M");
  if (abs >= 1e4) return scaled(n / 1e3, "k");
  return String(Math.round(n));
}

/**
 * A rounded time left: `about 2 h 10 min left`, `about 25 min left`, `about 3 days 4 h left`, `less than a minute
 * left`. Rounded to what a person plans with (minutes under 10 h, then hours), never `0`.
 */
export function formatTimeLeft(ms: number): string {
  const minutes = Math.max(0, ms) / 60_000;
  if (minutes < 1) return "less than a minute left";
  if (minutes < 60) return `about ${Math.round(minutes)} min left`;
  const hours = minutes / 60;
  if (hours < 10) {
    let h = Math.floor(hours);
    let m = Math.round((minutes - h * 60) / 5) * 5;
    if (m === 60) {
      h++;
      m = 0;
    }
    return `about ${h} h${m ? ` ${m} min` : ""} left`;
  }
  if (hours < 48) return `about ${Math.round(hours)} h left`;
  const days = Math.floor(hours / 24);
  const h = Math.round(hours - days * 24);
  return `about ${days} days${h ? ` ${h} h` : ""} left`;
}

/**
 * The phase running now (the first that is neither `Finished` nor `NotStarted`, nor `Skipped`: a phase a new job's
 * migration mode turns off, see initialization-target.ts), or undefined.
 */
export function runningPhase(status: SynchronizationObjectModifyStatus): ModifyPhase | undefined {
  return PHASES.find((p) => status[p].status !== "Finished" && status[p].status !== "NotStarted" && status[p].status !== "Skipped");
}

function counter(status: SynchronizationObjectModifyStatus, phase: ModifyPhase): string {
  if (phase === "precheck") {
    const items = status.precheck.items;
    const checked = items.filter((i) => i.checkStatus !== "NotStarted" && i.checkStatus !== "Checking").length;
    return items.length ? `${checked}/${items.length} items` : "";
  }
  const done = status[phase].progress;
  return phase === "structureInitialization" ? `${formatCount(done)} tables` : `${formatCount(done)} rows`;
}

/**
 * The status line of a reply at `nowMs`, with the estimated finish when there is one (`estimating…` in data
 * initialization before there is). Between phases (one finished, the next not started): `waiting for <next>`.
 *
 * @example
 * ```ts
 * statusLine(status, estimatedFinishMs, Date.now()) // "data initialization 42% · 2.1 M rows · about 2 h 10 min left"
 * ```
 */
export function statusLine(status: SynchronizationObjectModifyStatus, estimatedFinishMs: number | undefined, nowMs: number): string {
  const phase = runningPhase(status);
  if (!phase) {
    const next = PHASES.find((p) => status[p].status !== "Finished" && status[p].status !== "Skipped");
    return next ? `waiting for ${PHASE_LABELS[next]}` : "finishing";
  }
  const parts = [`${PHASE_LABELS[phase]} ${Math.floor(status[phase].percent)}%`];
  const count = counter(status, phase);
  if (count) parts.push(count);
  if (phase === "dataInitialization") parts.push(estimatedFinishMs !== undefined ? formatTimeLeft(estimatedFinishMs - nowMs) : "estimating…");
  return parts.join(" · ");
}
