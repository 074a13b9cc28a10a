/**
 * `SynchronizationJobInitialization` and `DtsJobInitialization` called in-process through their serialized shims
 * (the package name mapped to the sources) against the emulator's model of a new job's life, both families: success
 * from not started (status line says so), precheck failure with item + repair, initialization failure with tables,
 * deadline then resume, already initialized, caught-up reached and stalled, Ctrl-C, refresh, import, delete.
 */
jest.mock("pulumi-dts-objects", () => jest.requireActual("../../provider"), { virtual: true });

import { ModificationIncompleteError } from "../../provider";
import { cancelOperations, resetCancellation } from "../../provider/shared/operation";
import { initializationJob, type InitializationJob } from "../support/dts-job";
import { INITIALIZATION_FACES, jobIdIn, type InitializationFamily } from "../support/initialization";
import { checkedInputs, FAST_WAIT, rejection } from "../support/provider";
import { useProviderFixture } from "../support/provider-fixture";

const fx = useProviderFixture({ emulator: { seed: 5, log: false } });
let statusLines: string[] = [];

beforeEach(() => {
  statusLines = [];
  fx.setHooks({ status: () => (l) => statusLines.push(l) });
});

const newJob = (life: Record<string, unknown>) => initializationJob(fx.emu.url, life);
const writes = () => {
  const by = fx.emu.stats().byAction as Record<string, number | undefined>;
  return (by.ModifyDtsJob ?? 0) + (by.ModifySynchronizationObject ?? 0);
};

