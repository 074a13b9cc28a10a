/**
 * `DtsJobModification` never claims "no failed object" it did not check (issue 30): after a change succeeds, its
 * failed objects come from `DescribePreCheckStatus` (JobCodes 02/03). Behind a proxy that refuses that action with
 * 403 Forbidden.RAM (and forwards every other call to the emulator), the change is "failed objects not checked":
 * under `failOn.failedObjects` (the default) the operation fails with the reason and the RAM action to grant, keeping
 * the change; the next `pulumi up` looks at the same change again (nothing written) and, once readable, reports the
 * objects that did fail; with `failOn: {failedObjects: false}` it succeeds and says the objects were not checked.
 */
jest.mock("pulumi-dts-objects", () => jest.requireActual("../../provider"), { virtual: true });

import { __dtsJobProviderImpl, DtsJobModificationProvider, ModificationIncompleteError } from "../../provider";
import { checkedInputs, rejection } from "../support/provider";
import { useProviderFixture } from "../support/provider-fixture";

/** Calls go through a proxy that refuses DescribePreCheckStatus after `refuse()` (a RAM policy lacking that one action). */
const fx = useProviderFixture({ emulator: { seed: 32, log: false }, Provider: DtsJobModificationProvider, proxy: {} });
const refuse = (on = true) => {
  fx.proxy.refused = on ? "DescribePreCheckStatus" : undefined;
};

const LIST = { dtstestdata: { name: "dtstestdata", all: false, Table: { customer: { name: "customer", all: true }, orders: { name: "orders", all: true } } } };

let seq = 0;
function newJob(scenario?: string): { instanceId: string; dtsJobId: string } {
  const instanceId = fx.emu.createJob({ jobId: `dtsn${String(++seq).padStart(7, "0")}`, ...(scenario ? { scenario: scenario as never } : {}) });
  return { instanceId, dtsJobId: instanceId.replace(/^dts/, "") };
}

const modifyCount = () => fx.emu.stats().byAction.ModifyDtsJob ?? 0;

/** Checked inputs, as the engine hands them to create. */
const inputs = (user: Record<string, unknown>) => checkedInputs(__dtsJobProviderImpl, user, `dtsjob-n${seq}`);

