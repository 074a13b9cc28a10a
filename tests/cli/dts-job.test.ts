/**
 * `wait --dts-job` and `status --dts-job`: the built command against a local server answering DescribeDtsJobDetail
 * with scripted replies (and DescribePreCheckStatus with a scripted page). Same output modes and exit codes; the
 * `--json` document is the DtsJob one (`sdk/reports/dts-job-outputs.ts`), never the old API's.
 */
import { dtsJobDocument } from "../support/dts-job";
import { json, useTestServer } from "../support/http-test-server";
import { cliEnv, ensureBuilt, removeTempDirs, runCli } from "../support/cli";

const FIN = { Status: "Finished", Percent: "100", Progress: "2" };
const DB = '{"dtstest":{"name":"dtstest","all":true}}';
const reply = (status: string, subs: unknown[]) => ({
  RequestId: "R",
  Success: true,
  DtsJobId: "job1",
  DtsInstanceID: "dtsinst1",
  Status: status,
  DbObject: DB,
  SubSyncJob: subs,
});
const sub = (id: string, status: string, data: object, pre: object = FIN) => ({
  DtsJobId: id,
  Status: status,
  CreateTime: "2026-12-02T10:00:00Z",
  PrecheckStatus: pre,
  StructureInitializationStatus: FIN,
  DataInitializationStatus: data,
});

let script: unknown[] = [];
/** The DescribePreCheckStatus reply; absent: refused (400). */
let precheckPage: unknown;
/** What a DTS that answers returns for a change where nothing failed (the default of each test). */
const NOTHING_FAILED = { RequestId: "P", State: "Finished", JobProgress: [] };
const env = cliEnv({ ALIBABA_CLOUD_ACCESS_KEY_ID: "LTAI-cli-dtsjob", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "cli-dtsjob-secret" });
const fast = () => ["--endpoint", server.url, "--min-delay", "0.1", "--max-delay", "0.2"];

const server = useTestServer((req, res) => {
  if (req.params.Action === "DescribePreCheckStatus" && precheckPage) return json(res, 200, precheckPage);
  if (req.params.Action !== "DescribeDtsJobDetail") return json(res, 400, { Code: "InvalidAction", Message: "no", RequestId: "X" });
  // Scripted per DescribeDtsJobDetail call (a DescribePreCheckStatus in between does not shift the script).
  const n = server.requests.filter((q) => q.params.Action === "DescribeDtsJobDetail").length - 1;
  json(res, 200, script[Math.min(n, script.length - 1)]);
});

beforeAll(() => ensureBuilt(), 180_000);
afterAll(() => removeTempDirs());
beforeEach(() => {
  // Failed objects are read after a success too: unread, the change would be "not checked" (exit 6; its own tests
  // are tests/cli/dts-job-objects-not-checked.test.ts).
  precheckPage = NOTHING_FAILED;
});

test("wait --dts-job waits for the running subtask (an earlier one settled) and exits 0", async () => {
  const old = sub("subOld", "Finished", FIN);
  script = [
    reply("Modifying", [old, sub("subNew", "Migrating", { Status: "Migrating", Percent: "40", Progress: "1" })]),
    reply("Modifying", [sub("subNew", "Migrating", { Status: "Migrating", Percent: "60", Progress: "1" })]),
    reply("synchronizing", [sub("subNew", "Finished", FIN)]),
  ];
  const r = await runCli(["wait", "--dts-job", "job1", ...fast()], { env });
  expect(r.stderr).toContain("Waiting for task job1");
  expect(r.stdout.split("\n")[0]).toBe("DTS job job1: done (job synchronizing, subtask subNew Finished, 2 polls)");
  expect(r.stdout).toMatch(/data initialization\s+Finished\s+100%/);
  expect(r.code).toBe(0);
  expect(server.requests[0]!.params).toMatchObject({ Action: "DescribeDtsJobDetail", DtsJobId: "job1", SyncSubJobHistory: "true" });
  const polls = server.requests.slice(1).filter((q) => q.params.Action === "DescribeDtsJobDetail");
  expect(polls.length).toBeGreaterThan(0);
  expect(polls.every((q) => q.params.SyncSubJobHistory === "false")).toBe(true);
});

