/**
 * Retries: the backoff arithmetic, then the policy end to end through DtsClient and the real pop-core against a
 * local server (throttling, 4xx, 5xx, resets, timeouts, refused connections). Backoff sleeps are faked.
 */
import { createServer, type Server } from "node:http";
import { DtsClient } from "../../sdk/client/client";
import { DtsAmbiguousModifyError, DtsApiError, DtsNetworkError, DtsThrottlingError, DtsTimeoutError, isDtsAmbiguousModifyError } from "../../sdk/errors/errors";
import { backoffDelay, classifyModifyFailure, isRetryableError, withModifyRetry, withRetry } from "../../sdk/client/retry";
import { closedPort, html, json, useTestServer, type TestServer } from "../support/http-test-server";

const CREDS = { accessKeyId: "LTAI-test", accessKeySecret: "secret-value-1" };
const OBJECTS = [{ dbName: "dtstestdata", tableIncludes: [{ tableName: "customer" }] }];

function fakeSleep() {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
}

describe("backoffDelay (full jitter)", () => {
  const opts = { baseDelayMs: 200, maxDelayMs: 5000 };
  it("grows exponentially with the attempt and is capped", () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((a) => backoffDelay(a, opts, () => 1))).toEqual([200, 400, 800, 1600, 3200, 5000, 5000]);
  });
  it("is uniform between 0 and the ceiling", () => {
    expect(backoffDelay(3, opts, () => 0)).toBe(0);
    expect(backoffDelay(3, opts, () => 0.5)).toBe(400);
  });
});

describe("withRetry", () => {
  const throttled = () => new DtsThrottlingError({ code: "Throttling.User", message: "slow down" });
  /** A call that always fails with `error()`, counting its calls. */
  const failingCall = (error: () => Error) => {
    let calls = 0;
    return {
      call: async (): Promise<never> => {
        calls++;
        throw error();
      },
      calls: () => calls,
    };
  };

  it("retries retryable failures until success, sleeping the jittered backoff", async () => {
    const { delays, sleep } = fakeSleep();
    let calls = 0;
    const onRetry = jest.fn();
    const value = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw throttled();
        return "ok";
      },
      { action: "DescribeX", sleep, random: () => 0.5, onRetry },
    );
    expect(value).toBe("ok");
    expect(calls).toBe(3);
    expect(delays).toEqual([100, 200]);
    expect(onRetry.mock.calls.map(([i]) => [i.attempt, i.delayMs, i.error.code])).toEqual([
      [1, 100, "Throttling.User"],
      [2, 200, "Throttling.User"],
    ]);
  });

  it("stops at maxAttempts and throws the last error", async () => {
    const { delays, sleep } = fakeSleep();
    const op = failingCall(throttled);
    await expect(withRetry(op.call, { action: "DescribeX", sleep, maxAttempts: 3 })).rejects.toBeInstanceOf(DtsThrottlingError);
    expect(op.calls()).toBe(3);
    expect(delays).toHaveLength(2);
  });

  it("never retries a non-retryable failure", async () => {
    const { delays, sleep } = fakeSleep();
    const op = failingCall(() => new DtsApiError({ code: "InvalidParameter", message: "bad", httpStatus: 400 }));
    await expect(withRetry(op.call, { action: "DescribeX", sleep })).rejects.toMatchObject({ code: "InvalidParameter" });
    expect(op.calls()).toBe(1);
    expect(delays).toEqual([]);
  });

  it("respects maxRetryTimeMs with the injected clock", async () => {
    let now = 0;
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          now += 1000;
          throw throttled();
        },
        {
          action: "DescribeX",
          sleep: async (ms) => {
            now += ms;
          },
          random: () => 1,
          clock: { now: () => now },
          maxRetryTimeMs: 2500,
        },
      ),
    ).rejects.toBeInstanceOf(DtsThrottlingError);
    // 1000 (call) + 200 (wait) + 1000 (call) = 2200; the next wait (400) would pass 2500.
    expect(calls).toBe(2);
  });

  it("rethrows the pending error when the backoff sleep is aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(withRetry(async () => Promise.reject(throttled()), { action: "DescribeX", signal: controller.signal })).rejects.toBeInstanceOf(
      DtsThrottlingError,
    );
  });

  it("classifies: never retry parameter, permission and signature codes", () => {
    for (const code of ["InvalidParameter", "InvalidParameter.JobId", "Forbidden.RAM", "InvalidAccessKeyId.NotFound", "SignatureDoesNotMatch"]) {
      expect(isRetryableError(new DtsApiError({ code, message: "m", retryable: true }))).toBe(false);
    }
    expect(classifyModifyFailure(new DtsNetworkError("x", "ECONNREFUSED"))).toBe("retry");
    expect(classifyModifyFailure(new DtsNetworkError("x", "ECONNRESET"))).toBe("ambiguous");
    expect(classifyModifyFailure(new DtsTimeoutError("x"))).toBe("ambiguous");
    expect(classifyModifyFailure(new DtsApiError({ code: "InvalidParameter", message: "m" }))).toBe("fatal");
  });

  it("withModifyRetry wraps an ambiguous failure and keeps a rejection as is", async () => {
    const opts = { synchronizationJobId: "dtsjob", clientToken: "tok-1", sleep: async () => undefined };
    await expect(withModifyRetry(async () => Promise.reject(new DtsTimeoutError("t")), opts)).rejects.toBeInstanceOf(DtsAmbiguousModifyError);
    await expect(withModifyRetry(async () => Promise.reject(new DtsApiError({ code: "InvalidParameter", message: "m" })), opts)).rejects.toMatchObject({
      name: "DtsApiError",
    });
  });
});

