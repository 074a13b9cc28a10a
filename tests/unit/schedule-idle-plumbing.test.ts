/**
 * `wait.maxIdleDelaySeconds` reaches the waiter from the provider (the resource input) and from the CLI's
 * `--max-idle-delay` (runWait): the waiter module is wrapped with a spy; everything else is real (the provider
 * against the emulator, in-process through the package-name shim the host uses).
 */
jest.mock("pulumi-dts-objects", () => jest.requireActual("../../provider"), { virtual: true });
jest.mock("../../sdk/waiting/sync-job-waiter", () => {
  const actual = jest.requireActual("../../sdk/waiting/sync-job-waiter");
  return { ...actual, waitForObjectModification: jest.fn(actual.waitForObjectModification) };
});

import { startEmulator, type EmulatorHandle } from "../../emulator";
import { __providerImpl, SynchronizationObjectModificationProvider } from "../../provider";
import { runWait } from "../../cli/run-wait";
import { DtsClient } from "../../sdk/client/client";
import { waitForObjectModification } from "../../sdk/waiting/sync-job-waiter";
import { configuredProvider, emulatorConfig, FAST_WAIT, inputsFor, TIME_SCALE } from "../provider/helpers";

const spy = waitForObjectModification as jest.MockedFunction<typeof waitForObjectModification>;
let emu: EmulatorHandle;

beforeAll(async () => {
  emu = await startEmulator({ timeScale: TIME_SCALE, seed: 11 });
  __providerImpl.setHooks({ log: () => undefined });
});
afterAll(async () => {
  __providerImpl.setHooks({});
  await emu?.stop();
});
beforeEach(() => spy.mockClear());

it("provider: wait.maxIdleDelaySeconds is passed to the waiter; absent, the waiter's default applies", async () => {
  const provider = await configuredProvider(SynchronizationObjectModificationProvider, emulatorConfig(emu));
  const { inputs } = inputsFor(emu, { scenario: "success", extra: { wait: { timeoutMinutes: 1, ...FAST_WAIT, maxIdleDelaySeconds: 900 } } });
  await provider.create(inputs);
  expect(spy).toHaveBeenCalledTimes(1);
  expect(spy.mock.calls[0]![2]).toMatchObject({ maxIdleDelaySeconds: 900, maxDelaySeconds: FAST_WAIT.maxDelaySeconds });
  spy.mockClear();
  await provider.create(inputsFor(emu, { scenario: "success" }).inputs);
  expect(spy.mock.calls[0]![2]).not.toHaveProperty("maxIdleDelaySeconds");
});

it("CLI: --max-idle-delay (runWait's maxIdleDelay) is passed to the waiter", async () => {
  const client = new DtsClient({
    endpoint: emu.url,
    credentials: { accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret },
    credentialsChain: false,
  });
  const jobId = emu.createJob();
  const { taskId } = await client.modifySynchronizationObject({
    synchronizationJobId: jobId,
    synchronizationObjects: [{ dbName: "db", tableIncludes: [{ tableName: "t" }] }],
  });
  const stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
  const stdout = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
  try {
    await runWait({ client, taskId, timeout: 60, minDelay: 0.05, maxDelay: 0.2, maxIdleDelay: 1200, json: true });
  } finally {
    stderr.mockRestore();
    stdout.mockRestore();
    process.exitCode = undefined;
  }
  expect(spy.mock.calls[0]![2]).toMatchObject({ maxIdleDelaySeconds: 1200, maxDelaySeconds: 0.2 });
});
