/** `check` and `diff`: validation naming each field and its fix, normalization, ClientToken salt, replace vs update. */
jest.mock("pulumi-dts-objects", () => jest.requireActual("../../provider"), { virtual: true });

import { SynchronizationObjectModificationProvider } from "../../provider";
import { UNKNOWN_VALUE } from "../../provider/shared/inputs";
import { clientTokenFor } from "../../provider/synchronization-object-modification/token";

const provider = new SynchronizationObjectModificationProvider();

const base = {
  synchronizationJobId: "dtsjob0001",
  synchronizationObjects: [{ dbName: "dtstestdata", tableIncludes: [{ tableName: "customer" }] }],
  __resourceKey: "proj/dev/objs",
  __provider: "PROVIDER",
};

async function failuresOf(news: Record<string, unknown>): Promise<Record<string, string>> {
  const r = await provider.check({}, news);
  return Object.fromEntries((r.failures ?? []).map((f) => [f.property, f.reason]));
}

describe("check", () => {
  it("accepts typed objects and returns the normalized inputs with the hidden keys", async () => {
    const r = await provider.check({}, { ...base, synchronizationJobId: "  dtsjob0001 ", wait: { timeoutMinutes: 5 } });
    expect(r.failures).toEqual([]);
    expect(r.inputs).toEqual({
      synchronizationJobId: "dtsjob0001",
      synchronizationObjects: [{ dbName: "dtstestdata", tableIncludes: [{ tableName: "customer" }] }],
      wait: { timeoutMinutes: 5 },
      __resourceKey: "proj/dev/objs",
      __tokenSalt: "0",
    });
  });

  it("drops nested undefined members (the host cannot encode them)", async () => {
    const r = await provider.check({}, { ...base, wait: { timeoutMinutes: 5, minDelaySeconds: undefined }, failOn: { failedTables: undefined } });
    expect(r.failures).toEqual([]);
    expect(r.inputs.wait).toEqual({ timeoutMinutes: 5 });
    expect(Object.keys(r.inputs.wait)).toEqual(["timeoutMinutes"]);
    expect(r.inputs.failOn).toEqual({});
  });

  it("accepts the raw JSON string and stores the same typed form", async () => {
    const typed = await provider.check({}, base);
    const raw = await provider.check({}, { ...base, synchronizationObjects: '[{"DBName":"dtstestdata","TableIncludes":[{"TableName":"customer"}]}]' });
    expect(raw.failures).toEqual([]);
    expect(raw.inputs).toEqual(typed.inputs);
  });

  it("names every bad field with a fix", async () => {
    const f = await failuresOf({
      synchronizationJobId: "",
      synchronizationObjects: [{ dbName: "db", tableIncludes: [{ tablename: "t" }] }],
      synchronizationDirection: "Sideways",
      wait: { timeoutMinutes: -1, minDelaySeconds: 10, maxDelaySeconds: 5 },
      failOn: { failedTables: "yes" },
      endpoint: "dts.example.com",
      regionId: "Hangzhou",
      objects: [],
      __provider: "PROVIDER",
    });
    expect(Object.keys(f).sort()).toEqual(
      [
        "endpoint",
        "failOn.failedTables",
        "objects",
        "regionId",
        "synchronizationDirection",
        "synchronizationJobId",
        "synchronizationObjects[0].tableIncludes[0].tableName",
        "synchronizationObjects[0].tableIncludes[0].tablename",
        "wait.maxDelaySeconds",
        "wait.timeoutMinutes",
      ].sort(),
    );
    expect(f.synchronizationJobId).toMatch(/must not be empty.*e\.g\./);
    expect(f["synchronizationObjects[0].tableIncludes[0].tablename"]).toMatch(/unknown input "tablename".*spelling/);
    expect(f["synchronizationObjects[0].tableIncludes[0].tableName"]).toMatch(/tableName/);
    expect(f.objects).toMatch(/unknown input "objects".*Known inputs: synchronizationJobId, synchronizationObjects/);
    expect(f.synchronizationDirection).toMatch(/"Forward" or "Reverse"/);
    expect(f["wait.timeoutMinutes"]).toMatch(/> 0 minutes/);
    expect(f["wait.maxDelaySeconds"]).toMatch(/below minDelaySeconds/);
    expect(f["failOn.failedTables"]).toMatch(/true or false/);
    expect(f.endpoint).toMatch(/http:\/\/ or https:\/\//);
    expect(f.regionId).toMatch(/cn-hangzhou/);
  });

  it("requires the job and the objects (objects optional only with adoptTaskId)", async () => {
    const f = await failuresOf({ __provider: "P" });
    expect(f.synchronizationJobId).toMatch(/is required/);
    expect(f.synchronizationObjects).toMatch(/is required.*adoptTaskId/);
    expect(await failuresOf({ synchronizationJobId: "j", adoptTaskId: "task1", __provider: "P" })).toEqual({});
  });

  it("reports a bad JSON string at its wire path", async () => {
    expect(await failuresOf({ ...base, synchronizationObjects: "not json" })).toEqual({
      synchronizationObjects: expect.stringMatching(/not valid JSON.*Fix: use \[\{"DBName"/),
    });
    expect(Object.keys(await failuresOf({ ...base, synchronizationObjects: '[{"DBName":"db","TableIncludes":[{}]}]' }))).toEqual([
      "synchronizationObjects[0].TableIncludes[0].TableName",
    ]);
  });

  it("reports duplicate databases and includes+excludes", async () => {
    const f = await failuresOf({
      ...base,
      synchronizationObjects: [{ dbName: "a" }, { dbName: "a", tableIncludes: [{ tableName: "t" }], tableExcludes: [{ tableName: "x" }] }],
    });
    expect(f["synchronizationObjects[1].dbName"]).toMatch(/listed twice/);
    expect(f["synchronizationObjects[1].tableExcludes"]).toMatch(/drop it or drop tableIncludes/);
  });

  it("keeps unknown (preview) values and validates the rest", async () => {
    const r = await provider.check({}, { ...base, synchronizationJobId: UNKNOWN_VALUE, synchronizationObjects: [{ dbName: UNKNOWN_VALUE }] });
    expect(r.failures).toEqual([]);
    expect(r.inputs.synchronizationJobId).toBe(UNKNOWN_VALUE);
    const bad = await failuresOf({ ...base, synchronizationJobId: UNKNOWN_VALUE, wait: { timeoutMinutes: 0 } });
    expect(Object.keys(bad)).toEqual(["wait.timeoutMinutes"]);
  });

  it("changes the token salt when the replacing inputs change, keeps it otherwise", async () => {
    const a = (await provider.check({}, base)).inputs;
    const aWait = (await provider.check(a, { ...base, wait: { timeoutMinutes: 9 } })).inputs;
    expect(aWait.__tokenSalt).toBe(a.__tokenSalt);
    const b = (await provider.check(a, { ...base, synchronizationObjects: [{ dbName: "other" }] })).inputs;
    expect(b.__tokenSalt).not.toBe(a.__tokenSalt);
    const a2 = (await provider.check(b, base)).inputs;
    expect(a2.__tokenSalt).not.toBe(a.__tokenSalt);
    expect(a2.__tokenSalt).not.toBe(b.__tokenSalt);
    // Deterministic: the same olds and news give the same salt (preview and up agree; a retried up too).
    expect((await provider.check(b, base)).inputs.__tokenSalt).toBe(a2.__tokenSalt);
    // So A -> B -> A gets a new ClientToken for the second A instead of the first A's task.
    expect(clientTokenFor(a2 as never)).not.toBe(clientTokenFor(a as never));
    expect(clientTokenFor(a as never)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("derives the ClientToken from stack, name, job, objects, direction and revision", () => {
    const t = (extra: Record<string, unknown>) => clientTokenFor({ ...base, __tokenSalt: "0", ...extra } as never);
    const seen = new Set([
      t({}),
      t({ __resourceKey: "proj/prod/objs" }),
      t({ synchronizationJobId: "dtsjob0002" }),
      t({ synchronizationObjects: [{ dbName: "dtstestdata" }] }),
      t({ synchronizationDirection: "Reverse" }),
      t({ revision: "2" }),
    ]);
    expect(seen.size).toBe(6);
    expect(t({ wait: { timeoutMinutes: 3 } })).toBe(t({}));
  });
});

describe("diff", () => {
  const finished = {
    ...base,
    synchronizationObjects: [{ dbName: "dtstestdata", tableIncludes: [{ tableName: "customer" }] }],
    __tokenSalt: "0",
    taskId: "t1",
    precheck: { status: "Finished", percent: 100, items: [], failedItems: [] },
    structureInitialization: { status: "Finished", percent: 100, progress: 1 },
    dataInitialization: { status: "Finished", percent: 100, progress: 1 },
    failedTables: [],
    finishedAt: "2026-01-01T00:00:00.000Z",
  };

  it("reports no change for equal inputs (key order does not matter)", async () => {
    const news = { ...base, synchronizationObjects: [{ tableIncludes: [{ tableName: "customer" }], dbName: "dtstestdata" }], __tokenSalt: "0" };
    expect(await provider.diff("t1", finished, news)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("replaces on a change of objects, job, direction, adoptTaskId or revision", async () => {
    for (const [key, value] of Object.entries({
      synchronizationObjects: [{ dbName: "x" }],
      synchronizationJobId: "other",
      synchronizationDirection: "Reverse",
      adoptTaskId: "t9",
      revision: "2",
    })) {
      const r = await provider.diff("t1", finished, { ...base, [key]: value });
      expect(r).toEqual({ changes: true, replaces: [key], deleteBeforeReplace: false });
    }
  });

  it("updates in place (no replace) on a change of wait, failOn, regionId or endpoint", async () => {
    for (const [key, value] of Object.entries({
      wait: { timeoutMinutes: 2 },
      failOn: { failedTables: false },
      regionId: "cn-shanghai",
      endpoint: "http://127.0.0.1:1",
    })) {
      expect(await provider.diff("t1", finished, { ...base, [key]: value })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    }
  });

  it("re-waits (update) when the stored outputs show an unfinished or failed task", async () => {
    const running = { ...finished, finishedAt: undefined, dataInitialization: { status: "Migrating", percent: 40, progress: 1 } };
    expect((await provider.diff("t1", running, base)).changes).toBe(true);
    const withFailedTables = { ...finished, failedTables: [{ table: "t" }] };
    expect((await provider.diff("t1", withFailedTables, base)).changes).toBe(true);
    expect((await provider.diff("t1", withFailedTables, { ...base, failOn: { failedTables: false } })).replaces).toEqual([]);
  });

  it("treats an unknown (preview) value as a change", async () => {
    expect((await provider.diff("t1", finished, { ...base, synchronizationJobId: UNKNOWN_VALUE })).replaces).toEqual(["synchronizationJobId"]);
  });
});

describe("check: keys that name prototypes", () => {
  it("a __proto__ key cannot smuggle adoptTaskId past the unknown-key check", async () => {
    const news = JSON.parse('{"synchronizationJobId":"dtsjob0001","__proto__":{"adoptTaskId":"dtstaskX"},"__resourceKey":"proj/dev/objs"}');
    const r = await provider.check({}, news);
    expect(r.failures).toEqual([
      {
        property: "__proto__",
        reason:
          'unknown input "__proto__": check its spelling or remove it. Known inputs: synchronizationJobId, synchronizationObjects, synchronizationDirection, adoptTaskId, revision, wait, failOn, regionId, endpoint.',
      },
      {
        property: "synchronizationObjects",
        reason: 'is required: pass the databases (and tables) the job should sync, e.g. [{dbName: "dtstestdata"}]; it may be omitted only with adoptTaskId',
      },
    ]);
  });

  it("constructor and prototype are unknown inputs like any other", async () => {
    const failures = await failuresOf(JSON.parse(JSON.stringify({ ...base, constructor: { name: "x" }, prototype: 1 })));
    expect(Object.keys(failures).sort()).toEqual(["constructor", "prototype"]);
  });

  it("a NUL byte or a line break in a name is refused, naming the field", async () => {
    const failures = await failuresOf({ ...base, synchronizationObjects: [{ dbName: "db", tableIncludes: [{ tableName: "a\nb" }] }] });
    expect(failures).toEqual({
      "synchronizationObjects[0].tableIncludes[0].tableName":
        "the source table name must not contain a line break (found at character 2): remove it. Use {dbName, newDbName?, tableIncludes?: [{tableName, newTableName?}], tableExcludes?: [{tableName}]}",
    });
  });
});
