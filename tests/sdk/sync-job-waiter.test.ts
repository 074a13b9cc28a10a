/** The waiter with a fake clock and sleep: nothing here sleeps for real. */
import { DtsApiError, DtsNetworkError, DtsThrottlingError } from "../../sdk/errors/errors";
import { DtsWaiterError, isDtsWaiterError } from "../../sdk/waiting/waiter-error";
import { formatFailure } from "../../sdk/waiting/format";
import { changedFields, sameJson, waiterDelaySeconds } from "../../sdk/waiting/poller";
import type { InitializationReport, SynchronizationObjectModifyStatus } from "../../sdk/types";
import { waitForObjectModification, waitUntilObjectModificationDone, type WaiterClient, type WaiterProgressEvent } from "../../sdk/waiting/sync-job-waiter";
import { CONN_FAILED, DONE, status } from "../support/sync-job-status-replies";

/** A clock that only moves when the waiter sleeps (or a poll "takes" time). */
class FakeTime {
  now = 1_700_000_000_000;
  readonly sleeps: number[] = [];
  readonly clock = { now: () => this.now };
  sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted) throw signal.reason;
    this.sleeps.push(ms);
    this.now += ms;
  };
}

type Step = SynchronizationObjectModifyStatus | Error;

/** A client that answers each poll with the next step (the last one repeats). */
function fakeClient(steps: Step[], report?: InitializationReport | Error, pollCostMs = 0, time?: FakeTime) {
  const calls = { describe: 0, list: 0, lastList: undefined as undefined | { jobId: string; regionId?: string } };
  const client: WaiterClient = {
    describeSynchronizationObjectModifyStatus: async () => {
      const step = steps[Math.min(calls.describe, steps.length - 1)]!;
      calls.describe++;
      if (time) time.now += pollCostMs;
      if (step instanceof Error) throw step;
      return step;
    },
    listInitializationDetails: async (jobId, options) => {
      calls.list++;
      calls.lastList = { jobId, regionId: options?.regionId };
      if (report instanceof Error) throw report;
      return report ?? { structureInitializationDetails: [], dataInitializationDetails: [], pages: 0, calls: 1 };
    },
  };
  return { client, calls };
}

/** The data-initialization detail of table db.orders copied to `destination`, failed at row 1 of 9. */
const failedOrders = (destination: string): InitializationReport["dataInitializationDetails"][number] => ({
  sourceOwnerDbName: "db",
  destinationOwnerDbName: destination,
  tableName: "orders",
  status: "Failed",
  finishRowNum: 1,
  totalRowNum: 9,
  usedTime: 0,
  errorMessage: "NumberFormatException",
});

const throttled = () => new DtsThrottlingError({ code: "Throttling.User", message: "Request was denied due to user flow control." });

describe("waiterDelaySeconds (smithy backoff)", () => {
  it("is uniform in [min, min(max, min*2^(n-1))], then maxDelay past the ceiling", () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => waiterDelaySeconds(n, 2, 30, () => 1))).toEqual([2, 4, 8, 16, 30, 30]);
    expect([1, 2, 3, 4].map((n) => waiterDelaySeconds(n, 2, 30, () => 0))).toEqual([2, 2, 2, 2]);
    expect(waiterDelaySeconds(3, 2, 30, () => 0.5)).toBe(5);
  });
});