describe.each<InitializationFamily>(["sync-job", "dts-job"])("%s", (family) => {
  const face = INITIALIZATION_FACES[family];
  let provider: InstanceType<(typeof face)["Provider"]>;
  let seq = 0;
  beforeAll(async () => {
    provider = await fx.configure(face.Provider);
  });
  const idOf = (job: InitializationJob) => jobIdIn(family, job);
  /** Checked inputs, as the engine hands them to create. */
  const inputs = (job: InitializationJob, user: Record<string, unknown> = {}) =>
    checkedInputs(face.impl, { [face.idKey]: idOf(job), ...user }, `init-${++seq}`);
  const failedNames = (props: Record<string, unknown>) =>
    family === "sync-job" ? (props.failedTables as { table: string }[]).map((t) => t.table) : (props.failedObjects as { names?: string }[]).map((o) => o.names);

  it("check names the field and the fix at preview; an unknown (preview) value is kept", () => {
    const f = (news: Record<string, unknown>) => face.impl.check(undefined, news).failures;
    expect(f({})).toEqual([expect.objectContaining({ property: face.idKey, reason: expect.stringContaining("is required") })]);
    expect(f({ [face.idKey]: "j", caughtUp: { maxDelaySeconds: 5, polls: 0 } })).toEqual([
      expect.objectContaining({ property: "caughtUp.polls", reason: expect.stringContaining("at least 1") }),
    ]);
    expect(f({ [face.idKey]: "j", caughtUp: { polls: 2 } })).toEqual([expect.objectContaining({ property: "caughtUp.maxDelaySeconds" })]);
    expect(f({ [face.idKey]: "j", caughtup: {} })).toEqual([
      expect.objectContaining({ property: "caughtup", reason: expect.stringContaining("Known inputs") }),
    ]);
    expect(f({ [face.idKey]: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" })).toEqual([]);
  });

  it("waits a job not started yet through every phase (status line says so), writes nothing; refresh and delete", async () => {
    // A long not-started window (2 s here at TIME_SCALE): even a starved machine polls in it several times (with 60 s,
    // one slow first poll under load could miss it and see only 2 polls).
    const job = await newJob({ startAfterSeconds: 600, precheckSeconds: 10, structureSeconds: 10, dataSeconds: 60 });
    const before = writes();
    const { id, outs } = await provider.create(inputs(job));
    expect(id).toBe(idOf(job));
    expect(outs).toMatchObject({ family, stage: "initialized", initialized: true, __succeeded: true, precheck: { status: "Finished" } });
    expect(outs.dataInitialization.status).toBe("Finished");
    expect(outs.finishedAt).toEqual(expect.any(String));
    expect(outs.polls).toBeGreaterThan(2);
    expect(statusLines.some((l) => l.includes("not started yet"))).toBe(true);
    expect(statusLines.some((l) => /initialization/.test(l))).toBe(true);
    expect(statusLines.at(-1)).toBe("");
    expect(writes()).toBe(before);
    // No change when nothing changed and it succeeded; a new caughtUp only looks again; another job replaces.
    expect(face.impl.diff(id, outs, inputs(job))).toMatchObject({ changes: false, replaces: [] });
    expect(face.impl.diff(id, outs, inputs(job, { caughtUp: { maxDelaySeconds: 5 } }))).toMatchObject({ changes: true, replaces: [] });
    expect(face.impl.diff(id, outs, { ...inputs(job), [face.idKey]: "other" }).replaces).toEqual([face.idKey]);
    const read = await provider.read(id, outs);
    expect(read.props).toMatchObject({ stage: "initialized", initialized: true });
    const calls = fx.emu.stats().requests;
    await provider.delete(id, outs);
    expect(fx.emu.stats().requests).toBe(calls);
  });

  it("a job already initialized answers with one status call", async () => {
    const job = await newJob({ precheckSeconds: 1, structureSeconds: 1, dataSeconds: 2 });
    await provider.create(inputs(job));
    const { outs } = await provider.create(inputs(job));
    expect(outs).toMatchObject({ stage: "initialized", initialized: true, polls: 1 });
  });

  it("a precheck failure fails at once naming the item and its repair method; the partial state keeps what was seen", async () => {
    const job = await newJob({ failure: "precheck", precheckSeconds: 10 });
    const e = await rejection(provider.create(inputs(job, { wait: { timeoutMinutes: 10, ...FAST_WAIT } })));
    expect(e).toBeInstanceOf(ModificationIncompleteError);
    expect(e.id).toBe(idOf(job));
    expect(e.message).toContain("CHECK_BINLOG_MODE");
    expect(e.message).toContain("binlog_format=ROW");
    expect(e.message).toContain("pulumi up");
    expect(e.properties).toMatchObject({ stage: "failed", __succeeded: false, __provider: "serialized-provider-placeholder" });
    expect(e.properties.finishedAt).toEqual(expect.any(String));
  });

  it("a data initialization failure names the failed tables", async () => {
    const job = await newJob({ failure: "data", tables: 6, failedTables: 2, dataSeconds: 30 });
    const e = await rejection(provider.create(inputs(job)));
    expect(e).toBeInstanceOf(ModificationIncompleteError);
    expect(e.message).toContain("table_5");
    expect(e.message).toContain("table_6");
    expect(failedNames(e.properties)).toEqual(["table_5", "table_6"]);
  });

  it("a deadline ends as a partial failure; the next up resumes and counts every poll", async () => {
    const job = await newJob({ precheckSeconds: 10, structureSeconds: 10, dataSeconds: 240 });
    const first = inputs(job, { wait: { timeoutMinutes: 0.004, ...FAST_WAIT } });
    const e = await rejection(provider.create(first));
    expect(e).toBeInstanceOf(ModificationIncompleteError);
    expect(e.message).toContain("resume waiting");
    expect(e.message).toContain("wait.timeoutMinutes");
    expect(e.properties.finishedAt).toBeUndefined();
    expect(e.properties.__succeeded).toBeUndefined();
    expect(face.impl.diff(idOf(job), e.properties, first).changes).toBe(true);
    const firstPolls = e.properties.polls as number;
    const { outs } = await provider.update(idOf(job), e.properties, inputs(job));
    expect(outs).toMatchObject({ stage: "initialized", initialized: true, startedAt: e.properties.startedAt });
    expect(outs.polls).toBeGreaterThan(firstPolls);
  });

  it("caught up: reached after the delay falls, with the gate's result", async () => {
    const job = await newJob({ precheckSeconds: 1, structureSeconds: 1, dataSeconds: 5, initialDelaySeconds: 60, delayFallPerSecond: 1 });
    const { outs } = await provider.create(inputs(job, { caughtUp: { maxDelaySeconds: 5, polls: 2 } }));
    expect(outs).toMatchObject({ stage: "caught-up", caughtUpResult: { maxDelaySeconds: 5, polls: 2, reached: true } });
    expect(outs.delaySeconds).toBeLessThanOrEqual(5);
    expect(statusLines.some((l) => l.includes("catching up"))).toBe(true);
  });

  it("caught up not reached (stalled delay): a partial failure with the last delay; the next up looks again", async () => {
    const job = await newJob({ stall: true, initialDelaySeconds: 90, precheckSeconds: 1, structureSeconds: 1, dataSeconds: 5 });
    const e = await rejection(provider.create(inputs(job, { wait: { timeoutMinutes: 0.004, ...FAST_WAIT }, caughtUp: { maxDelaySeconds: 5 } })));
    expect(e).toBeInstanceOf(ModificationIncompleteError);
    expect(e.properties).toMatchObject({ initialized: true, delaySeconds: 90, caughtUpResult: { reached: false } });
    expect(e.properties.finishedAt).toBeUndefined();
    expect(face.impl.diff(idOf(job), e.properties, inputs(job, { caughtUp: { maxDelaySeconds: 5 } })).changes).toBe(true);
  });

  it("import adopts the job with one read and no wait", async () => {
    const job = await newJob({ precheckSeconds: 600 });
    const calls = fx.emu.stats().requests;
    const r = await face.impl.import(provider, idOf(job), "proj/dev/imported");
    expect(fx.emu.stats().requests - calls).toBe(1);
    expect(face.impl.isImport({})).toBe(true);
    expect(r.inputs).toMatchObject({ [face.idKey]: idOf(job) });
    expect(r.props).toMatchObject({ polls: 1, initialized: false });
    expect(r.props?.finishedAt).toBeUndefined();
    await expect(face.impl.import(provider, "a/b", undefined)).rejects.toThrow(face.idKey);
  });

  it("one Ctrl-C ends the wait at once as a partial failure keeping what was seen", async () => {
    const job = await newJob({ precheckSeconds: 10, structureSeconds: 10, dataSeconds: 3000 });
    const pending = rejection(provider.create(inputs(job, { wait: { timeoutMinutes: 10, ...FAST_WAIT } })));
    await new Promise((r) => setTimeout(r, 300));
    cancelOperations();
    try {
      const e = await pending;
      expect(e).toBeInstanceOf(ModificationIncompleteError);
      expect(e.message).toContain("Ctrl-C");
      expect(e.properties.polls).toBeGreaterThan(0);
      expect(e.properties.finishedAt).toBeUndefined();
    } finally {
      resetCancellation();
    }
  });
});
