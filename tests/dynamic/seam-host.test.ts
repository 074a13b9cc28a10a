/**
 * The seam (provider/shared/dynamic-host) inside the REAL dynamic-provider host, driven over gRPC as the engine drives
 * it, with a stand-in for the engine's Log service as the host's engine address. A probe provider (deserialized by the
 * host as any `__provider`) enables the seam from its `configure`, as the package's providers do, and reports what
 * the package's own modules see during its calls: the request's URN and `timeout`, the cancellation; its log lines and
 * status line go through the package's hooks.
 */
import { ensureBuilt } from "../support/build";
import { createProgramDir, DynamicProviderHost, urnFor, type ProgramDir } from "../host/host-client";
import { startEngineLogServer, type EngineLogServer } from "./engine-log-server";

let program: ProgramDir;
let host: DynamicProviderHost;
let engine: EngineLogServer;

/** A provider that enables the seam in configure and reports what the package sees during create. */
const PROBE = `exports.handler = () => {
  const pkg = (p) => require(require("path").join(process.cwd(), "node_modules", "pulumi-dts-objects", "dist", "provider", p));
  return {
    configure: async () => { globalThis.__seamState = pkg("shared/dynamic-host").enableDynamicHost(); },
    create: async (inputs) => {
      const op = pkg("shared/operation");
      const runtime = pkg("shared/runtime");
      runtime.log("[dts-objects] probe: a normal line");
      const status = runtime.hooks().status?.();
      if (status) status("[dts-objects] probe: a status line");
      if (inputs.waitForCancel) {
        await new Promise((resolve) => {
          const signal = op.cancellationSignal();
          if (signal.aborted) resolve();
          else signal.addEventListener("abort", resolve);
        });
      }
      return { id: "probe", outs: {
        urn: pkg("shared/urn-context").currentUrn() ?? null,
        timeout: op.operationTimeoutSeconds() ?? null,
        aborted: op.cancellationSignal().aborted,
        state: globalThis.__seamState,
      } };
    },
  };
};`;

beforeAll(async () => {
  ensureBuilt();
  engine = await startEngineLogServer();
  program = await createProgramDir("dts-objects-seam-host-");
  host = await DynamicProviderHost.start({ cwd: program.dir, engineAddress: engine.address });
  await host.configure({});
}, 300_000);

afterAll(async () => {
  await host?.stop();
  await engine?.stop();
  await program?.cleanup();
});

test("after Check, each Create gets its URN and timeout; its lines reach the engine tied to the URN; Cancel ends a wait", async () => {
  const urn = urnFor("probe-1", "pulumi-nodejs:dynamic:Resource");
  // The engine always sends Check first: the host deserializes (and configures) the provider there.
  await host.check(urn, {}, { __provider: PROBE });
  const created = await host.create(urn, { __provider: PROBE }, 20);
  expect(created.properties).toMatchObject({
    urn,
    timeout: 20,
    aborted: false,
    state: { host: true, seam: true, engineLog: true, problems: [] },
  });
  const other = urnFor("probe-2", "pulumi-nodejs:dynamic:Resource");
  expect((await host.create(other, { __provider: PROBE })).properties).toMatchObject({ urn: other, timeout: null });
  await waitFor(() => engine.messages.length >= 4, "four log messages");
  expect(engine.messages).toEqual([
    { severity: 1, message: "[dts-objects] probe: a normal line", urn, streamId: 0, ephemeral: false },
    { severity: 1, message: "[dts-objects] probe: a status line", urn, streamId: 0, ephemeral: true },
    { severity: 1, message: "[dts-objects] probe: a normal line", urn: other, streamId: 0, ephemeral: false },
    { severity: 1, message: "[dts-objects] probe: a status line", urn: other, streamId: 0, ephemeral: true },
  ]);
  // Nothing of ours on the host's stdout/stderr (what the engine shows under the stack).
  expect([...host.stdout, ...host.stderr].join("\n")).not.toContain("[dts-objects]");

  const waiting = host.create(urnFor("probe-3", "pulumi-nodejs:dynamic:Resource"), { __provider: PROBE, waitForCancel: true });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const started = Date.now();
  await host.cancel();
  const ended = await waiting;
  expect(ended.properties.aborted).toBe(true);
  expect(Date.now() - started).toBeLessThan(5_000);
}, 120_000);

async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