/** The failure of a refused read under failOn.failedObjects (the default): the reason and the RAM action, no secret, nothing claimed. */
function notCheckedVerdict(e: Error & Record<string, any>): Record<string, any> {
  expect(e).toBeInstanceOf(ModificationIncompleteError);
  expect(e.message).toMatch(/finished, but its failed objects were not checked and failOn\.failedObjects is true \(the default\)/);
  expect(e.message).toMatch(
    /failed objects not checked: DescribePreCheckStatus failed \(Forbidden\.RAM: .*\)\. Fix: grant the RAM action dts:DescribePreCheckStatus/,
  );
  expect(e.message).not.toContain(fx.emu.accessKeySecret);
  const saved = e.properties as Record<string, any>;
  expect(saved.failedObjects).toEqual([]);
  expect(saved.failedObjectsLeftOut).toMatch(/^failed objects not checked: DescribePreCheckStatus failed \(Forbidden\.RAM/);
  return saved;
}

/** The failure of a change whose objects were read and some failed, under failOn.failedObjects (the default). */
function failedObjectsVerdict(e: Error & Record<string, any>): void {
  expect(e).toBeInstanceOf(ModificationIncompleteError);
  expect(e.message).toMatch(/finished, but \d+ objects? failed and failOn\.failedObjects is true \(the default\)/);
}

it("failed objects unreadable after a success: fails by default naming the RAM action; the next up checks the same change again", async () => {
  // A change whose phases finish but a table fails: only DescribePreCheckStatus tells.
  const { instanceId, dtsJobId } = newJob("failed-tables");
  const before = modifyCount();
  const raw = inputs({ dtsJobId, dtsInstanceId: instanceId, dbList: LIST });
  refuse();
  const saved = notCheckedVerdict(await rejection(fx.provider.create(raw)));
  expect(saved.dataInitialization.status).toBe("Finished");
  expect(fx.lines.join("\n")).toMatch(/finished, failed objects not checked/);
  expect(modifyCount() - before).toBe(1);

  // Stored "not checked" is not a success: the next `up` runs (diff) ...
  expect(__dtsJobProviderImpl.diff(dtsJobId, saved, raw).changes).toBe(true);
  // ... still refused: the same verdict, nothing written ...
  const again = await rejection(fx.provider.update(dtsJobId, saved, raw));
  expect(again).toBeInstanceOf(ModificationIncompleteError);
  expect(again.properties.failedObjectsLeftOut).toMatch(/^failed objects not checked/);
  // ... granted: the same change looked at again, and the table that did fail is reported (never "none failed").
  refuse(false);
  const checked = await rejection(fx.provider.update(dtsJobId, again.properties, raw));
  failedObjectsVerdict(checked);
  expect(checked.properties.failedObjects.length).toBeGreaterThan(0);
  expect(checked.properties.failedObjectsLeftOut).toBeUndefined();
  expect(modifyCount() - before).toBe(1);
});

it("failed objects unreadable, failOn.failedObjects=false: succeeds and says they were not checked", async () => {
  const { instanceId, dtsJobId } = newJob();
  const raw = inputs({ dtsJobId, dtsInstanceId: instanceId, dbList: LIST, failOn: { failedObjects: false } });
  refuse();
  const { outs } = await fx.provider.create(raw);
  expect(outs.failedObjects).toEqual([]);
  expect(outs.failedObjectsLeftOut).toMatch(
    /^failed objects not checked: DescribePreCheckStatus failed \(Forbidden\.RAM.*grant the RAM action dts:DescribePreCheckStatus/,
  );
  expect(typeof outs.finishedAt).toBe("string");
  expect(__dtsJobProviderImpl.diff(dtsJobId, outs, raw).changes).toBe(false);
});

it("failed objects readable: a success with none failed has no failedObjectsLeftOut (the same proxy, nothing refused)", async () => {
  const { instanceId, dtsJobId } = newJob();
  const raw = inputs({ dtsJobId, dtsInstanceId: instanceId, dbList: LIST });
  const { outs } = await fx.provider.create(raw);
  expect(outs.failedObjects).toEqual([]);
  expect(outs.failedObjectsLeftOut).toBeUndefined();
  expect(__dtsJobProviderImpl.diff(dtsJobId, outs, raw).changes).toBe(false);
});

const preCheckCount = () => fx.emu.stats().byAction.DescribePreCheckStatus ?? 0;

describe("a change found in place (dbList already the job's: no ModifyDtsJob, no wait)", () => {
  it("failed objects unreadable: fails by default naming the RAM action; the next up reads them again without writing, then reports the failed ones", async () => {
    // The job's latest change finished with a failed table (accepted by the first resource).
    const { instanceId, dtsJobId } = newJob("failed-tables");
    const first = await fx.provider.create(inputs({ dtsJobId, dtsInstanceId: instanceId, dbList: LIST, failOn: { failedObjects: false } }));
    expect(first.outs.change).toBe("modified");
    expect((first.outs.failedObjects as unknown[]).length).toBeGreaterThan(0);
    const before = modifyCount();

    const raw = inputs({ dtsJobId, dtsInstanceId: instanceId, dbList: LIST });
    refuse();
    const saved = notCheckedVerdict(await rejection(fx.provider.create(raw)));
    expect(saved.change).toBe("inPlace");
    expect(fx.lines.join("\n")).toMatch(/in place, failed objects not checked/);
    expect(modifyCount()).toBe(before);

    // Stored "not checked" is not a success: the next `up` runs (diff) ...
    expect(__dtsJobProviderImpl.diff(dtsJobId, saved, raw).changes).toBe(true);
    // ... still refused: the same verdict, nothing written ...
    const reads = preCheckCount();
    const again = await rejection(fx.provider.update(dtsJobId, saved, raw));
    expect(again).toBeInstanceOf(ModificationIncompleteError);
    expect(again.properties.change).toBe("inPlace");
    expect(again.properties.failedObjectsLeftOut).toMatch(/^failed objects not checked/);
    // ... granted: read again, and the table that did fail is reported (never "none failed").
    refuse(false);
    const checked = await rejection(fx.provider.update(dtsJobId, again.properties, raw));
    expect(preCheckCount()).toBeGreaterThan(reads);
    failedObjectsVerdict(checked);
    expect(checked.properties.change).toBe("inPlace");
    expect(checked.properties.failedObjects).toEqual(first.outs.failedObjects);
    expect(checked.properties.failedObjectsLeftOut).toBeUndefined();
    expect(modifyCount()).toBe(before);
  });

  it("failed objects readable and none failed: succeeds after reading them (DescribePreCheckStatus called), no failedObjectsLeftOut", async () => {
    const { instanceId, dtsJobId } = newJob();
    await fx.provider.create(inputs({ dtsJobId, dtsInstanceId: instanceId, dbList: LIST }));
    const [before, reads] = [modifyCount(), preCheckCount()];
    const raw = inputs({ dtsJobId, dtsInstanceId: instanceId, dbList: LIST });
    const { outs } = await fx.provider.create(raw);
    expect(outs.change).toBe("inPlace");
    expect(preCheckCount()).toBeGreaterThan(reads);
    expect(outs.failedObjects).toEqual([]);
    expect(outs.failedObjectsLeftOut).toBeUndefined();
    expect(modifyCount()).toBe(before);
    expect(__dtsJobProviderImpl.diff(dtsJobId, outs, raw).changes).toBe(false);
  });

  it("failed objects unreadable, failOn.failedObjects=false: succeeds and says they were not checked", async () => {
    const { instanceId, dtsJobId } = newJob();
    await fx.provider.create(inputs({ dtsJobId, dtsInstanceId: instanceId, dbList: LIST }));
    const raw = inputs({ dtsJobId, dtsInstanceId: instanceId, dbList: LIST, failOn: { failedObjects: false } });
    refuse();
    const { outs } = await fx.provider.create(raw);
    expect(outs.change).toBe("inPlace");
    expect(outs.failedObjects).toEqual([]);
    expect(outs.failedObjectsLeftOut).toMatch(
      /^failed objects not checked: DescribePreCheckStatus failed \(Forbidden\.RAM.*grant the RAM action dts:DescribePreCheckStatus/,
    );
    expect(__dtsJobProviderImpl.diff(dtsJobId, outs, raw).changes).toBe(false);
  });

  it("failed objects found in place fail the operation under failOn.failedObjects, as after a change", async () => {
    const { instanceId, dtsJobId } = newJob("failed-tables");
    const first = await fx.provider.create(inputs({ dtsJobId, dtsInstanceId: instanceId, dbList: LIST, failOn: { failedObjects: false } }));
    const e = await rejection(fx.provider.create(inputs({ dtsJobId, dtsInstanceId: instanceId, dbList: LIST })));
    failedObjectsVerdict(e);
    expect(e.properties.change).toBe("inPlace");
    expect(e.properties.failedObjects).toEqual(first.outs.failedObjects);
  });
});