describe("DtsClient retries against a local server", () => {
  const server = useTestServer();

  const client = (extra: Partial<ConstructorParameters<typeof DtsClient>[0]> = {}) => {
    const s = fakeSleep();
    return { s, c: new DtsClient({ endpoint: server.url, credentials: CREDS, sleep: s.sleep, random: () => 0.5, timeoutMs: 2000, ...extra }) };
  };
  const statusBody = { RequestId: "R-OK", Status: "Migrating", Success: "true" };
  const actions = () => server.requests.map((r) => r.params.Action);

  it("does not retry a 400 InvalidParameter", async () => {
    server.handle((_r, res) => json(res, 400, { RequestId: "R", Code: "InvalidParameter", Message: "bad TaskId" }));
    const { c, s } = client();
    await expect(c.describeSynchronizationObjectModifyStatus({ taskId: "t1" })).rejects.toMatchObject({
      name: "DtsApiError",
      code: "InvalidParameter",
      httpStatus: 400,
    });
    expect(server.requests).toHaveLength(1);
    expect(s.delays).toEqual([]);
    expect(c.stats).toEqual({ calls: 1, retries: 0, byAction: { DescribeSynchronizationObjectModifyStatus: 1 } });
  });

  it("retries throttling until success", async () => {
    server.handle((_r, res, i) =>
      i < 2 ? json(res, 400, { RequestId: `R${i}`, Code: "Throttling.User", Message: "flow control" }) : json(res, 200, statusBody),
    );
    const { c, s } = client();
    const status = await c.describeSynchronizationObjectModifyStatus({ taskId: "t1" });
    expect(status.requestId).toBe("R-OK");
    expect(server.requests).toHaveLength(3);
    expect(s.delays).toEqual([100, 200]);
    expect(c.stats.retries).toBe(2);
  });

  it("retries a read after a 500, a reset and an HTML 503", async () => {
    server.handle((_r, res, i) => {
      if (i === 0) json(res, 500, { RequestId: "R0", Code: "InternalError", Message: "unknown" });
      else if (i === 1) res.socket?.destroy();
      else if (i === 2) html(res, 503, "<html><title>503 Service Unavailable</title></html>");
      else json(res, 200, statusBody);
    });
    const { c } = client();
    await expect(c.describeSynchronizationObjectModifyStatus({ taskId: "t1" })).resolves.toMatchObject({ status: "Migrating" });
    expect(server.requests).toHaveLength(4);
  });

  it('retries a Success:"false" InternalError body at HTTP 200', async () => {
    server.handle((_r, res, i) =>
      i === 0
        ? json(res, 200, {
            RequestId: "R0",
            Success: "false",
            ErrCode: "InternalError",
            ErrMessage: "The request processing has failed due to some unknown error.",
          })
        : json(res, 200, statusBody),
    );
    const { c } = client();
    await expect(c.describeSynchronizationObjectModifyStatus({ taskId: "t1" })).resolves.toMatchObject({ requestId: "R-OK" });
    expect(server.requests).toHaveLength(2);
  });

  it("retries the mutating call after throttling, with the same ClientToken on every attempt", async () => {
    server.handle((_r, res, i) =>
      i < 2
        ? json(res, 400, { RequestId: `R${i}`, Code: "Throttling.Api", Message: "flow control" })
        : json(res, 200, { RequestId: "R2", TaskId: "k71r16fj13g****", Success: "true" }),
    );
    const { c } = client();
    const out = await c.modifySynchronizationObject({ synchronizationJobId: "dtsi76118o3w92****", synchronizationObjects: OBJECTS });
    expect(out.taskId).toBe("k71r16fj13g****");
    expect(actions()).toEqual(Array(3).fill("ModifySynchronizationObject"));
    const tokens = server.requests.map((r) => r.params.ClientToken);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).toBe(out.clientToken);
    expect(out.clientToken).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    ["a 500", (res: Parameters<Parameters<TestServer["handle"]>[0]>[1]) => json(res, 500, { RequestId: "R", Code: "InternalError", Message: "x" })],
    ["a reset", (res: Parameters<Parameters<TestServer["handle"]>[0]>[1]) => res.socket?.destroy()],
    ["an HTML 503 page", (res: Parameters<Parameters<TestServer["handle"]>[0]>[1]) => html(res, 503, "<html><title>503</title></html>")],
    ["a success reply without TaskId", (res: Parameters<Parameters<TestServer["handle"]>[0]>[1]) => json(res, 200, { RequestId: "R", Success: "true" })],
  ])("does not blindly retry the mutating call after %s: DtsAmbiguousModifyError", async (_label, reply) => {
    server.handle((_r, res) => reply(res));
    const { c, s } = client();
    const err = await c
      .modifySynchronizationObject({ synchronizationJobId: "dtsjob-1", synchronizationObjects: OBJECTS, clientToken: "token-abc" })
      .catch((e: unknown) => e);
    expect(isDtsAmbiguousModifyError(err)).toBe(true);
    const e = err as DtsAmbiguousModifyError;
    expect(e.synchronizationJobId).toBe("dtsjob-1");
    expect(e.clientToken).toBe("token-abc");
    expect(e.message).toContain("dtsjob-1");
    expect(e.message).toContain("token-abc");
    expect(e.message).toMatch(/may have started/);
    expect(e.message).toMatch(/Read the job state before modifying again/);
    expect(server.requests).toHaveLength(1);
    expect(s.delays).toEqual([]);
  });

  it("does not retry the mutating call after a timeout", async () => {
    server.handle(() => undefined);
    const { c } = client({ timeoutMs: 200 });
    const err = await c.modifySynchronizationObject({ synchronizationJobId: "dtsjob-2", synchronizationObjects: OBJECTS }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DtsAmbiguousModifyError);
    expect((err as DtsAmbiguousModifyError).cause).toBeInstanceOf(DtsTimeoutError);
    expect(server.requests).toHaveLength(1);
  });

  it("never retries a 400 on the mutating call and throws the API error itself", async () => {
    server.handle((_r, res) => json(res, 400, { RequestId: "R", Code: "InvalidParameter", Message: "SynchronizationObjects is invalid" }));
    const { c } = client();
    await expect(c.modifySynchronizationObject({ synchronizationJobId: "j", synchronizationObjects: OBJECTS })).rejects.toMatchObject({
      name: "DtsApiError",
      code: "InvalidParameter",
    });
    expect(server.requests).toHaveLength(1);
  });
});

