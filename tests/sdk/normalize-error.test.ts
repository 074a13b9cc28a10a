/**
 * Error normalization, with the failure shapes produced for real: the real pop-core RPCClient talks to a tiny
 * local node:http server that answers with API errors, an HTML page, a destroyed socket or nothing at all.
 */
import RPCClient from "@alicloud/pop-core";
import {
  DtsApiError,
  type DtsError,
  DtsNetworkError,
  DtsNotFoundError,
  DtsResponseParseError,
  DtsServerError,
  DtsThrottlingError,
  DtsTimeoutError,
  isDtsApiError,
  isDtsNetworkError,
  isDtsServerError,
  isDtsThrottlingError,
} from "../../sdk/errors/errors";
import { errorFromBody, normalizeError, redact } from "../../sdk/errors/normalize-error";
import { closedPort, html, json, useTestServer } from "../support/http-test-server";

const SECRET = "s3cr3t-AccessKeySecret-value";
const KEY_ID = "LTAI-test-key-id";

function popCore(endpoint: string): RPCClient {
  return new RPCClient({ endpoint, apiVersion: "2020-01-01", accessKeyId: KEY_ID, accessKeySecret: SECRET });
}

/** Calls pop-core and returns what it threw (fails the test if it did not throw). */
async function rawFailure(endpoint: string, opts: Record<string, unknown> = { method: "POST", timeout: 2000 }): Promise<unknown> {
  try {
    await popCore(endpoint).request("DescribeSynchronizationObjectModifyStatus", { TaskId: "k71r16fj13g****", RegionId: "cn-hangzhou" }, opts);
  } catch (error) {
    return error;
  }
  throw new Error("pop-core did not fail");
}

const ctx = { action: "DescribeSynchronizationObjectModifyStatus", secrets: [SECRET], timeoutMs: 200 };

/** normalizeError of `raw`: a DtsResponseParseError of ctx's action, not retryable, with these issues. */
function parseErrorOf(raw: unknown, issues: unknown[]): DtsError {
  const e = normalizeError(raw, ctx);
  expect(e).toBeInstanceOf(DtsResponseParseError);
  expect(e).toMatchObject({ code: "ResponseParseError", retryable: false, action: ctx.action, issues });
  return e;
}

function expectNoSecrets(error: DtsError): void {
  const text = `${error.message} ${JSON.stringify(error)}`;
  expect(text).not.toContain(SECRET);
  expect(text).not.toContain(KEY_ID);
  expect(text).not.toMatch(/Signature=[^*]/);
}

