/**
 * The decision-cost part of the long-wait benchmark (bench/long-wait.ts): one scheduling decision after n polls, the
 * old algorithm (whole history, tests/support/schedule-reference.ts) vs the incremental state.
 */
import { TASK_MS } from "./long-wait-task";
import { nextDelaySeconds, ProgressState } from "../sdk";
import type { PollRecord, SynchronizationObjectModifyStatus } from "../sdk";
import { referenceNextDelaySeconds } from "../tests/support/schedule-reference";
import { fmt, ratio } from "./util";

/** Cost of one scheduling decision after n polls: the old algorithm (whole history) vs the incremental state. */
export function decisionCost(): { rows: string[][]; data: Record<string, unknown>[] } {
  const at = (percent: number): SynchronizationObjectModifyStatus => ({
    requestId: "r",
    status: "Migrating",
    precheck: { status: "Finished", percent: 100, items: [] },
    structureInitialization: { status: "Finished", percent: 100, progress: 1 },
    dataInitialization: { status: "Migrating", percent, progress: 0 },
  });
  const rows: string[][] = [];
  const data: Record<string, unknown>[] = [];
  for (const n of [100, 1000, 2880, 8640]) {
    // A data initialization slowing down over 72 h (percent ~ sqrt(t)), polled every 30 s.
    const history: PollRecord[] = [];
    for (let i = 0; i < n; i++) history.push({ timeMs: i * 30_000, status: at(Math.min(99, Math.floor(100 * Math.sqrt((i * 30_000) / TASK_MS)))) });
    const input = { attempt: n, minDelaySeconds: 2, maxDelaySeconds: 30, random: () => 0.5, nowMs: (n - 1) * 30_000 };
    const t0 = performance.now();
    const old = referenceNextDelaySeconds({ ...input, history, maxIdleDelaySeconds: 30 });
    const oldMs = performance.now() - t0;
    // The incremental state: one reply observed + one decision, averaged over the last 1000 polls of the history.
    const state = new ProgressState();
    const warm = Math.max(0, n - 1000);
    for (let i = 0; i < warm; i++) state.observe(history[i]!);
    const t1 = performance.now();
    let last = old;
    for (let i = warm; i < n; i++) {
      state.observe(history[i]!);
      last = nextDelaySeconds({ ...input, history: state, maxIdleDelaySeconds: 30 });
    }
    const newUs = ((performance.now() - t1) * 1000) / (n - warm);
    if (last.delaySeconds !== old.delaySeconds || last.source !== old.source) throw new Error(`decision mismatch at n=${n}`);
    rows.push([String(n), `${fmt(oldMs, 1)} ms`, `${fmt(newUs, 2)} µs`, ratio(oldMs * 1000, newUs, 0)]);
    data.push({ polls: n, oldMs, newUs });
  }
  return { rows, data };
}
