/**
 * `pulumi import dts:index:SynchronizationObjectModification <name> <jobId>/<taskId>` through the real engine (native
 * plugin, YAML project): one status read, no wait, inputs from the job's state, so the next `up` of a program that
 * declares the same objects shows no change and starts no task. A malformed id gets an error naming the form.
 * `pulumi import dts:index:DtsJobModification <name> <dtsJobId>`: one DescribeDtsJobDetail, the job's list as
 * `dbList`, the latest subtask as outputs; the next `up` of a program declaring that list writes nothing.
 */
import { actionCalls, tasksOf, useEngine } from "../support/engine";
import { VERSION, nativeResource } from "../support/native-plugin";

jest.setTimeout(240_000);

const engine = useEngine({ yaml: true });

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
  const jobId = engine.emu.createJob({ name: "native-import" });
  const owner = await engine.yaml(jobId, { program: program("dts-import-owner", "objs", jobId), label: "import-owner" });
  await owner.up();
  const [task] = tasksOf(engine.emu, jobId);
  expect(task).toBeDefined();

  const p = await engine.yaml(jobId, { program: program("dts-import", "imp", jobId), label: "import" });
  const statusReads = actionCalls(engine.emu, "DescribeSynchronizationObjectModifyStatus");
  const modifies = actionCalls(engine.emu, "ModifySynchronizationObject");
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
  expect(actionCalls(engine.emu, "DescribeSynchronizationObjectModifyStatus")).toBe(statusReads + 1);
  const res = await nativeResource(p);
  expect(res.id).toBe(task!.taskId);
  expect(res.outputs).toMatchObject({ taskId: task!.taskId, synchronizationJobId: jobId, dataInitialization: { status: "Finished" } });
  expect(res.inputs.synchronizationObjects).toEqual([{ dbName: "shop", tableIncludes: [{ tableName: "orders" }, { tableName: "customer" }] }]);

  const up = await p.up();
  expect(up.output).toMatch(/2 unchanged/);
  expect(actionCalls(engine.emu, "ModifySynchronizationObject")).toBe(modifies);
  expect(tasksOf(engine.emu, jobId)).toHaveLength(1);
});

test("a malformed import id gets an error naming <synchronizationJobId>/<taskId>, not a crash", async () => {
  const jobId = engine.emu.createJob({ name: "native-import-bad" });
  const p = await engine.yaml(jobId, { program: program("dts-import-bad", "imp", jobId), label: "import-bad" });
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
  const instanceId = engine.emu.createJob({ jobId: "dtsimp0000001", name: "native-import-dtsjob" });
  const dtsJobId = instanceId.replace(/^dts/, "");
  // Another client's change, ended before the import (time runs fast in the emulator).
  const list = { shop: { name: "shop", all: false, Table: { orders: { name: "orders", all: true } } } };
  const sent = await fetch(`${engine.emu.url}/_emulator/dts-job-modify`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ DtsInstanceId: instanceId, DbList: JSON.stringify(list) }),
  });
  const other = (await sent.json()) as { subSyncJobId: string };
  expect(sent.status).toBe(200);
  for (let i = 0; i < 100 && !tasksOf(engine.emu, instanceId).every((t) => t.terminal); i++) await new Promise((r) => setTimeout(r, 100));
  expect(tasksOf(engine.emu, instanceId).every((t) => t.terminal)).toBe(true);

  // The program writes the same list in another key order: the same input once canonical.
  const reordered = '{"shop":{"Table":{"orders":{"all":true,"name":"orders"}},"all":false,"name":"shop"}}';
  const p = await engine.yaml(instanceId, { program: dtsJobProgram("dts-import-dtsjob", "imp", dtsJobId, reordered), label: "import-dtsjob" });
  const reads = actionCalls(engine.emu, "DescribeDtsJobDetail");
  const writes = actionCalls(engine.emu, "ModifyDtsJob");
  const imported = await p.pulumi(["import", "dts:index:DtsJobModification", "imp", dtsJobId, "--yes", "--skip-preview", "--stack", p.stack]);
  expect(imported.output).toMatch(/1 imported/);
  expect(actionCalls(engine.emu, "DescribeDtsJobDetail")).toBe(reads + 1);
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
  expect(actionCalls(engine.emu, "ModifyDtsJob")).toBe(writes);
  const after = (await p.resources()).find((r) => r.type === "dts:index:DtsJobModification");
  expect(JSON.parse(after.inputs.dbList)).toEqual(list);
  expect(after.inputs.__tokenSalt).toBe(res.inputs.__tokenSalt);
});
