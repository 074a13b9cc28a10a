/**
 * The new-API DtsJob actions (ModifyDtsJob, DescribeDtsJobDetail, DescribePreCheckStatus) through Alibaba's generic
 * OpenAPI client in its default V3 signature (and V1 once), on the emulator's virtual clock: phases of the
 * SubSyncJob, DbList replace semantics, precheck failure, JobStatusModifying, the two documented-open readings
 * (named options) and "another client" modifying through the control API.
 */
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { ManualClock, parseXml } from "../support/emulator";
import { callDts, clientError, openApiClient, type SignatureMode } from "../support/openapi-client";
import { emulatorControl } from "../support/dts-job";

const AK = "LTAI5tDtsJobClient01";
const SECRET = "dtsjob-client-secret-01";
const clock = new ManualClock();
let emu: EmulatorHandle;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, clock, seed: 5, accessKeys: { [AK]: SECRET } });
});
afterAll(() => emu.stop());

const client = (mode: SignatureMode = "V3") => openApiClient({ endpoint: emu.url, accessKeyId: AK, accessKeySecret: SECRET, mode });

async function call(action: string, query: Record<string, string>, body?: Record<string, string>, mode: SignatureMode = "V3") {
  const r = await callDts(client(mode), action, { query, ...(body ? { body } : {}) });
  expect(r.statusCode).toBe(200);
  return r.body;
}

/** ModifyDtsJob as the generated SDK sends it: DtsInstanceId etc. in the query, DbList in the form body. */
const modify = (instanceId: string, dbList: unknown, extra: Record<string, string> = {}) =>
  call("ModifyDtsJob", { DtsInstanceId: instanceId, ...extra }, { DbList: JSON.stringify(dbList) });

const detail = (dtsJobId: string, history = false) => call("DescribeDtsJobDetail", { DtsJobId: dtsJobId, SyncSubJobHistory: String(history) });

const control = (path: string, body: unknown) => emulatorControl(emu.url, path, body);

const LIST = {
  dtstestdata: { name: "dtstestdata", all: false, Table: { customer: { name: "customer", all: true }, orders: { name: "orders_new", all: true } } },
};

test("ModifyDtsJob -> SubSyncJob runs precheck, schema, data on the virtual clock; DbObject is replaced", async () => {
  const instanceId = emu.createJob();
  const r = await modify(instanceId, LIST, { ClientToken: "tok-1" });
  const dtsJobId = instanceId.replace(/^dts/, "");
  expect(r).toMatchObject({ Status: "200", DtsJobId: dtsJobId, Success: true, RequestId: expect.any(String) });

  const parents: string[] = [];
  const subs: string[] = [];
  let d: any;
  for (let i = 0; i < 2000; i++) {
    d = await detail(dtsJobId);
    if (parents.at(-1) !== d.Status) parents.push(d.Status);
    const s = d.SubSyncJob[0];
    const key = `${s.Status}/${s.PrecheckStatus.Status}/${s.StructureInitializationStatus.Status}/${s.DataInitializationStatus.Status}`;
    if (subs.at(-1) !== key) subs.push(key);
    if (s.Status === "Finished") break;
    clock.advance(250);
  }
  expect(parents).toEqual(["Modifying", "synchronizing"]);
  expect(subs[0]).toBe("Migrating/Prechecking/NotStarted/NotStarted");
  expect(subs).toContain("Migrating/Finished/Migrating/NotStarted");
  expect(subs.at(-1)).toBe("Finished/Finished/Finished/Finished");
  const sub = d.SubSyncJob[0];
  expect(sub).toMatchObject({ JobType: "subSync", DtsInstanceID: instanceId, DtsJobId: expect.stringMatching(/^[a-z0-9]{11}$/) });
  expect(sub.PrecheckStatus.Detail.length).toBeGreaterThan(0);
  expect(Object.keys(sub.PrecheckStatus.Detail[0])).toEqual(["CheckItem", "CheckItemDescription", "CheckResult", "FailedReason", "RepairMethod"]);
  expect(sub.PrecheckStatus.Detail.every((x: any) => x.CheckResult === "Success")).toBe(true);
  expect(sub.DataInitializationStatus).toMatchObject({ Percent: "100" });
  expect(JSON.parse(d.DbObject)).toEqual(LIST);

  // Replace semantics: the second list is the whole list.
  const second = { other: { name: "other", all: true } };
  await modify(instanceId, second);
  clock.advance(3_600_000);
  d = await detail(dtsJobId, true);
  expect(JSON.parse(d.DbObject)).toEqual(second);
  expect(d.SubSyncJob).toHaveLength(2);
  expect((await detail(dtsJobId, false)).SubSyncJob).toHaveLength(1);

  // Per-object progress: JobCode 03 lists the first sub job's tables when asked by its id, paged.
  const p = await call("DescribePreCheckStatus", { DtsJobId: sub.DtsJobId, JobCode: "03", PageNo: "1", PageSize: "1" });
  expect(p).toMatchObject({ State: "Finished", Total: 2, PageRecordCount: 1, PageNumber: 1, ErrorItem: 0 });
  expect(p.JobProgress[0]).toMatchObject({ Names: "customer", TargetNames: "customer", State: "Success", SourceSchema: "dtstestdata" });
  const p2 = await call("DescribePreCheckStatus", { DtsJobId: sub.DtsJobId, JobCode: "03", PageNo: "2", PageSize: "1" });
  expect(p2.JobProgress[0]).toMatchObject({ Names: "orders", TargetNames: "orders_new" });
});

