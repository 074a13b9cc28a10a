/**
 * Both dynamic resources inside the REAL dynamic-provider host, driven over gRPC as the engine drives it (Check, then
 * Create/Update with the request's URN and `timeout`), against the emulator, with a stand-in for the engine's Log
 * service as the host's engine address. Through the seam (provider/shared/dynamic-host): the status is an ephemeral
 * line tied to the resource's URN (cleared at the end) and the other lines are tied to it too, nothing on the host's
 * stdout/stderr; `customTimeouts` bounds the wait and the message names it; the engine's Cancel ends every wait in
 * flight as a partial failure keeping the TaskId / the DtsJob plan, and a later Update in a new host resumes it.
 * The engine-level tests are tests/dynamic/engine-*.test.ts.
 */
import * as path from "node:path";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { ensureBuilt } from "../support/build";
import { createProgramDir, DynamicProviderHost, hostError, REPO_ROOT, secretValue, serializeProvider, urnFor, type ProgramDir } from "../host/host-client";
import { startEngineLogServer, type EngineLogServer } from "./engine-log-server";

jest.setTimeout(180_000);

const FAST_WAIT = { timeoutMinutes: 1, minDelaySeconds: 0.05, maxDelaySeconds: 0.2 };
const SYNC_TYPE = "pulumi-nodejs:dynamic/dts:SynchronizationObjectModification";
const DTS_JOB_TYPE = "pulumi-nodejs:dynamic/dts:DtsJobModification";
const LIST = { dtstestdata: { name: "dtstestdata", all: false, Table: { customer: { name: "customer", all: true } } } };

let emu: EmulatorHandle;
let program: ProgramDir;
let engine: EngineLogServer;
let host: DynamicProviderHost;
let syncProvider: string;
let dtsJobProvider: string;
let seq = 0;

async function startHost(): Promise<DynamicProviderHost> {
  const h = await DynamicProviderHost.start({ cwd: program.dir, engineAddress: engine.address });
  await h.configure({
    "dts:accessKeyId": emu.accessKeyId,
    "dts:accessKeySecret": secretValue(emu.accessKeySecret),
    "dts:endpoint": emu.url,
    "dts:region": "cn-hangzhou",
    "dts:progressIntervalSeconds": "1",
  });
  return h;
}

beforeAll(async () => {
  ensureBuilt();
  emu = await startEmulator({ timeScale: 600, seed: 17 });
  engine = await startEngineLogServer();
  program = await createProgramDir("dts-objects-resource-host-");
  const dist = require(path.join(REPO_ROOT, "dist", "provider")) as typeof import("../../provider");
  syncProvider = await serializeProvider(dist.getProvider());
  dtsJobProvider = await serializeProvider(dist.getDtsJobProvider());
  host = await startHost();
}, 300_000);

afterAll(async () => {
  await host?.stop();
  await engine?.stop();
  await emu?.stop();
  await program?.cleanup();
});

/** A parented URN, as the engine sends for a resource under a component. */
const parented = (name: string, type: string) => urnFor(name, `my:app:Component$${type}`);

async function syncResource(h: DynamicProviderHost, scenario: unknown, wait: Record<string, unknown> = FAST_WAIT) {
  const jobId = emu.createJob({ scenario: scenario as never });
  const name = `objs-${++seq}`;
  const urn = parented(name, SYNC_TYPE);
  const { inputs, failures } = await h.check(
    urn,
    {},
    {
      synchronizationJobId: jobId,
      synchronizationObjects: [{ dbName: "dtstestdata", tableIncludes: [{ tableName: "customer" }, { tableName: "orders" }] }],
      wait,
      __resourceKey: `proj/dev/${name}`,
      __provider: syncProvider,
    },
  );
  expect(failures).toEqual([]);
  return { jobId, urn, inputs };
}

async function dtsJobResource(h: DynamicProviderHost, scenario: string) {
  const instanceId = emu.createJob({ jobId: `dtsh${String(++seq).padStart(7, "0")}`, scenario: scenario as never });
  const name = `dtsjob-${seq}`;
  const urn = parented(name, DTS_JOB_TYPE);
  const { inputs, failures } = await h.check(
    urn,
    {},
    {
      dtsJobId: instanceId.replace(/^dts/, ""),
      dtsInstanceId: instanceId,
      dbList: LIST,
      wait: FAST_WAIT,
      __resourceKey: `proj/dev/${name}`,
      __provider: dtsJobProvider,
    },
  );
  expect(failures).toEqual([]);
  return { instanceId, urn, inputs };
}

