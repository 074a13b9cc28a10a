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

import { SynchronizationObjectModificationProvider } from "../../provider";
import { runWait } from "../../cli/run-wait";
import { DtsClient } from "../../sdk/client/client";
import { waitForObjectModification } from "../../sdk/waiting/sync-job-waiter";
import { FAST_WAIT, inputsFor } from "../support/provider";
import { useProviderFixture } from "../support/provider-fixture";

const spy = waitForObjectModification as jest.MockedFunction<typeof waitForObjectModification>;
const fx = useProviderFixture({ emulator: { seed: 11 }, Provider: SynchronizationObjectModificationProvider });

beforeEach(() => spy.mockClear());

it("provider: wait.maxIdleDelaySeconds is passed to the waiter; absent, the waiter's default applies", async () => {
  const { provider } = fx;
  const { inputs } = inputsFor(fx.emu, { scenario: "success", extra: { wait: { timeoutMinutes: 1, ...FAST_WAIT, maxIdleDelaySeconds: 900 } } });
  await provider.create(inputs);
  expect(spy).toHaveBeenCalledTimes(1);
  expect(spy.mock.calls[0]![2]).toMatchObject({ maxIdleDelaySeconds: 900, maxDelaySeconds: FAST_WAIT.maxDelaySeconds });
  spy.mockClear();
  await provider.create(inputsFor(fx.emu, { scenario: "success" }).inputs);
  expect(spy.mock.calls[0]![2]).not.toHaveProperty("maxIdleDelaySeconds");
});

it("CLI: --max-idle-delay (runWait's maxIdleDelay) is passed to the waiter", async () => {
  const client = new DtsClient({
    endpoint: fx.emu.url,
    credentials: { accessKeyId: fx.emu.accessKeyId, accessKeySecret: fx.emu.accessKeySecret },
    credentialsChain: false,
  });
  const jobId = fx.emu.createJob();
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
