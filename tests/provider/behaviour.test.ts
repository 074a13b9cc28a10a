/**
 * The provider methods called directly (in-process, through the same package-name shims the host uses) against
 * the emulator over HTTP: success, failures, partial failure and resume, read, retried create, adopt, delete.
 */
jest.mock("pulumi-dts-objects", () => jest.requireActual("../../provider"), { virtual: true });

import { DEFAULT_DURATIONS } from "../../emulator";
import { ModificationIncompleteError, SynchronizationObjectModificationProvider } from "../../provider";
import { PRECHECK_ITEM_NAMES } from "../../sdk/types";
import { configuredProvider, emulatorConfig, FAST_WAIT, inputsFor, rejection, TIME_SCALE } from "../support/provider";
import { useProviderFixture } from "../support/provider-fixture";

/** Set: the emulator's task clock stands still at this time (a test that needs one exact moment of a task). */
let frozenAt: number | undefined;
const fx = useProviderFixture({
  emulator: { seed: 7, clock: { now: () => frozenAt ?? Date.now() } },
  Provider: SynchronizationObjectModificationProvider,
});

function noSecretIn(text: string): void {
  expect(text).not.toContain(fx.emu.accessKeySecret);
}

describe("create", () => {
  it("starts the task, blocks until every phase finished, returns the outputs", async () => {
    const { jobId, inputs } = inputsFor(fx.emu, { scenario: "success" });
    const { id, outs } = await fx.provider.create(inputs);
    expect(fx.emu.taskCount(jobId)).toBe(1);
    expect(id).toBe(outs.taskId);
    expect(outs).toMatchObject({
      synchronizationJobId: jobId,
      synchronizationObjects: inputs.synchronizationObjects,
      precheck: { status: "Finished", percent: 100, failedItems: [] },
      structureInitialization: { status: "Finished", percent: 100 },
      dataInitialization: { status: "Finished", percent: 100 },
      failedTables: [],
      tables: { total: 3, finished: 3, failed: 0 },
    });
    expect(outs.precheck.items.length).toBeGreaterThan(0);
    expect(outs.precheck.items[0]).toEqual({ name: expect.any(String), status: "Success" });
    expect(typeof outs.status).toBe("string");
    expect(Date.parse(outs.finishedAt)).toBeGreaterThanOrEqual(Date.parse(outs.startedAt));
    expect(outs.polls).toBeGreaterThan(1);
    expect(outs).not.toHaveProperty("__provider");
    // Progress: the start, phase changes, the end; never a secret.
    const text = fx.lines.join("\n");
    expect(text).toContain(`job ${jobId} synchronizing; requesting the modification (the job does not sync database "dtstestdata")`);
    expect(text).toContain(`started task ${id} on job ${jobId}`);
    expect(text).toMatch(/\(task \w+\): status \w+; precheck \w+ \d+%, structure initialization \w+ \d+%, data initialization \w+ \d+%/);
    expect(text).toMatch(/(precheck|structure initialization|data initialization) \w+ -> Finished/);
    expect(text).toMatch(/\(task \w+\): done: precheck, structure initialization and data initialization Finished/);
    expect(fx.lines.every((l) => l.startsWith("[dts-objects] objs-"))).toBe(true);
    noSecretIn(text);
  });

  it("a retried create with the same inputs starts no second task: the job already syncs them (reported, no TaskId)", async () => {
    const { jobId, inputs } = inputsFor(fx.emu);
    const first = await fx.provider.create(inputs);
    const modifies = fx.emu.stats().byAction.ModifySynchronizationObject;
    const second = await fx.provider.create({ ...inputs });
    expect(second.id).toBe(`notask:${jobId}`);
    expect(second.outs.taskId).toBeUndefined();
    expect(second.outs).toMatchObject({
      source: "job",
      status: "synchronizing",
      precheck: { status: "Finished" },
      dataInitialization: { status: "Finished" },
      tables: first.outs.tables,
      failedTables: [],
    });
    expect(second.outs.note).toBe(
      `No task started: job ${jobId} already syncs exactly these objects; phases and tables are the job's (its latest modification). Set a new \`revision\` to run the modification again.`,
    );
    expect(fx.lines.join("\n")).toContain(second.outs.note);
    expect(fx.emu.stats().byAction.ModifySynchronizationObject).toBe(modifies);
    expect(fx.emu.taskCount(jobId)).toBe(1);
    // A revision skips the in-place shortcut: a new task with the same objects.
    const third = await fx.provider.create({ ...inputs, revision: "2" });
    expect(third.id).not.toBe(first.id);
    expect(third.outs).toMatchObject({ taskId: third.id, source: "task" });
    expect(fx.emu.taskCount(jobId)).toBe(2);
  });

  it("a create while the job is modifying waits for it (saying so), then decides: in place -> no second task", async () => {
    const { jobId, inputs } = inputsFor(fx.emu, { scenario: "never-finishes" });
    const held = await rejection(fx.provider.create({ ...inputs, wait: { ...FAST_WAIT, timeoutMinutes: 0.005 } }));
    expect(held).toBeInstanceOf(ModificationIncompleteError);
    fx.lines = [];
    setTimeout(() => fx.emu.release(jobId), 300);
    const again = await fx.provider.create(inputs);
    expect(again.id).toBe(`notask:${jobId}`);
    expect(again.outs.note).toMatch(/already syncs exactly these objects \(after the running modification ended\)/);
    const text = fx.lines.join("\n");
    expect(text).toContain(
      `job ${jobId} is modifying its objects (a modification is running, possibly one an earlier attempt started): not requesting another`,
    );
    expect(text).toMatch(/job modifying: precheck Finished 100%, structure initialization Finished 100%, data initialization Migrating \d+%/);
    expect(fx.emu.taskCount(jobId)).toBe(1);
  });

  it("the deadline passes while another modification runs: saved without a TaskId, no Modify call; the resume decides", async () => {
    const { jobId, inputs } = inputsFor(fx.emu, { scenario: "never-finishes" });
    await rejection(fx.provider.create({ ...inputs, wait: { ...FAST_WAIT, timeoutMinutes: 0.005 } }));
    const modifies = fx.emu.stats().byAction.ModifySynchronizationObject;
    const other = { ...inputs, synchronizationObjects: [{ dbName: "otherdb" }], wait: { ...FAST_WAIT, timeoutMinutes: 0.005 } };
    const e = await rejection(fx.provider.create(other));
    expect(e).toBeInstanceOf(ModificationIncompleteError);
    expect(e.id).toBe(`notask:${jobId}`);
    expect(e.message).toMatch(/^Job \S+ was still modifying its objects when wait.timeoutMinutes \(0.005\) ran out: no modification was requested by this run/);
    expect(e.properties).toMatchObject({ source: "job", status: "modifying", __provider: expect.any(String) });
    expect(e.properties.taskId).toBeUndefined();
    expect(fx.emu.stats().byAction.ModifySynchronizationObject).toBe(modifies);
    // The next `pulumi up` (update with the saved state) waits, then starts the task the job does not have yet.
    // The job is still modifying when the resume starts (a fresh deadline: the first one has passed long ago).
    fx.emu.setScenario("success", jobId);
    // The provider's clock runs 2 s ahead (injected, no real sleep): the saved start + 1.8 s lies in the past now.
    fx.setHooks({ now: () => Date.now() + 2000 });
    setTimeout(() => fx.emu.release(jobId), 300);
    fx.lines = [];
    let outs: Awaited<ReturnType<typeof fx.provider.update>>["outs"];
    try {
      ({ outs } = await fx.provider.update(e.id, e.properties, { ...other, wait: { ...FAST_WAIT, timeoutMinutes: 0.03 } }));
    } finally {
      fx.setHooks();
    }
    expect(fx.lines.join("\n")).toContain(`job ${jobId} is modifying its objects`);
    expect(outs).toMatchObject({ source: "task", taskId: expect.any(String), dataInitialization: { status: "Finished" } });
    expect(fx.emu.taskCount(jobId)).toBe(2);
  });

  it("accepts the raw JSON objects string", async () => {
    const { jobId, inputs } = inputsFor(fx.emu);
    const { outs } = await fx.provider.create({
      ...inputs,
      synchronizationObjects: '[{"DBName":"dtstestdata","TableIncludes":[{"TableName":"a"},{"TableName":"b"}]}]',
    });
    expect(outs.synchronizationObjects).toEqual([{ dbName: "dtstestdata", tableIncludes: [{ tableName: "a" }, { tableName: "b" }] }]);
    expect(outs.tables.total).toBe(2);
    expect(fx.emu.taskCount(jobId)).toBe(1);
  });

  it("precheck failure: a partial failure naming the item, its ErrorMessage and RepairMethod", async () => {
    const { jobId, inputs } = inputsFor(fx.emu, { scenario: "precheck-failure" });
    // The task clock stands still until the task exists, then moves to halfway through the item after the failed
    // one: the failed item is visible while the rest of the precheck still runs, whenever the waiter polls.
    frozenAt = Date.now();
    const start = frozenAt;
    const pending = rejection(fx.provider.create(inputs));
    let e: Awaited<typeof pending>;
    try {
      while (!fx.emu.tasks().some((t) => t.jobId === jobId)) await new Promise((r) => setTimeout(r, 5));
      const failedIndex = PRECHECK_ITEM_NAMES.indexOf("CHECK_AUTH_DEST");
      frozenAt = start + ((failedIndex + 1.5) * DEFAULT_DURATIONS.precheckItemMs) / TIME_SCALE;
      e = await pending;
    } finally {
      frozenAt = undefined;
    }
    expect(e).toBeInstanceOf(ModificationIncompleteError);
    const task = fx.emu.tasks().find((t) => t.jobId === jobId)!;
    expect(e.id).toBe(task.taskId);
    expect(e.reasons).toEqual([e.message]);
    expect(e.message).toContain("failed in precheck");
    expect(e.message).toContain("CHECK_AUTH_DEST");
    expect(e.message).toContain("Access denied for user");
    expect(e.message).toContain("repair: CHECK_ERROR_DEST_CONN_REPAIR2");
    expect(e.message).toMatch(/set a new `revision`/);
    expect(e.properties.__provider).toBe(inputs.__provider);
    expect(e.properties.synchronizationJobId).toBe(jobId);
    // A failed item ends the wait at once, even while the rest of the precheck still runs.
    expect(e.properties.precheck.status).toBe("Migrating");
    expect(e.properties.precheck.failedItems).toEqual([
      { name: "CHECK_AUTH_DEST", status: "Failed", errorMessage: expect.stringContaining("Access denied"), repairMethod: "CHECK_ERROR_DEST_CONN_REPAIR2" },
    ]);
    expect(e.properties.finishedAt).toEqual(expect.any(String));
    noSecretIn(e.message);
  });

  it("structure failure: names the phase, its ErrorMessage and the failed table", async () => {
    const { inputs } = inputsFor(fx.emu, { scenario: "structure-failure" });
    const e = await rejection(fx.provider.create(inputs));
    expect(e).toBeInstanceOf(ModificationIncompleteError);
    expect(e.message).toContain("failed in structure initialization");
    expect(e.message).toContain("DTS-1020042");
    expect(e.message).toMatch(/Failed tables \(1\):\n\s+dtstestdata\.customer/);
    expect(e.properties.structureInitialization.status).toBe("Failed");
    expect(e.properties.failedTables).toEqual([expect.objectContaining({ sourceDb: "dtstestdata", table: "customer", phase: "structureInitialization" })]);
  });

  it("failed tables fail the resource by default, and are accepted with failOn.failedTables=false", async () => {
    const { inputs } = inputsFor(fx.emu, { scenario: { name: "failed-tables", failedTables: { tables: ["orders"] } } });
    const e = await rejection(fx.provider.create(inputs));
    expect(e).toBeInstanceOf(ModificationIncompleteError);
    expect(e.message).toMatch(/finished, but 1 table failed and failOn\.failedTables is true/);
    expect(e.message).toContain("dtstestdata.orders");
    expect(e.message).toContain("NumberFormatException");
    expect(e.properties.tables).toEqual({ total: 3, finished: 2, failed: 1 });

    const accepted = inputsFor(fx.emu, { scenario: { name: "failed-tables", failedTables: { tables: ["orders"] } } });
    const { outs } = await fx.provider.create({ ...accepted.inputs, failOn: { failedTables: false } });
    expect(outs.failedTables).toEqual([
      expect.objectContaining({ table: "orders", phase: "dataInitialization", errorMessage: expect.stringContaining("NumberFormatException") }),
    ]);
    expect(outs.tables).toEqual({ total: 3, finished: 2, failed: 1 });
  });

  it("deadline: a partial failure with the TaskId; update resumes on the same task once released", async () => {
    const { jobId, inputs } = inputsFor(fx.emu, { scenario: "never-finishes", extra: { wait: { timeoutMinutes: 0.02, ...FAST_WAIT } } });
    const e = await rejection(fx.provider.create(inputs));
    expect(e).toBeInstanceOf(ModificationIncompleteError);
    expect(e.message).toMatch(/timed out/);
    expect(e.message).toMatch(/run `pulumi up` again to resume waiting/);
    expect(e.properties.finishedAt).toBeUndefined();
    expect(e.properties.dataInitialization.status).toBe("Migrating");
    expect(e.properties.taskId).toBe(e.id);
    const taskId = e.id as string;

    // A second update while still held: again a partial failure on the same task.
    const again = await rejection(fx.provider.update(taskId, e.properties, inputs));
    expect(again.id).toBe(taskId);
    expect(again.properties.polls).toBeGreaterThan(e.properties.polls);

    fx.emu.release(taskId);
    const { outs } = await fx.provider.update(taskId, again.properties, { ...inputs, wait: { timeoutMinutes: 1, ...FAST_WAIT } });
    expect(outs.taskId).toBe(taskId);
    expect(outs.dataInitialization.status).toBe("Finished");
    expect(outs.startedAt).toBe(e.properties.startedAt);
    expect(outs.polls).toBeGreaterThan(again.properties.polls);
    expect(outs.wait).toEqual({ timeoutMinutes: 1, ...FAST_WAIT });
    expect(fx.emu.taskCount(jobId)).toBe(1);
  });

  it("adopts an existing task instead of starting one", async () => {
    const { jobId, inputs } = inputsFor(fx.emu);
    const started = await fx.provider.create(inputs);
    const { synchronizationObjects: _omit, ...rest } = inputs;
    const { id, outs } = await fx.provider.create({ ...rest, adoptTaskId: started.id, __resourceKey: "proj/dev/adopter" });
    expect(id).toBe(started.id);
    expect(outs.dataInitialization.status).toBe("Finished");
    expect(fx.emu.taskCount(jobId)).toBe(1);
    expect(fx.lines.join("\n")).toContain(`adopting task ${started.id}`);

    const missing = await rejection(fx.provider.create({ ...rest, adoptTaskId: "nosuchtask00" }));
    expect(missing).not.toBeInstanceOf(ModificationIncompleteError);
    expect(missing.message).toMatch(/nosuchtask00.*does not exist.*check adoptTaskId/);
  });

  it("an unknown job: a plain error from the job state, no Modify call (nothing saved)", async () => {
    const { inputs } = inputsFor(fx.emu);
    const modifies = fx.emu.stats().byAction.ModifySynchronizationObject;
    const e = await rejection(fx.provider.create({ ...inputs, synchronizationJobId: "dtsnosuchjob1" }));
    expect(e.id).toBeUndefined();
    expect(e.message).toMatch(/^Could not read the state of job dtsnosuchjob1 \(DescribeSynchronizationJobStatus\): .*InvalidJobId.NotFound/);
    expect(e.message).toContain("No modification was requested: whether one is needed is decided from the job's state.");
    expect(fx.emu.stats().byAction.ModifySynchronizationObject).toBe(modifies);
  });

  it("a rejected ModifySynchronizationObject (throttled past the retries: it did not run) is a plain error (nothing saved)", async () => {
    const { jobId, inputs } = inputsFor(fx.emu);
    fx.setHooks({ client: { retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } } });
    try {
      fx.emu.setFaults({ actions: ["ModifySynchronizationObject"], sequence: ["throttle", "throttle"] });
      const e = await rejection(fx.provider.create(inputs));
      expect(e.id).toBeUndefined();
      expect(e.message).toMatch(/^ModifySynchronizationObject on job \S+ failed: .*Throttling.User/);
      expect(fx.emu.taskCount(jobId)).toBe(0);
    } finally {
      fx.emu.setFaults({});
      fx.setHooks();
    }
  });
});