describe("pop-core failures produced by a local server", () => {
  const server = useTestServer();

  it("400 InvalidParameter -> DtsApiError with code, status (from err.entry), RequestId; not retryable", async () => {
    server.handle((_req, res) =>
      json(res, 400, {
        RequestId: "REQ-400",
        HostId: "dts.aliyuncs.com",
        Code: "InvalidParameter",
        Message: "The parameter TaskId is invalid.",
        Recommend: "https://api.aliyun.com/troubleshoot?q=InvalidParameter",
      }),
    );
    const raw = (await rawFailure(server.url)) as { name: string; code: string; data: unknown; entry: { response: { statusCode: number } } };
    // The pop-core shape this test pins: `<Code>Error`, .code, .data, status only on entry.
    expect(raw.name).toBe("InvalidParameterError");
    expect(raw.code).toBe("InvalidParameter");
    expect(raw.entry.response.statusCode).toBe(400);

    const e = normalizeError(raw, ctx);
    expect(e).toBeInstanceOf(DtsApiError);
    expect(e.constructor).toBe(DtsApiError);
    expect(e).toMatchObject({
      name: "DtsApiError",
      code: "InvalidParameter",
      httpStatus: 400,
      requestId: "REQ-400",
      hostId: "dts.aliyuncs.com",
      recommend: "https://api.aliyun.com/troubleshoot?q=InvalidParameter",
      retryable: false,
      action: "DescribeSynchronizationObjectModifyStatus",
    });
    expect(e.message).toContain("The parameter TaskId is invalid.");
    expect(e.message).not.toContain("URL:");
    expectNoSecrets(e);
  });

  it("400 Throttling.User -> DtsThrottlingError, retryable", async () => {
    server.handle((_req, res) => json(res, 400, { RequestId: "REQ-T", Code: "Throttling.User", Message: "Request was denied due to user flow control." }));
    const e = normalizeError(await rawFailure(server.url), ctx);
    expect(e).toBeInstanceOf(DtsThrottlingError);
    expect(isDtsThrottlingError(e)).toBe(true);
    expect(e).toMatchObject({ code: "Throttling.User", httpStatus: 400, retryable: true });
  });

  it("404 InvalidTaskId.NotFound -> DtsNotFoundError", async () => {
    server.handle((_req, res) => json(res, 404, { RequestId: "REQ-404", Code: "InvalidTaskId.NotFound", Message: "The specified task is not found." }));
    const e = normalizeError(await rawFailure(server.url), ctx);
    expect(e).toBeInstanceOf(DtsNotFoundError);
    expect(e).toMatchObject({ code: "InvalidTaskId.NotFound", httpStatus: 404, retryable: false, requestId: "REQ-404" });
  });

  it("500 InternalError -> DtsServerError, retryable", async () => {
    server.handle((_req, res) =>
      json(res, 500, { RequestId: "REQ-500", Code: "InternalError", Message: "The request processing has failed due to some unknown error." }),
    );
    const e = normalizeError(await rawFailure(server.url), ctx);
    expect(e).toBeInstanceOf(DtsServerError);
    expect(isDtsApiError(e)).toBe(true);
    expect(e).toMatchObject({ code: "InternalError", httpStatus: 500, retryable: true });
  });

  it("503 with an HTML page -> json-bigint's plain-object SyntaxError -> DtsServerError, retryable", async () => {
    server.handle((_req, res) => html(res, 503, "<html><head><title>503 Service Temporarily Unavailable</title></head><body><h1>503</h1></body></html>"));
    const raw = await rawFailure(server.url);
    expect(raw).not.toBeInstanceOf(Error);
    expect(raw).toMatchObject({ name: "SyntaxError" });
    const e = normalizeError(raw, ctx);
    expect(isDtsServerError(e)).toBe(true);
    expect(e).toMatchObject({ code: "InvalidResponse", retryable: true, httpStatus: undefined });
    expect(e.message).toContain("503 Service Temporarily Unavailable");
  });

  it("a socket destroyed mid-request -> DtsNetworkError ECONNRESET (request sent)", async () => {
    server.handle((_req, res) => res.socket?.destroy());
    const raw = await rawFailure(server.url);
    expect(raw).toMatchObject({ code: "ECONNRESET" });
    const e = normalizeError(raw, ctx);
    expect(e).toBeInstanceOf(DtsNetworkError);
    expect(e).toMatchObject({ code: "ECONNRESET", retryable: true, requestSent: true });
    // The text after the code is Node's own for the real socket ("socket hang up" here).
    expect(e.message).toMatch(/^DescribeSynchronizationObjectModifyStatus failed: ECONNRESET: \S/);
  });

  it("a reply slower than the timeout -> RequestTimeoutError without code -> DtsTimeoutError", async () => {
    server.handle(() => {
      /* never answers; the socket is destroyed on close */
    });
    const raw = await rawFailure(server.url, { method: "POST", timeout: 200 });
    expect(raw).toMatchObject({ name: "RequestTimeoutError" });
    expect((raw as { code?: unknown }).code).toBeUndefined();
    const e = normalizeError(raw, ctx);
    expect(e).toBeInstanceOf(DtsTimeoutError);
    expect(e).toMatchObject({ code: "RequestTimeout", retryable: true, timeoutMs: 200 });
  });

  it("a JSON `null` body -> pop-core's TypeError reading Code -> DtsResponseParseError at (root), not retryable", async () => {
    server.handle((_req, res) => json(res, 200, "null"));
    const raw = await rawFailure(server.url);
    // The pop-core shape this test pins: json-bigint parses `null`, then `json.Code` throws.
    expect(raw).toBeInstanceOf(TypeError);
    expect((raw as Error).message).toMatch(/reading 'Code'/);
    const e = parseErrorOf(raw, [{ path: "(root)", message: "Invalid input: expected object, received null (the body is JSON `null`)" }]);
    expect(e.message).toContain("the body is JSON `null`");
    expect(e.cause).toBe(raw);
    expectNoSecrets(e);
  });

  it("JSON nested deeper than the stack -> json-bigint's RangeError -> DtsResponseParseError at (root)", async () => {
    const depth = 100_000;
    server.handle((_req, res) => json(res, 200, `{"RequestId":"R","X":${"[".repeat(depth)}${"]".repeat(depth)}}`));
    const raw = await rawFailure(server.url);
    expect(raw).toBeInstanceOf(RangeError);
    expect((raw as Error).stack).toMatch(/json-bigint/);
    const e = parseErrorOf(raw, [{ path: "(root)", message: expect.stringMatching(/nested too deeply/) }]);
    expectNoSecrets(e);
  });

  it("an error `Code` that is an object -> pop-core's TypeError from rpc.js -> DtsResponseParseError naming Code", async () => {
    server.handle((_req, res) => json(res, 400, `{"RequestId":"REQ-OBJ","Code":{"Value":"Throttling"},"Message":"m"}`));
    const raw = await rawFailure(server.url);
    // The pop-core shape this test pins: json-bigint's prototype-less object, then `json.Code + 'Error'` throws
    // in rpc.js (the line POP_CORE_RPC_FIELD_BY_LINE maps to Code); no code, no body.
    expect(raw).toBeInstanceOf(TypeError);
    expect((raw as Error).message).toBe("Cannot convert object to primitive value");
    expect((raw as Error).stack?.split("\n")[1]).toMatch(/@alicloud[\\/]pop-core[\\/]lib[\\/]rpc\.js:247:/);
    const e = parseErrorOf(raw, [{ path: "Code", message: expect.stringMatching(/expected string, received object/) }]);
    expect(e.message).toContain("at Code");
    expect(e.cause).toBe(raw);
    expectNoSecrets(e);
  });

  it("an error `Message` that is an object (string Code) -> DtsResponseParseError naming Message, not Code", async () => {
    server.handle((_req, res) => json(res, 400, `{"RequestId":"REQ-OBJ","Code":"InvalidParameter","Message":{"Text":"m"}}`));
    const raw = await rawFailure(server.url);
    expect((raw as Error).stack?.split("\n")[1]).toMatch(/rpc\.js:246:/);
    const e = normalizeError(raw, ctx);
    expect(e).toBeInstanceOf(DtsResponseParseError);
    expect((e as DtsResponseParseError).issues).toEqual([{ path: "Message", message: expect.stringMatching(/received object/) }]);
  });

  it.each(["gzip", "deflate"])("a body labelled %s that is not -> zlib's Z_DATA_ERROR -> DtsServerError InvalidResponse, retryable", async (encoding) => {
    server.handle((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": encoding });
      res.end(JSON.stringify({ RequestId: "REQ-GZ", Status: "Finished" }));
    });
    const raw = await rawFailure(server.url);
    // The shape this test pins: a plain Error from node's zlib, code Z_DATA_ERROR, status lost.
    expect(raw).toMatchObject({ code: "Z_DATA_ERROR" });
    const e = normalizeError(raw, ctx);
    expect(e).toBeInstanceOf(DtsServerError);
    expect(e).toMatchObject({ code: "InvalidResponse", retryable: true, httpStatus: undefined, action: "DescribeSynchronizationObjectModifyStatus" });
    expect(e.message).toContain("Content-Encoding");
    expectNoSecrets(e);
  });

  it("a GET error message carries the signed URL: the signature, key id and secret are removed", async () => {
    server.handle((_req, res) =>
      json(res, 400, { RequestId: "R", Code: "SignatureDoesNotMatch", Message: "Specified signature is not matched with our calculation." }),
    );
    const raw = (await rawFailure(server.url, { method: "GET", timeout: 2000 })) as Error;
    expect(raw.message).toContain("Signature=");
    expect(raw.message).toContain(KEY_ID);
    const e = normalizeError(raw, ctx);
    expect(e.code).toBe("SignatureDoesNotMatch");
    expect(e.retryable).toBe(false);
    expectNoSecrets(e);
  });
});

