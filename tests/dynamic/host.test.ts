/**
 * The provider inside the REAL dynamic-provider host, driven over gRPC as the engine drives it, against the
 * emulator over HTTP. The host deserializes `__provider`, calls `configure` with the stack config, and loads the
 * implementation by package name from a program directory (as in a user's project), i.e. from `dist/`.
 */
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { ScenarioInput } from "../../emulator";
import { useHost } from "../support/host-fixture";
import { DynamicProviderHost, hostError, urnFor } from "../support/provider-client";

const FAST_WAIT = { timeoutMinutes: 1, minDelaySeconds: 0.05, maxDelaySeconds: 0.2 };

const fixture = useHost({ seed: 11 });
let host: DynamicProviderHost;
let counter = 0;

beforeAll(async () => {
  host = await fixture.start();
  // Stack config besides the provider's own keys reaches the host too.
  const configured = await host.configure({ ...fixture.config(), "proj:unrelated": "value" });
  expect(configured).toEqual({ acceptSecrets: false, supportsPreview: false });
});

/** User inputs for a fresh job, as the program would pass them (plus what the resource class adds). */
function userInputs(scenario?: ScenarioInput, extra: Record<string, unknown> = {}) {
  const jobId = fixture.emu.createJob(scenario ? { scenario } : {});
  const name = `objs-${++counter}`;
  return {
    jobId,
    urn: urnFor(name),
    news: {
      synchronizationJobId: jobId,
      synchronizationObjects: '[{"DBName":"dtstestdata","TableIncludes":[{"TableName":"customer"},{"TableName":"orders"},{"TableName":"items"}]}]',
      wait: FAST_WAIT,
      __resourceKey: `proj/dev/${name}`,
      __provider: fixture.providerText,
      ...extra,
    } as Record<string, unknown>,
  };
}

async function checked(news: Record<string, unknown>, urn: string, olds: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const { inputs, failures } = await host.check(urn, olds, news);
  expect(failures).toEqual([]);
  return inputs;
}

