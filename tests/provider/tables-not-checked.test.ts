/**
 * The resource never claims a table verdict it did not check (issue 30): behind a proxy that refuses
 * `DescribeInitializationStatus` with 403 Forbidden.RAM (a RAM policy lacking that one action) and forwards every
 * other call to the emulator, a task whose phases all finished fails under `failOn.failedTables` (the default) with
 * the reason and the RAM action to grant, keeping the TaskId; with `failOn: {failedTables: false}` it succeeds and
 * `tablesLeftOut` says the tables were not checked, with no counts.
 */
jest.mock("pulumi-dts-objects", () => jest.requireActual("../../provider"), { virtual: true });

import { request } from "node:http";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { __providerImpl, ModificationIncompleteError, SynchronizationObjectModificationProvider } from "../../provider";
import { sendJson, startErrorServer, type ErrorServer } from "../support/error-server";
import { configuredProvider, emulatorConfig, inputsFor, rejection, TIME_SCALE } from "./helpers";

let emu: EmulatorHandle;
let proxy: ErrorServer;
let provider: SynchronizationObjectModificationProvider;

beforeAll(async () => {
  emu = await startEmulator({ timeScale: TIME_SCALE, seed: 30 });
  proxy = await startErrorServer({
    status: 200,
    handle: ({ action, params, req }, res) => {
      if (action === "DescribeInitializationStatus") {
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
  __providerImpl.setHooks({ log: () => undefined });
});
afterAll(async () => {
  __providerImpl.setHooks({});
  await proxy?.close();
  await emu?.stop();
});

it("an unreadable table report fails the resource by default: the reason, the RAM action, the TaskId kept", async () => {
  const { jobId, inputs } = inputsFor(emu, { scenario: "success" });
  const e = await rejection(provider.create(inputs));
  expect(e).toBeInstanceOf(ModificationIncompleteError);
  expect(e.message).toMatch(/finished, but its tables were not checked and failOn\.failedTables is true \(the default\)/);
  expect(e.message).toMatch(/grant the RAM action dts:DescribeInitializationStatus/);
  expect(e.properties.taskId).toMatch(/.+/);
  expect(e.id).toBe(e.properties.taskId);
  expect(e.properties.tablesLeftOut).toMatch(/^tables not checked: DescribeInitializationStatus failed \(Forbidden\.RAM/);
  expect(e.properties.tables).toBeUndefined();
  expect(e.properties.failedTables).toEqual([]);
  expect(emu.taskCount(jobId)).toBe(1);
  expect(e.message).not.toContain(emu.accessKeySecret);
});

it("with failOn.failedTables=false it succeeds, and says the tables were not checked (no counts)", async () => {
  const { inputs } = inputsFor(emu, { scenario: "success" });
  const { outs } = await provider.create({ ...inputs, failOn: { failedTables: false } });
  expect(outs.tablesLeftOut).toMatch(/^tables not checked/);
  expect(outs.tables).toBeUndefined();
  expect(outs.failedTables).toEqual([]);
});
