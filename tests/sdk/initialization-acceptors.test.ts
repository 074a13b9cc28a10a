/** The pure acceptor of a job's first synchronization (both families), table by table: no I/O, no clock. */
import {
  checkInitialization,
  DescribeDtsJobsResponse,
  DescribeSynchronizationJobStatusResponse,
  dtsJobSnapshot,
  initializationStatusLine,
  normalizeJobStatus,
  resolveCaughtUp,
  syncJobSnapshot,
  type InitializationSnapshot,
} from "../../sdk";

/** A DescribeDtsJobs item on the wire (official field names, string numbers). */
function dtsItem(over: Record<string, unknown> = {}): InitializationSnapshot {
  const page = DescribeDtsJobsResponse.parse({
    RequestId: "r1",
    TotalRecordCount: "1",
    DtsJobList: [
      {
        DtsJobId: "l3m1213ye7l",
        DtsInstanceID: "dtsl3m1213ye7l",
        JobType: "SYNC",
        Status: "synchronizing",
        Delay: "2",
        PrecheckStatus: { Status: "Finished", Percent: "100", Detail: [] },
        StructureInitializationStatus: { Status: "Finished", Percent: "100", Progress: "3" },
        DataInitializationStatus: { Status: "Finished", Percent: "100", Progress: "3000" },
        DataSynchronizationStatus: { Status: "Migrating", Percent: "95" },
        MigrationMode: { StructureInitialization: true, DataInitialization: true, DataSynchronization: true },
        ...over,
      },
    ],
  });
  return dtsJobSnapshot(page.jobs[0]!, page.requestId);
}

/** A DescribeSynchronizationJobStatus reply on the wire. */
function syncJob(over: Record<string, unknown> = {}): InitializationSnapshot {
  const reply = DescribeSynchronizationJobStatusResponse.parse({
    RequestId: "r2",
    SynchronizationJobId: "dtsi76118o3w92",
    Status: "synchronizing",
    StructureInitialization: "true",
    DataInitialization: "true",
    Delay: "1",
    DelayMillis: 1200,
    PrecheckStatus: { Status: "Success", Percent: "100", Detail: [] },
    StructureInitializationStatus: { Status: "Finished", Percent: "100", Progress: "3" },
    DataInitializationStatus: { Status: "Finished", Percent: "100", Progress: "3000" },
    DataSynchronizationStatus: { Status: "Migrating", Delay: "1", DelayMillis: 1200, Percent: "95" },
    ...over,
  });
  return syncJobSnapshot("dtsi76118o3w92", reply);
}

describe("status values", () => {
  it("compares case-insensitively and reads the sync-job page's 'initializating' as initializing", () => {
    expect(normalizeJobStatus("Synchronizing")).toBe("synchronizing");
    expect(normalizeJobStatus("synchronizing")).toBe("synchronizing");
    expect(normalizeJobStatus("Initializating")).toBe("initializing");
    expect(checkInitialization(dtsItem({ Status: "Synchronizing" })).state).toBe("success");
    expect(checkInitialization(dtsItem({ Status: "SYNCHRONIZING" })).state).toBe("success");
  });
});

