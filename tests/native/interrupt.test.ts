/**
 * The native plugin through the real engine on a job whose modification never finishes (emulator scenario
 * `never-finishes`): one Ctrl-C (SIGINT) to `pulumi up` stops the wait through the engine's Cancel, and
 * `customTimeouts: {create: 20s}` bounds the create. Both end as a partial failure that keeps the TaskId; the next
 * `up` resumes the same task and starts none.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import type { EmulatorHandle } from "../../emulator";
import { actionCalls, prepareE2E, startTestEmulator, tasksOf } from "../e2e/fixtures";
import { ENSURE_PULUMI_TIMEOUT_MS, type PulumiProject } from "../e2e/pulumi-harness";
import { ENSURE_YAML_TIMEOUT_MS, VERSION, nativeResource, pluginTarball, yamlBin, yamlProgram, yamlProject } from "./helpers";

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

async function until(condition: () => boolean, what: string, timeoutMs = 90_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** `pulumi up` as a child we can signal (in its own process group, killed with it after 120 s at the latest). */
function startUp(p: PulumiProject): { child: ReturnType<typeof spawn>; done: Promise<{ code: number | null; output: string; endedAt: number }> } {
  const child = spawn(
    "timeout",
    // --foreground: GNU timeout otherwise sends a signal it receives to pulumi AND again to its whole process group,
    // which pulumi counts as a second Ctrl-C ("^C received; terminating"). -k still kills it after 120 + 5 s.
    [
      "--foreground",
      "-k",
      "5",
      "120",
      path.join(p.binDir, "pulumi"),
      "up",
      "--stack",
      p.stack,
      "--yes",
      "--skip-preview",
      "--non-interactive",
      "--color=never",
    ],
    {
      cwd: p.programDir,
      env: p.env,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const done = new Promise<{ code: number | null; output: string; endedAt: number }>((resolve) =>
    child.on("close", (code) => resolve({ code, output, endedAt: Date.now() })),
  );
  return { child, done };
}

/** After a partial failure: the state holds the TaskId; the next `up` (task released) resumes it, no second modify. */
async function expectResumes(p: PulumiProject, jobId: string): Promise<void> {
  const [task] = tasksOf(emu, jobId);
  expect(tasksOf(emu, jobId)).toHaveLength(1);
  const saved = await nativeResource(p);
  expect(saved?.id).toBe(task!.taskId);
  expect(saved.outputs.taskId).toBe(task!.taskId);
  const modifies = actionCalls(emu, "ModifySynchronizationObject");
  emu.release(jobId);
  const up = await p.up();
  expect(up.output).toMatch(/1 updated/);
  expect(actionCalls(emu, "ModifySynchronizationObject")).toBe(modifies);
  expect(tasksOf(emu, jobId)).toHaveLength(1);
  expect((await nativeResource(p)).outputs.dataInitialization.status).toBe("Finished");
}

test("one SIGINT during a long wait: pulumi exits within 10 s, the TaskId is saved, the next up resumes the same task", async () => {
  const jobId = emu.createJob({ name: "native-ctrl-c", scenario: "never-finishes" });
  const p = await yamlProject(emu, jobId, { tarball, label: "native-ctrl-c" });
  projects.push(p);

  const first = startUp(p);
  await until(() => tasksOf(emu, jobId).length === 1, "the up to start the task");
  const polled = actionCalls(emu, "DescribeSynchronizationObjectModifyStatus");
  await until(() => actionCalls(emu, "DescribeSynchronizationObjectModifyStatus") > polled + 1, "the provider to poll the task");
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
  const jobId = emu.createJob({ name: "native-custom-timeouts", scenario: "never-finishes" });
  const program = yamlProgram().replace(
    `    options:\n      version: ${VERSION}`,
    `    options:\n      version: ${VERSION}\n      customTimeouts:\n        create: 20s`,
  );
  expect(program).toContain("customTimeouts");
  const p = await yamlProject(emu, jobId, { tarball, program, label: "native-custom-timeouts" });
  projects.push(p);

  const started = Date.now();
  const up = startUp(p);
  await until(() => tasksOf(emu, jobId).length === 1, "the up to start the task");
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
