/**
 * `SynchronizationJobInitialization` and `DtsJobInitialization` never claim "no failed table/object" they did not
 * check (issue 30): a job that initialized, behind a proxy that refuses the failed-tables read
 * (`DescribeInitializationStatus`) or the failed-objects read (`DescribePreCheckStatus`) with 403 Forbidden.RAM and
 * forwards every other call to the emulator, fails the operation under `failOn` (the default) with the reason and
 * the RAM action; the next `pulumi up` looks again (diff) and succeeds once readable; opted out, it succeeds and
 * `failedLeftOut` says they were not checked.
 */
jest.mock("pulumi-dts-objects", () => jest.requireActual("../../provider"), { virtual: true });

import { request } from "node:http";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import {
  __dtsJobInitializationProviderImpl,
  __providerImpl,
  __synchronizationJobInitializationProviderImpl,
  DtsJobInitializationProvider,
  ModificationIncompleteError,
  SynchronizationJobInitializationProvider,
} from "../../provider";
import { emulatorControl } from "../support/dts-job";
import { sendJson, startErrorServer, type ErrorServer } from "../support/error-server";
import { configOf, emulatorConfig, FAST_WAIT, rejection, TIME_SCALE } from "../support/provider";

let emu: EmulatorHandle;
let proxy: ErrorServer;
let refused: string | undefined;

beforeAll(async () => {
  emu = await startEmulator({ timeScale: TIME_SCALE, seed: 33, log: false });
  proxy = await startErrorServer({
    status: 200,
    handle: ({ action, params, req }, res) => {
      if (action === refused) {
        sendJson(res, { RequestId: "REQ-RAM", Code: "Forbidden.RAM", Message: "User not authorized to operate on the specified resource." }, 403);
        return;
      }
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
  __providerImpl.setHooks({ log: () => undefined });
});
afterAll(async () => {
  __providerImpl.setHooks({});
  await proxy?.close();
  await emu?.stop();
});
beforeEach(() => {
  refused = undefined;
});

const FACES = {
  "sync-job": {
    Provider: SynchronizationJobInitializationProvider,
    impl: __synchronizationJobInitializationProviderImpl,
    idKey: "synchronizationJobId",
    action: "DescribeInitializationStatus",
    failOnKey: "failedTables",
    head: "tables not checked",
  },
  "dts-job": {
    Provider: DtsJobInitializationProvider,
    impl: __dtsJobInitializationProviderImpl,
    idKey: "dtsJobId",
    action: "DescribePreCheckStatus",
    failOnKey: "failedObjects",
    head: "failed objects not checked",
  },
} as const;

describe.each(["sync-job", "dts-job"] as const)("%s", (family) => {
  const face = FACES[family];
  let provider: InstanceType<(typeof face)["Provider"]>;
  let seq = 0;
  beforeAll(async () => {
    provider = new face.Provider();
    await provider.configure({ config: configOf({ ...emulatorConfig(emu), "dts:endpoint": proxy.url }) });
  });
  const newJob = async () => {
    const job = (await emulatorControl(emu.url, "initialization-jobs", {})).data as { jobId: string; dtsJobId: string };
    return family === "sync-job" ? job.jobId : job.dtsJobId;
  };
  const inputs = (id: string, user: Record<string, unknown> = {}) => {
    const r = face.impl.check(undefined, {
      [face.idKey]: id,
      wait: { timeoutMinutes: 1, ...FAST_WAIT },
      ...user,
      __resourceKey: `proj/dev/nc-${family}-${++seq}`,
    });
    expect(r.failures).toEqual([]);
    return { ...r.inputs, __provider: "serialized-provider-placeholder" };
  };

  it("unreadable after the job initialized: fails by default naming the RAM action; the next up looks again and succeeds", async () => {
    const id = await newJob();
    const raw = inputs(id);
    refused = face.action;
    const e = await rejection(provider.create(raw));
    expect(e).toBeInstanceOf(ModificationIncompleteError);
    expect(e.message).toContain(`were not checked and failOn.${face.failOnKey} is true (the default)`);
    expect(e.message).toContain(`grant the RAM action dts:${face.action}`);
    expect(e.message).not.toContain(emu.accessKeySecret);
    expect(e.properties.failedLeftOut).toMatch(new RegExp(`^${face.head}: ${face.action} failed \\(Forbidden\\.RAM`));
    expect(e.properties[face.failOnKey]).toEqual([]);
    expect(e.properties.initialized).toBe(true);
    expect(face.impl.diff(id, e.properties, raw).changes).toBe(true);
    refused = undefined;
    const { outs } = await provider.update(id, e.properties, raw);
    expect(outs.failedLeftOut).toBeUndefined();
    expect(face.impl.diff(id, outs, raw).changes).toBe(false);
  });

  it(`unreadable, failOn.${face.failOnKey}=false: succeeds and says they were not checked`, async () => {
    const id = await newJob();
    refused = face.action;
    const { outs } = await provider.create(inputs(id, { failOn: { [face.failOnKey]: false } }));
    expect(outs.failedLeftOut).toMatch(new RegExp(`^${face.head}: ${face.action} failed \\(Forbidden\\.RAM.*Fix: grant the RAM action`));
    expect(outs[face.failOnKey]).toEqual([]);
  });
});