const ofUrn = (urn: string) => engine.messages.filter((m) => m.urn === urn);

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test("status on the resource's row: ephemeral lines with the time left, cleared at the end; the verdict tied to the URN", async () => {
  // Two tables of 3 M rows at 1 000 rows/s: 3 000 emulated seconds of data initialization (5 s here).
  const { urn, inputs } = await syncResource(host, { name: "success", durations: { dataRowsPerSecond: 1000 }, rows: { min: 3_000_000, max: 3_000_000 } });
  const created = await host.create(urn, inputs);
  expect(created.properties.dataInitialization.status).toBe("Finished");
  await until(() => ofUrn(urn).some((m) => /: done: /.test(m.message)), "the verdict");
  const mine = ofUrn(urn);
  const ephemeral = mine.filter((m) => m.ephemeral);
  expect(
    ephemeral.some((m) => /^\[dts-objects\] objs-\d+ \(task \w+\): data initialization \d+% · .*(about .+|less than a minute) left$/.test(m.message)),
  ).toBe(true);
  expect(ephemeral.at(-1)!.message).toBe("");
  const normal = mine.filter((m) => !m.ephemeral).map((m) => m.message);
  expect(normal.some((m) => /data initialization (NotStarted|Migrating) -> (Migrating|Finished)/.test(m))).toBe(true);
  expect(normal.at(-1)).toMatch(/\(task \w+\): done: /);
  // With a status line, no percent lines; nothing of ours under the stack (an empty URN) or on the host's output.
  expect(normal.filter((m) => /\d+% \(\d+s/.test(m))).toEqual([]);
  expect(engine.messages.filter((m) => m.urn === "" && m.message.includes("[dts-objects]"))).toEqual([]);
  expect([...host.stdout, ...host.stderr].join("\n")).not.toContain("[dts-objects]");
});

test("SynchronizationObjectModification: customTimeouts bounds the wait; partial failure keeps the TaskId and names the bound", async () => {
  const { jobId, urn, inputs } = await syncResource(host, "never-finishes");
  const started = Date.now();
  const e = await hostError(host.create(urn, inputs, 2));
  expect(Date.now() - started).toBeLessThan(15_000);
  const taskId = emu.tasks().find((t) => t.jobId === jobId)!.taskId;
  expect(e.initFailed?.id).toBe(taskId);
  expect(e.initFailed!.properties.taskId).toBe(taskId);
  expect(e.initFailed!.reasons[0]).toContain("(customTimeouts bounded this operation to 2 s; wait.timeoutMinutes is 1)");
  emu.release(taskId);
});

test("DtsJobModification: customTimeouts bounds the wait; partial failure keeps the plan and names the bound", async () => {
  const { instanceId, urn, inputs } = await dtsJobResource(host, "never-finishes");
  const e = await hostError(host.create(urn, inputs, 2));
  expect(e.initFailed?.id).toBe(instanceId.replace(/^dts/, ""));
  expect(e.initFailed!.properties.__plan).toEqual(expect.objectContaining({ settledSubJobIds: expect.any(Array) }));
  expect(e.initFailed!.reasons[0]).toContain("(customTimeouts bounded this operation to 2 s; wait.timeoutMinutes is 1)");
  expect(emu.stats().byAction.ModifyDtsJob).toBeGreaterThanOrEqual(1);
  emu.release(instanceId);
});

test("the engine's Cancel ends both waits in flight as partial failures; a new host resumes them to success, one task each", async () => {
  const sync = await syncResource(host, "never-finishes");
  const job = await dtsJobResource(host, "never-finishes");
  const waits = [hostError(host.create(sync.urn, sync.inputs)), hostError(host.create(job.urn, job.inputs))];
  await until(() => ofUrn(sync.urn).some((m) => m.ephemeral) && ofUrn(job.urn).some((m) => m.ephemeral), "both waits polling");
  const cancelled = Date.now();
  await host.cancel();
  const [syncError, jobError] = await Promise.all(waits);
  expect(Date.now() - cancelled).toBeLessThan(5_000);
  const taskId = emu.tasks().find((t) => t.jobId === sync.jobId)!.taskId;
  expect(syncError!.initFailed?.id).toBe(taskId);
  expect(syncError!.initFailed!.reasons[0]).toContain("(the wait was cancelled: Ctrl-C)");
  expect(jobError!.initFailed!.properties.__plan).toEqual(expect.objectContaining({ settledSubJobIds: expect.any(Array) }));
  expect(jobError!.initFailed!.reasons[0]).toContain("(the wait was cancelled: Ctrl-C)");
  // Each status line was cleared.
  await until(
    () =>
      ofUrn(sync.urn)
        .filter((m) => m.ephemeral)
        .at(-1)?.message === "" &&
      ofUrn(job.urn)
        .filter((m) => m.ephemeral)
        .at(-1)?.message === "",
    "cleared status lines",
  );

  // Cancel is final for the process (the engine ends it): the next `pulumi up` runs in a new host.
  emu.release(taskId);
  emu.release(job.instanceId);
  const next = await startHost();
  try {
    const s = await next.check(sync.urn, syncError!.initFailed!.properties, { ...sync.inputs });
    const updated = await next.update(taskId, sync.urn, syncError!.initFailed!.properties, s.inputs);
    expect(updated.properties).toMatchObject({ taskId, dataInitialization: { status: "Finished" } });
    expect(emu.taskCount(sync.jobId)).toBe(1);
    const modifies = emu.stats().byAction.ModifyDtsJob;
    const j = await next.check(job.urn, jobError!.initFailed!.properties, { ...job.inputs });
    const resumed = await next.update(jobError!.initFailed!.id, job.urn, jobError!.initFailed!.properties, j.inputs);
    expect(typeof resumed.properties.finishedAt).toBe("string");
    expect(emu.stats().byAction.ModifyDtsJob).toBe(modifies);
  } finally {
    await next.stop();
  }
});
