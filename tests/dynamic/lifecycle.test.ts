/**
 * The resource's life through the real Pulumi CLI and engine against the emulator (examples/basic):
 * up -> outputs match the emulator; refresh -> fresh outputs; no secret in the state; destroy leaves the job alone.
 *
 * The first `up` runs with `--event-log`, on a data initialization long enough to be estimated (was
 * status-row.test.ts / status-dynamic.test.ts, merged here: same program, same emulator, one `up` fewer). Through the
 * seam of the dynamic-provider host (provider/shared/dynamic-host: the host itself still hands the provider no URN,
 * see tests/dynamic/host-no-urn.test.ts), the status is an ephemeral line on the resource's row with the time left,
 * and the phase changes and the verdict are lines tied to the resource; turned off (PULUMI_DTS_OBJECTS_DYNAMIC_SEAM=off,
 * its own `up`) the provider's plain lines stay as before, with the time left on the percent lines. The same with a
 * component parent and the packed tarball: tests/dynamic/engine-seam.test.ts.
 */
import * as path from "node:path";
import { actionCalls, modificationInState, tasksOf, useEngine } from "../support/engine";
import { diagnostics, type PulumiProject, type RunResult } from "../support/pulumi-project";

jest.setTimeout(180_000);

let jobId: string;
let project: PulumiProject;
const engine = useEngine({
  setup: {
    run: async () => {
      // Two tables of 3 M rows at 1 000 rows/s in parallel: 3 000 emulated seconds of data initialization, 15 s here.
      jobId = engine.emu.createJob({
        name: "lifecycle",
        scenario: { name: "success", durations: { dataRowsPerSecond: 1000 }, rows: { min: 3_000_000, max: 3_000_000 } },
      });
      project = await engine.example(jobId, { label: "lifecycle", config: { "dts:progressIntervalSeconds": "1" } });
      project.env.PULUMI_DEBUG_COMMANDS = "true";
    },
    timeoutMs: 0,
  },
});

let firstOutputs: any;
let firstUp: RunResult;
const eventLog = () => path.join(project.workDir, "events.jsonl");

test("up succeeds: progress lines shown, stack outputs match the emulator's task", async () => {
  const up = await project.up({}, ["--event-log", eventLog()]);
  firstUp = up;
  firstOutputs = await project.outputs();
  const o = firstOutputs;

  const tasks = tasksOf(engine.emu, jobId);
  expect(tasks).toHaveLength(1);
  const task = tasks[0]!;
  expect(o.taskId).toBe(task.taskId);
  expect(o.precheck.status).toBe("Finished");
  expect(o.precheck.percent).toBe(100);
  expect(o.precheck.failedItems).toEqual([]);
  expect(o.precheck.items.length).toBeGreaterThan(0);
  expect(o.structureInitialization.status).toBe("Finished");
  expect(o.dataInitialization.status).toBe("Finished");
  expect(o.dataInitialization.percent).toBe(100);
  expect(task.precheck.status).toBe("Finished");
  expect(task.structure.status).toBe(o.structureInitialization.status);
  expect(task.data.status).toBe(o.dataInitialization.status);
  expect(task.data.percent).toBe(o.dataInitialization.percent);
  expect(o.status).toBe(task.status);
  expect(o.failedTables).toEqual([]);
  expect(o.tables.total).toBe(task.tables);
  expect(o.tables.finished).toBe(task.tables);
  expect(o.tables.failed).toBe(0);
  expect(typeof o.startedAt).toBe("string");
  expect(typeof o.finishedAt).toBe("string");
  expect(o.polls).toBeGreaterThan(0);

  // The resource id is the task id.
  const res = await modificationInState(project);
  expect(res.id).toBe(task.taskId);

  // The provider's progress lines reach the CLI's output, and carry the task id.
  expect(up.output).toContain(task.taskId);
  expect(up.output).toMatch(/precheck/i);
  expect(up.output).toMatch(/data ?initialization/i);
});

test("examples/basic: the status on the resource's row with the time left; phase changes and the verdict tied to it", () => {
  expect(firstUp).toBeDefined();
  const ours = diagnostics(eventLog()).filter((e) => e.message.includes("[dts-objects]"));
  expect(ours.length).toBeGreaterThan(0);
  const urn = ours[0]!.urn;
  expect(urn).toMatch(/::pulumi-nodejs:dynamic\/dts:SynchronizationObjectModification::shop-objects$/);
  expect(ours.filter((e) => e.urn !== urn)).toEqual([]);
  const ephemeral = ours.filter((e) => e.ephemeral);
  expect(ephemeral.some((e) => /data initialization \d+% · .*(about .+|less than a minute) left/.test(e.message))).toBe(true);
  expect(ours.some((e) => !e.ephemeral && /\(task \w+\): done: /.test(e.message))).toBe(true);
  expect(firstUp.output).toMatch(/data initialization NotStarted -> Migrating|data initialization Migrating -> Finished/);
});

