/**
 * A stop that stops: the waiter's deadline and its abortSignal, and a call's own abortSignal / maxTimeMs, end the
 * HTTP request in flight (the connection closes) instead of waiting out the per-request timeout and the retries.
 * Driven through the real pop-core transport against a loopback server that never answers; the bounds are
 * measured (wall clock), nothing sleeps.
 */
import { DtsClient, isDtsAbortError, isDtsTimeoutError, waitForObjectModification } from "../../sdk";
import { startSilentServer, type SilentServer } from "../support/silent-server";

const credentials = { accessKeyId: "testid", accessKeySecret: "testsecret" };
let server: SilentServer;

beforeEach(async () => {
  server = await startSilentServer();
});
afterEach(async () => {
  await server.close();
});

/** When the connection closed: the close reaches the server asynchronously, so wait for it (bounded by jest). */
async function closed(c: { closedAt?: number }): Promise<number> {
  while (c.closedAt === undefined) await new Promise((r) => setTimeout(r, 10));
  return c.closedAt;
}

/** A client with the default 10 s request timeout and 5 attempts: without the fix a stop waits ~50 s. */
function client(): DtsClient {
  return new DtsClient({ endpoint: server.url, credentials, credentialsChain: false });
}

describe("the waiter's deadline", () => {
  test("ends the poll in flight: the wait returns within 2 s after the deadline and the connection is closed", async () => {
    const started = Date.now();
    const result = await waitForObjectModification(client(), "task1", { maxWaitSeconds: 1 });
    const ended = Date.now();
    expect(result.state).toBe("timeout");
    expect(result.reason).toContain("no status yet (last error RequestTimeout)");
    expect(ended - (started + 1000)).toBeLessThanOrEqual(2000);
    expect(server.connections.length).toBeGreaterThanOrEqual(1);
    for (const c of server.connections) expect((await closed(c)) - (started + 1000)).toBeLessThanOrEqual(2000);
  });
});

describe("the waiter's abortSignal", () => {
  test("closes the request in flight within 2 s of the abort, and the wait ends aborted", async () => {
    const controller = new AbortController();
    const pending = waitForObjectModification(client(), "task1", { maxWaitSeconds: 600, abortSignal: controller.signal });
    await server.accepted(1);
    const abortedAt = Date.now();
    controller.abort(new Error("interrupted by SIGINT"));
    const result = await pending;
    expect(result.state).toBe("aborted");
    expect(Date.now() - abortedAt).toBeLessThanOrEqual(2000);
    expect((await closed(server.connections[0]!)) - abortedAt).toBeLessThanOrEqual(2000);
    expect(server.connections).toHaveLength(1);
  });
});

describe("per-call options", () => {
  test("abortSignal rejects with DtsAbortError at once and makes no retry", async () => {
    const controller = new AbortController();
    const c = client();
    const pending = c.describeSynchronizationObjectModifyStatus({ taskId: "t" }, { abortSignal: controller.signal });
    await server.accepted(1);
    const abortedAt = Date.now();
    controller.abort(new Error("stop"));
    const error = await pending.catch((e: unknown) => e);
    expect(isDtsAbortError(error)).toBe(true);
    expect((error as Error).message).toBe("DescribeSynchronizationObjectModifyStatus aborted (stop)");
    expect(Date.now() - abortedAt).toBeLessThanOrEqual(2000);
    expect(c.stats.calls).toBe(1);
  });

  test("an already aborted signal sends nothing", async () => {
    const c = client();
    const error = await c.describeSynchronizationObjectModifyStatus({ taskId: "t" }, { abortSignal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(isDtsAbortError(error)).toBe(true);
    expect(c.stats.calls).toBe(0);
  });

  test("maxTimeMs cuts the request timeout to what is left and starts no retry past it", async () => {
    const c = client();
    const started = Date.now();
    const error = await c.describeSynchronizationObjectModifyStatus({ taskId: "t" }, { maxTimeMs: 700 }).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(isDtsTimeoutError(error)).toBe(true);
    expect(elapsed).toBeLessThanOrEqual(700 + 2000);
    expect((error as { attempts?: number }).attempts).toBe(c.stats.calls);
    expect((error as { endpoint?: string }).endpoint).toBe(server.url);
  });

  test("a table listing with maxTimeMs ends within its budget", async () => {
    const c = client();
    const started = Date.now();
    const error = await c.listInitializationDetails("job1", { maxTimeMs: 500 }).catch((e: unknown) => e);
    expect(isDtsTimeoutError(error)).toBe(true);
    expect(Date.now() - started).toBeLessThanOrEqual(500 + 2000);
  });
});
