/**
 * `pulumi import dts:index:SynchronizationObjectModification <name> <jobId>/<taskId>` through the real engine (native
 * plugin, YAML project): one status read, no wait, inputs from the job's state, so the next `up` of a program that
 * declares the same objects shows no change and starts no task. A malformed id gets an error naming the form.
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
