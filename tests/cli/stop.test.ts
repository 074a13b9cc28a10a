/**
 * A stop that stops, through the built `dts-objects` as a subprocess: `--timeout`, Ctrl-C (SIGINT) and SIGTERM end
 * the HTTP request in flight against a loopback server that never answers, and the command exits within 2 s of the
 * deadline or the signal (measured, not slept) with its result (`--json`: one document) intact.
 */
import { cliEnv, ensureBuilt, removeTempDirs, runCli, waitForStderr } from "../support/cli";
import { startSilentServer, type SilentServer } from "../support/silent-server";

let server: SilentServer;
const env = (): Record<string, string> => cliEnv({ ALIBABA_CLOUD_ACCESS_KEY_ID: "stop-test-id", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "stop-test-secret" });

beforeAll(() => ensureBuilt(), 180_000);
beforeEach(async () => {
  server = await startSilentServer();
});
afterEach(async () => {
  await server.close();
});
afterAll(() => removeTempDirs());

test("--timeout 3s against a server that never answers: exit 5 within 2 s after the deadline", async () => {
  let spawnedAt = 0;
  const r = await runCli(["wait", "task1", "--endpoint", server.url, "--timeout", "3s"], {
    env: env(),
    onStart: () => (spawnedAt = Date.now()),
  });
  const endedAt = Date.now();
  expect(r.code).toBe(5);
  // The deadline counts from when the command started waiting, which is after the process started.
  expect(endedAt - (spawnedAt + 3000)).toBeLessThanOrEqual(2000);
  expect(r.stderr).toContain("not finished within 3s after 1 poll; last: no status yet (last error RequestTimeout)");
});

for (const [signal, code] of [
  ["SIGINT", 130],
  ["SIGTERM", 143],
] as const) {
  test(`${signal} while a poll hangs: exit ${code} within 2 s, the request closed, --json still printed`, async () => {
    let signalledAt = 0;
    const r = await runCli(["wait", "task1", "--endpoint", server.url, "--json"], {
      env: env(),
      onStart: (child) => {
        void (async () => {
          await waitForStderr(child, /Waiting for task task1/);
          await server.accepted(1);
          signalledAt = Date.now();
          child.kill(signal);
        })();
      },
    });
    const endedAt = Date.now();
    expect(r.code).toBe(code);
    expect(signalledAt).toBeGreaterThan(0);
    expect(endedAt - signalledAt).toBeLessThanOrEqual(2000);
    expect(server.connections[0]!.closedAt).toBeDefined();
    expect(r.stderr).toContain(`Stopped waiting (${signal}). The modification task goes on in the cloud.`);
    expect(JSON.parse(r.stdout)).toMatchObject({ taskId: "task1", polls: 1 });
  });
}