describe.each([
  ["dts-job", dtsItem],
  ["sync-job", syncJob],
] as const)("%s family", (_family, make) => {
  it("a job already initialized answers at once (success on the first reply)", () => {
    const v = checkInitialization(make());
    expect(v).toMatchObject({ state: "success", stage: "initialized" });
    expect(v.reason).toContain("initialization Finished");
  });

  it("a job not started yet is waited for, and says so", () => {
    const v = checkInitialization(
      make({
        Status: "NotStarted",
        PrecheckStatus: { Status: "NotStarted" },
        StructureInitializationStatus: { Status: "NotStarted" },
        DataInitializationStatus: { Status: "NotStarted" },
      }),
    );
    expect(v).toMatchObject({ state: "retry", stage: "not-started" });
    expect(v.reason).toContain("has not started yet");
  });

  it("waits through structure and data initialization with the percent in the reason", () => {
    const structure = checkInitialization(
      make({
        Status: "Initializing",
        StructureInitializationStatus: { Status: "Migrating", Percent: "40" },
        DataInitializationStatus: { Status: "NotStarted" },
      }),
    );
    expect(structure).toMatchObject({ state: "retry", stage: "structure-initialization" });
    expect(structure.reason).toContain("structure initialization Migrating 40%");
    const data = checkInitialization(make({ Status: "initializating", DataInitializationStatus: { Status: "Migrating", Percent: "42" } }));
    expect(data).toMatchObject({ state: "retry", stage: "data-initialization" });
    expect(data.reason).toContain("data initialization Migrating 42%");
  });

  it("phases Finished but the job not yet in its steady state: waits", () => {
    expect(checkInitialization(make({ Status: "Initializing" }))).toMatchObject({ state: "retry", stage: "starting-synchronization" });
  });

  it("fails at once on InitializeFailed, naming the phase and the message", () => {
    const v = checkInitialization(
      make({ Status: "InitializeFailed", ErrorMessage: "disk full", DataInitializationStatus: { Status: "Migrating", Percent: "10" } }),
    );
    expect(v).toMatchObject({ state: "failure", failedPhase: "dataInitialization", stage: "failed" });
    expect(v.reason).toContain("disk full");
  });

  it("fails at once on a failed data phase with its error message", () => {
    const v = checkInitialization(make({ Status: "Initializing", DataInitializationStatus: { Status: "Failed", ErrorMessage: "table t1: duplicate key" } }));
    expect(v).toMatchObject({ state: "failure", failedPhase: "dataInitialization" });
    expect(v.reason).toBe("data initialization Failed: table t1: duplicate key");
  });

  it("fails at once on Failed and reports the incremental phase's message", () => {
    const v = checkInitialization(make({ DataSynchronizationStatus: { Status: "Failed", ErrorMessage: "binlog purged" } }));
    expect(v).toMatchObject({ state: "failure", incrementalFailed: true });
    expect(v.reason).toContain("binlog purged");
    expect(checkInitialization(make({ Status: "Failed", ErrorMessage: "x" }))).toMatchObject({ state: "failure", reason: "job Failed: x" });
  });

  it("a paused (Suspending) or Locked job fails, never succeeds", () => {
    expect(checkInitialization(make({ Status: "Suspending" })).state).toBe("failure");
    expect(checkInitialization(make({ Status: "Locked" })).state).toBe("failure");
  });

  it("a phase the job does not run is not waited for", () => {
    const v = checkInitialization(
      make({
        MigrationMode: { StructureInitialization: false, DataInitialization: true, DataSynchronization: true },
        StructureInitialization: "false",
        StructureInitializationStatus: { Status: "NotStarted" },
      }),
    );
    expect(v.state).toBe("success");
    expect(v.reason).toContain("structure initialization off");
  });
});

describe("precheck failure names the items and their repair methods", () => {
  it("dts-job: CheckItem / CheckResult / FailedReason / RepairMethod", () => {
    const v = checkInitialization(
      dtsItem({
        Status: "PrecheckFailed",
        PrecheckStatus: {
          Status: "Failed",
          Percent: "100",
          Detail: [
            { CheckItem: "CHECK_CONN_SRC", CheckResult: "Success" },
            { CheckItem: "CHECK_SRC_BINLOG", CheckResult: "Failed", FailedReason: "binlog off", RepairMethod: "set binlog_format=ROW" },
          ],
        },
      }),
    );
    expect(v).toMatchObject({ state: "failure", failedPhase: "precheck" });
    expect(v.failedItems).toEqual([{ itemName: "CHECK_SRC_BINLOG", checkStatus: "Failed", errorMessage: "binlog off", repairMethod: "set binlog_format=ROW" }]);
    expect(v.reason).toContain("CHECK_SRC_BINLOG: binlog off (repair: set binlog_format=ROW)");
  });

  it("sync-job: ItemName / CheckStatus / ErrorMessage / RepairMethod", () => {
    const v = checkInitialization(
      syncJob({
        Status: "precheckFailed",
        PrecheckStatus: {
          Status: "Failed",
          Detail: [{ ItemName: "CHECK_ACCOUNT", CheckStatus: "Failed", ErrorMessage: "no grant", RepairMethod: "GRANT ..." }],
        },
      }),
    );
    expect(v.failedItems.map((i) => i.repairMethod)).toEqual(["GRANT ..."]);
  });
});

