/**
 * `SynchronizationJobInitialization` and `DtsJobInitialization` never claim "no failed table/object" they did not
 * check (issue 30): a job that initialized, behind a proxy that refuses the failed-tables read
 * (`DescribeInitializationStatus`) or the failed-objects read (`DescribePreCheckStatus`) with 403 Forbidden.RAM and
 * forwards every other call to the emulator, fails the operation under `failOn` (the default) with the reason and
 * the RAM action; the next `pulumi up` looks again (diff) and succeeds once readable; opted out, it succeeds and
 * `failedLeftOut` says they were not checked.
 */
jest.mock("pulumi-dts-objects", () => jest.requireActual("../../provider"), { virtual: true });

import { ModificationIncompleteError } from "../../provider";
import { initializationJob } from "../support/dts-job";
import { INITIALIZATION_FACES, jobIdIn } from "../support/initialization";
import { checkedInputs, rejection } from "../support/provider";
import { useProviderFixture } from "../support/provider-fixture";

/** Calls go through a proxy that refuses the action a test sets in `fx.proxy.refused` (a RAM policy lacking it). */
const fx = useProviderFixture({ emulator: { seed: 33, log: false }, proxy: {} });

describe.each(["sync-job", "dts-job"] as const)("%s", (family) => {
  const face = INITIALIZATION_FACES[family];
  const { action, failOnKey, head } = face.failedRead;
  let provider: InstanceType<(typeof face)["Provider"]>;
  let seq = 0;
  beforeAll(async () => {
    provider = await fx.configure(face.Provider);
  });
  const newJob = async () => jobIdIn(family, await initializationJob(fx.emu.url));
  const inputs = (id: string, user: Record<string, unknown> = {}) => checkedInputs(face.impl, { [face.idKey]: id, ...user }, `nc-${family}-${++seq}`);

  it("unreadable after the job initialized: fails by default naming the RAM action; the next up looks again and succeeds", async () => {
    const id = await newJob();
    const raw = inputs(id);
    fx.proxy.refused = action;
    const e = await rejection(provider.create(raw));
    expect(e).toBeInstanceOf(ModificationIncompleteError);
    expect(e.message).toContain(`were not checked and failOn.${failOnKey} is true (the default)`);
    expect(e.message).toContain(`grant the RAM action dts:${action}`);
    expect(e.message).not.toContain(fx.emu.accessKeySecret);
    expect(e.properties.failedLeftOut).toMatch(new RegExp(`^${head}: ${action} failed \\(Forbidden\\.RAM`));
    expect(e.properties[failOnKey]).toEqual([]);
    expect(e.properties.initialized).toBe(true);
    expect(face.impl.diff(id, e.properties, raw).changes).toBe(true);
    fx.proxy.refused = undefined;
    const { outs } = await provider.update(id, e.properties, raw);
    expect(outs.failedLeftOut).toBeUndefined();
    expect(face.impl.diff(id, outs, raw).changes).toBe(false);
  });

  it(`unreadable, failOn.${failOnKey}=false: succeeds and says they were not checked`, async () => {
    const id = await newJob();
    fx.proxy.refused = action;
    const { outs } = await provider.create(inputs(id, { failOn: { [failOnKey]: false } }));
    expect(outs.failedLeftOut).toMatch(new RegExp(`^${head}: ${action} failed \\(Forbidden\\.RAM.*Fix: grant the RAM action`));
    expect(outs[failOnKey]).toEqual([]);
  });
});
