/**
 * `pulumi import dts:index:SynchronizationObjectModification <name> <jobId>/<taskId>` through the real engine (native
 * plugin, YAML project): one status read, no wait, inputs from the job's state, so the next `up` of a program that
 * declares the same objects shows no change and starts no task. A malformed id gets an error naming the form.
 * `pulumi import dts:index:DtsJobModification <name> <dtsJobId>`: one DescribeDtsJobDetail, the job's list as
 * `dbList`, the latest subtask as outputs; the next `up` of a program declaring that list writes nothing.
 */
import type { EmulatorHandle } from "../../emulator";
import { actionCalls, prepareE2E, startTestEmulator, tasksOf } from "../e2e/fixtures";
import { ENSURE_PULUMI_TIMEOUT_MS, type PulumiProject } from "../e2e/pulumi-harness";
import { ENSURE_YAML_TIMEOUT_MS, VERSION, nativeResource, pluginTarball, yamlBin, yamlProject } from "./helpers";

jest.setTimeout(240_000);

let emu: EmulatorHandle;
let tarball: string;
const projects: PulumiProject[] = [];

beforeAll(async () => {
  await prepareE2E();
  await yamlBin();
  tarball = pluginTarball();
  emu = await startTestEmulator();
}, ENSURE_PULUMI_TIMEOUT_MS + ENSURE_YAML_TIMEOUT_MS);

afterAll(async () => {
  for (const p of projects) await p.cleanup();
  await emu?.stop();
});

/** A program declaring `name` on job `jobId` with objects the job state shows as they are (no renamed table). */
function program(projectName: string, name: string, jobId: string): string {
  return `name: ${projectName}
runtime: yaml
resources:
  ${name}:
    type: dts:index:SynchronizationObjectModification
    properties:
      synchronizationJobId: ${jobId}
      synchronizationObjects:
        - dbName: shop
          tableIncludes:
            - tableName: orders
            - tableName: customer
    options:
      version: ${VERSION}
`;
}

test("import adopts an existing task with one status read and no wait; the next up changes nothing and starts no task", async () => {
  const jobId = emu.createJob({ name: "native-import" });
  const owner = await yamlProject(emu, jobId, { tarball, program: program("dts-import-owner", "objs", jobId), label: "import-owner" });
  projects.push(owner);
  await owner.up();
  const [task] = tasksOf(emu, jobId);
  expect(task).toBeDefined();

  const p = await yamlProject(emu, jobId, { tarball, program: program("dts-import", "imp", jobId), label: "import" });
  projects.push(p);
  const statusReads = actionCalls(emu, "DescribeSynchronizationObjectModifyStatus");
  const modifies = actionCalls(emu, "ModifySynchronizationObject");
  const imported = await p.pulumi([
    "import",
    "dts:index:SynchronizationObjectModification",
    "imp",
    `${jobId}/${task!.taskId}`,
    "--yes",
    "--skip-preview",
    "--stack",
    p.stack,
  ]);
  expect(imported.output).toMatch(/1 imported/);
  expect(actionCalls(emu, "DescribeSynchronizationObjectModifyStatus")).toBe(statusReads + 1);
  const res = await nativeResource(p);
  expect(res.id).toBe(task!.taskId);
  expect(res.outputs).toMatchObject({ taskId: task!.taskId, synchronizationJobId: jobId, dataInitialization: { status: "Finished" } });
  expect(res.inputs.synchronizationObjects).toEqual([{ dbName: "shop", tableIncludes: [{ tableName: "orders" }, { tableName: "customer" }] }]);

  const up = await p.up();
  expect(up.output).toMatch(/2 unchanged/);
  expect(actionCalls(emu, "ModifySynchronizationObject")).toBe(modifies);
  expect(tasksOf(emu, jobId)).toHaveLength(1);
});