test("a second ModifyDtsJob while one runs: DTS.Msg.OperationDenied.JobStatusModifying; 'another client' via control", async () => {
  const instanceId = emu.createJob();
  const other = await control("dts-job-modify", { DtsInstanceId: instanceId, DbList: JSON.stringify(LIST) });
  expect(other.status).toBe(200);
  expect(other.data.subSyncJobId).toMatch(/^[a-z0-9]{11}$/);
  const e = await clientError(callDts(client(), "ModifyDtsJob", { query: { DtsInstanceId: instanceId }, body: { DbList: JSON.stringify(LIST) } }));
  expect(e.code).toBe("DTS.Msg.OperationDenied.JobStatusModifying");
  expect(e.data.statusCode).toBe(400);
  const again = await control("dts-job-modify", { DtsInstanceId: instanceId, DbList: JSON.stringify(LIST) });
  expect(again).toMatchObject({ status: 400, data: { code: "DTS.Msg.OperationDenied.JobStatusModifying" } });
});

test("precheck failure: SubSyncJob PrecheckFailed with FailedReason/RepairMethod; JobCode 01 shows the failed item", async () => {
  const instanceId = emu.createJob();
  emu.setScenario("precheck-failure", instanceId);
  await modify(instanceId, LIST);
  clock.advance(3_600_000);
  const d = await detail(instanceId.replace(/^dts/, ""));
  const s = d.SubSyncJob[0];
  expect(s.Status).toBe("Failed");
  expect(s.PrecheckStatus.Status).toBe("PrecheckFailed");
  const failed = s.PrecheckStatus.Detail.filter((x: any) => x.CheckResult === "Failed");
  expect(failed).toHaveLength(1);
  expect(failed[0].FailedReason).not.toBe("");
  expect(failed[0].RepairMethod).not.toBe("");
  // The list is not replaced by a change that failed its precheck.
  expect(JSON.parse(d.DbObject)).toEqual({});
  expect(d.Status).toBe("synchronizing");
  const p = await call("DescribePreCheckStatus", { DtsJobId: instanceId.replace(/^dts/, ""), JobCode: "01" });
  expect(p.State).toBe("Failed");
  expect(p.ErrorItem).toBe(1);
  expect(p.JobProgress.find((x: any) => x.State === "Failed")).toMatchObject({ Item: failed[0].CheckItem, ErrMsg: failed[0].FailedReason });
});

test("options: parentStatus=synchronizing and finishedSubSyncJob=disappears", async () => {
  const set = await control("dts-job-options", { parentStatus: "synchronizing", finishedSubSyncJob: "disappears" });
  expect(set).toEqual({ status: 200, data: { options: { parentStatus: "synchronizing", finishedSubSyncJob: "disappears" } } });
  try {
    const instanceId = emu.createJob();
    const id = instanceId.replace(/^dts/, "");
    await modify(instanceId, LIST);
    const running = await detail(id);
    expect(running.Status).toBe("synchronizing");
    expect(running.SubSyncJob).toHaveLength(1);
    clock.advance(3_600_000);
    const done = await detail(id, true);
    expect(done.SubSyncJob).toEqual([]);
    expect(JSON.parse(done.DbObject)).toEqual(LIST);
    expect((await control("dts-job-options", { parentStatus: "maybe" })).status).toBe(400);
    const state = (await (await fetch(`${emu.url}/_emulator/state`)).json()) as { dtsJobOptions: unknown };
    expect(state.dtsJobOptions).toEqual({ parentStatus: "synchronizing", finishedSubSyncJob: "disappears" });
  } finally {
    await control("dts-job-options", { parentStatus: "Modifying", finishedSubSyncJob: "stays" });
  }
});

test("errors: missing DbList, bad DbList, unknown job, bad JobCode name the field", async () => {
  const instanceId = emu.createJob();
  const codes: string[] = [];
  for (const p of [
    callDts(client(), "ModifyDtsJob", { query: { DtsInstanceId: instanceId } }),
    callDts(client(), "ModifyDtsJob", { query: { DtsInstanceId: instanceId }, body: { DbList: '{"db":{"all":false}}' } }),
    callDts(client(), "DescribeDtsJobDetail", { query: { DtsJobId: "nosuchjob00" } }),
    callDts(client(), "DescribePreCheckStatus", { query: { DtsJobId: instanceId, JobCode: "05" } }),
  ]) {
    codes.push((await clientError(p)).code);
  }
  expect(codes).toEqual(["MissingDbList", "InvalidParameter.DbList", "InvalidJobId.NotFound", "InvalidParameter.JobCode"]);
});

