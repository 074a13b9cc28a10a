/**
 * `dts-objects wait --dts-job` never claims "no failed object" it did not check (issue 30): after a DtsJob change
 * succeeds, its failed objects come from `DescribePreCheckStatus` (JobCodes 02/03). Refused there (403 Forbidden.RAM,
 * a RAM policy lacking that one action), the command exits 6 with `failedObjectsLeftOut` naming the reason and the
 * RAM action to grant; objects that did fail after a success exit 2 (as failed tables do), none failed exits 0.
 * Through the built command against a loopback server started here.
 */
import type { ServerResponse } from "node:http";
import { sendJson, startErrorServer, type ErrorServer } from "../support/error-server";
import { cliEnv, ensureBuilt, removeTempDirs, runCli } from "../support/cli";

const FIN = { Status: "Finished", Percent: "100", Progress: "2" };
/** A job whose latest change (subtask subNew) finished every phase. */
const FINISHED = {
  RequestId: "R",
  Success: true,
  DtsJobId: "job1",
  DtsInstanceID: "dtsinst1",
  Status: "synchronizing",
  DbObject: '{"dtstest":{"name":"dtstest","all":true}}',
  SubSyncJob: [
    {
      DtsJobId: "subNew",
      Status: "Finished",
      CreateTime: "2026-12-02T10:00:00Z",
      PrecheckStatus: FIN,
      StructureInitializationStatus: FIN,
      DataInitializationStatus: FIN,
    },
  ],
};
const SECRET = "cli-objects-secret";
const env = cliEnv({ ALIBABA_CLOUD_ACCESS_KEY_ID: "LTAI-cli-objects", ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET });

let server: ErrorServer;
/** How DescribePreCheckStatus is answered in the current test. */
let precheck: (res: ServerResponse) => void = () => undefined;
const preCheckCalls: URLSearchParams[] = [];

beforeAll(async () => {
  ensureBuilt();
  server = await startErrorServer({
    status: 200,
    handle: ({ action, params }, res) => {
      if (action === "DescribeDtsJobDetail") return sendJson(res, FINISHED);
      if (action === "DescribePreCheckStatus") {
        preCheckCalls.push(params);
        return precheck(res);
      }
      sendJson(res, { RequestId: "X", Code: "InvalidAction", Message: `not served here: ${action}` }, 400);
    },
  });
}, 180_000);
afterAll(async () => {
  await server?.close();
  removeTempDirs();
});
beforeEach(() => {
  preCheckCalls.length = 0;
});

const args = (...more: string[]) => [
  "wait",
  "--dts-job",
  "job1",
  "--endpoint",
  server.url,
  "--min-delay",
  "0.1",
  "--max-delay",
  "0.2",
  "--timeout",
  "30s",
  ...more,
];
const refused = (res: ServerResponse) =>
  sendJson(res, { RequestId: "REQ-RAM", Code: "Forbidden.RAM", Message: "User not authorized to operate on the specified resource." }, 403);

test("failed objects refused with Forbidden.RAM after a success: exit 6, failedObjectsLeftOut names the RAM action", async () => {
  precheck = refused;
  const r = await runCli(args("--json"), { env });
  expect(r.code).toBe(6);
  const doc = JSON.parse(r.stdout);
  expect(doc).toMatchObject({ subJobId: "subNew", dataInitialization: { status: "Finished" }, failedObjects: [] });
  expect(doc.failedObjectsLeftOut).toMatch(
    /^failed objects not checked: DescribePreCheckStatus failed \(Forbidden\.RAM: .*\)\. Fix: grant the RAM action dts:DescribePreCheckStatus to these credentials, then run `dts-objects wait --dts-job job1`/,
  );
  expect(r.stderr).toMatch(/warning: failed objects not checked: DescribePreCheckStatus failed/);
  expect(r.stdout + r.stderr).not.toContain(SECRET);
  // Both phases whose objects can fail with the phase Finished were asked for (structure 02, data 03), of the subtask.
  expect(preCheckCalls.map((p) => p.get("JobCode")).sort()).toEqual(["02", "03"]);
  expect(preCheckCalls.every((p) => p.get("DtsJobId") === "subNew")).toBe(true);
});

test("the same without --json: the summary says the failed objects were not checked; exit 6", async () => {
  precheck = refused;
  const r = await runCli(args(), { env });
  expect(r.code).toBe(6);
  expect(r.stdout.split("\n")[0]).toMatch(/^DTS job job1: done, but the failed objects were not checked/);
  expect(r.stdout).toMatch(/Failed objects: failed objects not checked: DescribePreCheckStatus failed \(Forbidden\.RAM/);
});

test("objects that failed after a success (phases Finished): exit 2, listed", async () => {
  precheck = (res) =>
    sendJson(res, {
      RequestId: "P",
      State: "Finished",
      JobProgress: [{ Item: "DATA_INIT", Names: "customer", State: "Failed", ErrMsg: "duplicate key", SourceSchema: "dtstest", DestSchema: "dtstest" }],
    });
  const r = await runCli(args(), { env });
  expect(r.code).toBe(2);
  expect(r.stdout.split("\n")[0]).toMatch(/^DTS job job1: done, but objects failed/);
  expect(r.stdout).toContain("customer [dtstest -> dtstest]: duplicate key");
});

test("failed objects read, none failed: exit 0, no failedObjectsLeftOut", async () => {
  precheck = (res) => sendJson(res, { RequestId: "P", State: "Finished", JobProgress: [] });
  const r = await runCli(args("--json"), { env });
  expect(r.code).toBe(0);
  const doc = JSON.parse(r.stdout);
  expect(doc.failedObjects).toEqual([]);
  expect(doc.failedObjectsLeftOut).toBeUndefined();
});

test("status --dts-job on a finished change reads its failed objects as the wait does: refused 6, failed 2, none 0", async () => {
  precheck = refused;
  const r = await runCli(["status", "--dts-job", "job1", "--json", "--endpoint", server.url], { env });
  expect(r.code).toBe(6);
  const doc = JSON.parse(r.stdout);
  expect(doc.failedObjects).toEqual([]);
  expect(doc.failedObjectsLeftOut).toMatch(
    /^failed objects not checked: DescribePreCheckStatus failed \(Forbidden\.RAM.*grant the RAM action dts:DescribePreCheckStatus/,
  );
  expect(preCheckCalls.map((p) => p.get("JobCode")).sort()).toEqual(["02", "03"]);

  precheck = (res) =>
    sendJson(res, { RequestId: "P", State: "Finished", JobProgress: [{ Item: "STRUCT_INIT", Names: "orders", State: "Failed", ErrMsg: "no such type" }] });
  const failed = await runCli(["status", "--dts-job", "job1", "--endpoint", server.url], { env });
  expect(failed.code).toBe(2);
  expect(failed.stdout.split("\n")[0]).toMatch(/^DTS job job1: done, but objects failed/);

  precheck = (res) => sendJson(res, { RequestId: "P", State: "Finished", JobProgress: [] });
  const none = await runCli(["status", "--dts-job", "job1", "--json", "--endpoint", server.url], { env });
  expect(none.code).toBe(0);
  expect(JSON.parse(none.stdout).failedObjectsLeftOut).toBeUndefined();
});
