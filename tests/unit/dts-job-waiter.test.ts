/**
 * The DtsJob acceptor (tables of replies, one per reading the documents leave open) and the waiter running it in
 * the same loop as the old API's, with a fake clock: nothing here sleeps for real.
 */
import { DtsApiError } from "../../sdk/errors/errors";
import { checkDtsJobDetail, QUIET_POLLS_FOR_DONE } from "../../sdk/waiting/dts-job-acceptors";
import { waitForDtsJobModification, type DtsJobWaiterClient } from "../../sdk/waiting/dts-job-waiter";
import { formatFailure } from "../../sdk/waiting/format";
import type { DtsJobDetail } from "../../sdk/wire/dts-job-schemas";
import { DB_NEW, DB_OLD, FIN, SUB_DONE, SUB_RUNNING, jobDetail, subWire } from "./helpers/dts-job";

const PRECHECK_FAILED = subWire("subNew", "Failed", {
  pre: {
    Status: "Failed",
    Percent: "100",
    Detail: [
      { CheckItem: "CHECK_CONN_SRC", CheckResult: "Success" },
      { CheckItem: "CHECK_DEST_PRIVILEGE", CheckResult: "Failed", FailedReason: "no write privilege", RepairMethod: "grant INSERT on the destination" },
    ],
  },
});

describe("checkDtsJobDetail", () => {
  const ctx = { settledSubJobIds: ["subOld"], expectedDbList: DB_NEW };
  it.each<[string, "success" | "failure" | "retry", DtsJobDetail, object]>([
    ["job Modifying, subtask running", "retry", jobDetail("Modifying", DB_NEW, [SUB_RUNNING("subNew")]), ctx],
    ["job synchronizing, subtask running (parent never Modifying)", "retry", jobDetail("synchronizing", DB_NEW, [SUB_RUNNING("subNew")]), ctx],
    ["subtask Finished, job still Modifying (merging)", "retry", jobDetail("Modifying", DB_NEW, [SUB_DONE("subNew")]), ctx],
    ["subtask Finished, job synchronizing, list in place", "success", jobDetail("synchronizing", DB_NEW, [SUB_DONE("subNew")]), ctx],
    ["subtask Finished but the DbObject is still the old list", "retry", jobDetail("synchronizing", DB_OLD, [SUB_DONE("subNew")]), ctx],
    ["only an earlier modification's subtask: not this one", "retry", jobDetail("synchronizing", DB_NEW, [SUB_DONE("subOld")]), ctx],
    ["subtask gone after a modification was seen", "success", jobDetail("synchronizing", DB_NEW, []), { ...ctx, sawModification: true }],
    ["no subtask yet, first quiet reply", "retry", jobDetail("synchronizing", DB_NEW, []), ctx],
    ["no subtask, quiet long enough", "success", jobDetail("synchronizing", DB_NEW, []), { ...ctx, quietPolls: QUIET_POLLS_FOR_DONE - 1 }],
    ["Synchronizing in another case", "success", jobDetail("Synchronizing", DB_NEW, [SUB_DONE("subNew")]), ctx],
    ["job Modifying with no subtask", "retry", jobDetail("Modifying", DB_OLD, []), { ...ctx, sawModification: true }],
    ["precheck failed in the subtask", "failure", jobDetail("Modifying", DB_NEW, [PRECHECK_FAILED]), ctx],
    [
      "data initialization Failed",
      "failure",
      jobDetail("Modifying", DB_NEW, [subWire("subNew", "Migrating", { pre: FIN, struct: FIN, data: { Status: "Failed", ErrorMessage: "disk full" } })]),
      ctx,
    ],
    ["job InitializeFailed", "failure", jobDetail("InitializeFailed", DB_NEW, [], { ErrorMessage: "boom" }), ctx],
    ["an unknown status", "retry", jobDetail("Rebalancing", DB_NEW, []), ctx],
  ])("%s -> %s", (_name, state, detail, context) => {
    expect(checkDtsJobDetail(detail, context).state).toBe(state);
  });

  it("names the failed check item and its repair method", () => {
    const v = checkDtsJobDetail(jobDetail("Modifying", DB_NEW, [PRECHECK_FAILED]), ctx);
    expect(v.failedPhase).toBe("precheck");
    expect(v.failedItems).toEqual([
      { itemName: "CHECK_DEST_PRIVILEGE", checkStatus: "Failed", errorMessage: "no write privilege", repairMethod: "grant INSERT on the destination" },
    ]);
    expect(v.reason).toContain("repair: grant INSERT on the destination");
  });

  it("takes the newest unsettled subtask by CreateTime", () => {
    const d = jobDetail("synchronizing", DB_NEW, [SUB_DONE("b", "2026-12-02T11:00:00Z"), SUB_RUNNING("a", "2026-12-02T10:00:00Z")]);
    expect(checkDtsJobDetail(d, { expectedDbList: DB_NEW }).state).toBe("success");
  });
});

class FakeTime {
  now = 1_700_000_000_000;
  readonly clock = { now: () => this.now };
  sleep = async (ms: number): Promise<void> => {
    this.now += ms;
  };
}