test("a malformed import id gets an error naming <synchronizationJobId>/<taskId>, not a crash", async () => {
  const jobId = emu.createJob({ name: "native-import-bad" });
  const p = await yamlProject(emu, jobId, { tarball, program: program("dts-import-bad", "imp", jobId), label: "import-bad" });
  projects.push(p);
  const result = await p.pulumi(["import", "dts:index:SynchronizationObjectModification", "imp", "just-a-task-id", "--yes", "--stack", p.stack], {
    allowFailure: true,
  });
  expect(result.code).not.toBe(0);
  expect(result.output).toContain("<synchronizationJobId>/<taskId>");
  expect(result.output).not.toContain("toJavaScript");
  expect(await nativeResource(p)).toBeUndefined();
});

/** A program declaring a DtsJobModification with the list as JSON text (`dbListJson`) on job `dtsJobId`. */
function dtsJobProgram(projectName: string, name: string, dtsJobId: string, dbList: string): string {
  return `name: ${projectName}
runtime: yaml
resources:
  ${name}:
    type: dts:index:DtsJobModification
    properties:
      dtsJobId: ${dtsJobId}
      dtsInstanceId: dts${dtsJobId}
      dbListJson: '${dbList}'
    options:
      version: ${VERSION}
`;
}

test("import of a DtsJobModification: one read, the job's list as dbListJson; the next up writes nothing", async () => {
  const instanceId = emu.createJob({ jobId: "dtsimp0000001", name: "native-import-dtsjob" });
  const dtsJobId = instanceId.replace(/^dts/, "");
  // Another client's change, ended before the import (time runs fast in the emulator).
  const list = { shop: { name: "shop", all: false, Table: { orders: { name: "orders", all: true } } } };
  const sent = await fetch(`${emu.url}/_emulator/dts-job-modify`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ DtsInstanceId: instanceId, DbList: JSON.stringify(list) }),
  });
  const other = (await sent.json()) as { subSyncJobId: string };
  expect(sent.status).toBe(200);
  for (let i = 0; i < 100 && !tasksOf(emu, instanceId).every((t) => t.terminal); i++) await new Promise((r) => setTimeout(r, 100));
  expect(tasksOf(emu, instanceId).every((t) => t.terminal)).toBe(true);

  // The program writes the same list in another key order: the same input once canonical.
  const reordered = '{"shop":{"Table":{"orders":{"all":true,"name":"orders"}},"all":false,"name":"shop"}}';
  const p = await yamlProject(emu, instanceId, { tarball, program: dtsJobProgram("dts-import-dtsjob", "imp", dtsJobId, reordered), label: "import-dtsjob" });
  projects.push(p);
  const reads = actionCalls(emu, "DescribeDtsJobDetail");
  const writes = actionCalls(emu, "ModifyDtsJob");
  const imported = await p.pulumi(["import", "dts:index:DtsJobModification", "imp", dtsJobId, "--yes", "--skip-preview", "--stack", p.stack]);
  expect(imported.output).toMatch(/1 imported/);
  expect(actionCalls(emu, "DescribeDtsJobDetail")).toBe(reads + 1);
  const res = (await p.resources()).find((r) => r.type === "dts:index:DtsJobModification");
  expect(res.id).toBe(dtsJobId);
  expect(res.outputs).toMatchObject({ dtsJobId, dtsInstanceId: instanceId, change: "external", subJobId: other.subSyncJobId, jobStatus: "synchronizing" });
  expect(typeof res.outputs.finishedAt).toBe("string");
  // The list as the text input (so the code `pulumi import` generates type-checks: dbList is a map in the schema).
  expect(JSON.parse(res.inputs.dbListJson)).toEqual(list);
  expect(res.inputs).not.toHaveProperty("dbList");
  expect(JSON.parse(res.outputs.dbList)).toEqual(list);

  const up = await p.up();
  expect(up.output).toMatch(/2 unchanged/);
  expect(actionCalls(emu, "ModifyDtsJob")).toBe(writes);
  const after = (await p.resources()).find((r) => r.type === "dts:index:DtsJobModification");
  expect(JSON.parse(after.inputs.dbList)).toEqual(list);
  expect(after.inputs.__tokenSalt).toBe(res.inputs.__tokenSalt);
});