test("status --dts-job --json on a precheck failure exits 1 and names the item and repair method", async () => {
  const failedPre = {
    Status: "Failed",
    Percent: "100",
    Detail: [{ CheckItem: "CHECK_AUTH_DEST", CheckResult: "Failed", FailedReason: "Access denied", RepairMethod: "grant the account write privileges" }],
  };
  script = [reply("Modifying", [sub("subNew", "Failed", { Status: "NotStarted" }, failedPre)])];
  precheckPage = undefined;
  const r = await runCli(["status", "--dts-job", "job1", "--json", "--endpoint", server.url], { env });
  const out = dtsJobDocument(r, 1);
  expect(out).toMatchObject({ subJobId: "subNew", jobStatus: "Modifying", status: "Failed", precheck: { status: "Failed" } });
  expect(out.precheck.failedItems).toEqual([
    { name: "CHECK_AUTH_DEST", status: "Failed", errorMessage: "Access denied", repairMethod: "grant the account write privileges" },
  ]);
  // The failed objects are read as the wait reads them; this server refuses the call, and the document says so.
  expect(out.failedObjects).toEqual([]);
  expect(out.failedObjectsLeftOut).toMatch(/^the failed objects could not be read: InvalidAction/);
  expect(server.requests.find((q) => q.params.Action === "DescribePreCheckStatus")?.params).toMatchObject({ DtsJobId: "subNew", JobCode: "01" });
  expect(r.stderr).toMatch(/precheck Failed/);
});

test("a TaskId and --dts-job together is a usage error (exit 4), before any call", async () => {
  const r = await runCli(["wait", "task1", "--dts-job", "job1", ...fast()], { env });
  expect(r.code).toBe(4);
  expect(r.stderr).toMatch(/either a <taskId> or --dts-job/);
  expect(server.requests).toHaveLength(0);
});

test("wait --dts-job --json: the DtsJob document of the change waited for (subtask, job status, phases; no taskId)", async () => {
  script = [
    reply("Modifying", [sub("subNew", "Migrating", { Status: "Migrating", Percent: "40", Progress: "1" })]),
    reply("synchronizing", [sub("subNew", "Finished", FIN)]),
  ];
  const r = await runCli(["wait", "--dts-job", "job1", "--json", ...fast()], { env });
  const out = dtsJobDocument(r, 0);
  expect(out).toMatchObject({
    subJobId: "subNew",
    jobStatus: "synchronizing",
    status: "Finished",
    precheck: { status: "Finished", percent: 100, failedItems: [] },
    structureInitialization: { status: "Finished", percent: 100 },
    dataInitialization: { status: "Finished", percent: 100, progress: 2 },
    failedObjects: [],
    polls: 1,
  });
  expect(out).not.toHaveProperty("note");
  expect(Date.parse(out.finishedAt)).toBeGreaterThanOrEqual(Date.parse(out.startedAt));
});

test("wait --dts-job on a change that had ended: the latest subtask is the one reported, at the first poll", async () => {
  script = [reply("synchronizing", [sub("subOld", "Finished", FIN), { ...sub("subNew", "Finished", FIN), CreateTime: "2026-12-02T11:00:00Z" }])];
  const r = await runCli(["wait", "--dts-job", "job1", "--json", ...fast()], { env });
  const out = dtsJobDocument(r, 0);
  expect(out).toMatchObject({ subJobId: "subNew", status: "Finished", dataInitialization: { status: "Finished", percent: 100 } });
  // One read with the history (the decision), one poll; then the finished subtask's failed objects, if any
  // (structure and data initialization: a table can fail while its phase reads Finished).
  expect(server.requests.map((q) => [q.params.Action, q.params.JobCode ?? ""])).toEqual([
    ["DescribeDtsJobDetail", ""],
    ["DescribeDtsJobDetail", ""],
    ["DescribePreCheckStatus", "02"],
    ["DescribePreCheckStatus", "03"],
  ]);
});

