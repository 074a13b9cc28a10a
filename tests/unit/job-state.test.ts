/**
 * The job-state decision (sdk/job/sync-job-state.ts) and the DescribeSynchronizationJobStatus schema, with fake clients and an
 * injected clock: canonical compare, tables ownership, and every branch of ensureModification.
 */
import {
  DtsAmbiguousModifyError,
  DtsApiError,
  DtsJobStateError,
  DtsNetworkError,
  compareObjects,
  decodeResponse,
  ensureModification,
  tablesOwnership,
  type EnsureClient,
  type EnsureEvent,
  type SynchronizationDatabase,
  type SynchronizationJobStatus,
  type SynchronizationObjectModifyStatus,
} from "../../sdk";

describe("DescribeSynchronizationJobStatus schema", () => {
  test.each([
    ["modifying", "modifying"],
    ["Modifying", "modifying"],
    ["MODIFYING", "modifying"],
    ["Synchronizing", "synchronizing"],
    ["initializating", "initializating"],
    ["SomethingNew", "SomethingNew"],
  ])("Status %s -> %s (raw kept)", (raw, status) => {
    const job = decodeResponse("DescribeSynchronizationJobStatus", { RequestId: "r", Status: raw });
    expect(job).toMatchObject({ status, rawStatus: raw, synchronizationObjects: [] });
  });

  test("the page's field names, string numbers, precheck Success -> Finished", () => {
    const job = decodeResponse("DescribeSynchronizationJobStatus", {
      RequestId: "r",
      Status: "synchronizing",
      SynchronizationJobId: "dtsx",
      SynchronizationObjects: [
        { SchemaName: "db", NewSchemaName: "copy", TableIncludes: [{ TableName: "t1" }, { TableName: "t2" }], TableExcludes: [] },
        { SchemaName: "whole", TableExcludes: [{ TableName: "tmp" }] },
      ],
      PrecheckStatus: { Status: "Success", Percent: "100", Detail: [{ ItemName: "CHECK_CONN_SRC", CheckStatus: "Success" }] },
      StructureInitializationStatus: { Status: "Finished", Percent: "100", Progress: "2" },
      DataInitializationStatus: { Status: "Finished", Percent: "100", Progress: "200001" },
    });
    expect(job.synchronizationObjects).toEqual([
      { dbName: "db", newDbName: "copy", tableIncludes: [{ tableName: "t1" }, { tableName: "t2" }] },
      { dbName: "whole", tableExcludes: [{ tableName: "tmp" }] },
    ]);
    expect(job.precheck).toMatchObject({ status: "Finished", rawStatus: "Success", percent: 100 });
    expect(job.dataInitialization).toEqual({ status: "Finished", percent: 100, progress: 200001 });
  });

  test("XML: one-element arrays stay arrays", () => {
    const xml =
      "<DescribeSynchronizationJobStatusResponse><RequestId>r</RequestId><Status>Modifying</Status>" +
      "<SynchronizationObjects><SchemaName>db</SchemaName><TableIncludes><TableName>t</TableName></TableIncludes></SynchronizationObjects>" +
      "</DescribeSynchronizationJobStatusResponse>";
    const job = decodeResponse("DescribeSynchronizationJobStatus", xml);
    expect(job.status).toBe("modifying");
    expect(job.synchronizationObjects).toEqual([{ dbName: "db", tableIncludes: [{ tableName: "t" }] }]);
  });

  test("a missing Status fails naming the field", () => {
    expect(() => decodeResponse("DescribeSynchronizationJobStatus", { RequestId: "r" })).toThrow(/Status/);
  });
});

describe("compareObjects", () => {
  const db = (dbName: string, extra: Partial<SynchronizationDatabase> = {}): SynchronizationDatabase => ({ dbName, ...extra });
  test("order-free, defaults filled", () => {
    const want = [db("b"), db("a", { newDbName: "a", tableIncludes: [{ tableName: "y" }, { tableName: "x", newTableName: "x" }] })];
    const have = [db("a", { tableIncludes: [{ tableName: "x" }, { tableName: "y" }] }), db("b", { newDbName: "b" })];
    expect(compareObjects(want, have)).toEqual({ same: true, hiddenRenames: false });
  });
  test.each([
    [[db("a")], [db("a"), db("b")], 'the job also syncs database "b"'],
    [[db("a"), db("b")], [db("a")], 'the job does not sync database "b"'],
    [[db("a", { newDbName: "c" })], [db("a")], 'database "a" goes to "a", not "c"'],
    [[db("a", { tableIncludes: [{ tableName: "t" }] })], [db("a")], 'database "a" is synced whole'],
    [[db("a", { tableIncludes: [{ tableName: "t" }] })], [db("a", { tableIncludes: [{ tableName: "u" }] })], 'the job does not sync table "a.t"'],
    [[db("a", { tableExcludes: [{ tableName: "t" }] })], [db("a")], 'database "a" excludes other tables'],
  ])("%j vs %j: %s", (want, have, difference) => {
    expect(compareObjects(want, have)).toMatchObject({ same: false, difference });
  });
  test("renames the job state cannot show: not in place unless trusted", () => {
    const want = [db("a", { tableIncludes: [{ tableName: "t", newTableName: "t2" }] })];
    const have = [db("a", { tableIncludes: [{ tableName: "t" }] })];
    expect(compareObjects(want, have)).toMatchObject({ same: false, hiddenRenames: true });
    expect(compareObjects(want, have, { trustHiddenRenames: true })).toEqual({ same: true, hiddenRenames: true });
    // A reply that does carry NewTableName is compared.
    expect(compareObjects(want, [db("a", { tableIncludes: [{ tableName: "t", newTableName: "t3" }] })])).toMatchObject({ same: false });
  });
});

