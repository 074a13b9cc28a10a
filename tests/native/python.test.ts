/**
 * A Python program (examples/python) using the generated Python SDK (pulumi_dts), through the real engine
 * (pulumi v3.248.0 + pulumi-language-python v3.79.0 + pulumi 3.248.0 from PyPI in a virtualenv) with the native
 * plugin, against the emulator: success with outputs, the dts:* config (secret encrypted), refresh, destroy, a
 * failed precheck (item, repair method, TaskId in the partial state); a DtsJobModification (dbList as a nested
 * dict); the natural types (issue 33's list-of-dicts program; JSON text -> list -> old spelling is no change); and
 * mypy on the programs.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { actionCalls, EXAMPLES, tasksOf, useEngine } from "../support/engine";
import { expectNativeSuccess } from "../support/engine-checks";
import type { PulumiProject } from "../support/pulumi-project";
import { installPlugin, nativeResource } from "../support/native-plugin";
import { ENSURE_PYTHON_TIMEOUT_MS, type PythonEnv, ensurePython, installGeneratedSdk, runCommand } from "../support/python-env";

jest.setTimeout(240_000);

const PROGRAM = path.join(EXAMPLES, "python");
let py: PythonEnv;
const engine = useEngine({
  plugin: true,
  setup: {
    run: async () => {
      py = await ensurePython();
      await installGeneratedSdk(py);
    },
    timeoutMs: 2 * ENSURE_PYTHON_TIMEOUT_MS,
  },
});

async function project(jobId: string, label: string, files?: Record<string, string>): Promise<PulumiProject> {
  const p = await engine.project({ label, copyFrom: PROGRAM, files });
  // The virtualenv (in the cache, not beside the program) activated the way `source bin/activate` does: its bin
  // first, so the language host's `python3` is the virtualenv's.
  p.env.VIRTUAL_ENV = py.venv;
  p.env.PATH = [path.join(py.venv, "bin"), p.binDir, py.hostBin, process.env.PATH ?? ""].join(path.delimiter);
  await installPlugin(p, engine.emu, jobId, engine.tarball);
  return p;
}

test("success: up creates the resource with the task's outputs; the dts:* config reaches the provider, the secret encrypted; refresh and a second up change nothing; destroy removes it", async () => {
  const jobId = engine.emu.createJob({ name: "python-success" });
  const p = await project(jobId, "native-python");
  const up = await p.up();
  const { task, providerRes } = await expectNativeSuccess(engine.emu, p, jobId, up, "dts-native-python");
  expect(providerRes.inputs.accessKeyId).toBe(engine.emu.accessKeyId);
  expect(providerRes.inputs.accessKeySecret).toEqual(expect.objectContaining({ ciphertext: expect.any(String) }));
  const { text } = await p.exportStack();
  expect(text).not.toContain(engine.emu.accessKeySecret);

  const refresh = await p.refresh();
  expect(refresh.output).toMatch(/2 unchanged/);
  const again = await p.up();
  expect(again.output).toMatch(/2 unchanged/);
  expect(tasksOf(engine.emu, jobId)).toHaveLength(1);

  const destroy = await p.destroy();
  expect(destroy.output).toContain(`[dts-objects] objs: removing task ${task!.taskId} from the state; job ${jobId} keeps its objects`);
  expect(await nativeResource(p)).toBeUndefined();
});

test("precheck failure: up fails naming the item, its ErrorMessage and RepairMethod; the TaskId stays in the partial state", async () => {
  const jobId = engine.emu.createJob({ name: "python-precheck", scenario: "precheck-failure" });
  const p = await project(jobId, "native-python-precheck");
  const up = await p.up({ allowFailure: true });
  expect(up.code).not.toBe(0);
  expect(up.output).toContain("CHECK_AUTH_DEST");
  expect(up.output).toContain("Access denied for user");
  expect(up.output).toContain("CHECK_ERROR_DEST_CONN_REPAIR2");
  const [task] = tasksOf(engine.emu, jobId);
  const res = await nativeResource(p);
  expect(res?.id).toBe(task!.taskId);
  expect(res.outputs.taskId).toBe(task!.taskId);
  expect(res.outputs.precheck.failedItems).toEqual([expect.objectContaining({ name: "CHECK_AUTH_DEST", repairMethod: "CHECK_ERROR_DEST_CONN_REPAIR2" })]);
});

test("DtsJobModification from Python: db_list as a nested dict (the SDK's TypedDict key `table` for the API's `Table`), one ModifyDtsJob, change modified with the subtask's phases; a second up writes nothing; mypy accepts the program", async () => {
  const instanceId = engine.emu.createJob({ jobId: "dtspyj000001", name: "python-dtsjob" });
  const dtsJobId = instanceId.replace(/^dts/, "");
  const main = [
    "import pulumi",
    "import pulumi_dts as dts",
    "",
    "config = pulumi.Config()",
    "change = dts.DtsJobModification(",
    '    "change",',
    '    dts_job_id=config.require("jobId"),',
    "    # The whole DbList after the change: source database -> entry (keys in any order: stored canonical).",
    '    db_list={"shop": {"name": "shop", "all": False, "table": {"orders": {"name": "orders", "all": True}}}},',
    "    wait=dts.WaitOptionsArgs(timeout_minutes=3, min_delay_seconds=0.2, max_delay_seconds=0.5),",
    "    fail_on=dts.DtsJobFailOnOptionsArgs(failed_objects=True),",
    ")",
    'pulumi.export("change", change.change)',
    'pulumi.export("subJobId", change.sub_job_id)',
    'pulumi.export("dataStatus", change.data_initialization.status)',
    'pulumi.export("failedObjects", change.failed_objects)',
    "",
  ].join("\n");
  const p = await project(dtsJobId, "native-python-dtsjob", { "__main__.py": main });
  const modifies = actionCalls(engine.emu, "ModifyDtsJob");
  const up = await p.up();
  expect(actionCalls(engine.emu, "ModifyDtsJob")).toBe(modifies + 1);
  const [task] = tasksOf(engine.emu, instanceId);
  expect(tasksOf(engine.emu, instanceId)).toHaveLength(1);
  expect(up.output).toContain(`[dts-objects] change (DTS job ${dtsJobId}): ModifyDtsJob accepted`);
  expect(await p.outputs()).toEqual({ change: "modified", subJobId: task!.taskId, dataStatus: "Finished", failedObjects: [] });
  const res = (await p.resources()).find((r) => r.type === "dts:index:DtsJobModification");
  expect(res.id).toBe(dtsJobId);
  expect(res.inputs.__resourceKey).toBe(`dts-native-python/${p.stack}/change`);
  // Stored canonical (keys sorted), `table` sent as the API's `Table` by the SDK's name table.
  expect(res.outputs.dbList).toBe('{"shop":{"Table":{"orders":{"all":true,"name":"orders"}},"all":false,"name":"shop"}}');

  const again = await p.up();
  expect(again.output).toMatch(/2 unchanged/);
  expect(actionCalls(engine.emu, "ModifyDtsJob")).toBe(modifies + 1);

  const file = path.join(p.programDir, "__main__.py");
  const mypy = await runCommand(py.python, ["-m", "mypy", "--strict", "--no-error-summary", "--cache-dir", "/dev/null", file], { cwd: p.programDir });
  expect(mypy.output).toBe("");
  expect(mypy.code).toBe(0);
});

/** A program with `objects` as the argument(s) that give the objects (issue 33's program, in three spellings). */
const objectsProgram = (objects: string) =>
  [
    "import json",
    "",
    "import pulumi",
    "import pulumi_dts as dts",
    "",
    "config = pulumi.Config()",
    "objs = dts.SynchronizationObjectModification(",
    '    "objs",',
    '    synchronization_job_id=config.require("jobId"),',
    `    ${objects}`,
    "    wait=dts.WaitOptionsArgs(timeout_minutes=3, min_delay_seconds=0.2, max_delay_seconds=0.5),",
    ")",
    'pulumi.export("taskId", objs.task_id)',
    'pulumi.export("objects", objs.synchronization_objects)',
    "",
  ].join("\n");