describe("refused connections", () => {
  let late: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (late ? late.close(() => resolve()) : resolve()));
    late = undefined;
  });

  it("retries the mutating call after ECONNREFUSED (it proves nothing ran) and succeeds once the port opens", async () => {
    const port = await closedPort();
    const tokens: string[] = [];
    // The "sleep" opens the port, so the second attempt connects.
    const sleep = async () => {
      if (late) return;
      late = createServer((req, res) => {
        let body = "";
        req.on("data", (c: Buffer) => (body += c));
        req.on("end", () => {
          tokens.push(new URLSearchParams(body).get("ClientToken") ?? "");
          json(res, 200, { RequestId: "R", TaskId: "task-after-refusal", Success: "true" });
        });
      });
      await new Promise<void>((resolve) => late!.listen(port, "127.0.0.1", resolve));
    };
    const c = new DtsClient({ endpoint: `http://127.0.0.1:${port}`, credentials: CREDS, sleep, random: () => 0 });
    const out = await c.modifySynchronizationObject({ synchronizationJobId: "j", synchronizationObjects: OBJECTS, clientToken: "tok-refused" });
    expect(out.taskId).toBe("task-after-refusal");
    expect(tokens).toEqual(["tok-refused"]);
    expect(c.stats).toMatchObject({ calls: 2, retries: 1 });
  });

  it("gives up after maxAttempts with the network error, not an ambiguity error", async () => {
    const port = await closedPort();
    const delays: number[] = [];
    const c = new DtsClient({ endpoint: `http://127.0.0.1:${port}`, credentials: CREDS, sleep: async (ms) => void delays.push(ms), retry: { maxAttempts: 3 } });
    await expect(c.modifySynchronizationObject({ synchronizationJobId: "j", synchronizationObjects: OBJECTS })).rejects.toMatchObject({
      name: "DtsNetworkError",
      code: "ECONNREFUSED",
    });
    expect(delays).toHaveLength(2);
  });
});