describe("transport faults", () => {
  afterEach(() => fx.emu.setFaults({}));

  // resetAfter destroys the socket (ECONNRESET); unavailableAfter answers 503 with an HTML page (InvalidResponse).
  it.each([
    ["resetAfter", "ECONNRESET"],
    ["unavailableAfter", "InvalidResponse"],
  ] as const)(
    "an ambiguous ModifySynchronizationObject (%s: the call ran) goes back to the job state: the modification it started is reported, no second task",
    async (fault, code) => {
      const { jobId, inputs } = inputsFor(fx.emu);
      fx.emu.setFaults({ actions: ["ModifySynchronizationObject"], sequence: [fault] });
      const { id, outs } = await fx.provider.create(inputs);
      expect(id).toBe(`notask:${jobId}`);
      expect(outs).toMatchObject({ source: "job", dataInitialization: { status: "Finished" }, tables: { total: 3, finished: 3, failed: 0 } });
      expect(outs.note).toMatch(
        /^No second task started: ModifySynchronizationObject ended ambiguously and job \S+ then ran a modification, taken as this one \(TaskId unknown\)/,
      );
      expect(fx.lines.join("\n")).toContain(
        `ModifySynchronizationObject ended ambiguously (${code}): reading the job state again instead of retrying (attempt 1)`,
      );
      expect(fx.emu.taskCount(jobId)).toBe(1);
      expect(fx.emu.stats().byAction.ModifySynchronizationObject).toBeGreaterThan(0);
    },
  );

  it("an ambiguous call that did not run (slow before the call, client timeout): the job state shows nothing, the call is made again: one task", async () => {
    const { jobId, inputs } = inputsFor(fx.emu);
    const timed = await fx.configure(SynchronizationObjectModificationProvider);
    fx.setHooks({ client: { timeoutMs: 300, retry: { maxAttempts: 1 } } });
    try {
      fx.emu.setFaults({ actions: ["ModifySynchronizationObject"], sequence: ["slow"], slowMs: 800 });
      const { id, outs } = await timed.create(inputs);
      expect(outs).toMatchObject({ source: "task", taskId: id });
      expect(fx.emu.taskCount(jobId)).toBe(1);
    } finally {
      fx.setHooks();
    }
  });

  it("throttled status calls are retried (one line each) and the wait still succeeds", async () => {
    const { inputs } = inputsFor(fx.emu);
    fx.emu.setFaults({ actions: ["DescribeSynchronizationObjectModifyStatus"], sequence: ["throttle", "throttle429"] });
    const { outs } = await fx.provider.create(inputs);
    expect(outs.dataInitialization.status).toBe("Finished");
    expect(fx.lines.filter((l) => /retrying DescribeSynchronizationObjectModifyStatus in \d+ ms \(attempt [23] of \d\): Throttling/.test(l))).toHaveLength(2);
  });
});