const NATURAL = 'synchronization_objects=[{"db_name": "pydb", "table_includes": [{"table_name": "p1"}]}],';
const TEXT = 'synchronization_objects_json=json.dumps([{"DBName": "pydb", "TableIncludes": [{"TableName": "p1"}]}]),';
// As programs wrote it before synchronization_objects_json existed: mypy now rejects it, the runtime still sends it.
const LEGACY = 'synchronization_objects=json.dumps([{"DBName": "pydb", "TableIncludes": [{"TableName": "p1"}]}]),  # type: ignore[arg-type]';

test("natural types: issue 33's program runs as written (a list of dicts); a stack created with the JSON text (synchronization_objects_json), then moved to the list, then to the old text-in-the-list spelling, sees no change: one task, unchanged, same stored inputs; mypy --strict accepts the programs", async () => {
  const jobId = engine.emu.createJob({ name: "python-natural" });
  const p = await project(jobId, "native-python-natural", { "__main__.py": objectsProgram(TEXT) });
  const file = path.join(p.programDir, "__main__.py");
  const mypy = async () => {
    const r = await runCommand(py.python, ["-m", "mypy", "--strict", "--no-error-summary", "--cache-dir", "/dev/null", file], { cwd: p.programDir });
    return { code: r.code, output: r.output };
  };
  expect(await mypy()).toEqual({ code: 0, output: "" });
  await p.up();
  const [task] = tasksOf(engine.emu, jobId);
  expect(task).toBeDefined();
  const stored = async () => (await nativeResource(p)).inputs;
  const created = await stored();
  expect(created.synchronizationObjects).toEqual([{ dbName: "pydb", tableIncludes: [{ tableName: "p1" }] }]);
  expect(created).not.toHaveProperty("synchronizationObjectsJson");

  for (const objects of [NATURAL, LEGACY]) {
    fs.writeFileSync(file, objectsProgram(objects));
    expect({ objects, mypy: await mypy() }).toEqual({ objects, mypy: { code: 0, output: "" } });
    const up = await p.up();
    expect({ objects, unchanged: /2 unchanged/.test(up.output) }).toEqual({ objects, unchanged: true });
    expect(tasksOf(engine.emu, jobId)).toHaveLength(1);
    expect(await stored()).toEqual(created);
  }
  // The output reads back as the SDK's typed output class (exported with its Python names).
  expect((await p.outputs()).objects).toEqual([{ db_name: "pydb", table_includes: [{ table_name: "p1" }] }]);
});