test("examples/basic with the seam turned off: plain lines with the time left, no ephemeral event, said once", async () => {
  // The same long wait as the first `up`, on a job of its own, in a project with the seam turned off.
  const offJob = engine.emu.createJob({
    name: "lifecycle-seam-off",
    scenario: { name: "success", durations: { dataRowsPerSecond: 1000 }, rows: { min: 3_000_000, max: 3_000_000 } },
  });
  const p = await engine.example(offJob, {
    label: "lifecycle-seam-off",
    config: { "dts:progressIntervalSeconds": "1" },
    env: { PULUMI_DTS_OBJECTS_DYNAMIC_SEAM: "off" },
  });
  p.env.PULUMI_DEBUG_COMMANDS = "true";
  const log = path.join(p.workDir, "events.jsonl");
  const up = await p.up({}, ["--event-log", log]);
  expect(tasksOf(engine.emu, offJob)).toHaveLength(1);
  const ours = diagnostics(log).filter((e) => e.message.includes("[dts-objects]"));
  expect(ours.length).toBeGreaterThan(0);
  expect(ours.filter((e) => e.ephemeral)).toEqual([]);
  expect(ours.some((e) => /data initialization Migrating \d+% \(\d+s, (about .+|less than a minute) left\)/.test(e.message))).toBe(true);
  expect(ours.some((e) => /\(task \w+\): done: /.test(e.message))).toBe(true);
  expect(up.output).toMatch(/data initialization NotStarted -> Migrating|data initialization Migrating -> Finished/);
  // Once per host process (preview and update may each start one), not per poll.
  const said = up.output.match(/the dynamic resources run without .*PULUMI_DTS_OBJECTS_DYNAMIC_SEAM=off/g) ?? [];
  expect(said.length).toBeGreaterThanOrEqual(1);
  expect(said.length).toBeLessThanOrEqual(2);
});

test("refresh returns fresh outputs from the status endpoints (same task, more polls)", async () => {
  expect(firstOutputs).toBeDefined();
  const before = await modificationInState(project);
  const describeBefore = actionCalls(engine.emu, "DescribeSynchronizationObjectModifyStatus");
  await project.refresh();
  const after = await modificationInState(project);
  expect(actionCalls(engine.emu, "DescribeSynchronizationObjectModifyStatus")).toBeGreaterThan(describeBefore);
  expect(after.id).toBe(before.id);
  expect(after.outputs.taskId).toBe(firstOutputs.taskId);
  expect(after.outputs.dataInitialization.status).toBe("Finished");
  expect(after.outputs.polls).toBeGreaterThan(before.outputs.polls);
  expect(tasksOf(engine.emu, jobId)).toHaveLength(1);

  // The next up shows the refreshed values in the stack outputs, and starts nothing.
  await project.up();
  const o = await project.outputs();
  expect(o.taskId).toBe(firstOutputs.taskId);
  expect(o.polls).toBe(after.outputs.polls);
  expect(engine.emu.taskCount(jobId)).toBe(1);
});

test("no secret in the state: the access key secret is in neither the export nor the serialized provider", async () => {
  const secret = engine.emu.accessKeySecret;
  const plain = await project.exportStack();
  expect(plain.text).not.toContain(secret);
  // The engine keeps the stack config as the inputs of the default `pulumi-nodejs` provider resource: the secret
  // is there only as ciphertext (Pulumi's secret envelope), never as plaintext.
  const defaultProvider = plain.deployment.deployment.resources.find((r: any) => r.type === "pulumi:providers:pulumi-nodejs");
  const stored = defaultProvider?.inputs?.["dts:accessKeySecret"];
  if (stored !== undefined) {
    expect(stored).toEqual(expect.objectContaining({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: expect.any(String) }));
  }

  // Even with secrets decrypted, the modification resource (inputs, outputs, serialized provider) has no secret.
  const shown = await project.exportStack({ showSecrets: true });
  const res = shown.deployment.deployment.resources.find((r: any) => /SynchronizationObjectModification$/.test(r.type));
  expect(JSON.stringify(res)).not.toContain(secret);
  const providerText = [res.inputs?.__provider, res.outputs?.__provider].map((v: any) => (typeof v === "string" ? v : JSON.stringify(v))).join("\n");
  expect(providerText.length).toBeGreaterThan(0);
  expect(providerText).not.toContain(secret);
  // The serialized provider stays small (no client captured).
  expect((res.inputs.__provider as string).length).toBeLessThan(50_000);
  // Outputs carry no credential either.
  expect(JSON.stringify(res.outputs)).not.toMatch(/accessKey/i);
});

test("destroy succeeds and leaves the job alone (no new task, no modify call)", async () => {
  const modifyBefore = actionCalls(engine.emu, "ModifySynchronizationObject");
  const count = engine.emu.taskCount(jobId);
  const destroy = await project.destroy();
  expect(destroy.code).toBe(0);
  expect(await modificationInState(project)).toBeUndefined();
  expect(engine.emu.taskCount(jobId)).toBe(count);
  expect(actionCalls(engine.emu, "ModifySynchronizationObject")).toBe(modifyBefore);
  const [task] = tasksOf(engine.emu, jobId);
  expect(task!.data.status).toBe("Finished");
});
