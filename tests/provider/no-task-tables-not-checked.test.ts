/**
 * A change that started no task (the job already holds the objects) never claims a table verdict it did not check
 * (issue 30): behind a proxy that refuses `DescribeInitializationStatus` with 403 Forbidden.RAM (and forwards every
 * other call to the emulator), the job's report is "tables not checked" (checkJobTables, the rule of checkTables):
 * under `failOn.failedTables` (the default) the operation fails with the reason and the RAM action to grant; with
 * `failOn: {failedTables: false}` it succeeds and says so, with no counts; the next `pulumi up` checks again; a
 * refresh says the tables were not checked (never "could not be listed" with zero counts).
 */
jest.mock("pulumi-dts-objects", () => jest.requireActual("../../provider"), { virtual: true });

import { request } from "node:http";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { __providerImpl, ModificationIncompleteError, SynchronizationObjectModificationProvider } from "../../provider";
import { sendJson, startErrorServer, type ErrorServer } from "../support/error-server";
import { configuredProvider, emulatorConfig, inputsFor, rejection, TIME_SCALE } from "../support/provider";

let emu: EmulatorHandle;
let proxy: ErrorServer;
let provider: SynchronizationObjectModificationProvider;
/** Whether the proxy refuses DescribeInitializationStatus now (a RAM policy lacking that one action). */
let refuse = false;
let lines: string[] = [];

beforeAll(async () => {
  emu = await startEmulator({ timeScale: TIME_SCALE, seed: 31 });
  proxy = await startErrorServer({
    status: 200,
    handle: ({ action, params, req }, res) => {
      if (refuse && action === "DescribeInitializationStatus") {
        sendJson(res, { RequestId: "REQ-RAM", Code: "Forbidden.RAM", Message: "User not authorized to operate on the specified resource." }, 403);
        return;
      }
      // Forward as sent (the signature covers the parameters, not the host).
      const body = params.toString();
      const upstream = request(
        `${emu.url}/`,
        { method: "POST", headers: { ...req.headers, host: new URL(emu.url).host, "content-length": Buffer.byteLength(body) } },
        (reply) => {
          res.writeHead(reply.statusCode ?? 502, reply.headers);
          reply.pipe(res);
        },
      );
      upstream.end(body);
    },
  });
  provider = await configuredProvider(SynchronizationObjectModificationProvider, { ...emulatorConfig(emu), "dts:endpoint": proxy.url });
  __providerImpl.setHooks({ log: (line: string) => void lines.push(line) });
});
beforeEach(() => {
  refuse = false;
  lines = [];
});
afterAll(async () => {
  __providerImpl.setHooks({});
  await proxy?.close();
  await emu?.stop();
});

/** A job that already syncs the inputs' objects (one task ran, its tables read): the next create starts no task. */
async function jobInPlace(extra: Record<string, unknown> = {}): Promise<{ jobId: string; inputs: Record<string, unknown>; tables: unknown }> {
  const { jobId, inputs } = inputsFor(emu, { scenario: "success", extra });
  const first = await provider.create(inputs);
  expect(first.outs.tables).toEqual({ total: 3, finished: 3, failed: 0 });
  return { jobId, inputs, tables: first.outs.tables };
}

it("no task, the job's report refused: the create fails by default with the reason and the RAM action; the next up checks again", async () => {
  const { jobId, inputs, tables } = await jobInPlace();
  refuse = true;
  const e = await rejection(provider.create({ ...inputs }));
  expect(e).toBeInstanceOf(ModificationIncompleteError);
  expect(e.id).toBe(`notask:${jobId}`);
  expect(e.message).toMatch(/already syncs exactly these objects/);
  expect(e.message).toMatch(
    /But its tables were not checked and failOn\.failedTables is true \(the default\): tables not checked: DescribeInitializationStatus failed \(Forbidden\.RAM/,
  );
  expect(e.message).toMatch(/grant the RAM action dts:DescribeInitializationStatus/);
  expect(e.message).toMatch(/run `pulumi up` again to check the job's tables again, or set failOn: \{failedTables: false\}/);
  expect(e.message).not.toMatch(/could not be listed/);
  expect(e.message).not.toContain(emu.accessKeySecret);
  expect(e.properties).toMatchObject({ source: "job", failedTables: [], __decided: true });
  expect(e.properties.tablesLeftOut).toMatch(/^tables not checked: DescribeInitializationStatus failed \(Forbidden\.RAM/);
  expect(e.properties.tables).toBeUndefined();
  expect(e.properties.taskId).toBeUndefined();
  expect(emu.taskCount(jobId)).toBe(1);
  expect(lines.join("\n")).toMatch(/tables not checked: DescribeInitializationStatus failed/);

  // Stored outputs whose tables were not checked are not a success: the next `up` runs again (diff) ...
  expect(__providerImpl.diff(e.id, e.properties, inputs).changes).toBe(true);
  // ... and, still refused, fails the same way (reporting the job again, no task started) ...
  const again = await rejection(provider.update(e.id, e.properties, inputs));
  expect(again).toBeInstanceOf(ModificationIncompleteError);
  expect(again.properties.tablesLeftOut).toMatch(/^tables not checked/);
  // ... and once the access is granted, checks the job's tables and succeeds with their counts.
  refuse = false;
  const { outs } = await provider.update(e.id, again.properties, inputs);
  expect(outs).toMatchObject({ source: "job", tables, failedTables: [] });
  expect(outs.tablesLeftOut).toBeUndefined();
  expect(__providerImpl.diff(e.id, outs, inputs).changes).toBe(false);
  expect(emu.taskCount(jobId)).toBe(1);
});

it("no task, report refused, failOn.failedTables=false: succeeds and says the tables were not checked (no counts)", async () => {
  const { jobId, inputs } = await jobInPlace({ failOn: { failedTables: false } });
  refuse = true;
  const { id, outs } = await provider.create({ ...inputs });
  expect(id).toBe(`notask:${jobId}`);
  expect(outs.tablesLeftOut).toMatch(/^tables not checked: DescribeInitializationStatus failed \(Forbidden\.RAM.*\. Fix: grant the RAM action/);
  expect(outs.tables).toBeUndefined();
  expect(outs.failedTables).toEqual([]);
  // Opted out: stored outputs with unchecked tables are a success, nothing to run again.
  expect(__providerImpl.diff(id, outs, inputs).changes).toBe(false);
});

it("a refresh of a resource without a task, report refused: tablesLeftOut says not checked, no counts", async () => {
  const { jobId, inputs } = await jobInPlace({ failOn: { failedTables: false } });
  const { id, outs } = await provider.create({ ...inputs });
  expect(id).toBe(`notask:${jobId}`);
  expect(outs.tables).toEqual({ total: 3, finished: 3, failed: 0 });
  refuse = true;
  const r = await provider.read(id, outs);
  expect(r.props?.tablesLeftOut).toMatch(
    /^tables not checked: DescribeInitializationStatus failed \(Forbidden\.RAM.*grant the RAM action dts:DescribeInitializationStatus/,
  );
  expect(r.props?.tables).toBeUndefined();
  expect(r.props?.failedTables).toEqual([]);
});