test("natural types: a new stack with issue 33's program starts one task with those objects (before, pulumi's Python runtime failed with \"Unexpected type. Expected 'list'\")", async () => {
  const jobId = engine.emu.createJob({ name: "python-natural-new" });
  const p = await project(jobId, "native-python-natural-new", { "__main__.py": objectsProgram(NATURAL) });
  const up = await p.up();
  expect(up.output).not.toContain("Unexpected type");
  const [task] = tasksOf(engine.emu, jobId);
  expect(tasksOf(engine.emu, jobId)).toHaveLength(1);
  expect((await p.outputs()).taskId).toBe(task!.taskId);
  // The task the emulator started has the one table the program lists.
  expect(task!.tables).toBe(1);
  expect((await nativeResource(p)).outputs.synchronizationObjects).toEqual([{ dbName: "pydb", tableIncludes: [{ tableName: "p1" }] }]);
});

test("mypy accepts the example's use of the generated SDK's types, and rejects a wrong one", async () => {
  const mypy = (file: string) => runCommand(py.python, ["-m", "mypy", "--strict", "--no-error-summary", "--cache-dir", "/dev/null", file], { cwd: PROGRAM });
  const ok = await mypy(path.join(PROGRAM, "__main__.py"));
  expect(ok.output).toBe("");
  expect(ok.code).toBe(0);
  // The check can fail: a number where the SDK declares a str input.
  const bad = path.join(path.dirname(engine.tarball), "bad.py");
  fs.writeFileSync(bad, 'import pulumi_dts as dts\n\ndts.SynchronizationObjectModification("x", synchronization_job_id=42)\n');
  const wrong = await mypy(bad);
  expect(wrong.code).not.toBe(0);
  expect(wrong.output).toMatch(/synchronization_job_id/);
});
