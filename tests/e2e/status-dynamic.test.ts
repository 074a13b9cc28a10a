/**
 * The dynamic face (examples/basic) through the real engine with `--event-log`, on a data initialization long
 * enough to be estimated. Through the seam of the dynamic-provider host (provider/shared/dynamic-host: the host itself
 * still hands the provider no URN, see tests/host/no-urn.test.ts), the status is an ephemeral line on the resource's
 * row with the time left, and the phase changes and the verdict are lines tied to the resource; turned off
 * (PULUMI_DTS_OBJECTS_DYNAMIC_SEAM=off) the provider's plain lines stay as before, with the time left on the percent
 * lines. The same with a component parent and the packed tarball: tests/dynamic/engine-seam.test.ts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { EmulatorHandle } from "../../emulator";
import { ENSURE_PULUMI_TIMEOUT_MS, type PulumiProject } from "./pulumi-harness";
import { exampleProject, prepareE2E, startTestEmulator, tasksOf } from "./fixtures";

jest.setTimeout(240_000);

let emu: EmulatorHandle;
const projects: PulumiProject[] = [];

beforeAll(async () => {
  await prepareE2E();
  emu = await startTestEmulator();
}, ENSURE_PULUMI_TIMEOUT_MS);

afterAll(async () => {
  for (const p of projects) await p.cleanup();
  await emu?.stop();
});

/** The diagnostic events of an `--event-log` file. */
function diagnostics(eventLog: string): { urn?: string; message: string; ephemeral?: boolean }[] {
  return fs
    .readFileSync(eventLog, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .flatMap((l) => {
      const e = JSON.parse(l) as { diagnosticEvent?: { urn?: string; message: string; ephemeral?: boolean } };
      return e.diagnosticEvent ? [e.diagnosticEvent] : [];
    });
}

async function longWait(label: string, env: Record<string, string> = {}) {
  // Two tables of 3 M rows at 1 000 rows/s in parallel: 3 000 emulated seconds of data initialization, 15 s here.
  const jobId = emu.createJob({
    name: label,
    scenario: { name: "success", durations: { dataRowsPerSecond: 1000 }, rows: { min: 3_000_000, max: 3_000_000 } },
  });
  const p = await exampleProject(emu, jobId, { label, config: { "dts:progressIntervalSeconds": "1" }, env });
  projects.push(p);
  p.env.PULUMI_DEBUG_COMMANDS = "true";
  const eventLog = path.join(p.workDir, "events.jsonl");
  const up = await p.up({}, ["--event-log", eventLog]);
  const [task] = tasksOf(emu, jobId);
  expect(task).toBeDefined();
  const ours = diagnostics(eventLog).filter((e) => e.message.includes("[dts-objects]"));
  expect(ours.length).toBeGreaterThan(0);
  return { up, ours };
}

test("examples/basic: the status on the resource's row with the time left; phase changes and the verdict tied to it", async () => {
  const { up, ours } = await longWait("dynamic-status");
  const urn = ours[0]!.urn;
  expect(urn).toMatch(/::pulumi-nodejs:dynamic\/dts:SynchronizationObjectModification::shop-objects$/);
  expect(ours.filter((e) => e.urn !== urn)).toEqual([]);
  const ephemeral = ours.filter((e) => e.ephemeral);
  expect(ephemeral.some((e) => /data initialization \d+% · .*(about .+|less than a minute) left/.test(e.message))).toBe(true);
  expect(ours.some((e) => !e.ephemeral && /\(task \w+\): done: /.test(e.message))).toBe(true);
  expect(up.output).toMatch(/data initialization NotStarted -> Migrating|data initialization Migrating -> Finished/);
});

test("examples/basic with the seam turned off: plain lines with the time left, no ephemeral event, said once", async () => {
  const { up, ours } = await longWait("dynamic-status-off", { PULUMI_DTS_OBJECTS_DYNAMIC_SEAM: "off" });
  expect(ours.filter((e) => e.ephemeral)).toEqual([]);
  expect(ours.some((e) => /data initialization Migrating \d+% \(\d+s, (about .+|less than a minute) left\)/.test(e.message))).toBe(true);
  expect(ours.some((e) => /\(task \w+\): done: /.test(e.message))).toBe(true);
  expect(up.output).toMatch(/data initialization NotStarted -> Migrating|data initialization Migrating -> Finished/);
  // Once per host process (preview and update may each start one), not per poll.
  const said = up.output.match(/the dynamic resources run without .*PULUMI_DTS_OBJECTS_DYNAMIC_SEAM=off/g) ?? [];
  expect(said.length).toBeGreaterThanOrEqual(1);
  expect(said.length).toBeLessThanOrEqual(2);
});
