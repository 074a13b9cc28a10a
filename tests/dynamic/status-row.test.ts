/**
 * The dynamic face (examples/basic) through the real engine with `--event-log`, on a data initialization long
 * enough to be estimated: its host cannot tie a line to the resource (the provider gets no URN, see
 * tests/dynamic/host-no-urn.test.ts), so no ephemeral event of ours is sent and the provider's plain lines stay as before,
 * with the time left on the percent lines; the phase changes and the verdict are there too.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { tasksOf, useEngine } from "../support/engine";

jest.setTimeout(240_000);

const engine = useEngine();

test("examples/basic: plain lines with the time left, no ephemeral event (the host gives the provider no URN)", async () => {
  // Two tables of 3 M rows at 1 000 rows/s in parallel: 3 000 emulated seconds of data initialization, 15 s here.
  const jobId = engine.emu.createJob({
    name: "dynamic-status",
    scenario: { name: "success", durations: { dataRowsPerSecond: 1000 }, rows: { min: 3_000_000, max: 3_000_000 } },
  });
  const p = await engine.example(jobId, { label: "dynamic-status", config: { "dts:progressIntervalSeconds": "1" } });
  p.env.PULUMI_DEBUG_COMMANDS = "true";
  const eventLog = path.join(p.workDir, "events.jsonl");
  const up = await p.up({}, ["--event-log", eventLog]);
  const [task] = tasksOf(engine.emu, jobId);
  expect(task).toBeDefined();

  const events = fs
    .readFileSync(eventLog, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .flatMap((l) => {
      const e = JSON.parse(l) as { diagnosticEvent?: { urn?: string; message: string; ephemeral?: boolean } };
      return e.diagnosticEvent ? [e.diagnosticEvent] : [];
    });
  const ours = events.filter((e) => e.message.includes("[dts-objects]"));
  expect(ours.length).toBeGreaterThan(0);
  expect(ours.filter((e) => e.ephemeral)).toEqual([]);
  expect(ours.some((e) => /data initialization Migrating \d+% \(\d+s, (about .+|less than a minute) left\)/.test(e.message))).toBe(true);
  expect(ours.some((e) => /\(task \w+\): done: /.test(e.message))).toBe(true);
  expect(up.output).toMatch(/data initialization NotStarted -> Migrating|data initialization Migrating -> Finished/);
});