describe("read", () => {
  it("blocks until the task finished and returns fresh outputs and the inputs", async () => {
    const { inputs } = inputsFor(fx.emu, { scenario: "never-finishes" });
    const e = await rejection(fx.provider.create({ ...inputs, wait: { timeoutMinutes: 0.01, ...FAST_WAIT } }));
    const taskId = e.id as string;
    const stored = { ...e.properties, wait: inputs.wait };
    setTimeout(() => fx.emu.release(taskId), 400);
    const t0 = Date.now();
    const r = await fx.provider.read(taskId, stored);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
    expect(r.id).toBe(taskId);
    expect(r.props).toMatchObject({
      taskId,
      dataInitialization: { status: "Finished" },
      finishedAt: expect.any(String),
      synchronizationJobId: inputs.synchronizationJobId,
    });
    expect(r.inputs).toEqual({
      synchronizationJobId: inputs.synchronizationJobId,
      synchronizationObjects: inputs.synchronizationObjects,
      wait: inputs.wait,
      __resourceKey: inputs.__resourceKey,
      __tokenSalt: "0",
    });
  });

  it("records a failed task without throwing (the next up re-waits and reports it)", async () => {
    const { inputs } = inputsFor(fx.emu, { scenario: "precheck-failure" });
    const e = await rejection(fx.provider.create(inputs));
    const r = await fx.provider.read(e.id, e.properties);
    expect(r.id).toBe(e.id);
    expect(r.props!.precheck.failedItems).toHaveLength(1);
    expect((await fx.provider.diff(e.id, r.props, r.inputs)).changes).toBe(true);
  });

  it("a resource refreshed after a later modification of its job: its tables are left out with the reason", async () => {
    const { jobId, inputs } = inputsFor(fx.emu);
    const first = await fx.provider.create(inputs);
    expect(first.outs.tables).toEqual({ total: 3, finished: 3, failed: 0 });
    // Another modification of the same job (e.g. another stack): DescribeInitializationStatus now reports that one.
    await fx.provider.create({ ...inputs, synchronizationObjects: [{ dbName: "otherdb" }], __resourceKey: "p/dev/other" });
    fx.lines = [];
    const r = await fx.provider.read(first.id, first.outs);
    expect(r.props).toMatchObject({ taskId: first.id, source: "task", failedTables: [], dataInitialization: { status: "Finished" } });
    expect(r.props!.tables).toBeUndefined();
    expect(r.props!.tablesLeftOut).toBe(
      `tables left out: task ${first.id} is not the job's latest modification (its phases differ from the job's), and DTS reports tables only for the latest`,
    );
    expect(fx.lines.join("\n")).toContain(r.props!.tablesLeftOut);
    expect(fx.emu.taskCount(jobId)).toBe(2);
  });

  it("a task that failed its precheck reports no tables (they would be another modification's)", async () => {
    const { inputs } = inputsFor(fx.emu, { scenario: "precheck-failure" });
    const e = await rejection(fx.provider.create(inputs));
    expect(e.properties.tables).toBeUndefined();
    expect(e.properties.tablesLeftOut).toMatch(/^tables left out: task \S+ failed its precheck and initialized no tables/);
  });

  it("returns an empty id (removal) for a task DTS does not know", async () => {
    const { inputs } = inputsFor(fx.emu);
    const r = await fx.provider.read("nosuchtask00", { ...inputs, taskId: "nosuchtask00" });
    expect(r.id).toBe("");
    expect(fx.lines.join("\n")).toMatch(/no longer exists.*removing the resource from the state/);
  });
});