function scripted(steps: (DtsJobDetail | Error)[], precheck?: DtsJobWaiterClient["describePreCheckStatus"]) {
  const calls: { syncSubJobHistory?: boolean }[] = [];
  const client: DtsJobWaiterClient = {
    describeDtsJobDetail: async (input) => {
      const step = steps[Math.min(calls.length, steps.length - 1)]!;
      calls.push(input);
      if (step instanceof Error) throw step;
      return step;
    },
    ...(precheck ? { describePreCheckStatus: precheck } : {}),
  };
  return { client, calls };
}

describe("waitForDtsJobModification (the same loop as the old waiter)", () => {
  const base = (t: FakeTime) => ({
    maxWaitSeconds: 600,
    clock: t.clock,
    sleep: t.sleep,
    random: () => 0.5,
    settledSubJobIds: ["subOld"],
    expectedDbList: DB_NEW,
  });

  it("reading A: job Modifying, the finished subtask stays in the reply", async () => {
    const t = new FakeTime();
    const { client, calls } = scripted([
      jobDetail("Modifying", DB_NEW, [subWire("subNew", "NotStarted")]),
      jobDetail("Modifying", DB_NEW, [SUB_RUNNING("subNew")]),
      jobDetail("Modifying", DB_NEW, [SUB_DONE("subNew")]),
      jobDetail("synchronizing", DB_NEW, [SUB_DONE("subNew")]),
    ]);
    const events: string[] = [];
    const r = await waitForDtsJobModification(client, "job1", { ...base(t), onProgress: (e) => events.push(e.status.dataInitialization.status) });
    expect(r.state).toBe("success");
    expect(r.polls).toBe(4);
    expect(r.subJobId).toBe("subNew");
    expect(r.final?.dataInitialization).toEqual({ status: "Finished", percent: 100, progress: 3 });
    expect(events).toEqual(["NotStarted", "Migrating", "Finished", "Finished"]);
    // Polls read the running/latest subtask only: constant work per poll.
    expect(calls.every((c) => c.syncSubJobHistory === false)).toBe(true);
  });

  it("reading B: job stays synchronizing, the subtask disappears once merged", async () => {
    const t = new FakeTime();
    const { client } = scripted([jobDetail("synchronizing", DB_NEW, [SUB_RUNNING("subNew")]), jobDetail("synchronizing", DB_NEW, [])]);
    const r = await waitForDtsJobModification(client, "job1", base(t));
    expect(r.state).toBe("success");
    expect(r.polls).toBe(2);
    expect(r.reason).toMatch(/modification ended/);
    // The subtask that left is still the one judged, and its last phases stand (not the job's NotStarted blocks).
    expect(r.subJobId).toBe("subNew");
    expect(r.subJobLeft).toBe(true);
    expect(r.final?.dataInitialization).toMatchObject({ status: "Migrating", percent: 40 });
  });

  it("reading C: no subtask ever shows: done after the quiet replies, not at the first", async () => {
    const t = new FakeTime();
    const { client } = scripted([jobDetail("synchronizing", DB_OLD, []), jobDetail("synchronizing", DB_NEW, [])]);
    const r = await waitForDtsJobModification(client, "job1", base(t));
    expect(r.state).toBe("success");
    expect(r.polls).toBe(1 + QUIET_POLLS_FOR_DONE);
  });

  it("a precheck failure names the item and repair method, and lists the failed items of DescribePreCheckStatus (JobCode 01, subtask ID)", async () => {
    const t = new FakeTime();
    const asked: unknown[] = [];
    const { client } = scripted([jobDetail("Modifying", DB_NEW, [PRECHECK_FAILED])], async (input) => {
      asked.push(input);
      return {
        requestId: "P",
        jobProgress: [
          { item: "CHECK_DEST_PRIVILEGE", state: "Failed", errMsg: "no write privilege", repairMethod: "grant INSERT" },
          { item: "CHECK_CONN_SRC", state: "Success" },
        ],
      };
    });
    const r = await waitForDtsJobModification(client, "job1", base(t));
    expect(r.state).toBe("failure");
    expect(r.failedItems.map((i) => i.itemName)).toEqual(["CHECK_DEST_PRIVILEGE"]);
    expect(r.failedObjects).toEqual([{ item: "CHECK_DEST_PRIVILEGE", state: "Failed", errMsg: "no write privilege", repairMethod: "grant INSERT" }]);
    expect(asked).toEqual([expect.objectContaining({ dtsJobId: "subNew", jobCode: "01" })]);
    expect(formatFailure(r)).toContain("CHECK_DEST_PRIVILEGE");
  });

  it("times out with the last phases, and a non-retryable read ends it as an API failure", async () => {
    const t = new FakeTime();
    const r = await waitForDtsJobModification(scripted([jobDetail("Modifying", DB_NEW, [SUB_RUNNING("subNew")])]).client, "job1", {
      ...base(t),
      maxWaitSeconds: 60,
    });
    expect(r.state).toBe("timeout");
    expect(r.reason).toMatch(/subtask subNew Migrating/);
    const denied = new DtsApiError({ code: "Forbidden.RAM", message: "no", action: "DescribeDtsJobDetail", httpStatus: 403 });
    const r2 = await waitForDtsJobModification(scripted([denied]).client, "job1", base(new FakeTime()));
    expect(r2).toMatchObject({ state: "failure", endedBy: "api" });
    expect(r2.reason).toMatch(/^DescribeDtsJobDetail failed/);
  });
});
