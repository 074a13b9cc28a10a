/**
 * The native provider plugin through the real engine (pulumi v3.248.0 + pulumi-language-yaml v1.25.0), from a
 * YAML program, against the emulator: success, a bad input caught by preview, a failed precheck (item, message,
 * repair method), failed tables (partial state, then accepted by an in-place update), refresh, destroy.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { actionCalls, tasksOf, useEngine } from "../support/engine";
import { expectNativeSuccess } from "../support/engine-checks";
import { VERSION, nativeResource, pluginDir, yamlProgram } from "../support/native-plugin";

jest.setTimeout(240_000);

const engine = useEngine({ yaml: true });

const project = engine.yaml;

test("success: up creates the resource with the task's outputs and progress lines; refresh and a second up change nothing; a new revision replaces it (new task); destroy leaves the job alone", async () => {
  const jobId = engine.emu.createJob({ name: "native-success" });
  const p = await project(jobId);

  const up = await p.up();
  // The shared implementation's messages (the start line among them), delivered through the engine's Log service.
  const { task, providerRes } = await expectNativeSuccess(engine.emu, p, jobId, up, "dts-native-yaml");
  expect(tasksOf(engine.emu, jobId)).toHaveLength(1);
  expect(up.output).toMatch(/\[dts-objects\] objs \(task \w+\): done: /);
  // The provider's config is in the state as its inputs: the secret encrypted, never in plaintext.
  expect(providerRes.inputs.version).toBe(VERSION);
  const { text } = await p.exportStack();
  expect(text).not.toContain(engine.emu.accessKeySecret);
  expect(providerRes.inputs.accessKeySecret).toEqual(expect.objectContaining({ ciphertext: expect.any(String) }));

  const modifies = actionCalls(engine.emu, "ModifySynchronizationObject");
  const refresh = await p.refresh();
  expect(refresh.output).toMatch(/2 unchanged/);
  const again = await p.up();
  expect(again.output).toMatch(/2 unchanged/);
  expect(actionCalls(engine.emu, "ModifySynchronizationObject")).toBe(modifies);

  // A new revision replaces the resource: a new task; the old one is only dropped from the state.
  await p.setConfigs({ revision: "2" });
  const replace = await p.up();
  expect(replace.output).toMatch(/1 replaced/);
  const tasks = tasksOf(engine.emu, jobId);
  expect(tasks).toHaveLength(2);
  const second = tasks.find((t) => t.taskId !== task!.taskId)!;
  expect((await nativeResource(p)).id).toBe(second.taskId);
  expect(replace.output).toContain(`[dts-objects] objs: removing task ${task!.taskId} from the state`);

  const destroy = await p.destroy();
  expect(destroy.output).toContain(`[dts-objects] objs: removing task ${second.taskId} from the state; job ${jobId} keeps its objects`);
  expect(await nativeResource(p)).toBeUndefined();
  expect(tasksOf(engine.emu, jobId)).toHaveLength(2);
  expect(actionCalls(engine.emu, "ModifySynchronizationObject")).toBe(modifies + 1);
});

test("preview with a bad input fails naming the field and its fix, and calls no API", async () => {
  const jobId = engine.emu.createJob({ name: "native-bad-input" });
  const p = await project(jobId, { program: yamlProgram({ jobIdInput: '"  "' }), label: "native-bad" });
  const requests = engine.emu.stats().requests;
  const preview = await p.preview({ allowFailure: true });
  expect(preview.code).not.toBe(0);
  expect(preview.output).toMatch(/synchronizationJobId/);
  expect(preview.output).toMatch(/must not be empty: pass the synchronization job id/);
  expect(engine.emu.stats().requests).toBe(requests);
});

test("precheck failure: up fails naming the item, its ErrorMessage and RepairMethod; the task stays in state", async () => {
  const jobId = engine.emu.createJob({ name: "native-precheck", scenario: "precheck-failure" });
  const p = await project(jobId, { label: "native-precheck" });
  const up = await p.up({ allowFailure: true });
  expect(up.code).not.toBe(0);
  expect(up.output).toContain("CHECK_AUTH_DEST");
  expect(up.output).toContain("Access denied for user");
  expect(up.output).toContain("CHECK_ERROR_DEST_CONN_REPAIR2");
  expect(up.output).toContain("set a new `revision`");
  const [task] = tasksOf(engine.emu, jobId);
  const res = await nativeResource(p);
  expect(res?.id).toBe(task!.taskId);
  expect(res.outputs.precheck.failedItems).toEqual([
    expect.objectContaining({ name: "CHECK_AUTH_DEST", errorMessage: expect.stringContaining("Access denied"), repairMethod: "CHECK_ERROR_DEST_CONN_REPAIR2" }),
  ]);
  // The next up reports the same task again rather than starting another.
  const again = await p.up({ allowFailure: true });
  expect(again.code).not.toBe(0);
  expect(again.output).toContain("CHECK_AUTH_DEST");
  expect(tasksOf(engine.emu, jobId)).toHaveLength(1);
});

test("failed tables: up fails naming each table and saves the partial state; failOn.failedTables=false then accepts them in place", async () => {
  const jobId = engine.emu.createJob({
    name: "native-tables",
    scenario: { name: "failed-tables", failedTables: { tables: ["shop.orders", "shop.customer"] } },
  });
  const p = await project(jobId, { label: "native-tables" });
  const up = await p.up({ allowFailure: true });
  expect(up.code).not.toBe(0);
  expect(up.output).toMatch(/2 tables failed and failOn\.failedTables is true/);
  expect(up.output).toContain("shop.orders");
  expect(up.output).toContain("shop.customer");
  const [task] = tasksOf(engine.emu, jobId);
  const res = await nativeResource(p);
  expect(res?.id).toBe(task!.taskId);
  expect((res.outputs.failedTables as any[]).map((t) => t.table).sort()).toEqual(["customer", "orders"]);

  await p.setConfigs({ failOnFailedTables: false });
  const accept = await p.up();
  expect(accept.output).toMatch(/1 updated/);
  expect(accept.output).toMatch(/2 failed table\(s\) accepted/);
  const outputs = await p.outputs();
  expect(outputs.taskId).toBe(task!.taskId);
  expect((outputs.failedTables as any[]).map((t) => t.table).sort()).toEqual(["customer", "orders"]);
  expect(tasksOf(engine.emu, jobId)).toHaveLength(1);
});

test("the README's plugin layout (wrapper + node_modules) starts the plugin entry: --schema prints the schema with the package version", () => {
  const dir = pluginDir();
  const r = spawnSync(path.join(dir, "pulumi-resource-dts"), ["--schema"], { encoding: "utf8" });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  const schema = JSON.parse(r.stdout);
  expect(schema.name).toBe("dts");
  expect(schema.version).toBe(VERSION);
  expect(Object.keys(schema.resources).sort()).toEqual([
    "dts:index:DtsJobInitialization",
    "dts:index:DtsJobModification",
    "dts:index:SynchronizationJobInitialization",
    "dts:index:SynchronizationObjectModification",
  ]);
});

test("an explicit provider (pulumi:providers:dts) takes the dts:* keys as properties and wins over the stack config", async () => {
  const jobId = engine.emu.createJob({ name: "native-explicit" });
  const program = `name: dts-native-explicit
runtime: yaml
config:
  jobId:
    type: string
  emulatorUrl:
    type: string
  keyId:
    type: string
  keySecret:
    type: string
    secret: true
resources:
  emulator:
    type: pulumi:providers:dts
    properties:
      accessKeyId: \${keyId}
      accessKeySecret: \${keySecret}
      endpoint: \${emulatorUrl}
      progressIntervalSeconds: 5
    options:
      version: ${VERSION}
  objs:
    type: dts:index:SynchronizationObjectModification
    properties:
      synchronizationJobId: \${jobId}
      synchronizationObjects:
        - dbName: shop
      wait:
        minDelaySeconds: 0.2
        maxDelaySeconds: 0.5
    options:
      provider: \${emulator}
      version: ${VERSION}
outputs:
  taskId: \${objs.taskId}
`;
  const p = await project(jobId, { program, label: "native-explicit" });
  // The stack config points elsewhere (a closed port, wrong secret): only the explicit provider's values work.
  await p.setConfigs({ "dts:endpoint": "http://127.0.0.1:9", emulatorUrl: engine.emu.url, keyId: engine.emu.accessKeyId });
  await p.setConfig("dts:accessKeySecret", "not-the-secret", { secret: true });
  await p.setConfig("keySecret", engine.emu.accessKeySecret, { secret: true });
  await p.up();
  const [task] = tasksOf(engine.emu, jobId);
  expect((await p.outputs()).taskId).toBe(task!.taskId);
  const providerRes = (await p.resources()).find((r) => r.type === "pulumi:providers:dts" && r.urn.endsWith("::emulator"));
  expect(providerRes.inputs.endpoint).toBe(engine.emu.url);
  expect(providerRes.inputs.accessKeySecret).toEqual(expect.objectContaining({ ciphertext: expect.any(String) }));
  expect((await p.exportStack()).text).not.toContain(engine.emu.accessKeySecret);
});

/**
 * Both resources, their objects written either as the API's JSON text (`synchronizationObjectsJson`, `dbListJson`)
 * or the natural way (a YAML list of maps, a nested map with the DbList's own keys).
 */
