/** Every action through the real pop-core client (JSON) and hand-signed requests (XML), shapes as in the seeds. */
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { PRECHECK_ITEM_NAMES } from "../../sdk/types";
import { ManualClock, json, objects, parseXml, popClient, popError, signedCall, type PopClient } from "../support/emulator";

let emu: EmulatorHandle;
let client: PopClient;
const clock = new ManualClock();

beforeAll(async () => {
  emu = await startEmulator({ port: 0, clock, seed: 7 });
  client = popClient(emu);
});
afterAll(() => emu.stop());

const REQUEST_ID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

/** Start a task on a fresh job and move the clock far enough for everything to finish. */
async function finishedTask(tables: string[]): Promise<{ jobId: string; taskId: string }> {
  const jobId = emu.createJob();
  const r = await client.request(
    "ModifySynchronizationObject",
    { SynchronizationJobId: jobId, SynchronizationObjects: objects([{ db: "dtstestdata", tables }]) },
    { method: "POST" },
  );
  clock.advance(24 * 3600 * 1000);
  return { jobId, taskId: r.TaskId };
}

describe("ModifySynchronizationObject", () => {
  test("JSON via pop-core (GET and POST): TaskId, RequestId, Success", async () => {
    const jobId = emu.createJob();
    const r = await client.request("ModifySynchronizationObject", {
      SynchronizationJobId: jobId,
      SynchronizationObjects: objects([{ db: "db1", tables: ["a"] }]),
    });
    expect(r).toEqual({ TaskId: expect.stringMatching(/^[a-z][a-z0-9]{10}$/), RequestId: expect.stringMatching(REQUEST_ID), Success: true });
    clock.advance(24 * 3600 * 1000);
    const r2 = await client.request(
      "ModifySynchronizationObject",
      { SynchronizationJobId: jobId, SynchronizationObjects: objects([{ db: "db1" }]), SynchronizationDirection: "Forward" },
      { method: "POST" },
    );
    expect(r2.TaskId).not.toBe(r.TaskId);
    expect(emu.taskCount(jobId)).toBe(2);
  });

  test("XML: <ModifySynchronizationObjectResponse> root", async () => {
    const jobId = emu.createJob();
    const res = await signedCall(emu, "ModifySynchronizationObject", {
      SynchronizationJobId: jobId,
      SynchronizationObjects: objects([{ db: "db1", tables: ["a"] }]),
    });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/xml/);
    expect(res.body.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    const x = parseXml(res.body).ModifySynchronizationObjectResponse;
    expect(x.TaskId).toMatch(/^[a-z][a-z0-9]{10}$/);
    expect(x.RequestId).toMatch(REQUEST_ID);
    expect(x.Success).toBe("true");
    expect(res.headers["x-acs-request-id"]).toBe(x.RequestId);
  });

  test("missing and invalid parameters", async () => {
    let e = await popError(client.request("ModifySynchronizationObject", { SynchronizationObjects: "[]" }));
    expect(e.code).toBe("MissingSynchronizationJobId");
    expect(e.data.Message).toContain("SynchronizationJobId");
    e = await popError(client.request("ModifySynchronizationObject", { SynchronizationJobId: emu.demoJobId }));
    expect(e.code).toBe("MissingSynchronizationObjects");
    e = await popError(client.request("ModifySynchronizationObject", { SynchronizationJobId: emu.demoJobId, SynchronizationObjects: "not json" }));
    expect(e.code).toBe("InvalidParameter.SynchronizationObjects");
    e = await popError(client.request("ModifySynchronizationObject", { SynchronizationJobId: emu.demoJobId, SynchronizationObjects: "[]" }));
    expect(e.code).toBe("InvalidParameter.SynchronizationObjects");
    e = await popError(
      client.request("ModifySynchronizationObject", { SynchronizationJobId: emu.demoJobId, SynchronizationObjects: '[{"DBName":"d","TableIncludes":[{}]}]' }),
    );
    expect(e.code).toBe("InvalidParameter.SynchronizationObjects");
    expect(e.data.Message).toContain("0.TableIncludes.0.TableName");
    e = await popError(
      client.request("ModifySynchronizationObject", {
        SynchronizationJobId: emu.demoJobId,
        SynchronizationObjects: objects([{ db: "d" }]),
        SynchronizationDirection: "Sideways",
      }),
    );
    expect(e.code).toBe("InvalidParameter.SynchronizationDirection");
    e = await popError(
      client.request("ModifySynchronizationObject", {
        SynchronizationJobId: emu.demoJobId,
        SynchronizationObjects: objects([{ db: "d" }]),
        ClientToken: "x".repeat(65),
      }),
    );
    expect(e.code).toBe("InvalidParameter.ClientToken");
  });

  test("unknown job: HTTP 404 InvalidJobId.NotFound", async () => {
    const res = await signedCall(
      emu,
      "ModifySynchronizationObject",
      { SynchronizationJobId: "dtsnope", SynchronizationObjects: objects([{ db: "d" }]) },
      { format: "JSON" },
    );
    expect(res.status).toBe(404);
    expect(json(res)).toMatchObject({ Code: "InvalidJobId.NotFound", HostId: "dts.aliyuncs.com", RequestId: expect.stringMatching(REQUEST_ID) });
    expect(json(res).Recommend).toContain("InvalidJobId.NotFound");
  });

  test("ClientToken (default): recorded, not de-duplicated (the API page documents none): the same token twice starts two tasks", async () => {
    const jobId = emu.createJob();
    const params = { SynchronizationJobId: jobId, SynchronizationObjects: objects([{ db: "db1", tables: ["a", "b"] }]), ClientToken: "tok-1" };
    const a = await client.request("ModifySynchronizationObject", params, { method: "POST" });
    // While the first task runs, the job refuses a second modification whatever the token.
    const busy = await popError(client.request("ModifySynchronizationObject", params, { method: "POST" }));
    expect(busy.code).toBe("OperationDenied.JobStatusModifying");
    clock.advance(24 * 3600 * 1000);
    const b = await client.request("ModifySynchronizationObject", params, { method: "POST" });
    expect(b.TaskId).not.toBe(a.TaskId);
    expect(emu.taskCount(jobId)).toBe(2);
    expect(
      emu
        .tasks()
        .filter((t) => t.jobId === jobId)
        .map((t) => t.clientToken),
    ).toEqual(["tok-1", "tok-1"]);
  });

  test("ClientToken with the clientTokenDedup option: same token and job => same TaskId, nothing started", async () => {
    const dedup = await startEmulator({ port: 0, clock, seed: 7, clientTokenDedup: true });
    try {
      const c = popClient(dedup);
      const jobId = dedup.createJob();
      const params = { SynchronizationJobId: jobId, SynchronizationObjects: objects([{ db: "db1", tables: ["a", "b"] }]), ClientToken: "tok-1" };
      const a = await c.request("ModifySynchronizationObject", params, { method: "POST" });
      const b = await c.request("ModifySynchronizationObject", params, { method: "POST" });
      expect(b.TaskId).toBe(a.TaskId);
      expect(b.RequestId).not.toBe(a.RequestId);
      expect(dedup.taskCount(jobId)).toBe(1);
      // Even after the task is done, the token still maps to it.
      clock.advance(24 * 3600 * 1000);
      expect((await c.request("ModifySynchronizationObject", params)).TaskId).toBe(a.TaskId);
      expect(dedup.taskCount(jobId)).toBe(1);
      // The same token with other objects is a mismatch; another token starts a new task.
      const e = await popError(c.request("ModifySynchronizationObject", { ...params, SynchronizationObjects: objects([{ db: "other" }]) }));
      expect(e.code).toBe("IdempotentParameterMismatch");
      const d = await c.request("ModifySynchronizationObject", { ...params, ClientToken: "tok-2" });
      expect(d.TaskId).not.toBe(a.TaskId);
      expect(dedup.taskCount(jobId)).toBe(2);
      // A token is per job.
      const other = dedup.createJob();
      const f = await c.request("ModifySynchronizationObject", { ...params, SynchronizationJobId: other });
      expect(f.TaskId).not.toBe(a.TaskId);
    } finally {
      await dedup.stop();
    }
  });

  describe.each([false, true])("ClientTokens named like Object.prototype members (clientTokenDedup %s)", (clientTokenDedup) => {
    test.each(["constructor", "toString", "hasOwnProperty", "__proto__", "valueOf"])("%s starts a task with a TaskId (JSON and XML)", async (token) => {
      const e = await startEmulator({ port: 0, clock, seed: 7, clientTokenDedup });
      try {
        const jobId = e.createJob();
        const params = { SynchronizationJobId: jobId, SynchronizationObjects: objects([{ db: "db1" }]), ClientToken: token };
        const res = await signedCall(e, "ModifySynchronizationObject", params, { format: "JSON", method: "POST" });
        expect(res.status).toBe(200);
        const first = json(res).TaskId;
        expect(first).toEqual(expect.stringMatching(/^[a-z][a-z0-9]{10}$/));
        expect(e.taskCount(jobId)).toBe(1);
        clock.advance(24 * 3600 * 1000);
        const xml = await signedCall(e, "ModifySynchronizationObject", params, { format: "XML", method: "POST" });
        expect(xml.status).toBe(200);
        const second = parseXml(xml.body).ModifySynchronizationObjectResponse.TaskId;
        expect(second).toEqual(expect.stringMatching(/^[a-z][a-z0-9]{10}$/));
        // Only the de-duplicating option maps the token back to the first task; by default a second task starts.
        if (clientTokenDedup) {
          expect(second).toBe(first);
          expect(e.taskCount(jobId)).toBe(1);
        } else {
          expect(second).not.toBe(first);
          expect(e.taskCount(jobId)).toBe(2);
        }
      } finally {
        await e.stop();
      }
    });
  });

  test("a second modification while the task runs: 400 OperationDenied.JobStatusModifying", async () => {
    const jobId = emu.createJob();
    const params = { SynchronizationJobId: jobId, SynchronizationObjects: objects([{ db: "db1", tables: ["a"] }]) };
    const first = await client.request("ModifySynchronizationObject", params);
    const res = await signedCall(emu, "ModifySynchronizationObject", params, { format: "JSON" });
    expect(res.status).toBe(400);
    expect(json(res).Code).toBe("OperationDenied.JobStatusModifying");
    expect(json(res).Message).toContain(first.TaskId);
    expect(emu.taskCount(jobId)).toBe(1);
    clock.advance(24 * 3600 * 1000);
    const again = await client.request("ModifySynchronizationObject", params);
    expect(again.TaskId).not.toBe(first.TaskId);
  });
});

