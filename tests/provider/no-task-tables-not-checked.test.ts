/**
 * A change that started no task (the job already holds the objects) never claims a table verdict it did not check
 * (issue 30): behind a proxy that refuses `DescribeInitializationStatus` with 403 Forbidden.RAM (and forwards every
 * other call to the emulator), the job's report is "tables not checked" (checkJobTables, the rule of checkTables):
 * under `failOn.failedTables` (the default) the operation fails with the reason and the RAM action to grant; with
 * `failOn: {failedTables: false}` it succeeds and says so, with no counts; the next `pulumi up` checks again; a
 * refresh says the tables were not checked (never "could not be listed" with zero counts).
 */
jest.mock("pulumi-dts-objects", () => jest.requireActual("../../provider"), { virtual: true });

import { __providerImpl, ModificationIncompleteError, SynchronizationObjectModificationProvider } from "../../provider";
import { inputsFor, rejection } from "../support/provider";
import { useProviderFixture } from "../support/provider-fixture";

/** Calls go through a proxy that refuses DescribeInitializationStatus after `refuse()` (a RAM policy lacking that one action). */
const fx = useProviderFixture({ emulator: { seed: 31 }, Provider: SynchronizationObjectModificationProvider, proxy: {} });
const refuse = (on = true) => {
  fx.proxy.refused = on ? "DescribeInitializationStatus" : undefined;
};

/** A job that already syncs the inputs' objects (one task ran, its tables read): the next create starts no task. */
async function jobInPlace(extra: Record<string, unknown> = {}): Promise<{ jobId: string; inputs: Record<string, unknown>; tables: unknown }> {
  const { jobId, inputs } = inputsFor(fx.emu, { scenario: "success", extra });
  const first = await fx.provider.create(inputs);
  expect(first.outs.tables).toEqual({ total: 3, finished: 3, failed: 0 });
  return { jobId, inputs, tables: first.outs.tables };
}

it("no task, the job's report refused: the create fails by default with the reason and the RAM action; the next up checks again", async () => {
  const { jobId, inputs, tables } = await jobInPlace();
  refuse();
  const e = await rejection(fx.provider.create({ ...inputs }));
  expect(e).toBeInstanceOf(ModificationIncompleteError);
  expect(e.id).toBe(`notask:${jobId}`);
  expect(e.message).toMatch(/already syncs exactly these objects/);
  expect(e.message).toMatch(
    /But its tables were not checked and failOn\.failedTables is true \(the default\): tables not checked: DescribeInitializationStatus failed \(Forbidden\.RAM/,
  );
  expect(e.message).toMatch(/grant the RAM action dts:DescribeInitializationStatus/);
  expect(e.message).toMatch(/run `pulumi up` again to check the job's tables again, or set failOn: \{failedTables: false\}/);
  expect(e.message).not.toMatch(/could not be listed/);
  expect(e.message).not.toContain(fx.emu.accessKeySecret);
  expect(e.properties).toMatchObject({ source: "job", failedTables: [], __decided: true });
  expect(e.properties.tablesLeftOut).toMatch(/^tables not checked: DescribeInitializationStatus failed \(Forbidden\.RAM/);
  expect(e.properties.tables).toBeUndefined();
  expect(e.properties.taskId).toBeUndefined();
  expect(fx.emu.taskCount(jobId)).toBe(1);
  expect(fx.lines.join("\n")).toMatch(/tables not checked: DescribeInitializationStatus failed/);

  // Stored outputs whose tables were not checked are not a success: the next `up` runs again (diff) ...
  expect(__providerImpl.diff(e.id, e.properties, inputs).changes).toBe(true);
  // ... and, still refused, fails the same way (reporting the job again, no task started) ...
  const again = await rejection(fx.provider.update(e.id, e.properties, inputs));
  expect(again).toBeInstanceOf(ModificationIncompleteError);
  expect(again.properties.tablesLeftOut).toMatch(/^tables not checked/);
  // ... and once the access is granted, checks the job's tables and succeeds with their counts.
  refuse(false);
  const { outs } = await fx.provider.update(e.id, again.properties, inputs);
  expect(outs).toMatchObject({ source: "job", tables, failedTables: [] });
  expect(outs.tablesLeftOut).toBeUndefined();
  expect(__providerImpl.diff(e.id, outs, inputs).changes).toBe(false);
  expect(fx.emu.taskCount(jobId)).toBe(1);
});

it("no task, report refused, failOn.failedTables=false: succeeds and says the tables were not checked (no counts)", async () => {
  const { jobId, inputs } = await jobInPlace({ failOn: { failedTables: false } });
  refuse();
  const { id, outs } = await fx.provider.create({ ...inputs });
  expect(id).toBe(`notask:${jobId}`);
  expect(outs.tablesLeftOut).toMatch(/^tables not checked: DescribeInitializationStatus failed \(Forbidden\.RAM.*\. Fix: grant the RAM action/);
  expect(outs.tables).toBeUndefined();
  expect(outs.failedTables).toEqual([]);
  // Opted out: stored outputs with unchecked tables are a success, nothing to run again.
  expect(__providerImpl.diff(id, outs, inputs).changes).toBe(false);
});

it("a refresh of a resource without a task, report refused: tablesLeftOut says not checked, no counts", async () => {
  const { jobId, inputs } = await jobInPlace({ failOn: { failedTables: false } });
  const { id, outs } = await fx.provider.create({ ...inputs });
  expect(id).toBe(`notask:${jobId}`);
  expect(outs.tables).toEqual({ total: 3, finished: 3, failed: 0 });
  refuse();
  const r = await fx.provider.read(id, outs);
  expect(r.props?.tablesLeftOut).toMatch(
    /^tables not checked: DescribeInitializationStatus failed \(Forbidden\.RAM.*grant the RAM action dts:DescribeInitializationStatus/,
  );
  expect(r.props?.tables).toBeUndefined();
  expect(r.props?.failedTables).toEqual([]);
});