describe("waitForObjectModification", () => {
  it("succeeds when every phase is Finished although the overall status stays Migrating", async () => {
    const t = new FakeTime();
    const { client, calls } = fakeClient([status({ precheck: "Migrating" }), status({ precheck: "Finished", structure: "Migrating" }), status(DONE)]);
    const result = await waitForObjectModification(client, "task-1", { maxWaitSeconds: 600, clock: t.clock, sleep: t.sleep, random: () => 0.5 });
    expect(result.state).toBe("success");
    expect(result.final?.status).toBe("Migrating");
    expect(result.endedBy).toBe("task");
    expect(result.error).toBeUndefined();
    expect(result.polls).toBe(3);
    expect(calls.describe).toBe(3);
    expect(t.sleeps).toEqual([2000, 3000]); // attempt 1: [2,2]; attempt 2: [2,4] at 0.5
    expect(result.elapsedMs).toBe(5000);
    expect(result.failedItems).toEqual([]);
    expect(result.taskId).toBe("task-1");
    expect(calls.list).toBe(0); // no synchronizationJobId: no table collection
  });

  it("polls attempt 0 at once and backs off up to maxDelay", async () => {
    const t = new FakeTime();
    const steps = [...Array(7).fill(status({ precheck: "Migrating" })), status(DONE)];
    const { client } = fakeClient(steps);
    await waitForObjectModification(client, "t", { maxWaitSeconds: 3600, clock: t.clock, sleep: t.sleep, random: () => 1 });
    expect(t.sleeps).toEqual([2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it("fails on a precheck item even while precheck runs; the message has ItemName, ErrorMessage and RepairMethod", async () => {
    const t = new FakeTime();
    const { client } = fakeClient([status({ precheck: "Migrating", items: [{ itemName: "CHECK_SRC", checkStatus: "Success" }, CONN_FAILED] })]);
    const result = await waitForObjectModification(client, "t", { maxWaitSeconds: 60, clock: t.clock, sleep: t.sleep });
    expect(result.state).toBe("failure");
    expect(result.failedPhase).toBe("precheck");
    expect(result.failedItems).toEqual([CONN_FAILED]);
    const message = formatFailure(result);
    expect(message).toContain(`CHECK_CONN_SRC: ${CONN_FAILED.errorMessage} (repair: CHECK_ERROR_DEST_CONN_REPAIR2)`);
    expect(message).toMatch(/failed in precheck/);
  });

  it.each([
    [
      "structureInitialization",
      { precheck: "Finished", structure: "Failed", structureError: "Table 'customer' already exists" },
      "Table 'customer' already exists",
    ],
    ["dataInitialization", { precheck: "Finished", structure: "Finished", data: "Failed", dataError: "NumberFormatException" }, "NumberFormatException"],
  ] as const)("fails in %s with its ErrorMessage", async (phase, spec, text) => {
    const t = new FakeTime();
    const { client } = fakeClient([status({ precheck: "Migrating" }), status(spec)]);
    const result = await waitForObjectModification(client, "t", { maxWaitSeconds: 60, clock: t.clock, sleep: t.sleep });
    expect(result.state).toBe("failure");
    expect(result.failedPhase).toBe(phase);
    expect(result.reason).toContain(text);
    expect(formatFailure(result)).toContain(text);
  });

  it("collects failed tables (structure and data rows whose status is Failed) when synchronizationJobId is set", async () => {
    const t = new FakeTime();
    const report: InitializationReport = {
      structureInitializationDetails: [
        { sourceOwnerDbName: "db", destinationOwnerDbName: "db2", objectName: "ok", objectType: "Table", status: "Finished", constraints: [] },
        {
          sourceOwnerDbName: "db",
          destinationOwnerDbName: "db2",
          objectName: "customer",
          objectType: "Table",
          status: "Failed",
          errorMessage: "Table 'customer' already exists",
          constraints: [],
        },
      ],
      dataInitializationDetails: [
        failedOrders("db2"),
        { sourceOwnerDbName: "db", destinationOwnerDbName: "db2", tableName: "items", status: "Finished", finishRowNum: 9, totalRowNum: 9, usedTime: 0 },
      ],
      pages: 1,
      calls: 1,
    };
    const { client, calls } = fakeClient([status({ precheck: "Finished", structure: "Finished", data: "Failed", dataError: "1 table failed" })], report);
    const result = await waitForObjectModification(client, "t", {
      maxWaitSeconds: 60,
      clock: t.clock,
      sleep: t.sleep,
      synchronizationJobId: "job-1",
      regionId: "cn-beijing",
    });
    expect(calls.lastList).toEqual({ jobId: "job-1", regionId: "cn-beijing" });
    expect(result.report).toBe(report);
    expect(result.failedTables).toEqual([
      {
        sourceDb: "db",
        destinationDb: "db2",
        table: "customer",
        phase: "structureInitialization",
        status: "Failed",
        errorMessage: "Table 'customer' already exists",
      },
      { sourceDb: "db", destinationDb: "db2", table: "orders", phase: "dataInitialization", status: "Failed", errorMessage: "NumberFormatException" },
    ]);
    const message = formatFailure(result);
    expect(message).toContain("Failed tables (2):");
    expect(message).toContain("db.orders -> db2 (data initialization): NumberFormatException");
  });

  it("keeps the verdict when the table listing fails, and says so", async () => {
    const t = new FakeTime();
    const { client } = fakeClient([status(DONE)], new DtsApiError({ code: "InvalidJobId.NotFound", message: "no job" }));
    const result = await waitForObjectModification(client, "t", { maxWaitSeconds: 60, clock: t.clock, sleep: t.sleep, synchronizationJobId: "job-x" });
    expect(result.state).toBe("success");
    expect(result.reportError).toMatch(/InvalidJobId.NotFound/);
    expect(result.failedTables).toEqual([]);
  });

  it("times out at the deadline after a final poll just before it, reporting the errors it saw", async () => {
    const t = new FakeTime();
    const steps: Step[] = [status({ precheck: "Migrating" }), throttled(), status({ precheck: "Finished", structure: "Migrating" }), throttled()];
    const { client } = fakeClient(steps);
    const start = t.now;
    const result = await waitForObjectModification(client, "t", {
      maxWaitSeconds: 20,
      minDelaySeconds: 2,
      maxDelaySeconds: 10,
      clock: t.clock,
      sleep: t.sleep,
      random: () => 1,
    });
    expect(result.state).toBe("timeout");
    // 2 + 4 + 8 = 14 s; the next wait (10 s) would pass 20 s, so the final poll comes at 19.5 s.
    expect(t.sleeps).toEqual([2000, 4000, 8000, 5500]);
    expect(t.now - start).toBe(19_500);
    expect(result.polls).toBe(5); // the last step (throttled) repeats for polls 4 and 5
    expect(result.observedErrors).toEqual({ "Throttling.User": 3 });
    expect(result.reason).toMatch(/not finished within 20s/);
    expect(result.reason).toContain("Throttling.User x3");
    expect(result.endedBy).toBe("deadline");
    expect(result.error).toBeUndefined();
    expect(result.final?.structureInitialization.status).toBe("Migrating");
    expect(formatFailure(result)).toContain("timed out");
  });

  it("on a timeout after a status was seen, lists the tables so far (failed tables named)", async () => {
    const t = new FakeTime();
    const report: InitializationReport = {
      structureInitializationDetails: [],
      dataInitializationDetails: [
        failedOrders("db"),
        { sourceOwnerDbName: "db", destinationOwnerDbName: "db", tableName: "items", status: "Migrating", finishRowNum: 3, totalRowNum: 9, usedTime: 0 },
      ],
      pages: 1,
      calls: 1,
    };
    const { client, calls } = fakeClient([status({ precheck: "Finished", structure: "Finished", data: "Migrating" })], report);
    const result = await waitForObjectModification(client, "t", { maxWaitSeconds: 10, clock: t.clock, sleep: t.sleep, synchronizationJobId: "job-1" });
    expect(result.state).toBe("timeout");
    expect(calls.list).toBe(1);
    expect(result.report).toBe(report);
    expect(result.failedTables.map((f) => f.table)).toEqual(["orders"]);
  });

  it("on a timeout with no status reply at all, does not list tables (the endpoint is failing)", async () => {
    const t = new FakeTime();
    const { client, calls } = fakeClient([throttled()]);
    const result = await waitForObjectModification(client, "t", { maxWaitSeconds: 10, clock: t.clock, sleep: t.sleep, synchronizationJobId: "job-1" });
    expect(result.state).toBe("timeout");
    expect(calls.list).toBe(0);
    expect(result.report).toBeUndefined();
  });

  it("continues after retryable poll errors and succeeds", async () => {
    const t = new FakeTime();
    const { client } = fakeClient([throttled(), throttled(), status(DONE)]);
    const result = await waitForObjectModification(client, "t", { maxWaitSeconds: 600, clock: t.clock, sleep: t.sleep });
    expect(result.state).toBe("success");
    expect(result.observedErrors).toEqual({ "Throttling.User": 2 });
    expect(result.polls).toBe(3);
  });

  it("ends with failure on a non-retryable poll error (e.g. permissions)", async () => {
    const t = new FakeTime();
    const { client, calls } = fakeClient([
      new DtsApiError({ code: "Forbidden.RAM", message: "User not authorized to operate on the specified resource.", httpStatus: 403 }),
    ]);
    const result = await waitForObjectModification(client, "t", { maxWaitSeconds: 600, clock: t.clock, sleep: t.sleep });
    expect(result.state).toBe("failure");
    expect(result.reason).toContain("Forbidden.RAM");
    expect(calls.describe).toBe(1);
    expect(result.observedErrors).toEqual({ "Forbidden.RAM": 1 });
    expect(result.endedBy).toBe("api");
    expect(result.error?.code).toBe("Forbidden.RAM");
  });

  it("says the task ended a failure it reported, with no error", async () => {
    const t = new FakeTime();
    const { client } = fakeClient([throttled(), status({ precheck: "Failed", items: [CONN_FAILED] })]);
    const result = await waitForObjectModification(client, "t", { maxWaitSeconds: 600, clock: t.clock, sleep: t.sleep });
    expect(result.state).toBe("failure");
    expect(result.endedBy).toBe("task");
    expect(result.error).toBeUndefined();
    expect(result.lastError?.code).toBe("Throttling.User"); // the last failed call is still told, apart from what ended the wait
  });

  describe("endOnUnreachable", () => {
    const refused = () => new DtsNetworkError("connect ECONNREFUSED 127.0.0.1:1", "ECONNREFUSED");

    it("ends the wait on an unreachable endpoint before any reply, the API having ended it", async () => {
      const t = new FakeTime();
      const { client, calls } = fakeClient([refused()]);
      const result = await waitForObjectModification(client, "t", { maxWaitSeconds: 600, clock: t.clock, sleep: t.sleep, endOnUnreachable: true });
      expect(result.state).toBe("failure");
      expect(result.endedBy).toBe("api");
      expect(result.error?.code).toBe("ECONNREFUSED");
      expect(result.reason).toBe("DescribeSynchronizationObjectModifyStatus failed: connect ECONNREFUSED 127.0.0.1:1");
      expect(calls.describe).toBe(1);
      expect(t.sleeps).toEqual([]);
    });

    it("keeps polling through network errors once a reply was seen, and without the option", async () => {
      const t = new FakeTime();
      const after = fakeClient([status({ precheck: "Migrating" }), refused(), status(DONE)]);
      const seen = await waitForObjectModification(after.client, "t", { maxWaitSeconds: 600, clock: t.clock, sleep: t.sleep, endOnUnreachable: true });
      expect([seen.state, seen.endedBy, after.calls.describe]).toEqual(["success", "task", 3]);
      const plain = fakeClient([refused(), status(DONE)]);
      const without = await waitForObjectModification(plain.client, "t", { maxWaitSeconds: 600, clock: t.clock, sleep: t.sleep });
      expect([without.state, without.endedBy, plain.calls.describe]).toEqual(["success", "task", 2]);
    });
  });

  it("retries unknown status strings", async () => {
    const t = new FakeTime();
    const { client } = fakeClient([status({ status: "Rebalancing", precheck: "Weird" }), status({ ...DONE, status: "Whatever" })]);
    const result = await waitForObjectModification(client, "t", { maxWaitSeconds: 60, clock: t.clock, sleep: t.sleep });
    expect(result.state).toBe("success");
    expect(result.polls).toBe(2);
  });

  it("aborts during a sleep", async () => {
    const t = new FakeTime();
    const controller = new AbortController();
    const sleep = async (ms: number, signal?: AbortSignal) => {
      if (t.sleeps.length === 1) controller.abort(new Error("user cancelled"));
      await t.sleep(ms, signal);
    };
    const { client, calls } = fakeClient([status({ precheck: "Migrating" })]);
    const result = await waitForObjectModification(client, "t", { maxWaitSeconds: 600, clock: t.clock, sleep, abortSignal: controller.signal });
    expect(result.state).toBe("aborted");
    expect(result.endedBy).toBe("abort");
    expect(calls.describe).toBe(2);
    expect(result.reason).toMatch(/aborted after 2 polls/);
  });

  it("aborts a poll that is still pending (abort is raced)", async () => {
    const t = new FakeTime();
    const controller = new AbortController();
    const client: WaiterClient = {
      describeSynchronizationObjectModifyStatus: () => {
        queueMicrotask(() => controller.abort());
        return new Promise(() => undefined); // never settles
      },
    };
    const result = await waitForObjectModification(client, "t", { maxWaitSeconds: 600, clock: t.clock, sleep: t.sleep, abortSignal: controller.signal });
    expect(result.state).toBe("aborted");
    expect(result.polls).toBe(1);
  });

  it("returns aborted at once for an already aborted signal", async () => {
    const { client, calls } = fakeClient([status(DONE)]);
    const result = await waitForObjectModification(client, "t", { maxWaitSeconds: 60, abortSignal: AbortSignal.abort() });
    expect(result.state).toBe("aborted");
    expect(calls.describe).toBe(0);
  });

  it("reports progress with the fields that changed", async () => {
    const t = new FakeTime();
    const events: WaiterProgressEvent[] = [];
    const a = status({ precheck: "Migrating" });
    const { client } = fakeClient([a, a, status({ precheck: "Finished" }), status(DONE)]);
    await waitForObjectModification(client, "t", { maxWaitSeconds: 600, clock: t.clock, sleep: t.sleep, onProgress: (e) => events.push(e) });
    expect(events.map((e) => e.changed)).toEqual([
      ["status", "precheck", "structureInitialization", "dataInitialization"],
      [],
      ["precheck"],
      ["structureInitialization", "dataInitialization"],
    ]);
    expect(events.map((e) => e.poll)).toEqual([1, 2, 3, 4]);
    expect(events[0]!.elapsedMs).toBe(0);
  });

  it("validates options, naming the option and value", async () => {
    const { client } = fakeClient([status(DONE)]);
    await expect(waitForObjectModification(client, "t", { maxWaitSeconds: 0 })).rejects.toThrow(/maxWaitSeconds.*0/);
    await expect(waitForObjectModification(client, "t", { maxWaitSeconds: 60, minDelaySeconds: 10, maxDelaySeconds: 5 })).rejects.toThrow(/maxDelaySeconds/);
    await expect(waitForObjectModification(client, "", { maxWaitSeconds: 60 })).rejects.toThrow(/taskId/);
  });

  it("allows maxWaitSeconds below minDelaySeconds: first poll, then a final one", async () => {
    const t = new FakeTime();
    const { client, calls } = fakeClient([status({ precheck: "Migrating" })]);
    const result = await waitForObjectModification(client, "t", { maxWaitSeconds: 1, clock: t.clock, sleep: t.sleep });
    expect(result.state).toBe("timeout");
    expect(calls.describe).toBe(2);
    expect(t.sleeps).toEqual([500]);
  });
});

describe("waitUntilObjectModificationDone", () => {
  it("returns the result on success", async () => {
    const { client } = fakeClient([status(DONE)]);
    await expect(waitUntilObjectModificationDone(client, "t", { maxWaitSeconds: 60 })).resolves.toMatchObject({ state: "success", polls: 1 });
  });

  it("throws DtsWaiterError carrying the result otherwise", async () => {
    const t = new FakeTime();
    const { client } = fakeClient([status({ precheck: "Failed", items: [CONN_FAILED] })]);
    const err = await waitUntilObjectModificationDone(client, "t", { maxWaitSeconds: 60, clock: t.clock, sleep: t.sleep }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DtsWaiterError);
    expect(isDtsWaiterError(err)).toBe(true);
    const e = err as DtsWaiterError;
    expect(e.result.state).toBe("failure");
    expect(e.code).toBe("WaiterFailure");
    expect(e.message).toContain("CHECK_CONN_SRC");
  });
});

describe("changedFields without building strings", () => {
  it("sameJson agrees with JSON.stringify equality on seeded random JSON-like values", () => {
    let seed = 3;
    const r = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const scalars = [1, 2, "a", "b", null, undefined, Number.NaN, Infinity, true, 0, -0];
    const gen = (d: number): unknown => {
      const k = Math.floor(r() * 10);
      if (d > 3 || k < 3) return scalars[Math.floor(r() * scalars.length)];
      if (k < 6) return Array.from({ length: Math.floor(r() * 3) }, () => gen(d + 1));
      const o: Record<string, unknown> = {};
      for (const key of ["x", "y", "z"].filter(() => r() < 0.6)) o[key] = gen(d + 1);
      return o;
    };
    let equal = 0;
    const mismatches: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const a = gen(0);
      const b = r() < 0.5 ? structuredClone(a) : gen(0);
      const expected = JSON.stringify(a) === JSON.stringify(b);
      if (expected) equal++;
      if (sameJson(a, b) !== expected) mismatches.push(`${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    }
    expect(mismatches).toEqual([]);
    expect(equal).toBeGreaterThan(5000);
    // Key order matters, as in the strings.
    expect(sameJson({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(changedFields(status({ precheck: "Migrating" }), status({ precheck: "Finished" }))).toEqual(["precheck"]);
  });
});