describe("connection refused", () => {
  it("a closed port -> DtsNetworkError ECONNREFUSED, request not sent", async () => {
    const port = await closedPort();
    const raw = await rawFailure(`http://127.0.0.1:${port}`);
    const e = normalizeError(raw, ctx);
    expect(isDtsNetworkError(e)).toBe(true);
    expect(e).toMatchObject({ code: "ECONNREFUSED", retryable: true, requestSent: false });
  });
});

describe("hand-built shapes", () => {
  it("AggregateError from happy-eyeballs connects", () => {
    const agg = Object.assign(new AggregateError([Object.assign(new Error("connect ECONNREFUSED ::1:80"), { code: "ECONNREFUSED" })], ""), {});
    const e = normalizeError(agg, ctx);
    expect(e).toMatchObject({ name: "DtsNetworkError", code: "ECONNREFUSED", requestSent: false });
  });

  it("'socket hang up' without a code", () => {
    expect(normalizeError(new Error("socket hang up"), ctx)).toMatchObject({ name: "DtsNetworkError", code: "ECONNRESET" });
  });

  it("ETIMEDOUT is a timeout", () => {
    expect(normalizeError(Object.assign(new Error("connect ETIMEDOUT"), { code: "ETIMEDOUT" }), ctx)).toBeInstanceOf(DtsTimeoutError);
  });

  it("throttling codes by name: Throttling, Throttling.Api, Rejected.Throttling", () => {
    for (const code of ["Throttling", "Throttling.Api", "Rejected.Throttling", "Throttling.User"]) {
      const raw = Object.assign(new Error(`x, URL: http://h/?Signature=abc`), {
        name: `${code}Error`,
        code,
        data: { Code: code, Message: "slow down", RequestId: "r" },
      });
      expect(normalizeError(raw, ctx)).toBeInstanceOf(DtsThrottlingError);
    }
  });

  it("ServiceUnavailable without a status is a server error", () => {
    const raw = Object.assign(new Error("x"), {
      name: "ServiceUnavailableError",
      code: "ServiceUnavailable",
      data: { Code: "ServiceUnavailable", Message: "temporary failure" },
    });
    expect(normalizeError(raw, ctx)).toMatchObject({ name: "DtsServerError", retryable: true });
  });

  it("a bug (TypeError, node ERR_ codes) is never retryable", () => {
    expect(normalizeError(new TypeError("x is not a function"), ctx)).toMatchObject({ name: "DtsError", retryable: false });
    expect(normalizeError(Object.assign(new TypeError("bad arg"), { code: "ERR_INVALID_ARG_TYPE" }), ctx).retryable).toBe(false);
    expect(normalizeError("a string", ctx)).toMatchObject({ code: "Unknown", retryable: false });
  });

  it("only pop-core's own TypeError on a null body and json-bigint's stack overflow are parse errors", () => {
    // A TypeError reading something else, or carrying a node ERR_ code, is still a bug.
    expect(normalizeError(new TypeError("Cannot read properties of null (reading 'Status')"), ctx)).toMatchObject({ name: "DtsError", code: "Unknown" });
    expect(normalizeError(Object.assign(new TypeError("Cannot read properties of null (reading 'Code')"), { code: "ERR_X" }), ctx)).not.toBeInstanceOf(
      DtsResponseParseError,
    );
    // The older V8 wording is recognised too.
    expect(normalizeError(new TypeError("Cannot read property 'Code' of null"), ctx)).toBeInstanceOf(DtsResponseParseError);
    // A stack overflow outside json-bigint (here: in this file) is not blamed on the reply.
    const recurse = (n: number): number => recurse(n + 1) + 1;
    let overflow: unknown;
    try {
      recurse(0);
    } catch (error) {
      overflow = error;
    }
    expect(overflow).toBeInstanceOf(RangeError);
    expect(normalizeError(overflow, ctx)).toMatchObject({ name: "DtsError", code: "Unknown", retryable: false });
    // Without an action the parse error still names what was wrong.
    expect(normalizeError(new TypeError("Cannot read properties of null (reading 'Code')"))).toMatchObject({
      name: "DtsResponseParseError",
      action: "request",
    });
  });

  it("'Cannot convert object to primitive value' is a parse error only when thrown in pop-core's rpc.js", () => {
    // Thrown here (this file is the innermost frame): a bug, never retried.
    let ours: unknown;
    try {
      `${Object.create(null) as object}`;
    } catch (error) {
      ours = error;
    }
    expect(ours).toBeInstanceOf(TypeError);
    expect(normalizeError(ours, ctx)).toMatchObject({ name: "DtsError", code: "Unknown", retryable: false });
    // rpc.js deeper in the stack, not the innermost frame: still a bug.
    const deeper = Object.assign(new TypeError("Cannot convert object to primitive value"), {
      stack:
        "TypeError: Cannot convert object to primitive value\n    at f (/x/other.js:1:1)\n    at RPCClient.request (/x/node_modules/@alicloud/pop-core/lib/rpc.js:247:28)",
    });
    expect(normalizeError(deeper, ctx)).toMatchObject({ name: "DtsError", code: "Unknown" });
    // rpc.js innermost at a line this SDK does not know (another pop-core layout): a parse error naming neither field alone.
    const moved = Object.assign(new TypeError("Cannot convert object to primitive value"), {
      stack: "TypeError: Cannot convert object to primitive value\n    at RPCClient.request (C:\\app\\node_modules\\@alicloud\\pop-core\\lib\\rpc.js:301:28)",
    });
    expect(normalizeError(moved, ctx)).toMatchObject({
      name: "DtsResponseParseError",
      issues: [{ path: "(root)", message: expect.stringMatching(/`Code` or `Message`/) }],
    });
    // With a node ERR_ code it is not pop-core's.
    expect(normalizeError(Object.assign(moved, { code: "ERR_X" }), ctx)).not.toBeInstanceOf(DtsResponseParseError);
  });

  it("only zlib's Z_DATA_ERROR is an undecodable body; other codes keep their meaning", () => {
    const zlib = Object.assign(new Error("incorrect header check"), { errno: -3, code: "Z_DATA_ERROR" });
    expect(normalizeError(zlib, ctx)).toMatchObject({ name: "DtsServerError", code: "InvalidResponse", retryable: true });
    expect(normalizeError(zlib, ctx).message).toContain("incorrect header check");
    expect(normalizeError(Object.assign(new Error("x"), { code: "ERR_Z_DATA" }), ctx)).toMatchObject({ name: "DtsError", retryable: false });
  });

  it("a DtsError passes through unchanged", () => {
    const original = new DtsTimeoutError("t");
    expect(normalizeError(original)).toBe(original);
  });

  it("errorFromBody: success bodies are not errors, status >= 400 without a code is", () => {
    expect(errorFromBody({ RequestId: "r", Success: "true" }, {})).toBeUndefined();
    expect(errorFromBody({ RequestId: "r", Code: "200" }, {})).toBeUndefined();
    expect(errorFromBody({ RequestId: "r" }, { httpStatus: 502 })).toMatchObject({ name: "DtsServerError", code: "Http502" });
  });

  it("redact removes signed-URL parameters and given secrets", () => {
    const text = redact(`boom Signature=abc%3D&AccessKeyId=${KEY_ID}&SecurityToken=tok token=${SECRET}`, [SECRET]);
    expect(text).not.toContain("abc%3D");
    expect(text).not.toContain(KEY_ID);
    expect(text).not.toContain(SECRET);
    expect(text).toContain("Signature=***");
  });
});