test("V1 signature and XML replies carry the same fields", async () => {
  const instanceId = emu.createJob();
  const r = await callDts(client("V1"), "DescribeDtsJobDetail", { query: { DtsJobId: instanceId, Format: "XML" }, bodyType: "string" });
  expect(r.statusCode).toBe(200);
  const x = parseXml(r.body, ["SubSyncJob"]).DescribeDtsJobDetailResponse;
  expect(x).toMatchObject({ Status: "synchronizing", DtsInstanceID: instanceId, JobType: "sync" });
  const j = await call("DescribeDtsJobDetail", { DtsJobId: instanceId }, undefined, "V1");
  expect(j.DtsJobId).toBe(instanceId.replace(/^dts/, ""));
});

test("faults apply to the new actions as to the others: throttled, then answered", async () => {
  const instanceId = emu.createJob();
  emu.setFaults({ actions: ["DescribeDtsJobDetail"], sequence: ["throttle", "throttle429"] });
  try {
    const first = await clientError(callDts(client(), "DescribeDtsJobDetail", { query: { DtsJobId: instanceId } }));
    const second = await clientError(callDts(client(), "DescribeDtsJobDetail", { query: { DtsJobId: instanceId } }));
    expect([first.code, second.code, second.data.statusCode]).toEqual(["Throttling.User", "Throttling.Api", 429]);
    expect((await detail(instanceId)).Status).toBe("synchronizing");
  } finally {
    emu.setFaults({});
  }
});

test("DbObject reads back every key of the DbList sent (dml_op, filter)", async () => {
  const instanceId = emu.createJob();
  const list = { s: { name: "d", all: false, Table: { t: { name: "t", all: false, filter: "id>10", dml_op: "insert,update" } } } };
  await modify(instanceId, list);
  clock.advance(3_600_000);
  expect(JSON.parse((await detail(instanceId)).DbObject)).toEqual(list);
});

test("XML (V3 and V1): SubSyncJob and its PrecheckStatus.Detail render as elements", async () => {
  const instanceId = emu.createJob();
  await modify(instanceId, LIST);
  clock.advance(3_600_000);
  for (const mode of ["V3", "V1"] as const) {
    const r = await callDts(client(mode), "DescribeDtsJobDetail", { query: { DtsJobId: instanceId, Format: "XML" }, bodyType: "string" });
    expect(r.statusCode).toBe(200);
    const x = parseXml(r.body, ["SubSyncJob", "Detail"]).DescribeDtsJobDetailResponse;
    expect(x.SubSyncJob).toHaveLength(1);
    expect(x.SubSyncJob[0]).toMatchObject({ JobType: "subSync", Status: "Finished", PrecheckStatus: { Status: "Finished" } });
    expect(x.SubSyncJob[0].PrecheckStatus.Detail.length).toBeGreaterThan(0);
    expect(x.SubSyncJob[0].PrecheckStatus.Detail[0]).toHaveProperty("CheckItem");
  }
});

test("after a restart from the state file, DbObject and the SubSyncJob are the same", async () => {
  const { mkdtempSync, rmSync } = await import("node:fs");
  const { join } = await import("node:path");
  const { tmpdir } = await import("node:os");
  const dir = mkdtempSync(join(tmpdir(), "dtsjob-"));
  const stateFile = join(dir, "state.json");
  const c2 = new ManualClock();
  const list = { s: { name: "d", all: true, dml_op: "insert" } };
  try {
    const a = await startEmulator({ port: 0, clock: c2, seed: 5, accessKeys: { [AK]: SECRET }, stateFile });
    const instanceId = a.createJob();
    const ca = openApiClient({ endpoint: a.url, accessKeyId: AK, accessKeySecret: SECRET, mode: "V3" });
    await callDts(ca, "ModifyDtsJob", { query: { DtsInstanceId: instanceId }, body: { DbList: JSON.stringify(list) } });
    c2.advance(3_600_000);
    const before = (await callDts(ca, "DescribeDtsJobDetail", { query: { DtsJobId: instanceId } })).body;
    await a.stop();
    const b = await startEmulator({ port: 0, clock: c2, seed: 5, accessKeys: { [AK]: SECRET }, stateFile });
    try {
      const cb = openApiClient({ endpoint: b.url, accessKeyId: AK, accessKeySecret: SECRET, mode: "V3" });
      const after = (await callDts(cb, "DescribeDtsJobDetail", { query: { DtsJobId: instanceId } })).body;
      expect(JSON.parse(after.DbObject)).toEqual(list);
      const { RequestId: _r1, ...x } = before;
      const { RequestId: _r2, ...y } = after;
      expect(y).toEqual(x);
    } finally {
      await b.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
