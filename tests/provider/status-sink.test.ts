/**
 * The provider's progress with a status sink (the native plugin's ephemeral line on the resource's row): one status
 * line updated by the spacing rule of percent lines, phase changes and failed items as normal lines, no percent
 * lines, and the status cleared at the end. Without a sink (the dynamic resource) nothing changes.
 */
import { ProgressReporter } from "../../provider/shared/progress";
import { LONG_WAIT_AFTER_MS, LONG_WAIT_LINE_INTERVAL_MS } from "../../sdk/waiting/progress-lines";
import type { SynchronizationObjectModifyStatus } from "../../sdk/types";

function data(percent: number, rows = percent * 10_000): SynchronizationObjectModifyStatus {
  return {
    requestId: "r",
    status: "Migrating",
    precheck: { status: "Finished", percent: 100, items: [] },
    structureInitialization: { status: "Finished", percent: 100, progress: 3 },
    dataInitialization: { status: "Migrating", percent, progress: rows },
  };
}

function reporter(withSink: boolean, intervalMs = 30_000) {
  let t = 0;
  const lines: string[] = [];
  const status: string[] = [];
  const r = new ProgressReporter(
    "[dts-objects] x (task t1)",
    (l) => lines.push(l),
    intervalMs,
    () => t,
    withSink ? (l) => status.push(l) : undefined,
  );
  return { r, lines, status, at: (ms: number) => (t = ms) };
}

test("with a sink: the status line carries phase, percent, rows and the time left; percent lines do not go to the log", () => {
  const { r, lines, status, at } = reporter(true);
  r.onStatus(data(10), 0);
  at(30_000);
  r.onStatus(data(20, 2_100_000), 30_000, 30_000 + 130 * 60_000);
  expect(status).toEqual([
    "[dts-objects] x (task t1): data initialization 10% · 100 k rows · estimating…",
    "[dts-objects] x (task t1): data initialization 20% · 2.1 M rows · about 2 h 10 min left",
  ]);
  expect(lines).toHaveLength(1); // the first reply's summary; no percent line
  r.end();
  expect(status.at(-1)).toBe("");
});

test("with a sink: updates follow the spacing rule (at most one per 5 minutes once the wait is long)", () => {
  const { r, status, at } = reporter(true, 1000);
  r.onStatus(data(1), 0);
  let p = 1;
  for (let t = LONG_WAIT_AFTER_MS; t < LONG_WAIT_AFTER_MS + 60 * 60_000; t += 10_000) {
    at(t);
    r.onStatus(data(++p % 100), t);
  }
  // An hour of replies every 10 s with the percent moving: 12 updates at most, not 360.
  expect(status.length - 1).toBeLessThanOrEqual(60 / (LONG_WAIT_LINE_INTERVAL_MS / 60_000) + 1);
  expect(status.length).toBeGreaterThan(5);
});

test("with a sink: a phase change and a failed precheck item are normal lines at once", () => {
  const { r, lines, status } = reporter(true);
  const pre: SynchronizationObjectModifyStatus = { ...data(0), status: "Prechecking", precheck: { status: "Migrating", percent: 50, items: [] } };
  r.onStatus(pre, 0);
  const failed: SynchronizationObjectModifyStatus = {
    ...pre,
    precheck: { status: "Failed", percent: 100, items: [{ itemName: "CHECK_CONN_SRC", checkStatus: "Failed", errorMessage: "denied", repairMethod: "fix" }] },
  };
  r.onStatus(failed, 1000);
  expect(lines).toContain("[dts-objects] x (task t1): precheck item CHECK_CONN_SRC failed: denied (repair: fix)");
  expect(lines).toContain("[dts-objects] x (task t1): precheck Migrating -> Failed");
  expect(status.length).toBeGreaterThan(0);
});

test("without a sink: percent lines as before, nothing cleared", () => {
  const { r, lines, status, at } = reporter(false);
  r.onStatus(data(10), 0);
  at(30_000);
  r.onStatus(data(20), 30_000);
  at(60_000);
  r.onStatus(data(30), 60_000, 60_000 + 25 * 60_000);
  r.end();
  expect(status).toEqual([]);
  expect(lines.at(-2)).toMatch(/data initialization Migrating 20% \(30s\)$/);
  // The time left, once the waiter has an estimate, on the percent line.
  expect(lines.at(-1)).toMatch(/data initialization Migrating 30% \(60s, about 25 min left\)$/);
});