function bothResources(dtsJobId: string, form: "text" | "natural"): string {
  const objects =
    form === "text"
      ? `      synchronizationObjectsJson: '[{"DBName":"shop","TableIncludes":[{"TableName":"orders"},{"TableName":"customer","NewTableName":"customer_v2"}]}]'\n`
      : [
          "      synchronizationObjects:",
          "        - dbName: shop",
          "          tableIncludes:",
          "            - tableName: orders",
          "            - tableName: customer",
          "              newTableName: customer_v2",
          "",
        ].join("\n");
  const list =
    form === "text"
      ? `      dbListJson: '{"shop":{"all":false,"name":"shop","Table":{"orders":{"name":"orders","all":true},"customer":{"name":"customer_v2","all":true}}}}'\n`
      : [
          "      dbList:",
          "        shop:",
          "          name: shop",
          "          all: false",
          "          Table:",
          "            orders:",
          "              name: orders",
          "              all: true",
          "            customer:",
          "              name: customer_v2",
          "              all: true",
          "",
        ].join("\n");
  const fast = "      wait:\n        timeoutMinutes: 3\n        minDelaySeconds: 0.2\n        maxDelaySeconds: 0.5\n";
  return [
    "name: dts-native-natural",
    "runtime: yaml",
    "config:",
    "  jobId:",
    "    type: string",
    "resources:",
    "  objs:",
    "    type: dts:index:SynchronizationObjectModification",
    "    properties:",
    `      synchronizationJobId: ${["$", "{jobId}"].join("")}`,
    `${objects}${fast}    options:`,
    `      version: ${VERSION}`,
    "  change:",
    "    type: dts:index:DtsJobModification",
    "    properties:",
    `      dtsJobId: ${dtsJobId}`,
    `${list}${fast}    options:`,
    `      version: ${VERSION}`,
    "",
  ].join("\n");
}