describe("DescribeSynchronizationObjectModifyStatus", () => {
  test("JSON: keys, nesting and string-typed numbers as in the seed", async () => {
    const { taskId } = await finishedTask(["customer"]);
    const r = await client.request("DescribeSynchronizationObjectModifyStatus", { TaskId: taskId });
    expect(Object.keys(r)).toEqual(["Status", "PrecheckStatus", "DataInitializationStatus", "RequestId", "Success", "StructureInitializationStatus"]);
    expect(r.Status).toBe("Migrating");
    expect(r.Success).toBe(true);
    expect(r.PrecheckStatus.Status).toBe("Finished");
    expect(r.PrecheckStatus.Percent).toBe("100");
    expect(r.PrecheckStatus.Detail).toEqual(PRECHECK_ITEM_NAMES.map((ItemName) => ({ CheckStatus: "Success", ItemName })));
    expect(r.StructureInitializationStatus).toEqual({ Status: "Finished", Progress: "1", Percent: "100" });
    expect(r.DataInitializationStatus).toEqual({ Status: "Finished", Progress: expect.stringMatching(/^\d+$/), Percent: "100" });
  });

  test("XML: <DescribeSynchronizationObjectModifyStatusResponse> with repeated <Detail>", async () => {
    const { taskId } = await finishedTask(["customer", "orders"]);
    const res = await signedCall(emu, "DescribeSynchronizationObjectModifyStatus", { TaskId: taskId });
    expect(res.status).toBe(200);
    expect(res.body).toContain("<DescribeSynchronizationObjectModifyStatusResponse>");
    expect(res.body.match(/<Detail>/g)).toHaveLength(16);
    expect(res.body).toContain("<ItemName>CHECK_MYSQL_PASSOWRD_FORMAT</ItemName>");
    const x = parseXml(res.body, ["Detail"]).DescribeSynchronizationObjectModifyStatusResponse;
    expect(x.Status).toBe("Migrating");
    expect(x.PrecheckStatus).toEqual({
      Status: "Finished",
      Percent: "100",
      Detail: PRECHECK_ITEM_NAMES.map((ItemName) => ({ CheckStatus: "Success", ItemName })),
    });
    expect(x.StructureInitializationStatus).toEqual({ Status: "Finished", Progress: "2", Percent: "100" });
    expect(x.DataInitializationStatus.Status).toBe("Finished");
    expect(x.Success).toBe("true");
    expect(x.RequestId).toMatch(REQUEST_ID);
  });

  test("missing TaskId: 400 MissingTaskId naming it; unknown: 404 InvalidTaskId.NotFound", async () => {
    const e = await popError(client.request("DescribeSynchronizationObjectModifyStatus", {}));
    expect(e.code).toBe("MissingTaskId");
    expect(e.data.Message).toBe("TaskId is mandatory for this action.");
    const res = await signedCall(emu, "DescribeSynchronizationObjectModifyStatus", { TaskId: "nosuchtask1" });
    expect(res.status).toBe(404);
    const x = parseXml(res.body).Error;
    expect(x).toMatchObject({ Code: "InvalidTaskId.NotFound", HostId: "dts.aliyuncs.com" });
    expect(x.RequestId).toMatch(REQUEST_ID);
    expect(x.Message).toContain("nosuchtask1");
    expect(x.Recommend).toContain("https://");
  });
});