describe("caught up", () => {
  const caughtUp = { maxDelaySeconds: 5, polls: 3 };

  it("counts replies in a row within the bound, and succeeds at the Nth", () => {
    const one = checkInitialization(dtsItem({ Delay: "4" }), { caughtUp, caughtUpPolls: 0 });
    expect(one).toMatchObject({ state: "retry", stage: "catching-up", caughtUpPolls: 1 });
    const two = checkInitialization(dtsItem({ Delay: "5" }), { caughtUp, caughtUpPolls: 1 });
    expect(two).toMatchObject({ state: "retry", caughtUpPolls: 2 });
    const three = checkInitialization(dtsItem({ Delay: "0" }), { caughtUp, caughtUpPolls: 2 });
    expect(three).toMatchObject({ state: "success", stage: "caught-up", caughtUpPolls: 3 });
  });

  it("a reply above the bound resets the count", () => {
    expect(checkInitialization(dtsItem({ Delay: "6" }), { caughtUp, caughtUpPolls: 2 })).toMatchObject({ state: "retry", caughtUpPolls: 0 });
  });

  it("an unknown or negative delay is never caught up", () => {
    expect(checkInitialization(dtsItem({ Delay: undefined }), { caughtUp, caughtUpPolls: 2 })).toMatchObject({ state: "retry", caughtUpPolls: 0 });
    expect(checkInitialization(dtsItem({ Delay: "-1" }), { caughtUp, caughtUpPolls: 2 })).toMatchObject({ state: "retry", caughtUpPolls: 0 });
  });

  it("the delay counts only while incremental synchronization runs", () => {
    const v = checkInitialization(dtsItem({ Delay: "0", DataSynchronizationStatus: { Status: "NotStarted" } }), { caughtUp, caughtUpPolls: 2 });
    expect(v).toMatchObject({ state: "retry", caughtUpPolls: 0 });
  });

  it("sync-job: DelayMillis (ms) is preferred to Delay (s)", () => {
    const s = syncJob({ DataSynchronizationStatus: { Status: "Migrating", Delay: "9", DelayMillis: "4500" } });
    expect(s.delaySeconds).toBe(4.5);
    expect(checkInitialization(s, { caughtUp: { maxDelaySeconds: 5, polls: 1 } }).state).toBe("success");
  });

  it("dts-job: Delay is read as seconds (DescribeDtsJobs model)", () => {
    expect(dtsItem({ Delay: "3" }).delaySeconds).toBe(3);
  });

  it("a job without an incremental phase cannot catch up: fails", () => {
    const v = checkInitialization(dtsItem({ MigrationMode: { StructureInitialization: true, DataInitialization: true, DataSynchronization: false } }), {
      caughtUp,
    });
    expect(v.state).toBe("failure");
    expect(v.reason).toContain("no incremental synchronization");
  });

  it("DTS giving up its retries fails with its message", () => {
    const v = checkInitialization(
      dtsItem({ RetryState: { Retrying: "true", RetryTime: "720", MaxRetryTime: "720", Module: "Incremental", ErrMessage: "source unreachable" } }),
      { caughtUp },
    );
    expect(v).toMatchObject({ state: "failure", incrementalFailed: true });
    expect(v.reason).toContain("source unreachable");
  });

  it("validates the option, naming the field", () => {
    expect(() => resolveCaughtUp({ maxDelaySeconds: -1 })).toThrow(/caughtUp.maxDelaySeconds/);
    expect(() => resolveCaughtUp({ maxDelaySeconds: 1, polls: 0 })).toThrow(/caughtUp.polls/);
    expect(resolveCaughtUp({ maxDelaySeconds: 1 })).toEqual({ maxDelaySeconds: 1, polls: 3 });
  });
});

describe("initializationStatusLine", () => {
  const at = (over: Record<string, unknown>, context = {}) => {
    const s = dtsItem(over);
    return initializationStatusLine(checkInitialization(s, context), s, undefined, 0, (context as { caughtUp?: { maxDelaySeconds: number } }).caughtUp);
  };
  it("says a job has not started yet", () => {
    expect(at({ Status: "NotStarted", PrecheckStatus: { Status: "NotStarted" } })).toBe("not started yet (job NotStarted)");
  });
  it("shows the running phase with its percent, a skipped structure phase is not taken for the running one", () => {
    const line = at({
      Status: "Initializing",
      MigrationMode: { StructureInitialization: false, DataInitialization: true, DataSynchronization: true },
      StructureInitializationStatus: { Status: "NotStarted" },
      DataInitializationStatus: { Status: "Migrating", Percent: "42", Progress: "4200" },
    });
    expect(line).toMatch(/^data initialization 42% · 4200 rows/);
  });
  it("shows the delay and the count while catching up", () => {
    expect(at({ Delay: "3" }, { caughtUp: { maxDelaySeconds: 5, polls: 3 }, caughtUpPolls: 0 })).toBe(
      "catching up · incremental delay 3s · caught up at <= 5s (1/3)",
    );
  });
});