describe("the provider in the real dynamic-provider host", () => {
  it("serialized __provider is small, loads the package by name and holds no secret", () => {
    expect(fixture.providerText.length).toBeLessThan(4096);
    expect(fixture.providerText).toContain('require("pulumi-dts-objects")');
    expect(fixture.providerText).not.toContain(fixture.emu.accessKeySecret);
    expect(fixture.providerText).not.toContain(fixture.emu.accessKeyId);
  });

  it("check: normalizes the JSON string; bad inputs come back as failures naming the field", async () => {
    const { urn, news } = userInputs();
    const inputs = await checked(news, urn);
    expect(inputs.synchronizationObjects).toEqual([
      { dbName: "dtstestdata", tableIncludes: [{ tableName: "customer" }, { tableName: "orders" }, { tableName: "items" }] },
    ]);
    expect(inputs.__provider).toBe(fixture.providerText);
    expect(inputs.__tokenSalt).toBe("0");

    const bad = await host.check(urn, {}, { ...news, synchronizationJobId: "", wait: { timeoutMinutes: "soon" }, synchronizationObject: [] });
    const byProperty = Object.fromEntries(bad.failures.map((f) => [f.property, f.reason]));
    expect(Object.keys(byProperty).sort()).toEqual(["synchronizationJobId", "synchronizationObject", "wait.timeoutMinutes"]);
    expect(byProperty.synchronizationObject).toMatch(/unknown input/);
    expect(byProperty["wait.timeoutMinutes"]).toMatch(/number of minutes/);
  });

  it("create -> diff -> read -> delete: success, outputs, no secret anywhere", async () => {
    const { jobId, urn, news } = userInputs("success");
    const inputs = await checked(news, urn);
    const created = await host.create(urn, inputs);
    expect(fixture.emu.taskCount(jobId)).toBe(1);
    const out = created.properties;
    expect(created.id).toBe(out.taskId);
    expect(out.__provider).toBe(fixture.providerText);
    expect(out).toMatchObject({
      synchronizationJobId: jobId,
      precheck: { status: "Finished", percent: 100, failedItems: [] },
      structureInitialization: { status: "Finished", percent: 100 },
      dataInitialization: { status: "Finished", percent: 100 },
      failedTables: [],
      tables: { total: 3, finished: 3, failed: 0 },
      finishedAt: expect.any(String),
    });

    expect(await host.diff(created.id, urn, out, inputs)).toEqual({ changes: "DIFF_NONE", replaces: [], deleteBeforeReplace: false });
    expect(await host.diff(created.id, urn, out, { ...inputs, wait: { ...FAST_WAIT, timeoutMinutes: 2 } })).toEqual({
      changes: "DIFF_SOME",
      replaces: [],
      deleteBeforeReplace: false,
    });
    const replaced = await host.diff(created.id, urn, out, { ...inputs, synchronizationObjects: [{ dbName: "other" }] });
    expect(replaced).toEqual({ changes: "DIFF_SOME", replaces: ["synchronizationObjects"], deleteBeforeReplace: false });

    const read = await host.read(created.id, urn, out);
    expect(read.id).toBe(created.id);
    expect(read.properties.dataInitialization.status).toBe("Finished");
    expect(read.properties.__provider).toBe(fixture.providerText);
    const { __provider: _p, ...storedInputs } = inputs;
    expect(read.inputs).toEqual({ ...storedInputs, __provider: fixture.providerText });

    const requests = fixture.emu.stats().requests;
    await host.delete(created.id, urn, out);
    expect(fixture.emu.stats().requests).toBe(requests);

    const everything = JSON.stringify({ out, read }) + host.stderr.join("\n");
    expect(everything).not.toContain(fixture.emu.accessKeySecret);
    expect(host.stderr.join("\n")).toMatch(/\[dts-objects\] objs-\d+ \(task \w+\): done: precheck, structure initialization and data initialization Finished/);
  });

  it("a retried create with the same inputs starts no second task", async () => {
    const { jobId, urn, news } = userInputs();
    const inputs = await checked(news, urn);
    const first = await host.create(urn, inputs);
    const second = await host.create(urn, inputs);
    // The job already syncs the objects (the first task finished): no task, the job's state as the outputs.
    expect(second.id).toBe(`notask:${jobId}`);
    expect(second.properties).toMatchObject({ source: "job", dataInitialization: { status: "Finished" } });
    expect(second.properties.taskId).toBeUndefined();
    expect(first.id).toBe(first.properties.taskId);
    expect(fixture.emu.taskCount(jobId)).toBe(1);
  });

  it("precheck failure: partial failure (ErrorResourceInitFailed) naming the item, ErrorMessage and repair method", async () => {
    const { jobId, urn, news } = userInputs("precheck-failure");
    const inputs = await checked(news, urn);
    const e = await hostError(host.create(urn, inputs));
    expect(e.code).toBe(2); // UNKNOWN, with details
    expect(e.initFailed).toBeDefined();
    const taskId = fixture.emu.tasks().find((t) => t.jobId === jobId)!.taskId;
    expect(e.initFailed!.id).toBe(taskId);
    expect(e.initFailed!.properties.__provider).toBe(fixture.providerText);
    expect(e.initFailed!.properties.taskId).toBe(taskId);
    expect(e.initFailed!.reasons).toHaveLength(1);
    const reason = e.initFailed!.reasons[0]!;
    expect(reason).toContain("failed in precheck");
    expect(reason).toContain("CHECK_AUTH_DEST: Original error: Access denied");
    expect(reason).toContain("(repair: CHECK_ERROR_DEST_CONN_REPAIR2)");
    expect(e.details).toBe(reason);
    expect(reason).not.toContain(fixture.emu.accessKeySecret);
  });

  it("structure failure and failed tables: the phase, its ErrorMessage and each table", async () => {
    const s = userInputs("structure-failure");
    const se = await hostError(host.create(s.urn, await checked(s.news, s.urn)));
    expect(se.initFailed!.reasons[0]).toMatch(/failed in structure initialization: .*DTS-1020042/);
    expect(se.initFailed!.reasons[0]).toMatch(/Failed tables \(1\):\n\s+dtstestdata\.customer -> dtstestdata \(structure initialization\)/);

    const t = userInputs({ name: "failed-tables", failedTables: { tables: ["orders", "items"] } });
    const te = await hostError(host.create(t.urn, await checked(t.news, t.urn)));
    expect(te.initFailed!.reasons[0]).toMatch(/finished, but 2 tables failed and failOn\.failedTables is true/);
    expect(te.initFailed!.properties.failedTables.map((f: { table: string }) => f.table).sort()).toEqual(["items", "orders"]);
    expect(te.initFailed!.properties.tables).toEqual({ total: 3, finished: 1, failed: 2 });
  });

  it("deadline: partial failure with the id saved; update resumes on the same task to success", async () => {
    const { jobId, urn, news } = userInputs("never-finishes", { wait: { ...FAST_WAIT, timeoutMinutes: 0.02 } });
    const inputs = await checked(news, urn);
    const e = await hostError(host.create(urn, inputs));
    const saved = e.initFailed!;
    expect(saved.reasons[0]).toMatch(/timed out.*\n[\s\S]*run `pulumi up` again to resume waiting/);
    expect(saved.properties.__provider).toBe(fixture.providerText);
    expect(saved.properties.finishedAt).toBeUndefined();

    // The next `pulumi up`: same inputs, init errors -> the engine calls Update with the saved properties.
    const diff = await host.diff(saved.id, urn, saved.properties, inputs);
    expect(diff).toEqual({ changes: "DIFF_SOME", replaces: [], deleteBeforeReplace: false });
    fixture.emu.release(saved.id);
    const updated = await host.update(saved.id, urn, saved.properties, { ...inputs, wait: FAST_WAIT });
    expect(updated.properties).toMatchObject({ taskId: saved.id, dataInitialization: { status: "Finished" }, startedAt: saved.properties.startedAt });
    expect(updated.properties.__provider).toBe(fixture.providerText);
    expect(fixture.emu.taskCount(jobId)).toBe(1);
    expect(await host.diff(saved.id, urn, updated.properties, { ...inputs, wait: FAST_WAIT })).toMatchObject({ changes: "DIFF_NONE" });
  });

  it("read blocks until the task finishes", async () => {
    const { urn, news } = userInputs("never-finishes", { wait: { ...FAST_WAIT, timeoutMinutes: 0.01 } });
    const inputs = await checked(news, urn);
    const saved = (await hostError(host.create(urn, inputs))).initFailed!;
    const stored = { ...saved.properties, wait: FAST_WAIT };
    const release = setTimeout(() => fixture.emu.release(saved.id), 600);
    const t0 = Date.now();
    const read = await host.read(saved.id, urn, stored);
    clearTimeout(release);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(500);
    expect(read.id).toBe(saved.id);
    expect(read.properties).toMatchObject({ dataInitialization: { status: "Finished" }, finishedAt: expect.any(String) });
  });

  it("read of a task DTS does not know returns an empty id (removed from the state)", async () => {
    const { urn, news } = userInputs();
    const inputs = await checked(news, urn);
    const read = await host.read("nosuchtask00", urn, { ...inputs, taskId: "nosuchtask00" });
    expect(read.id).toBe("");
  });

  it("a program directory that cannot resolve the package gets an error saying what to do", async () => {
    const empty = await fs.mkdtemp(path.join(os.tmpdir(), "dts-objects-empty-"));
    const bare = await DynamicProviderHost.start({ cwd: empty });
    try {
      const { urn, news } = userInputs();
      const e = await hostError(bare.check(urn, {}, news));
      expect(e.details).toMatch(
        /cannot load pulumi-dts-objects from .*dts-objects-empty-\S*: add it to the program's package.json dependencies \(Error: Cannot find module/,
      );
    } finally {
      await bare.stop();
      await fs.rm(empty, { recursive: true, force: true });
    }
  });
});