test("wait --dts-job on a change whose subtask had failed exits 1 and lists the failed objects", async () => {
  const failedData = { Status: "Failed", Percent: "30", Progress: "1", ErrorMessage: "java.lang.NumberFormatException" };
  script = [reply("synchronizing", [sub("subNew", "Failed", failedData)])];
  precheckPage = {
    RequestId: "P",
    State: "Failed",
    JobProgress: [
      { Item: "DATA_INIT", Names: "customer", State: "Failed", ErrMsg: "java.lang.NumberFormatException", SourceSchema: "dtstest", DestSchema: "dtstest" },
      { Item: "DATA_INIT", Names: "orders", State: "Success" },
    ],
  };
  const r = await runCli(["wait", "--dts-job", "job1", ...fast()], { env });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain("Failed: subtask subNew: data initialization Failed");
  expect(r.stdout.split("\n")[0]).toBe("DTS job job1: failed (job synchronizing, subtask subNew Failed, 1 poll)");
  expect(r.stdout).toContain("Failed objects (1):\n  customer [dtstest -> dtstest]: java.lang.NumberFormatException");
  const pre = server.requests.find((q) => q.params.Action === "DescribePreCheckStatus");
  expect(pre?.params).toMatchObject({ DtsJobId: "subNew", JobCode: "03" });
});

test("wait --dts-job with no subtask ever shown ends on quiet replies; the note says the phases are the job's own", async () => {
  script = [reply("synchronizing", [])];
  const r = await runCli(["wait", "--dts-job", "job1", "--json", ...fast()], { env });
  const out = dtsJobDocument(r, 0);
  expect(out).not.toHaveProperty("subJobId");
  expect(out).toMatchObject({ jobStatus: "synchronizing", status: "synchronizing", precheck: { status: "NotStarted" }, polls: 3 });
  expect(out.note).toMatch(/^no modification was seen running and no subtask is shown: the phases are the job's own/);
});

test("status --dts-job (text) on a running change: in progress, exit 0, the subtask and its phases", async () => {
  script = [reply("Modifying", [sub("subNew", "Migrating", { Status: "Migrating", Percent: "40", Progress: "1" })])];
  const r = await runCli(["status", "--dts-job", "job1", "--endpoint", server.url], { env });
  expect(r.code).toBe(0);
  expect(r.stdout.split("\n")[0]).toBe("DTS job job1: in progress (job Modifying, subtask subNew Migrating, 1 poll)");
  expect(r.stdout).toMatch(/data initialization\s+Migrating\s+40%/);
  expect(r.stdout.trimEnd()).toMatch(/, not finished$/);
  expect(server.requests).toHaveLength(1);
});

test("status --dts-job --json on a finished change: the DtsJob document, finished, no taskId", async () => {
  script = [reply("synchronizing", [sub("subNew", "Finished", FIN)])];
  const r = await runCli(["status", "--dts-job", "job1", "--json", "--endpoint", server.url], { env });
  const out = dtsJobDocument(r, 0);
  expect(out).toMatchObject({
    subJobId: "subNew",
    jobStatus: "synchronizing",
    status: "Finished",
    dataInitialization: { status: "Finished", percent: 100 },
    polls: 1,
  });
  expect(out.finishedAt).toEqual(expect.any(String));
});

test("wait --dts-job where the running subtask leaves the reply once finished: done, and the note says whose phases these are", async () => {
  script = [reply("Modifying", [sub("subNew", "Migrating", { Status: "Migrating", Percent: "40", Progress: "1" })]), reply("synchronizing", [])];
  const r = await runCli(["wait", "--dts-job", "job1", "--json", ...fast()], { env });
  const out = dtsJobDocument(r, 0);
  expect(out).not.toHaveProperty("subJobId");
  expect(out).toMatchObject({ jobStatus: "synchronizing", polls: 1 });
  expect(out.note).toMatch(/^no subtask of the modification is shown \(it left the reply, or never showed one\): the phases are the job's own/);
});
