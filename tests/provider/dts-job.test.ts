/**
 * `DtsJobModification`'s provider methods called directly (in-process, through the package-name shims the host
 * uses) against the emulator's DtsJob actions over HTTP, for each reading the documents leave open (the job reads
 * `Modifying` or stays `synchronizing` while a change runs × a finished SubSyncJob stays in the reply or leaves it).
 * The real-engine runs are tests/dynamic/dts-job.test.ts.
 */
jest.mock("pulumi-dts-objects", () => jest.requireActual("../../provider"), { virtual: true });

import { setDtsJobOptions } from "../../emulator/dts-job-actions";
import { __dtsJobProviderImpl, __providerImpl, DtsJobModificationProvider, ModificationIncompleteError } from "../../provider";
import { SUB_RUNNING } from "../support/dts-job-replies";
import { checkedInputs, FAST_WAIT, rejection } from "../support/provider";
import { useProviderFixture } from "../support/provider-fixture";
import { describeEachReading, emulatorControl } from "../support/dts-job";

const fx = useProviderFixture({ emulator: { seed: 11, log: false }, Provider: DtsJobModificationProvider });
beforeEach(() => {
  fx.emu.setFaults({});
});

const LIST = { dtstestdata: { name: "dtstestdata", all: false, Table: { customer: { name: "customer", all: true }, orders: { name: "orders", all: true } } } };
const OTHER = { dtstestdata: { name: "dtstestdata", all: false, Table: { items: { name: "items", all: true } } } };

let seq = 0;
function newJob(scenario?: string): { instanceId: string; dtsJobId: string } {
  const instanceId = fx.emu.createJob({ jobId: `dtsp${String(++seq).padStart(7, "0")}`, ...(scenario ? { scenario: scenario as never } : {}) });
  return { instanceId, dtsJobId: instanceId.replace(/^dts/, "") };
}

const modifyCount = () => fx.emu.stats().byAction.ModifyDtsJob ?? 0;

/** Checked inputs, as the engine hands them to create. */
const inputs = (user: Record<string, unknown>) => checkedInputs(__dtsJobProviderImpl, user, `dtsjob-${seq}`);

const control = (path: string, body: unknown) => emulatorControl(fx.emu.url, path, body);