test("natural types: a stack created with the JSON text forms and updated with the YAML list and nested map sees no change: preview and up report both unchanged, no new task, no second ModifyDtsJob, the same stored inputs", async () => {
  const jobId = engine.emu.createJob({ name: "native-natural" });
  const instanceId = engine.emu.createJob({ jobId: "dtsyamlnat001", name: "native-natural-dtsjob" });
  const dtsJobId = instanceId.replace(/^dts/, "");
  const p = await project(jobId, { program: bothResources(dtsJobId, "text"), label: "native-natural" });
  const modifies = actionCalls(engine.emu, "ModifyDtsJob");
  await p.up();
  expect(tasksOf(engine.emu, jobId)).toHaveLength(1);
  expect(actionCalls(engine.emu, "ModifyDtsJob")).toBe(modifies + 1);
  const stored = async () => {
    const resources = await p.resources();
    return ["dts:index:SynchronizationObjectModification", "dts:index:DtsJobModification"].map((type) => resources.find((r) => r.type === type).inputs);
  };
  const [objsInputs, changeInputs] = await stored();
  // Stored under the typed names only, in the canonical forms.
  expect(objsInputs).not.toHaveProperty("synchronizationObjectsJson");
  expect(objsInputs.synchronizationObjects).toEqual([
    { dbName: "shop", tableIncludes: [{ tableName: "orders" }, { tableName: "customer", newTableName: "customer_v2" }] },
  ]);
  expect(changeInputs).not.toHaveProperty("dbListJson");
  expect(changeInputs.dbList).toBe(
    '{"shop":{"Table":{"customer":{"all":true,"name":"customer_v2"},"orders":{"all":true,"name":"orders"}},"all":false,"name":"shop"}}',
  );

  fs.writeFileSync(path.join(p.programDir, "Pulumi.yaml"), bothResources(dtsJobId, "natural"));
  const preview = await p.preview({}, ["--diff"]);
  expect(preview.output).toMatch(/3 unchanged/);
  expect(preview.output).not.toMatch(/to (update|replace|create)/);
  const up = await p.up();
  expect(up.output).toMatch(/3 unchanged/);
  expect(tasksOf(engine.emu, jobId)).toHaveLength(1);
  expect(actionCalls(engine.emu, "ModifyDtsJob")).toBe(modifies + 1);
  expect(await stored()).toEqual([objsInputs, changeInputs]);
});

test("natural types: a JSON string where YAML now expects the list fails at preview naming the field, and calls no API", async () => {
  const jobId = engine.emu.createJob({ name: "native-text-in-list" });
  const program = yamlProgram().replace(
    / {6}synchronizationObjects:\n( {8}.*\n| {10}.*\n| {12}.*\n| {14}.*\n)+/,
    `      synchronizationObjects: '[{"DBName":"shop"}]'\n`,
  );
  expect(program).toContain(`synchronizationObjects: '[{"DBName":"shop"}]'`);
  const p = await project(jobId, { program, label: "native-text-in-list" });
  const requests = engine.emu.stats().requests;
  const preview = await p.preview({ allowFailure: true });
  expect(preview.code).not.toBe(0);
  expect(preview.output).toMatch(/synchronizationObjects/);
  expect(engine.emu.stats().requests).toBe(requests);
});
