/**
 * The resource never claims a table verdict it did not check (issue 30): behind a proxy that refuses
 * `DescribeInitializationStatus` with 403 Forbidden.RAM (a RAM policy lacking that one action) and forwards every
 * other call to the emulator, a task whose phases all finished fails under `failOn.failedTables` (the default) with
 * the reason and the RAM action to grant, keeping the TaskId; with `failOn: {failedTables: false}` it succeeds and
 * `tablesLeftOut` says the tables were not checked, with no counts.
 */
jest.mock("pulumi-dts-objects", () => jest.requireActual("../../provider"), { virtual: true });

import { ModificationIncompleteError, SynchronizationObjectModificationProvider } from "../../provider";
import { inputsFor, rejection } from "../support/provider";
import { useProviderFixture } from "../support/provider-fixture";

/** Calls go through a proxy that refuses DescribeInitializationStatus in every test. */
const fx = useProviderFixture({
  emulator: { seed: 30 },
  Provider: SynchronizationObjectModificationProvider,
  proxy: { refused: "DescribeInitializationStatus" },
});

it("an unreadable table report fails the resource by default: the reason, the RAM action, the TaskId kept", async () => {
  const { jobId, inputs } = inputsFor(fx.emu, { scenario: "success" });
  const e = await rejection(fx.provider.create(inputs));
  expect(e).toBeInstanceOf(ModificationIncompleteError);
  expect(e.message).toMatch(/finished, but its tables were not checked and failOn\.failedTables is true \(the default\)/);
  expect(e.message).toMatch(/grant the RAM action dts:DescribeInitializationStatus/);
  expect(e.properties.taskId).toMatch(/.+/);
  expect(e.id).toBe(e.properties.taskId);
  expect(e.properties.tablesLeftOut).toMatch(/^tables not checked: DescribeInitializationStatus failed \(Forbidden\.RAM/);
  expect(e.properties.tables).toBeUndefined();
  expect(e.properties.failedTables).toEqual([]);
  expect(fx.emu.taskCount(jobId)).toBe(1);
  expect(e.message).not.toContain(fx.emu.accessKeySecret);
});

it("with failOn.failedTables=false it succeeds, and says the tables were not checked (no counts)", async () => {
  const { inputs } = inputsFor(fx.emu, { scenario: "success" });
  const { outs } = await fx.provider.create({ ...inputs, failOn: { failedTables: false } });
  expect(outs.tablesLeftOut).toMatch(/^tables not checked/);
  expect(outs.tables).toBeUndefined();
  expect(outs.failedTables).toEqual([]);
});