describe("check", () => {
  it("names the field and the fix: neither dbList nor waitOnly, both, bad JSON, unknown key", () => {
    const f = (news: Record<string, unknown>) => __dtsJobProviderImpl.check(undefined, news).failures;
    expect(f({ dtsJobId: "x" })).toEqual([expect.objectContaining({ property: "dbList", reason: expect.stringContaining("waitOnly: true") })]);
    expect(f({ dtsJobId: "x", dbList: LIST, waitOnly: true })).toEqual([expect.objectContaining({ property: "waitOnly" })]);
    expect(f({ dtsJobId: "x", dbList: "{nope" })).toEqual([expect.objectContaining({ property: "dbList", reason: expect.stringContaining("not valid JSON") })]);
    expect(f({ dtsJobId: "x", dbList: "[]" })).toEqual([
      expect.objectContaining({ property: "dbList", reason: expect.stringContaining("non-empty JSON object") }),
    ]);
    expect(f({ dtsJobId: "", waitOnly: true })).toEqual([expect.objectContaining({ property: "dtsJobId" })]);
    expect(f({ dtsJobId: "x", waitOnly: true, dblist: "{}" })).toEqual([
      expect.objectContaining({ property: "dblist", reason: expect.stringContaining("Known inputs: dtsJobId, dtsInstanceId, dbList") }),
    ]);
  });

  it("stores dbList as canonical text: a map and its JSON string in another key order are the same input (no diff)", () => {
    const a = __dtsJobProviderImpl.check(undefined, { dtsJobId: "x", dbList: LIST }).inputs;
    const reordered = `{"dtstestdata":{"Table":{"orders":{"all":true,"name":"orders"},"customer":{"name":"customer","all":true}},"all":false,"name":"dtstestdata"}}`;
    const b = __dtsJobProviderImpl.check(undefined, { dtsJobId: "x", dbList: reordered }).inputs;
    expect(typeof a.dbList).toBe("string");
    expect(a.dbList).toBe(b.dbList);
    const stored = { ...a, finishedAt: "2026-01-01T00:00:00.000Z", __succeeded: true, failedObjects: [] };
    expect(__dtsJobProviderImpl.diff("x", stored, b)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect(__dtsJobProviderImpl.diff("x", stored, { ...b, wait: { timeoutMinutes: 5 } }).replaces).toEqual([]);
    expect(__dtsJobProviderImpl.diff("x", stored, { ...b, dbList: JSON.stringify(OTHER) }).replaces).toEqual(["dbList"]);
    // A change that did not end well is waited for / reported again by update.
    expect(__dtsJobProviderImpl.diff("x", { ...stored, __succeeded: false }, b).changes).toBe(true);
  });
});

describeEachReading(
  () => fx.emu,
  (reading) => {
    it("dbList: one ModifyDtsJob, ends when the phases finished; a second create writes nothing (inPlace)", async () => {
      const { instanceId, dtsJobId } = newJob();
      const before = modifyCount();
      const { id, outs } = await fx.provider.create(inputs({ dtsJobId, dtsInstanceId: instanceId, dbList: LIST }));
      expect(id).toBe(dtsJobId);
      expect(modifyCount() - before).toBe(1);
      expect(outs).toMatchObject({ change: "modified", jobStatus: "synchronizing", failedObjects: [] });
      expect(typeof outs.finishedAt).toBe("string");
      if (reading.finishedSubSyncJob === "stays") {
        expect(typeof outs.subJobId).toBe("string");
        expect(outs.precheck.status).toBe("Finished");
        expect(outs.dataInitialization).toMatchObject({ status: "Finished", percent: 100 });
      }
      expect(outs).not.toHaveProperty("taskId");
      const again = await fx.provider.create(inputs({ dtsJobId, dtsInstanceId: instanceId, dbList: JSON.stringify(LIST) }));
      expect(again.outs.change).toBe("inPlace");
      expect(modifyCount() - before).toBe(1);
    });

    it("waitOnly: writes nothing and ends only after another client's ModifyDtsJob finished", async () => {
      const { instanceId, dtsJobId } = newJob();
      const other = await control("dts-job-modify", { DtsInstanceId: instanceId, DbList: JSON.stringify(OTHER) });
      expect(other.status).toBe(200);
      const before = modifyCount();
      const { outs } = await fx.provider.create(inputs({ dtsJobId, waitOnly: true }));
      expect(modifyCount()).toBe(before);
      expect(outs.change).toBe("external");
      expect(outs.jobStatus).toBe("synchronizing");
      if (reading.finishedSubSyncJob === "stays") expect(outs.subJobId).toBe(other.data.subSyncJobId);
      // By the time the resource ended, the other client's change had finished.
      const detail = await control("dts-job-modify", { DtsInstanceId: instanceId, DbList: JSON.stringify(OTHER) });
      expect(detail.status).toBe(200); // accepted again: the first one no longer runs
    });

    it("precheck failure: names the check item and its repair method, keeps the state; update reports it again without a write", async () => {
      const { instanceId, dtsJobId } = newJob("precheck-failure");
      const before = modifyCount();
      const raw = inputs({ dtsJobId, dtsInstanceId: instanceId, dbList: LIST });
      const error = await rejection(fx.provider.create(raw));
      expect(error).toBeInstanceOf(ModificationIncompleteError);
      expect(error.message).toContain("CHECK_AUTH_DEST");
      expect(error.message).toContain("CHECK_ERROR_DEST_CONN_REPAIR2");
      expect(error.message).toContain("pulumi up --replace");
      // The check item is said once (the precheck list), not again as a failed object.
      expect(error.message.split("CHECK_ERROR_DEST_CONN_REPAIR2").length - 1).toBe(1);
      expect(error.id).toBe(dtsJobId);
      const saved = error.properties as Record<string, any>;
      expect(saved.__provider).toBe("serialized-provider-placeholder");
      expect(saved.change).toBe("modified");
      expect(saved.precheck.failedItems).toEqual([expect.objectContaining({ name: "CHECK_AUTH_DEST", repairMethod: "CHECK_ERROR_DEST_CONN_REPAIR2" })]);
      expect(typeof saved.finishedAt).toBe("string");
      expect(modifyCount() - before).toBe(1);
      const again = await rejection(fx.provider.update(dtsJobId, saved, raw));
      expect(again.message).toContain("CHECK_AUTH_DEST");
      // Said again as the first time: the item once (not again as a failed object), the precheck as failed.
      expect(again.message.split("CHECK_ERROR_DEST_CONN_REPAIR2").length - 1).toBe(1);
      expect(again.message).toMatch(/ended without success .*: precheck failed \(1 check item\)/);
      expect(modifyCount() - before).toBe(1);
    });

    it("deadline: the partial state resumes the same change; no second ModifyDtsJob", async () => {
      // Held until released: the deadline is reached however slow the machine (with a finishing task, a starved
      // first poll could find it done, and a done change is not a deadline).
      const { instanceId, dtsJobId } = newJob("never-finishes");
      const before = modifyCount();
      const raw = inputs({ dtsJobId, dtsInstanceId: instanceId, dbList: LIST, wait: { timeoutMinutes: 0.001, ...FAST_WAIT } });
      const error = await rejection(fx.provider.create(raw));
      expect(error).toBeInstanceOf(ModificationIncompleteError);
      expect(error.message).toMatch(/resume waiting \(nothing is written again\)/);
      const saved = error.properties as Record<string, any>;
      expect(saved.__plan).toBeDefined();
      expect(saved.finishedAt).toBeUndefined();
      expect(modifyCount() - before).toBe(1);
      fx.emu.release(instanceId);
      const { outs } = await fx.provider.update(dtsJobId, saved, { ...raw, wait: { timeoutMinutes: 1, ...FAST_WAIT } });
      expect(typeof outs.finishedAt).toBe("string");
      expect(outs.change).toBe("modified");
      expect(outs.polls).toBeGreaterThan(saved.polls);
      expect(modifyCount() - before).toBe(1);
    });

    it("an ambiguous ModifyDtsJob (answer lost after it ran) leaves exactly one change", async () => {
      const { instanceId, dtsJobId } = newJob();
      const before = modifyCount();
      const startedBefore = fx.emu.stats().tasksStarted;
      fx.emu.setFaults({ actions: ["ModifyDtsJob"], sequence: ["resetAfter", "resetAfter", "resetAfter"] });
      const { outs } = await fx.provider.create(inputs({ dtsJobId, dtsInstanceId: instanceId, dbList: LIST }));
      expect(outs.change).toBe("modified");
      expect(typeof outs.finishedAt).toBe("string");
      expect(fx.emu.stats().tasksStarted - startedBefore).toBe(1);
      expect(modifyCount() - before).toBe(1);
      expect(fx.lines.join("\n")).toMatch(/without an answer/);
    });
  },
);

describe("failed objects (DescribePreCheckStatus)", () => {
  beforeEach(() => setDtsJobOptions(fx.emu.state, { parentStatus: "Modifying", finishedSubSyncJob: "stays" }));

  it("failed-tables: phases Finished but a table failed: failOn.failedObjects (default) fails naming it; false accepts it in place", async () => {
    const { instanceId, dtsJobId } = newJob("failed-tables");
    const before = modifyCount();
    const raw = inputs({ dtsJobId, dtsInstanceId: instanceId, dbList: LIST });
    const error = await rejection(fx.provider.create(raw));
    expect(error).toBeInstanceOf(ModificationIncompleteError);
    expect(error.message).toMatch(/finished, but \d+ objects? failed and failOn.failedObjects is true \(the default\)/);
    const saved = error.properties as Record<string, any>;
    expect(saved.failedObjects.length).toBeGreaterThan(0);
    expect(saved.failedObjects[0]).toMatchObject({ state: "Failed", sourceSchema: "dtstestdata" });
    expect(error.message).toContain(saved.failedObjects[0].names);
    expect(saved.dataInitialization.status).toBe("Finished");
    // Accepting the failed tables is an in-place update that reads nothing and writes nothing.
    const calls = fx.emu.stats().requests;
    const accepted = { ...raw, failOn: { failedObjects: false } };
    expect(__dtsJobProviderImpl.diff(dtsJobId, saved, accepted)).toMatchObject({ changes: true, replaces: [] });
    const { outs } = await fx.provider.update(dtsJobId, saved, accepted);
    expect(outs.failedObjects).toEqual(saved.failedObjects);
    expect(fx.emu.stats().requests).toBe(calls);
    expect(__dtsJobProviderImpl.diff(dtsJobId, outs, accepted).changes).toBe(false);
    expect(modifyCount() - before).toBe(1);
  });

  it("structure-failure: the failed phase and its objects are named", async () => {
    const { instanceId, dtsJobId } = newJob("structure-failure");
    const error = await rejection(fx.provider.create(inputs({ dtsJobId, dtsInstanceId: instanceId, dbList: LIST })));
    expect(error).toBeInstanceOf(ModificationIncompleteError);
    expect(error.message).toMatch(/structure initialization/i);
    const saved = error.properties as Record<string, any>;
    expect(saved.structureInitialization.status).toBe("Failed");
    expect(saved.failedObjects.length).toBeGreaterThan(0);
  });
});

describe("a status call that fails for good after replies were seen", () => {
  it("ends the wait, not the change: no finishedAt, so the next up polls again (not 'reported again')", async () => {
    // The pop-core seam: the job runs a change for two replies, then the key is refused (403, not retried).
    let calls = 0;
    const reply = {
      RequestId: "r",
      Success: true,
      DtsJobId: "fake1",
      DtsInstanceID: "dtsfake1",
      Status: "Modifying",
      DbObject: "{}",
      SubSyncJob: [SUB_RUNNING("sub1")],
    };
    const previous = fx.setHooks({
      client: {
        rpcFactory: () => ({
          request: async () => {
            if (++calls <= 2) return reply;
            throw Object.assign(new Error("You are not authorized to do this action."), {
              name: "Forbidden.RAMError",
              code: "Forbidden.RAM",
              data: { Code: "Forbidden.RAM" },
              entry: { response: { statusCode: 403 } },
            });
          },
        }),
      },
    });
    try {
      const error = await rejection(fx.provider.create(inputs({ dtsJobId: "fake1", waitOnly: true })));
      expect(error).toBeInstanceOf(ModificationIncompleteError);
      expect(error.message).toContain("Fix the access (credentials, region, endpoint) and run `pulumi up` again to resume waiting");
      expect(error.message).not.toContain("pulumi up --replace");
      const saved = error.properties as Record<string, any>;
      expect(saved.finishedAt).toBeUndefined();
      expect(saved.subJobId).toBe("sub1");
      expect(saved.dataInitialization).toMatchObject({ status: "Migrating", percent: 40 });
      expect(__dtsJobProviderImpl.diff("fake1", saved, inputs({ dtsJobId: "fake1", waitOnly: true })).changes).toBe(true);
    } finally {
      __providerImpl.setHooks(previous);
    }
  });
});

describe("read and delete", () => {
  beforeEach(() => setDtsJobOptions(fx.emu.state, { parentStatus: "Modifying", finishedSubSyncJob: "stays" }));

  it("refresh of an ended change reads the job once and keeps what the wait saw; delete calls nothing", async () => {
    const { instanceId, dtsJobId } = newJob();
    const { outs } = await fx.provider.create(inputs({ dtsJobId, dtsInstanceId: instanceId, dbList: LIST }));
    const reads = fx.emu.stats().byAction.DescribeDtsJobDetail ?? 0;
    const r = await fx.provider.read(dtsJobId, outs);
    expect((fx.emu.stats().byAction.DescribeDtsJobDetail ?? 0) - reads).toBe(1);
    expect(r.props).toMatchObject({ subJobId: outs.subJobId, finishedAt: outs.finishedAt, change: "modified", polls: outs.polls + 1 });
    const calls = fx.emu.stats().requests;
    await fx.provider.delete(dtsJobId, outs);
    expect(fx.emu.stats().requests).toBe(calls);
    expect(fx.lines.join("\n")).toContain("keeps its objects");
  });

  it("import: a running change is saved unfinished (the next up waits for it); an unknown job or a bad id is named", async () => {
    const { instanceId, dtsJobId } = newJob("never-finishes");
    const other = await control("dts-job-modify", { DtsInstanceId: instanceId, DbList: JSON.stringify(OTHER) });
    expect(other.status).toBe(200);
    const r = await __dtsJobProviderImpl.import(fx.provider, dtsJobId, "proj/dev/imported");
    expect(r.props).toMatchObject({ dtsJobId, dtsInstanceId: instanceId, change: "external", subJobId: other.data.subSyncJobId, polls: 1 });
    expect(r.props.finishedAt).toBeUndefined();
    expect(r.props.__plan).toEqual({ settledSubJobIds: [], sawModification: true });
    // While the change runs the job's list need not be its list yet: the imported resource waits for it.
    expect(r.inputs).toMatchObject({ dtsJobId, waitOnly: true });
    expect(r.inputs.dbList).toBeUndefined();
    expect(__dtsJobProviderImpl.diff(dtsJobId, r.props, r.inputs).changes).toBe(true);
    await expect(__dtsJobProviderImpl.import(fx.provider, "nosuchjob0002", undefined)).rejects.toThrow(/Cannot import DTS job nosuchjob0002: DTS knows no job/);
    await expect(__dtsJobProviderImpl.import(fx.provider, "a/b", undefined)).rejects.toThrow(/the import id of dts:index:DtsJobModification is the DtsJobId/);
  });

  it("a job DTS does not know: create fails naming the job, nothing written", async () => {
    const before = modifyCount();
    const error = await rejection(fx.provider.create(inputs({ dtsJobId: "nosuchjob0001", dtsInstanceId: "dtsnosuchjob0001", dbList: LIST })));
    expect(error).not.toBeInstanceOf(ModificationIncompleteError);
    expect(error.message).toContain("nosuchjob0001");
    expect(error.message).toContain("Nothing was written");
    expect(modifyCount()).toBe(before);
  });
});
