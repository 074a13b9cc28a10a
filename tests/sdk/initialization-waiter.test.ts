/** The two initialization waiters through the poller with a fake client, a virtual clock and no real sleep. */
import { DescribeDtsJobsResponse, DescribeSynchronizationJobStatusResponse, waitForDtsJobInitialization, waitForSyncJobInitialization } from "../../sdk";

function virtualTime() {
  let now = 0;
  return {
    clock: { now: () => now },
    sleep: async (ms: number) => {
      now += ms;
    },
    random: () => 0.5,
  };
}

const FIN = { Status: "Finished", Percent: "100", Progress: "3" };
const page = (item: Record<string, unknown> | undefined) =>
  DescribeDtsJobsResponse.parse({ RequestId: "r", DtsJobList: item ? [{ DtsJobId: "job1", DtsInstanceID: "dtsjob1", ...item }] : [] });

describe("waitForDtsJobInitialization", () => {
  it("polls one DescribeDtsJobs per poll from not started to caught up, then reads the failed objects of 02 and 03", async () => {
    const replies = [
      { Status: "NotStarted" },
      { Status: "Prechecking", PrecheckStatus: { Status: "Checking", Percent: "50" } },
      { Status: "Initializing", PrecheckStatus: FIN, StructureInitializationStatus: FIN, DataInitializationStatus: { Status: "Migrating", Percent: "50" } },
      {
        Status: "synchronizing",
        PrecheckStatus: FIN,
        StructureInitializationStatus: FIN,
        DataInitializationStatus: FIN,
        Delay: "30",
        DataSynchronizationStatus: { Status: "Migrating" },
      },
      {
        Status: "synchronizing",
        PrecheckStatus: FIN,
        StructureInitializationStatus: FIN,
        DataInitializationStatus: FIN,
        Delay: "3",
        DataSynchronizationStatus: { Status: "Migrating" },
      },
      {
        Status: "synchronizing",
        PrecheckStatus: FIN,
        StructureInitializationStatus: FIN,
        DataInitializationStatus: FIN,
        Delay: "2",
        DataSynchronizationStatus: { Status: "Catched" },
      },
    ];
    const calls: unknown[] = [];
    const preCheck: string[] = [];
    const client = {
      describeDtsJobs: async (input: unknown) => {
        calls.push(input);
        return page(replies[Math.min(calls.length - 1, replies.length - 1)]);
      },
      describePreCheckStatus: async (input: { jobCode: string }) => {
        preCheck.push(input.jobCode);
        return { requestId: "p", jobProgress: input.jobCode === "03" ? [{ state: "Failed", names: "t9", errMsg: "dup" }] : [] };
      },
    };
    const stages: string[] = [];
    const r = await waitForDtsJobInitialization(client, "job1", {
      maxWaitSeconds: 3600,
      caughtUp: { maxDelaySeconds: 5, polls: 2 },
      ...virtualTime(),
      onProgress: (e) => stages.push(e.status.status),
    });
    expect(r).toMatchObject({ state: "success", family: "dts-job", jobId: "job1", stage: "caught-up", initialized: true, delaySeconds: 2 });
    expect(r.caughtUp).toEqual({ maxDelaySeconds: 5, polls: 2, caughtUpPolls: 2, reached: true });
    expect(calls).toHaveLength(6);
    expect(calls[0]).toMatchObject({ dtsJobId: "job1", jobType: "SYNC", withoutDbList: true });
    expect(stages[0]).toBe("NotStarted");
    expect(preCheck).toEqual(["02", "03"]);
    expect(r.failedObjects).toEqual([{ state: "Failed", names: "t9", errMsg: "dup" }]);
  });

  it("a job the list never shows ends the wait as not found after a few replies, not at the deadline", async () => {
    const client = { describeDtsJobs: async () => page(undefined) };
    const r = await waitForDtsJobInitialization(client, "nope", { maxWaitSeconds: 86400, ...virtualTime() });
    expect(r).toMatchObject({ state: "failure", endedBy: "api", polls: 3 });
    expect(r.error?.code).toBe("InvalidJobId.NotFound");
  });

  it("a delay that stays high runs into the deadline: timeout, caught-up not reached, last delay kept", async () => {
    const client = {
      describeDtsJobs: async () =>
        page({
          Status: "synchronizing",
          PrecheckStatus: FIN,
          StructureInitializationStatus: FIN,
          DataInitializationStatus: FIN,
          Delay: "120",
          DataSynchronizationStatus: { Status: "Migrating" },
        }),
    };
    const r = await waitForDtsJobInitialization(client, "job1", { maxWaitSeconds: 120, caughtUp: { maxDelaySeconds: 5 }, ...virtualTime() });
    expect(r).toMatchObject({ state: "timeout", initialized: true, delaySeconds: 120, stage: "catching-up" });
    expect(r.caughtUp?.reached).toBe(false);
  });
});

describe("waitForSyncJobInitialization", () => {
  it("fails at once on a failed data phase and lists the failed tables (all pages through listInitializationDetails)", async () => {
    let polls = 0;
    const lists: string[] = [];
    const client = {
      describeSynchronizationJobStatus: async () => {
        polls++;
        return DescribeSynchronizationJobStatusResponse.parse({
          RequestId: "r",
          Status: polls === 1 ? "initializating" : "initializeFailed",
          PrecheckStatus: { Status: "Success", Percent: "100" },
          StructureInitializationStatus: FIN,
          DataInitializationStatus: polls === 1 ? { Status: "Migrating", Percent: "20" } : { Status: "Failed", ErrorMessage: "t2 failed" },
        });
      },
      listInitializationDetails: async (id: string) => {
        lists.push(id);
        return {
          structureInitializationDetails: [],
          dataInitializationDetails: [
            {
              sourceOwnerDbName: "a",
              destinationOwnerDbName: "b",
              tableName: "t2",
              status: "Failed",
              finishRowNum: 0,
              totalRowNum: 9,
              usedTime: 0,
              errorMessage: "dup",
            },
          ],
          dataSynchronizationDetails: [],
          pages: 1,
          calls: 1,
        };
      },
    };
    const r = await waitForSyncJobInitialization(client, "dtsjob", { maxWaitSeconds: 3600, ...virtualTime() });
    expect(r).toMatchObject({ state: "failure", failedPhase: "dataInitialization", family: "sync-job", polls: 2 });
    expect(r.reason).toContain("t2 failed");
    expect(lists).toEqual(["dtsjob"]);
    expect(r.failedTables.map((t) => t.table)).toEqual(["t2"]);
  });
});
