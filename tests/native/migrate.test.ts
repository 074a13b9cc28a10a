/**
 * Moving a stack from the dynamic resource (TypeScript, `pulumi-nodejs:dynamic/dts:...`) to the native type
 * (`dts:index:SynchronizationObjectModification`, here from YAML) with an alias: the engine adopts the existing
 * state entry, no new task is started, and the resource keeps its id (the TaskId).
 */
import { actionCalls, modificationInState, tasksOf, useEngine } from "../support/engine";
import { VERSION, nativeResource, pluginTarball, yamlBin } from "../support/native-plugin";
import * as fs from "node:fs";
import * as path from "node:path";

jest.setTimeout(300_000);

const engine = useEngine({ yaml: true });

/** examples/basic's resource, declared natively in YAML with the same inputs, aliased to its dynamic URN. */
function migratedProgram(stack: string): string {
  return `name: dts-objects-basic
runtime: yaml
config:
  jobId:
    type: string
  endpoint:
    type: string
resources:
  shop-objects:
    type: dts:index:SynchronizationObjectModification
    properties:
      synchronizationJobId: \${jobId}
      synchronizationObjects:
        - dbName: shop
          tableIncludes:
            - tableName: customer
            - tableName: orders
              newTableName: orders_v2
            - tableName: order_items
        - dbName: crm
      endpoint: \${endpoint}
      wait:
        timeoutMinutes: 3
        minDelaySeconds: 0.2
        maxDelaySeconds: 0.5
      failOn:
        failedTables: true
    options:
      version: ${VERSION}
      aliases:
        - urn:pulumi:${stack}::dts-objects-basic::pulumi-nodejs:dynamic/dts:SynchronizationObjectModification::shop-objects
outputs:
  taskId: \${shop-objects.taskId}
`;
}

test("a dynamic-resource stack moves to the native type with an alias: same id, no new task, refresh works", async () => {
  const jobId = engine.emu.createJob({ name: "migrate" });
  const p = await engine.example(jobId, { label: "migrate" });
  await p.up();
  const dynamic = await modificationInState(p);
  expect(dynamic.type).toBe("pulumi-nodejs:dynamic/dts:SynchronizationObjectModification");
  const [task] = tasksOf(engine.emu, jobId);
  const modifies = actionCalls(engine.emu, "ModifySynchronizationObject");

  // Switch the program to YAML and the native type.
  fs.writeFileSync(path.join(p.programDir, "Pulumi.yaml"), migratedProgram(p.stack));
  p.env.PATH = `${p.binDir}${path.delimiter}${await yamlBin()}${path.delimiter}${process.env.PATH ?? ""}`;
  await p.pulumi(["plugin", "install", "resource", "dts", VERSION, "--file", pluginTarball()]);
  await p.setConfigs({ endpoint: engine.emu.url });

  const preview = await p.preview({}, ["--diff"]);
  expect(preview.output).not.toMatch(/\+-|replace/i);
  const up = await p.up();
  expect(up.output).not.toMatch(/replaced|created/);
  expect(up.output).toMatch(/2 unchanged/);
  const native = await nativeResource(p);
  expect(native).toBeDefined();
  expect(native.id).toBe(task!.taskId);
  expect(native.inputs.__resourceKey).toBe(dynamic.inputs.__resourceKey);
  expect((await p.resources()).filter((r) => /SynchronizationObjectModification$/.test(r.type))).toHaveLength(1);
  expect(actionCalls(engine.emu, "ModifySynchronizationObject")).toBe(modifies);
  expect(tasksOf(engine.emu, jobId)).toHaveLength(1);

  await p.refresh();
  const refreshed = await nativeResource(p);
  expect(refreshed.outputs.taskId).toBe(task!.taskId);
  // The native provider's refresh drops the dynamic provider's serialized code from the outputs.
  expect(refreshed.outputs.__provider).toBeUndefined();
  expect((await p.outputs()).taskId).toBe(task!.taskId);
});