describe("update and delete", () => {
  it("update on a vanished task is a plain error telling what to do", async () => {
    const { inputs } = inputsFor(fx.emu);
    const e = await rejection(fx.provider.update("nosuchtask00", { ...inputs, taskId: "nosuchtask00" }, inputs));
    expect(e).not.toBeInstanceOf(ModificationIncompleteError);
    expect(e.message).toMatch(/no longer exists.*pulumi refresh.*revision/);
  });

  it("delete makes no API call", async () => {
    const { inputs } = inputsFor(fx.emu);
    const { id, outs } = await fx.provider.create(inputs);
    const before = fx.emu.stats().requests;
    await fx.provider.delete(id, { ...outs, __provider: "x" });
    expect(fx.emu.stats().requests).toBe(before);
    expect(fx.lines.join("\n")).toMatch(/removing task .* from the state.*cannot be undone/);
  });
});

describe("credentials", () => {
  it("uses the stack config; a half-set config names the missing key", async () => {
    const half = await configuredProvider(SynchronizationObjectModificationProvider, { "dts:accessKeyId": fx.emu.accessKeyId, "dts:endpoint": fx.emu.url });
    const { inputs } = inputsFor(fx.emu);
    const e = await rejection(half.create(inputs));
    expect(e.message).toMatch(/dts:accessKeySecret is not set.*pulumi config set --secret dts:accessKeySecret/);
  });

  it("a wrong secret fails without revealing it", async () => {
    const wrong = await configuredProvider(SynchronizationObjectModificationProvider, {
      ...emulatorConfig(fx.emu),
      "dts:accessKeySecret": "wrong-secret-value-123",
    });
    const { inputs } = inputsFor(fx.emu);
    const e = await rejection(wrong.create(inputs));
    expect(e.message).toMatch(/^Could not read the state of job \S+ \(DescribeSynchronizationJobStatus\): .*SignatureDoesNotMatch/);
    expect(e.message).not.toContain("wrong-secret-value-123");
    expect(fx.lines.join("\n")).not.toContain("wrong-secret-value-123");
  });

  it("a resumed wait that cannot read the task keeps the TaskId and says to fix the access", async () => {
    const { inputs } = inputsFor(fx.emu);
    const { id, outs } = await fx.provider.create(inputs);
    const wrong = await configuredProvider(SynchronizationObjectModificationProvider, {
      ...emulatorConfig(fx.emu),
      "dts:accessKeySecret": "wrong-secret-value-456",
    });
    const e = await rejection(wrong.update(id, outs, inputs));
    expect(e).toBeInstanceOf(ModificationIncompleteError);
    expect(e.id).toBe(id);
    expect(e.message).toMatch(/No status of the task could be read.*Fix the access/);
    // What the state knew is kept (not blanked); only the poll count grows.
    expect(e.properties.dataInitialization).toEqual(outs.dataInitialization);
    expect(e.properties.tables).toEqual(outs.tables);
    expect(e.properties.polls).toBeGreaterThan(outs.polls);
    expect(e.message).not.toContain("wrong-secret-value-456");
  });

  it("falls back to the environment when the stack config has no key", async () => {
    const env = { id: process.env.ALIBABA_CLOUD_ACCESS_KEY_ID, secret: process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET };
    process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = fx.emu.accessKeyId;
    process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = fx.emu.accessKeySecret;
    try {
      const envProvider = await configuredProvider(SynchronizationObjectModificationProvider, {});
      const { inputs } = inputsFor(fx.emu, { extra: { endpoint: fx.emu.url } });
      const { outs } = await envProvider.create(inputs);
      expect(outs.dataInitialization.status).toBe("Finished");
    } finally {
      if (env.id === undefined) delete process.env.ALIBABA_CLOUD_ACCESS_KEY_ID;
      else process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = env.id;
      if (env.secret === undefined) delete process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
      else process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = env.secret;
    }
  });
});
