/**
 * The resource surface under `pulumi.runtime.setMocks` (no engine, provider methods are never called), and the
 * serialized provider: it serializes, stays small, and carries no secret, no client and no local module.
 */
import * as pulumi from "@pulumi/pulumi";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}
const registered: Registered[] = [];

pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      registered.push({ type: args.type, name: args.name, inputs: args.inputs });
      return {
        id: `task-of-${args.name}`,
        state: {
          ...args.inputs,
          taskId: `task-of-${args.name}`,
          status: "Finished",
          precheck: { status: "Finished", percent: 100, items: [], failedItems: [] },
          structureInitialization: { status: "Finished", percent: 100, progress: 3 },
          dataInitialization: { status: "Finished", percent: 100, progress: 1000 },
          failedTables: [],
          tables: { total: 3, finished: 3, failed: 0 },
          startedAt: "2026-01-01T00:00:00.000Z",
          finishedAt: "2026-01-01T00:01:00.000Z",
          polls: 4,
        },
      };
    },
    call: (args) => args.inputs,
  },
  "proj",
  "dev",
  false,
);

// Imported after setMocks, as the Pulumi testing guide does.
const mod = require("../../provider") as typeof import("../../provider");
const { SynchronizationObjectModification, RESOURCE_TYPE, getProvider, __providerImpl } = mod;

function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => resolve(v)));
}

describe("SynchronizationObjectModification under setMocks", () => {
  it("registers the type token with the inputs, __provider and the resource key", async () => {
    const res = new SynchronizationObjectModification("orders", {
      synchronizationJobId: "dtsjob0001",
      synchronizationObjects: [{ dbName: "dtstestdata", tableIncludes: [{ tableName: "customer" }] }],
      wait: { timeoutMinutes: 5 },
    });
    await promiseOf(res.taskId);
    const reg = registered.find((r) => r.name === "orders")!;
    expect(reg.type).toBe(RESOURCE_TYPE);
    expect(RESOURCE_TYPE).toBe("pulumi-nodejs:dynamic/dts:SynchronizationObjectModification");
    expect(reg.inputs.synchronizationJobId).toBe("dtsjob0001");
    expect(reg.inputs.synchronizationObjects).toEqual([{ dbName: "dtstestdata", tableIncludes: [{ tableName: "customer" }] }]);
    expect(reg.inputs.wait).toEqual({ timeoutMinutes: 5 });
    expect(reg.inputs.__resourceKey).toBe("proj/dev/orders");
    expect(typeof reg.inputs.__provider).toBe("string");
    // Output-only keys are seeded with undefined and so not sent.
    expect(reg.inputs).not.toHaveProperty("taskId");
    expect(reg.inputs).not.toHaveProperty("polls");
  });

  it("exposes every output", async () => {
    const res = new SynchronizationObjectModification("outs", {
      synchronizationJobId: "dtsjob0001",
      synchronizationObjects: '[{"DBName":"dtstestdata"}]',
    });
    expect(await promiseOf(res.taskId)).toBe("task-of-outs");
    expect(await promiseOf(res.id)).toBe("task-of-outs");
    expect(await promiseOf(res.status)).toBe("Finished");
    expect(await promiseOf(res.precheck)).toEqual({ status: "Finished", percent: 100, items: [], failedItems: [] });
    expect((await promiseOf(res.structureInitialization)).progress).toBe(3);
    expect((await promiseOf(res.dataInitialization)).percent).toBe(100);
    expect(await promiseOf(res.failedTables)).toEqual([]);
    expect(await promiseOf(res.tables)).toEqual({ total: 3, finished: 3, failed: 0 });
    expect(await promiseOf(res.startedAt)).toBe("2026-01-01T00:00:00.000Z");
    expect(await promiseOf(res.finishedAt)).toBe("2026-01-01T00:01:00.000Z");
    expect(await promiseOf(res.polls)).toBe(4);
    expect(await promiseOf(res.synchronizationJobId)).toBe("dtsjob0001");
    // Inputs not given still exist as (undefined) outputs.
    expect(await promiseOf(res.revision)).toBeUndefined();
  });

  it("accepts Outputs as inputs (resolved before registration)", async () => {
    const res = new SynchronizationObjectModification("from-output", {
      synchronizationJobId: pulumi.output("dtsjob0002"),
      synchronizationObjects: [pulumi.output({ dbName: "db1" })],
    });
    await promiseOf(res.taskId);
    const reg = registered.find((r) => r.name === "from-output")!;
    expect(reg.inputs.synchronizationJobId).toBe("dtsjob0002");
    expect(reg.inputs.synchronizationObjects).toEqual([{ dbName: "db1" }]);
  });

  it("shares one provider instance between resources", async () => {
    const a = new SynchronizationObjectModification("share-a", { synchronizationJobId: "j", synchronizationObjects: [{ dbName: "a" }] });
    const b = new SynchronizationObjectModification("share-b", { synchronizationJobId: "j", synchronizationObjects: [{ dbName: "b" }] });
    await Promise.all([promiseOf(a.taskId), promiseOf(b.taskId)]);
    const pa = registered.find((r) => r.name === "share-a")!.inputs.__provider;
    const pb = registered.find((r) => r.name === "share-b")!.inputs.__provider;
    expect(pa).toBe(pb);
    expect(getProvider()).toBe(getProvider());
  });
});

describe("the serialized provider", () => {
  const SECRET = "s3cr3t-Access-Key-Secret-value-0123";
  const KEY_ID = "LTAI5tSerializationTestKeyId";

  async function serialize(): Promise<string> {
    const provider = getProvider();
    return (await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true })).text;
  }

  it("is small and loads the implementation by package name only", async () => {
    const text = await serialize();
    expect(text.length).toBeLessThan(4096);
    expect(text).toContain('require("pulumi-dts-objects")');
    // No relative require, no SDK client, no zod, no emulator code captured by value.
    expect(text).not.toMatch(/require\("\.\.?\//);
    expect(text).not.toMatch(/DtsClient|zod|strictObject|startEmulator|pop-core/);
    console.log(`serialized __provider: ${text.length} bytes`);
  });

  it("contains no secret or access key, even after configure", async () => {
    const provider = getProvider();
    const config = {
      get: (key: string) => ({ "dts:accessKeyId": KEY_ID, "dts:accessKeySecret": SECRET, "dts:region": "cn-shanghai" })[key],
      require: (key: string) => key,
    };
    // Configure through the implementation, as the host-side shim does.
    __providerImpl.configure(provider, config);
    expect(__providerImpl.settingsOf(provider)?.credentials?.accessKeySecret).toBe(SECRET);
    const text = await serialize();
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(KEY_ID);
    expect(text).not.toContain("cn-shanghai");
    expect(Object.keys(provider)).toEqual([]);
  });

  it("is identical whether or not configure ran (nothing is stored on the object)", async () => {
    const before = await serialize();
    __providerImpl.configure(getProvider(), { get: () => "x", require: () => "x" });
    expect(await serialize()).toBe(before);
  });
});
