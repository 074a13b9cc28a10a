/**
 * `wait --dts-job` and `status --dts-job`: the built command against a local server answering DescribeDtsJobDetail
 * with scripted replies (the emulator's DtsJob actions are another branch's work). Same output modes and exit codes.
 */
import { createTestServer, json, type TestServer } from "../unit/helpers/http-test-server";
import { cliEnv, ensureBuilt, removeTempDirs, runCli } from "./helpers";

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

let server: TestServer;
let script: unknown[] = [];
const env = cliEnv({ ALIBABA_CLOUD_ACCESS_KEY_ID: "LTAI-cli-dtsjob", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "cli-dtsjob-secret" });
const fast = () => ["--endpoint", server.url, "--min-delay", "0.1", "--max-delay", "0.2"];

beforeAll(async () => {
  ensureBuilt();
  server = await createTestServer();
  server.handle((req, res, index) => {
    if (req.params.Action !== "DescribeDtsJobDetail") return json(res, 400, { Code: "InvalidAction", Message: "no", RequestId: "X" });
    json(res, 200, script[Math.min(index, script.length - 1)]);
  });
}, 180_000);
afterAll(async () => {
  await server.close();
  removeTempDirs();
});
beforeEach(() => {
  server.requests.length = 0;
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
  expect(r.stdout).toContain("job1: done");
  expect(r.code).toBe(0);
  expect(server.requests[0]!.params).toMatchObject({ Action: "DescribeDtsJobDetail", DtsJobId: "job1", SyncSubJobHistory: "true" });
  expect(server.requests.slice(1).every((q) => q.params.SyncSubJobHistory === "false")).toBe(true);
});

test("status --dts-job --json on a precheck failure exits 1 and names the item and repair method", async () => {
  const failedPre = {
    Status: "Failed",
    Percent: "100",
    Detail: [{ CheckItem: "CHECK_AUTH_DEST", CheckResult: "Failed", FailedReason: "Access denied", RepairMethod: "grant the account write privileges" }],
  };
  script = [reply("Modifying", [sub("subNew", "Failed", { Status: "NotStarted" }, failedPre)])];
  const r = await runCli(["status", "--dts-job", "job1", "--json", "--endpoint", server.url], { env });
  expect(r.code).toBe(1);
  const out = JSON.parse(r.stdout);
  expect(JSON.stringify(out)).toContain("CHECK_AUTH_DEST");
  expect(JSON.stringify(out)).toContain("grant the account write privileges");
  expect(r.stderr).toMatch(/precheck Failed/);
});

test("a TaskId and --dts-job together is a usage error (exit 4), before any call", async () => {
  const r = await runCli(["wait", "task1", "--dts-job", "job1", ...fast()], { env });
  expect(r.code).toBe(4);
  expect(r.stderr).toMatch(/either a <taskId> or --dts-job/);
  expect(server.requests).toHaveLength(0);
});