const phase = (status: string, percent = 100, progress = 3) => ({ status, percent, progress });
function jobState(patch: Partial<SynchronizationJobStatus> = {}): SynchronizationJobStatus {
  return {
    requestId: "r",
    status: "synchronizing",
    rawStatus: "synchronizing",
    synchronizationObjects: [],
    precheck: { status: "Finished", rawStatus: "Success", percent: 100, items: [] },
    structureInitialization: phase("Finished"),
    dataInitialization: phase("Finished", 100, 1000),
    ...patch,
  };
}

describe("tablesOwnership", () => {
  const task = (patch: Partial<SynchronizationObjectModifyStatus> = {}): SynchronizationObjectModifyStatus => ({
    requestId: "r",
    status: "Migrating",
    precheck: { status: "Finished", percent: 100, items: [] },
    structureInitialization: phase("Finished"),
    dataInitialization: phase("Finished", 100, 1000),
    ...patch,
  });
  test("the latest task (same phases as the job): own", () => expect(tablesOwnership("t1", task(), jobState())).toEqual({ own: true }));
  test("a running task while the job is modifying: own", () => {
    const running = task({ dataInitialization: phase("Migrating", 40, 10) });
    expect(tablesOwnership("t1", running, jobState({ status: "modifying", dataInitialization: phase("Migrating", 41, 12) }))).toEqual({ own: true });
  });
  test("a task that failed its precheck: left out", () => {
    const r = tablesOwnership("t1", task({ precheck: { status: "Failed", percent: 100, items: [] } }), jobState());
    expect(r).toEqual({ own: false, reason: expect.stringMatching(/^tables left out: task t1 failed its precheck/) });
  });
  test("phases differ from the job's: left out", () => {
    const r = tablesOwnership("t1", task({ dataInitialization: phase("Finished", 100, 5) }), jobState());
    expect(r).toEqual({ own: false, reason: expect.stringMatching(/^tables left out: task t1 is not the job's latest modification/) });
  });
});

/** A scripted fake: job states in order (the last repeats), Modify outcomes in order. */
function fake(jobs: Array<SynchronizationJobStatus | Error>, modifies: Array<string | Error>, onModify?: () => void) {
  const calls: string[] = [];
  let j = 0;
  let m = 0;
  const client: EnsureClient = {
    async describeSynchronizationJobStatus() {
      calls.push("job");
      const next = jobs[Math.min(j++, jobs.length - 1)]!;
      if (next instanceof Error) throw next;
      return next;
    },
    async modifySynchronizationObject() {
      calls.push("modify");
      onModify?.();
      const next = modifies[m++];
      if (next === undefined) throw new Error("unexpected Modify call");
      if (next instanceof Error) throw next;
      return { taskId: next, requestId: "r", clientToken: "c" };
    },
  };
  return { client, calls };
}

const OBJECTS: SynchronizationDatabase[] = [{ dbName: "db" }];
const inPlaceJob = (patch: Partial<SynchronizationJobStatus> = {}) => jobState({ synchronizationObjects: [{ dbName: "db" }], ...patch });
const ambiguous = () => new DtsAmbiguousModifyError({ synchronizationJobId: "j", clientToken: "c", cause: new DtsNetworkError("reset", "ECONNRESET") });

function options(extra: Partial<Parameters<typeof ensureModification>[1]> = {}) {
  let now = 0;
  const events: EnsureEvent[] = [];
  return {
    events,
    opts: {
      synchronizationJobId: "j",
      synchronizationObjects: OBJECTS,
      deadlineMs: 600_000,
      clock: { now: () => now },
      sleep: async (ms: number) => {
        now += ms;
      },
      random: () => 0.5,
      onEvent: (e: EnsureEvent) => events.push(e),
      ...extra,
    },
  };
}

describe("ensureModification", () => {
  test("objects differ: one Modify call, started", async () => {
    const { client, calls } = fake([jobState()], ["task1"]);
    const r = await ensureModification(client, options().opts);
    expect(r).toMatchObject({ kind: "started", taskId: "task1" });
    expect(calls).toEqual(["job", "modify"]);
  });

  test("in place: no Modify call; force starts one", async () => {
    const a = fake([inPlaceJob()], []);
    expect(await ensureModification(a.client, options().opts)).toMatchObject({ kind: "inPlace", waited: false });
    expect(a.calls).toEqual(["job"]);
    const b = fake([inPlaceJob()], ["task2"]);
    expect(await ensureModification(b.client, options({ force: true }).opts)).toMatchObject({ kind: "started", taskId: "task2" });
  });

  test("modifying: waits (no Modify meanwhile), then decides", async () => {
    const { client, calls } = fake([jobState({ status: "modifying" }), jobState({ status: "modifying" }), inPlaceJob()], []);
    const { opts, events } = options();
    expect(await ensureModification(client, opts)).toMatchObject({ kind: "inPlace", waited: true });
    expect(calls).toEqual(["job", "job", "job"]);
    expect(events.filter((e) => e.kind === "waitingForJob").map((e) => (e as { first: boolean }).first)).toEqual([true, false]);
  });

  test("still modifying at the deadline: stillModifying, no Modify call", async () => {
    const { client, calls } = fake([jobState({ status: "modifying" })], []);
    const r = await ensureModification(client, options({ deadlineMs: 10_000 }).opts);
    expect(r).toMatchObject({ kind: "stillModifying", reason: "the deadline passed while job j was still modifying its objects" });
    expect(calls.every((c) => c === "job")).toBe(true);
  });

  test("ambiguous, and the call ran (job modifying after it): taken as this call's, never repeated, even when it failed", async () => {
    const failed = jobState({ precheck: { status: "Failed", rawStatus: "Failed", percent: 100, items: [] } });
    const { client, calls } = fake(
      [jobState({ precheck: { status: "Finished", rawStatus: "Success", percent: 100, items: [] } }), jobState({ status: "modifying" }), failed],
      [ambiguous()],
    );
    const r = await ensureModification(client, options().opts);
    expect(r).toMatchObject({ kind: "ranAfterAmbiguous", ambiguousAttempts: 1, waited: true });
    expect(calls).toEqual(["job", "modify", "job", "job"]);
  });

  test("ambiguous, and the call ran and ended before the re-read (phases changed): taken as this call's", async () => {
    const changed = jobState({ dataInitialization: phase("Failed", 50, 10) });
    const { client, calls } = fake([jobState(), changed], [ambiguous()]);
    expect(await ensureModification(client, options().opts)).toMatchObject({ kind: "ranAfterAmbiguous" });
    expect(calls).toEqual(["job", "modify", "job"]);
  });

  test("ambiguous, and nothing changed (the call did not run): Modify once more", async () => {
    const { client, calls } = fake([jobState(), jobState()], [ambiguous(), "task3"]);
    expect(await ensureModification(client, options().opts)).toMatchObject({ kind: "started", taskId: "task3", ambiguousAttempts: 1 });
    expect(calls).toEqual(["job", "modify", "job", "modify"]);
  });

  test("ambiguous every time: gives up after maxAmbiguousAttempts with the ambiguity error", async () => {
    const { client, calls } = fake([jobState()], [ambiguous(), ambiguous()]);
    await expect(ensureModification(client, options({ maxAmbiguousAttempts: 2 }).opts)).rejects.toBeInstanceOf(DtsAmbiguousModifyError);
    expect(calls.filter((c) => c === "modify")).toHaveLength(2);
  });

  test("OperationDenied.JobStatusModifying (a race): back to the job state, wait, decide", async () => {
    const denied = new DtsApiError({ code: "OperationDenied.JobStatusModifying", message: "busy", action: "ModifySynchronizationObject" } as never);
    const { client, calls } = fake([jobState(), jobState({ status: "modifying" }), inPlaceJob()], [denied]);
    expect(await ensureModification(client, options().opts)).toMatchObject({ kind: "inPlace", waited: true });
    expect(calls).toEqual(["job", "modify", "job", "job"]);
  });

  test("an unreadable job state: DtsJobStateError, no Modify call; after an ambiguous call it says a task may exist", async () => {
    const a = fake([new Error("bad reply")], []);
    const e = await ensureModification(a.client, options().opts).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DtsJobStateError);
    expect((e as DtsJobStateError).afterAmbiguous).toBe(false);
    expect(a.calls).toEqual(["job"]);
    const b = fake([jobState(), new Error("bad reply")], [ambiguous()]);
    const e2 = (await ensureModification(b.client, options().opts).catch((x: unknown) => x)) as DtsJobStateError;
    expect(e2).toBeInstanceOf(DtsJobStateError);
    expect(e2.afterAmbiguous).toBe(true);
    expect(e2.before).toEqual({ precheck: "Finished/100/", structureInitialization: "Finished/100/3", dataInitialization: "Finished/100/1000" });
    expect(e2.message).toContain("a task may have started; none was requested again");
  });

  test("a resume with the phases saved before the earlier call: a modification seen since is taken as that call's", async () => {
    const before = { precheck: "Finished/100/", structureInitialization: "Finished/100/3", dataInitialization: "Finished/100/1000" };
    const { client, calls } = fake([jobState({ dataInitialization: phase("Finished", 100, 2000) })], []);
    expect(await ensureModification(client, options({ earlierAttempt: true, before }).opts)).toMatchObject({ kind: "ranAfterAmbiguous" });
    expect(calls).toEqual(["job"]);
  });
});
