/**
 * The finish estimate where it is used: the waiter's progress events and result, the `estimatedFinishAt` output,
 * and the status line of the resource's row. Fake clock and sleep: nothing sleeps for real.
 */
import { buildStatusOutputs, STATUS_OUTPUT_KEYS } from "../../sdk/reports/sync-job-outputs";
import { formatCount, formatTimeLeft, statusLine } from "../../sdk/reports/status-line";
import type { SynchronizationObjectModifyStatus } from "../../sdk/types";
import { waitForObjectModification, type WaiterClient, type WaiterProgressEvent } from "../../sdk/waiting/sync-job-waiter";
import { DONE, status } from "./helpers/status";

const MIN = 60_000;
const T0 = 1_700_000_000_000;

function data(percent: number, rows = 0): SynchronizationObjectModifyStatus {
  const s = status({ precheck: "Finished", structure: "Finished", data: "Migrating" });
  return { ...s, dataInitialization: { ...s.dataInitialization, percent, progress: rows } };
}

/** Data initialization at 1 % per minute from T0 (never finishing within the tests' deadlines). */
function steadyTask() {
  let now = T0;
  const clock = { now: () => now };
  const sleep = async (ms: number): Promise<void> => {
    now += ms;
  };
  const client: WaiterClient = {
    describeSynchronizationObjectModifyStatus: async () => data(Math.min(100, Math.floor((now - T0) / MIN)), (now - T0) * 10),
  };
  return { client, clock, sleep, now: () => now };
}

describe("the waiter's estimate", () => {
  it("is in the progress events once meaningful, and in the result of a wait cut by its deadline", async () => {
    const task = steadyTask();
    const events: WaiterProgressEvent[] = [];
    const result = await waitForObjectModification(task.client, "t-1", {
      maxWaitSeconds: 30 * 60,
      clock: task.clock,
      sleep: task.sleep,
      random: () => 0.5,
      maxIdleDelaySeconds: 30,
      onProgress: (e) => events.push(e),
    });
    expect(result.state).toBe("timeout");
    // The first replies (under 3 timed percents) have none; later ones do, always after the reply.
    expect(events[0]!.estimatedFinishMs).toBeUndefined();
    const withEstimate = events.filter((e) => e.estimatedFinishMs !== undefined);
    expect(withEstimate.length).toBeGreaterThan(10);
    for (const e of withEstimate) expect(e.estimatedFinishMs!).toBeGreaterThan(T0 + e.elapsedMs);
    // The true end is T0 + 100 min.
    expect(Math.abs(result.estimatedFinishMs! - (T0 + 100 * MIN))).toBeLessThan(3 * MIN);
  });

  it("is absent from the result of a finished task", async () => {
    let now = T0;
    const client: WaiterClient = {
      describeSynchronizationObjectModifyStatus: async () => (now - T0 > 20 * MIN ? status(DONE) : data(Math.floor((now - T0) / 12_000))),
    };
    const result = await waitForObjectModification(client, "t-2", {
      maxWaitSeconds: 3600,
      clock: { now: () => now },
      sleep: async (ms) => {
        now += ms;
      },
      random: () => 0.5,
    });
    expect(result.state).toBe("success");
    expect(result.estimatedFinishMs).toBeUndefined();
  });
});

describe("estimatedFinishAt output", () => {
  const base = { taskId: "t", startedAt: T0, polls: 3 };
  it("is the ISO time of the estimate while unfinished", () => {
    expect(buildStatusOutputs({ ...base, status: data(40), estimatedFinishAt: T0 + 90 * MIN }).estimatedFinishAt).toBe(new Date(T0 + 90 * MIN).toISOString());
  });
  it("is absent when finished or unknown", () => {
    expect(buildStatusOutputs({ ...base, status: status(DONE), finishedAt: T0, estimatedFinishAt: T0 + MIN })).not.toHaveProperty("estimatedFinishAt");
    expect(buildStatusOutputs({ ...base, status: data(40) })).not.toHaveProperty("estimatedFinishAt");
  });
  it("is one of the status output keys (kept across resumes, declared by the resource)", () => {
    expect(STATUS_OUTPUT_KEYS).toContain("estimatedFinishAt");
  });
});

describe("statusLine", () => {
  it.each([
    [data(42, 2_100_000), T0 + (2 * 60 + 10) * MIN, "data initialization 42% · 2.1 M rows · about 2 h 10 min left"],
    [data(3, 12_000), undefined, "data initialization 3% · 12 k rows · estimating…"],
    [status({ precheck: "Migrating", precheckPercent: 50 }), undefined, "precheck 50%"],
    [status({ precheck: "Finished", structure: "Finished" }), undefined, "waiting for data initialization"],
  ])("%#: %s", (s, finish, expected) => {
    expect(statusLine(s, finish, T0)).toBe(expected);
  });

  it.each([
    [20_000, "less than a minute left"],
    [25 * MIN, "about 25 min left"],
    [(2 * 60 + 58) * MIN, "about 3 h left"],
    [30 * 60 * MIN, "about 30 h left"],
    [(3 * 24 + 4) * 60 * MIN, "about 3 days 4 h left"],
    [-5 * MIN, "less than a minute left"],
  ])("formatTimeLeft(%d) = %s", (ms, expected) => {
    expect(formatTimeLeft(ms)).toBe(expected);
  });

  it.each([
    [950, "950"],
    [12_345, "12 k"],
    [2_100_000, "2.1 M"],
    [34_000_000_000, "34 G"],
  ])("formatCount(%d) = %s", (n, expected) => {
    expect(formatCount(n)).toBe(expected);
  });
});