describe("DescribeInitializationStatus", () => {
  test("JSON: detail shapes and string numbers as in the seed", async () => {
    const { jobId } = await finishedTask(["customer"]);
    const r = await client.request("DescribeInitializationStatus", { SynchronizationJobId: jobId });
    expect(Object.keys(r)).toEqual(["StructureInitializationDetails", "RequestId", "DataInitializationDetails", "Success"]);
    expect(r.Success).toBe(true);
    const [s] = r.StructureInitializationDetails;
    expect(s).toMatchObject({
      Status: "Finished",
      ObjectType: "Table",
      SourceOwnerDBName: "dtstestdata",
      DestinationOwnerDBName: "dtstestdata",
      ObjectName: "customer",
    });
    expect(s.ObjectDefinition).toMatch(/^CREATE TABLE `dtstestdata`.`customer` \(/);
    const [d] = r.DataInitializationDetails;
    expect(Object.keys(d)).toEqual(["Status", "TableName", "TotalRowNum", "UsedTime", "SourceOwnerDBName", "DestinationOwnerDBName", "FinishRowNum"]);
    expect(d.Status).toBe("Finished");
    expect(d.TableName).toBe("customer");
    expect(d.TotalRowNum).toMatch(/^\d+$/);
    expect(d.FinishRowNum).toMatch(/^\d+$/);
    expect(d.UsedTime).toMatch(/^\d+\.\d$/);
    // Statistics differ a little from rows copied (as the API page says), within 0.5 %.
    expect(Math.abs(Number(d.TotalRowNum) - Number(d.FinishRowNum))).toBeLessThanOrEqual(Number(d.FinishRowNum) * 0.005 + 1);
  });

  test("XML: repeated <StructureInitializationDetails>/<DataInitializationDetails>, nested <Constraints>", async () => {
    const tables = ["customer", "orders", "products", "payments", "inventory", "reviews"];
    const { jobId } = await finishedTask(tables);
    const res = await signedCall(emu, "DescribeInitializationStatus", { SynchronizationJobId: jobId, PageSize: "10" });
    expect(res.status).toBe(200);
    const x = parseXml(res.body, ["StructureInitializationDetails", "DataInitializationDetails", "Constraints"]).DescribeInitializationStatusResponse;
    expect(x.StructureInitializationDetails.map((s: any) => s.ObjectName)).toEqual(tables);
    expect(x.DataInitializationDetails.map((s: any) => s.TableName)).toEqual(tables);
    expect(x.DataInitializationDetails[0]).toMatchObject({ Status: "Finished", SourceOwnerDBName: "dtstestdata" });
    const withIndex = x.StructureInitializationDetails.filter((s: any) => s.Constraints);
    expect(withIndex.length).toBeGreaterThan(0);
    expect(withIndex[0].Constraints[0]).toMatchObject({ ObjectType: "Index", Status: "Finished" });
    expect(x.Success).toBe("true");
  });

  test("pagination boundaries: PageSize 1..100 (default 30), PageNum >= 1, past the end empty", async () => {
    const tables = Array.from({ length: 65 }, (_, i) => `t${i}`);
    const { jobId } = await finishedTask(tables);
    const page = (p: Record<string, unknown>) => client.request("DescribeInitializationStatus", { SynchronizationJobId: jobId, ...p });
    const p1 = await page({});
    expect(p1.DataInitializationDetails).toHaveLength(30);
    expect(p1.StructureInitializationDetails).toHaveLength(30);
    expect((await page({ PageNum: 3 })).DataInitializationDetails.map((d: any) => d.TableName)).toEqual(["t60", "t61", "t62", "t63", "t64"]);
    expect((await page({ PageSize: 100 })).DataInitializationDetails).toHaveLength(65);
    expect((await page({ PageSize: 1, PageNum: 65 })).DataInitializationDetails[0].TableName).toBe("t64");
    const past = await page({ PageSize: 1, PageNum: 66 });
    expect(past.DataInitializationDetails).toEqual([]);
    expect(past.StructureInitializationDetails).toEqual([]);
    expect((await page({ PageNum: 2147483647 })).DataInitializationDetails).toEqual([]);
    for (const [p, code] of [
      [{ PageSize: 0 }, "InvalidParameter.PageSize"],
      [{ PageSize: 101 }, "InvalidParameter.PageSize"],
      [{ PageSize: "abc" }, "InvalidParameter.PageSize"],
      [{ PageSize: "1.5" }, "InvalidParameter.PageSize"],
      [{ PageNum: 0 }, "InvalidParameter.PageNum"],
      [{ PageNum: -1 }, "InvalidParameter.PageNum"],
      [{ PageNum: "2147483648" }, "InvalidParameter.PageNum"],
    ] as const) {
      const e = await popError(page(p));
      expect([p, e.code]).toEqual([p, code]);
    }
    const res = await signedCall(emu, "DescribeInitializationStatus", { SynchronizationJobId: jobId, PageSize: "101" }, { format: "JSON" });
    expect(res.status).toBe(400);
    // Past the end in XML: no detail elements at all.
    const xml = await signedCall(emu, "DescribeInitializationStatus", { SynchronizationJobId: jobId, PageNum: "9" });
    expect(xml.body).not.toContain("<DataInitializationDetails>");
    expect(parseXml(xml.body).DescribeInitializationStatusResponse.Success).toBe("true");
  });

  test("a job without tasks has empty arrays; unknown job 404; missing job id 400", async () => {
    const jobId = emu.createJob();
    const r = await client.request("DescribeInitializationStatus", { SynchronizationJobId: jobId });
    expect(r.DataInitializationDetails).toEqual([]);
    expect((await popError(client.request("DescribeInitializationStatus", { SynchronizationJobId: "dtsnone" }))).code).toBe("InvalidJobId.NotFound");
    expect((await popError(client.request("DescribeInitializationStatus", {}))).code).toBe("MissingSynchronizationJobId");
  });

  test("paging follows the job's latest task", async () => {
    const { jobId } = await finishedTask(["a", "b"]);
    await client.request("ModifySynchronizationObject", { SynchronizationJobId: jobId, SynchronizationObjects: objects([{ db: "x", tables: ["c"] }]) });
    const r = await client.request("DescribeInitializationStatus", { SynchronizationJobId: jobId });
    expect(r.DataInitializationDetails.map((d: any) => d.TableName)).toEqual(["c"]);
    expect(r.DataInitializationDetails[0].Status).toBe("NotStarted");
  });
});

describe("jobs", () => {
  test("CreateSynchronizationJob then DescribeSynchronizationJobs (JSON)", async () => {
    const created = await client.request("CreateSynchronizationJob", {
      RegionId: "cn-hangzhou",
      SourceRegion: "cn-hangzhou",
      DestRegion: "cn-shanghai",
      SynchronizationJobClass: "small",
      PayType: "PostPaid",
      SynchronizationJobName: "orders sync",
      ClientToken: "create-1",
    });
    expect(created).toEqual({ SynchronizationJobId: expect.stringMatching(/^dts[a-z0-9]{11}$/), RequestId: expect.stringMatching(REQUEST_ID), Success: true });
    const again = await client.request("CreateSynchronizationJob", {
      SourceRegion: "cn-hangzhou",
      DestRegion: "cn-shanghai",
      SynchronizationJobClass: "small",
      PayType: "PostPaid",
      ClientToken: "create-1",
    });
    expect(again.SynchronizationJobId).toBe(created.SynchronizationJobId);
    const list = await client.request("DescribeSynchronizationJobs", { SynchronizationJobName: "ORDERS" });
    expect(list).toMatchObject({ PageNumber: 1, PageRecordCount: 1, TotalRecordCount: 1 });
    expect(list.SynchronizationInstances[0]).toMatchObject({
      SynchronizationJobId: created.SynchronizationJobId,
      SynchronizationJobName: "orders sync",
      Status: "Synchronizing",
      DestinationEndpoint: { Region: "cn-shanghai" },
    });
    // The new job can be modified at once, and shows Modifying while the task runs.
    await client.request("ModifySynchronizationObject", { SynchronizationJobId: created.SynchronizationJobId, SynchronizationObjects: objects([{ db: "d" }]) });
    const l2 = await client.request("DescribeSynchronizationJobs", { SynchronizationJobName: "orders" });
    expect(l2.SynchronizationInstances[0].Status).toBe("Modifying");
    // The job's objects are those of the latest task that passed its precheck: none yet (the job's initial list).
    expect(l2.SynchronizationInstances[0].SynchronizationObjects).toEqual([]);
    clock.advance(24 * 3600 * 1000);
    const l3 = await client.request("DescribeSynchronizationJobs", { SynchronizationJobName: "orders" });
    expect(l3.SynchronizationInstances[0].SynchronizationObjects).toEqual([{ SchemaName: "d", NewSchemaName: "d" }]);
    const all = await client.request("DescribeSynchronizationJobs", { PageSize: 1 });
    expect(all.PageRecordCount).toBe(1);
    expect(all.TotalRecordCount).toBeGreaterThan(1);
    expect((await client.request("DescribeSynchronizationJobs", { PageSize: 100 })).SynchronizationInstances.map((j: any) => j.SynchronizationJobId)).toContain(
      emu.demoJobId,
    );
  });

  test("CreateSynchronizationJob validation and XML of both", async () => {
    expect((await popError(client.request("CreateSynchronizationJob", { DestRegion: "a", SynchronizationJobClass: "small", PayType: "PostPaid" }))).code).toBe(
      "MissingSourceRegion",
    );
    expect(
      (await popError(client.request("CreateSynchronizationJob", { SourceRegion: "a", DestRegion: "a", SynchronizationJobClass: "huge", PayType: "PostPaid" })))
        .code,
    ).toBe("InvalidParameter.SynchronizationJobClass");
    const res = await signedCall(emu, "CreateSynchronizationJob", { SourceRegion: "a", DestRegion: "a", SynchronizationJobClass: "micro", PayType: "PrePaid" });
    const x = parseXml(res.body).CreateSynchronizationJobResponse;
    expect(x.SynchronizationJobId).toMatch(/^dts/);
    const list = await signedCall(emu, "DescribeSynchronizationJobs", { PageSize: "100" });
    const l = parseXml(list.body, ["SynchronizationInstances"]).DescribeSynchronizationJobsResponse;
    expect(l.SynchronizationInstances.map((j: any) => j.SynchronizationJobId)).toContain(x.SynchronizationJobId);
    expect(l.TotalRecordCount).toBe(String(l.SynchronizationInstances.length));
    expect((await popError(client.request("DescribeSynchronizationJobs", { PageSize: 0 }))).code).toBe("InvalidParameter.PageSize");
  });
});

describe("DescribeSynchronizationJobStatus", () => {
  test("JSON: modifying while the latest task runs; objects of the latest task that passed its precheck; the latest task's phases", async () => {
    const jobId = emu.createJob({ objects: JSON.stringify([{ DBName: "initial" }]) });
    const idle = await client.request("DescribeSynchronizationJobStatus", { SynchronizationJobId: jobId });
    expect(idle).toMatchObject({
      Status: "synchronizing",
      SynchronizationJobId: jobId,
      SynchronizationObjects: [{ SchemaName: "initial", NewSchemaName: "initial" }],
      PrecheckStatus: { Status: "Success", Percent: "100" },
      StructureInitializationStatus: { Status: "Finished" },
      DataInitializationStatus: { Status: "Finished" },
      RequestId: expect.stringMatching(REQUEST_ID),
      Success: true,
    });
    await client.request("ModifySynchronizationObject", {
      SynchronizationJobId: jobId,
      SynchronizationObjects: objects([{ db: "db1", newDb: "copy", tables: ["a", "b"] }]),
    });
    const running = await client.request("DescribeSynchronizationJobStatus", { SynchronizationJobId: jobId });
    expect(running.Status).toBe("modifying");
    expect(running.PrecheckStatus.Status).toBe("Migrating");
    // Still prechecking: the job syncs its earlier objects.
    expect(running.SynchronizationObjects).toEqual([{ SchemaName: "initial", NewSchemaName: "initial" }]);
    clock.advance(24 * 3600 * 1000);
    const done = await client.request("DescribeSynchronizationJobStatus", { SynchronizationJobId: jobId });
    expect(done.Status).toBe("synchronizing");
    expect(done.SynchronizationObjects).toEqual([{ SchemaName: "db1", NewSchemaName: "copy", TableIncludes: [{ TableName: "a" }, { TableName: "b" }] }]);
    expect(done.PrecheckStatus).toMatchObject({ Status: "Success", Percent: "100" });
    expect(done.DataInitializationStatus).toMatchObject({ Status: "Finished", Percent: "100" });
  });

  test("a task that failed its precheck leaves the job's objects as they were", async () => {
    const jobId = emu.createJob({ scenario: "precheck-failure", objects: JSON.stringify([{ DBName: "keep" }]) });
    await client.request("ModifySynchronizationObject", { SynchronizationJobId: jobId, SynchronizationObjects: objects([{ db: "other" }]) });
    clock.advance(24 * 3600 * 1000);
    const r = await client.request("DescribeSynchronizationJobStatus", { SynchronizationJobId: jobId });
    expect(r.Status).toBe("synchronizing");
    expect(r.PrecheckStatus.Status).toBe("Failed");
    expect(r.SynchronizationObjects).toEqual([{ SchemaName: "keep", NewSchemaName: "keep" }]);
  });

  test("XML (hand-signed), parsed by the SDK's schema: arrays stay arrays, Status normalized", async () => {
    const { jobId } = await finishedTask(["customer"]);
    const res = await signedCall(emu, "DescribeSynchronizationJobStatus", { SynchronizationJobId: jobId }, { format: "XML" });
    expect(res.status).toBe(200);
    const { decodeResponse } = await import("../../sdk/wire/decode");
    const job = decodeResponse("DescribeSynchronizationJobStatus", res.body);
    expect(job.status).toBe("synchronizing");
    expect(job.synchronizationObjects).toEqual([{ dbName: "dtstestdata", newDbName: "dtstestdata", tableIncludes: [{ tableName: "customer" }] }]);
    expect(job.precheck).toMatchObject({ status: "Finished", rawStatus: "Success", percent: 100 });
    expect(job.precheck.items).toHaveLength(PRECHECK_ITEM_NAMES.length);
  });

  test("an unknown job: 404 InvalidJobId.NotFound; no SynchronizationJobId: MissingSynchronizationJobId", async () => {
    expect((await popError(client.request("DescribeSynchronizationJobStatus", { SynchronizationJobId: "dtsnope" }))).code).toBe("InvalidJobId.NotFound");
    expect((await popError(client.request("DescribeSynchronizationJobStatus", {}))).code).toBe("MissingSynchronizationJobId");
  });
});

describe("user strings as keys (no inherited members)", () => {
  test("an Action named like an Object.prototype member is InvalidAction.NotFound, counted as itself", async () => {
    for (const action of ["constructor", "toString", "hasOwnProperty", "__proto__"]) {
      const res = await signedCall(emu, action, {}, { format: "JSON" });
      expect(res.status).toBe(404);
      expect(json(res).Code).toBe("InvalidAction.NotFound");
    }
    const byAction = emu.stats().byAction;
    for (const action of ["constructor", "toString", "hasOwnProperty", "__proto__"]) {
      expect(Object.getOwnPropertyDescriptor(byAction, action)?.value).toEqual(expect.any(Number));
    }
  });

  test("a parameter named __proto__ or constructor does not disturb the others", async () => {
    const jobId = emu.createJob();
    const res = await signedCall(
      emu,
      "DescribeSynchronizationJobStatus",
      // An own, enumerable `__proto__` key (an object literal would set the prototype instead): it is sent and signed.
      Object.defineProperty({ SynchronizationJobId: jobId, constructor: "y" }, "__proto__", { value: "x", enumerable: true }) as Record<string, string>,
      { format: "JSON" },
    );
    expect(res.status).toBe(200);
    expect(json(res).SynchronizationJobId).toBe(jobId);
  });
});
