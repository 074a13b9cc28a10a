/**
 * The status on the resource's row, through the real engine (`PULUMI_DEBUG_COMMANDS=true pulumi up --event-log`),
 * for a YAML program on the native plugin, against the emulator with a data initialization long enough to be
 * estimated (about 15 s of real time): the wait's status goes out as ephemeral diagnostic events carrying the
 * resource's URN and the time left; phase changes and the verdict are normal events tied to the URN; the ephemeral
 * line is cleared (an empty ephemeral message) at the end; the final Diagnostics (plain, no TTY) keep the phase
 * changes and the verdict, not the percent/time-left lines.
 */
import * as path from "node:path";
import { tasksOf, useEngine } from "../support/engine";
import { diagnostics } from "../support/pulumi-project";

jest.setTimeout(240_000);

const engine = useEngine({ yaml: true });

/** The text after the final `Diagnostics:` header, up to the next section (`Outputs:` or `Resources:`). */
function finalDiagnostics(output: string): string {
  const start = output.indexOf("Diagnostics:");
  expect(start).toBeGreaterThanOrEqual(0);
  const rest = output.slice(start);
  const end = rest.search(/\n(Outputs|Resources):/);
  return end < 0 ? rest : rest.slice(0, end);
}

test("native plugin: ephemeral status with the URN and the time left; the final Diagnostics keep phase changes and the verdict only", async () => {
  // Two tables of 3 M rows at 1 000 rows/s (in parallel): 3 000 emulated seconds of data initialization, 15 s here.
  const jobId = engine.emu.createJob({
    name: "native-status-row",
    scenario: { name: "success", durations: { dataRowsPerSecond: 1000 }, rows: { min: 3_000_000, max: 3_000_000 } },
  });
  const p = await engine.yaml(jobId, { label: "native-status-row" });
  // A status update at most every second (the spacing rule of percent lines, dts:progressIntervalSeconds).
  await p.setConfigs({ "dts:progressIntervalSeconds": 1 });
  p.env.PULUMI_DEBUG_COMMANDS = "true";
  const eventLog = path.join(p.workDir, "events.jsonl");

  const up = await p.up({}, ["--event-log", eventLog]);
  const [task] = tasksOf(engine.emu, jobId);
  expect(task).toBeDefined();

  const events = diagnostics(eventLog);
  const ours = events.filter((e) => e.urn?.endsWith("::dts:index:SynchronizationObjectModification::objs"));
  const urn = ours[0]?.urn;
  expect(urn).toMatch(/^urn:pulumi:.+::dts:index:SynchronizationObjectModification::objs$/);

  // The status line: ephemeral, on the resource's URN, with percent, counter and (once meaningful) the time left.
  const status = ours.filter((e) => e.ephemeral === true);
  const withTimeLeft = status.filter((e) => /data initialization \d+% · [\d.]+ [kM]? ?rows · (about .+ left|less than a minute left)/.test(e.message));
  expect(withTimeLeft.length).toBeGreaterThan(0);
  expect(status.some((e) => /data initialization \d+% · .+ · estimating…/.test(e.message))).toBe(true);
  // Cleared at the end: the last ephemeral message of the resource is empty.
  expect(status.at(-1)!.message.trim()).toBe("");

  // Phase changes and the verdict: normal events tied to the URN.
  const normal = ours.filter((e) => !e.ephemeral).map((e) => e.message);
  expect(normal.some((m) => m.includes("data initialization NotStarted -> Migrating") || m.includes("data initialization Migrating -> Finished"))).toBe(true);
  expect(normal.some((m) => /\(task \w+\): done: /.test(m))).toBe(true);
  // No percent lines among the normal ones (they are on the status line).
  expect(normal.filter((m) => / \(\d+s\)$/.test(m.trim()))).toEqual([]);
  // No event of ours went to the stack's row.
  expect(events.filter((e) => !e.urn && e.message.includes("[dts-objects]"))).toEqual([]);

  // The final Diagnostics (plain output): phase changes and verdict, no status/time-left line.
  const diag = finalDiagnostics(up.output);
  expect(diag).toContain("dts:index:SynchronizationObjectModification (objs)");
  expect(diag).toMatch(/done: /);
  expect(diag).not.toMatch(/left\b|estimating…/);
  expect(diag).not.toMatch(/ · /);
});
