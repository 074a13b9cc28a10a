/**
 * The native plugin through the real engine on a job whose modification never finishes (emulator scenario
 * `never-finishes`): one Ctrl-C (SIGINT) to `pulumi up` stops the wait through the engine's Cancel, and
 * `customTimeouts: {create: 20s}` bounds the create. Both end as a partial failure that keeps the TaskId; the next
 * `up` resumes the same task and starts none.
 */
import { actionCalls, tasksOf, useEngine } from "../support/engine";
import { until } from "../support/until";
import type { PulumiProject } from "../support/pulumi-project";
import { VERSION, nativeResource, yamlProgram } from "../support/native-plugin";

jest.setTimeout(240_000);

const engine = useEngine({ yaml: true });

/** After a partial failure: the state holds the TaskId; the next `up` (task released) resumes it, no second modify. */
async function expectResumes(p: PulumiProject, jobId: string): Promise<void> {
  const [task] = tasksOf(engine.emu, jobId);
  expect(tasksOf(engine.emu, jobId)).toHaveLength(1);
  const saved = await nativeResource(p);
  expect(saved?.id).toBe(task!.taskId);
  expect(saved.outputs.taskId).toBe(task!.taskId);
  const modifies = actionCalls(engine.emu, "ModifySynchronizationObject");
  engine.emu.release(jobId);
  const up = await p.up();
  expect(up.output).toMatch(/1 updated/);
  expect(actionCalls(engine.emu, "ModifySynchronizationObject")).toBe(modifies);
  expect(tasksOf(engine.emu, jobId)).toHaveLength(1);
  expect((await nativeResource(p)).outputs.dataInitialization.status).toBe("Finished");
}

test("one SIGINT during a long wait: pulumi exits within 10 s, the TaskId is saved, the next up resumes the same task", async () => {
  const jobId = engine.emu.createJob({ name: "native-ctrl-c", scenario: "never-finishes" });
  const p = await engine.yaml(jobId, { label: "native-ctrl-c" });

  const first = p.startUp();
  await until(() => tasksOf(engine.emu, jobId).length === 1, "the up to start the task");
  const polled = actionCalls(engine.emu, "DescribeSynchronizationObjectModifyStatus");
  await until(() => actionCalls(engine.emu, "DescribeSynchronizationObjectModifyStatus") > polled + 1, "the provider to poll the task");
  const signalledAt = Date.now();
  // One SIGINT, to pulumi itself (`timeout` forwards it).
  first.child.kill("SIGINT");
  const ended = await first.done;
  const seconds = (ended.endedAt - signalledAt) / 1000;
  process.stderr.write(`native Ctrl-C: pulumi exited ${seconds.toFixed(1)} s after one SIGINT (code ${ended.code})\n`);
  expect(ended.code).not.toBe(0);
  expect(ended.code).not.toBe(124);
  expect(seconds).toBeLessThan(10);
  expect(ended.output).toMatch(/the wait was cancelled: Ctrl-C/);
  await expectResumes(p, jobId);
});

test("customTimeouts {create: 20s} ends the create of a never-finishing task in about 20 s, TaskId saved", async () => {
  const jobId = engine.emu.createJob({ name: "native-custom-timeouts", scenario: "never-finishes" });
  const program = yamlProgram().replace(
    `    options:\n      version: ${VERSION}`,
    `    options:\n      version: ${VERSION}\n      customTimeouts:\n        create: 20s`,
  );
  expect(program).toContain("customTimeouts");
  const p = await engine.yaml(jobId, { program, label: "native-custom-timeouts" });

  const started = Date.now();
  const up = p.startUp();
  await until(() => tasksOf(engine.emu, jobId).length === 1, "the up to start the task");
  const taskStartedAt = Date.now();
  const ended = await up.done;
  const seconds = (ended.endedAt - taskStartedAt) / 1000;
  process.stderr.write(
    `native customTimeouts: the create ended ${seconds.toFixed(1)} s after the task started (${((ended.endedAt - started) / 1000).toFixed(1)} s for the whole up)\n`,
  );
  expect(ended.code).not.toBe(0);
  expect(ended.code).not.toBe(124);
  expect(ended.output).toMatch(/customTimeouts bounded this operation to 20 s; wait.timeoutMinutes is 3/);
  // wait.timeoutMinutes is 3: only customTimeouts can end it this early.
  expect(seconds).toBeGreaterThan(17);
  expect(seconds).toBeLessThan(35);
  await expectResumes(p, jobId);
});
