/** The long-wait rule for progress lines (sdk/waiting/progress-lines.ts) and the two faces that follow it. */
import { PlainProgress } from "../../cli/progress";
import { ProgressReporter } from "../../provider/shared/progress";
import { LONG_WAIT_AFTER_MS, LONG_WAIT_HEARTBEAT_MS, LONG_WAIT_LINE_INTERVAL_MS, ProgressLineGate, wholePercents } from "../../sdk/waiting/progress-lines";
import type { SynchronizationObjectModifyStatus } from "../../sdk/types";
import { status } from "./helpers/status";

const MIN = 60_000;
const HOUR = 60 * MIN;

function data(percent: number, rows = 0): SynchronizationObjectModifyStatus {
  const s = status({ precheck: "Finished", structure: "Finished", data: "Migrating" });
  return { ...s, dataInitialization: { ...s.dataInitialization, percent, progress: rows } };
}

describe("ProgressLineGate", () => {
  it("whole percents only: 42.7 and 42 are the same line", () => {
    expect(wholePercents(data(42.7))).toBe(wholePercents(data(42)));
    expect(wholePercents(data(43))).not.toBe(wholePercents(data(42)));
  });

  it("short wait: the face's interval and heartbeat; long wait: percent lines at most every 5 min, a heartbeat every 30 min", () => {
    const gate = new ProgressLineGate({ intervalMs: 30_000, heartbeatMs: 30_000 });
    gate.wrote(0, data(10));
    expect(gate.percentLineDue(data(11), 10_000, 10_000)).toBe(false); // changed, interval not reached
    expect(gate.percentLineDue(data(11), 30_000, 30_000)).toBe(true);
    expect(gate.percentLineDue(data(10), 30_000, 30_000)).toBe(true); // heartbeat while short
    // Long wait: last line at 40 min.
    const t0 = LONG_WAIT_AFTER_MS + 10 * MIN;
    gate.wrote(t0, data(20));
    expect(gate.percentLineDue(data(21), t0 + 60_000, t0 + 60_000)).toBe(false);
    expect(gate.percentLineDue(data(21), t0 + LONG_WAIT_LINE_INTERVAL_MS, t0 + LONG_WAIT_LINE_INTERVAL_MS)).toBe(true);
    expect(gate.percentLineDue(data(20), t0 + LONG_WAIT_LINE_INTERVAL_MS, t0 + LONG_WAIT_LINE_INTERVAL_MS)).toBe(false);
    expect(gate.percentLineDue(data(20), t0 + LONG_WAIT_HEARTBEAT_MS, t0 + LONG_WAIT_HEARTBEAT_MS)).toBe(true);
  });
});

/** A 72-hour wait polled every 30 s: precheck 5 min, structure 1 h, then data 0 -> 99 % (rows grow every poll). */
function* longWait(): Generator<[number, SynchronizationObjectModifyStatus]> {
  for (let t = 0; t < 72 * HOUR; t += 30_000) {
    if (t < 5 * MIN) yield [t, status({ precheck: "Migrating", precheckPercent: Math.floor((100 * t) / (5 * MIN)) })];
    else if (t < 65 * MIN) {
      const s = status({ precheck: "Finished", structure: "Migrating" });
      yield [t, { ...s, structureInitialization: { ...s.structureInitialization, percent: Math.floor((100 * (t - 5 * MIN)) / HOUR) } }];
    } else {
      const f = (t - 65 * MIN) / (72 * HOUR - 65 * MIN);
      // Stalls between 10 and 14 h: the percent does not move.
      const pct = t > 10 * HOUR && t < 14 * HOUR ? Math.floor(99 * ((10 * HOUR - 65 * MIN) / (72 * HOUR - 65 * MIN))) : Math.min(99, Math.floor(99 * f));
      yield [t, data(pct, Math.floor(t / 1000))];
    }
  }
  yield [72 * HOUR, status({ precheck: "Finished", structure: "Finished", data: "Finished" })];
}

describe("a 72-hour wait does not flood the log", () => {
  it("provider: a line per phase change, percent lines at most every 5 min once long, a heartbeat during the stall", () => {
    let now = 0;
    const lines: Array<[number, string]> = [];
    const r = new ProgressReporter(
      "[dts-objects] big (task t)",
      (l) => lines.push([now, l]),
      30_000,
      () => now,
    );
    for (const [t, s] of longWait()) {
      now = t;
      r.onStatus(s, t);
    }
    const late = lines.filter(([t]) => t >= LONG_WAIT_AFTER_MS + 5 * MIN);
    // 8 640 polls; at most one percent line per 5 min once long (plus phase changes).
    expect(lines.length).toBeLessThan(72 * 12 + 60 + 10);
    for (let i = 1; i < late.length; i++) {
      if (!/->/.test(late[i]![1])) expect(late[i]![0] - late[i - 1]![0]).toBeGreaterThanOrEqual(LONG_WAIT_LINE_INTERVAL_MS);
    }
    // The stall (10 h .. 14 h): heartbeat lines, one per 30 min.
    const stall = lines.filter(([t]) => t > 10.2 * HOUR && t < 14 * HOUR);
    expect(stall.length).toBeGreaterThanOrEqual(6);
    expect(stall.length).toBeLessThanOrEqual(8);
    expect(lines.some(([, l]) => l.includes("structure initialization Migrating -> Finished"))).toBe(true);
    expect(lines[lines.length - 1]![1]).toContain("data initialization Migrating -> Finished");
  });

  it("CLI plain mode: no line for rows alone, every whole-percent change early, at most every 5 min once long", () => {
    let now = 0;
    const lines: Array<[number, string]> = [];
    const p = new PlainProgress(
      (l) => lines.push([now, l]),
      () => now,
    );
    p.start("t", 80 * 3600);
    let poll = 0;
    for (const [t, s] of longWait()) {
      now = t;
      p.update(s, ++poll);
    }
    expect(poll).toBe(8641);
    expect(lines.length).toBeLessThan(72 * 12 + 120 + 10);
    // Early (short wait): every whole-percent change of precheck is a line (5 min, 100 %: ~10 polls, ~10 lines).
    const precheckLines = lines.filter(([, l]) => l.includes("precheck: Migrating"));
    expect(precheckLines.length).toBeGreaterThanOrEqual(9);
    const dataLines = lines.filter(([, l]) => l.includes("data: Migrating")).map(([t]) => t);
    for (let i = 1; i < dataLines.length; i++) expect(dataLines[i]! - dataLines[i - 1]!).toBeGreaterThanOrEqual(LONG_WAIT_LINE_INTERVAL_MS);
    // The percent moves every ~40 min here: each whole percent reached gets its line (all but those skipped by the stall).
    const shown = new Set(lines.map(([, l]) => /data: Migrating (\d+)%/.exec(l)?.[1]).filter(Boolean));
    expect(shown.size).toBeGreaterThanOrEqual(90);
    expect(lines[lines.length - 1]![1]).toContain("data: Finished 100%");
    for (const [, l] of lines) expect(l).not.toMatch(/[\x00-\x1f]/);
  });

  it("CLI plain mode: a counter alone (rows) writes no line", () => {
    let now = 0;
    const lines: string[] = [];
    const p = new PlainProgress(
      (l) => lines.push(l),
      () => now,
    );
    p.start("t", 600);
    p.update(data(40, 100), 1);
    const n = lines.length;
    now = 10_000;
    p.update(data(40, 200), 2);
    expect(lines.length).toBe(n);
    p.update(data(41, 300), 3);
    expect(lines.slice(n)).toEqual(["[00:10] data: Migrating 41% (300 rows)"]);
  });
});
