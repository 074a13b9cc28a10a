/** The error hierarchy and its guards (which also work across copies of the package, by name). */
import * as errors from "../../sdk/errors/errors";
import { DtsApiError, DtsNetworkError, DtsServerError, DtsThrottlingError, DtsNotFoundError, DtsTimeoutError, DtsError } from "../../sdk/errors/errors";

describe("error classes", () => {
  it("form one hierarchy with names, codes and retryability", () => {
    const t = new DtsThrottlingError({ code: "Throttling.User", message: "m", requestId: "R", httpStatus: 400, action: "DescribeX" });
    expect(t).toBeInstanceOf(DtsApiError);
    expect(t).toBeInstanceOf(DtsError);
    expect(t).toBeInstanceOf(Error);
    expect(t).toMatchObject({ name: "DtsThrottlingError", retryable: true, code: "Throttling.User" });
    expect(t.message).toBe("DescribeX: Throttling.User: m (HTTP 400, RequestId R)");
    expect(new DtsServerError({ code: "InternalError", message: "m" }).retryable).toBe(true);
    expect(new DtsNotFoundError({ code: "InvalidTaskId.NotFound", message: "m" }).retryable).toBe(false);
    expect(new DtsApiError({ code: "InvalidParameter", message: "m" }).retryable).toBe(false);
    expect(new DtsNetworkError("m", "ECONNREFUSED").requestSent).toBe(false);
    expect(new DtsNetworkError("m", "ECONNRESET").requestSent).toBe(true);
    expect(new DtsTimeoutError("m").code).toBe("RequestTimeout");
  });

  it("guards recognise errors from another copy of the package by name", () => {
    const foreign = Object.assign(new Error("x"), { name: "DtsThrottlingError", code: "Throttling", retryable: true });
    expect(errors.isDtsThrottlingError(foreign)).toBe(true);
    expect(errors.isDtsApiError(foreign)).toBe(true);
    expect(errors.isDtsError(foreign)).toBe(true);
    expect(errors.isDtsNetworkError(foreign)).toBe(false);
    expect(errors.isDtsError(new Error("plain"))).toBe(false);
    expect(errors.isDtsApiError({ name: "DtsApiError" })).toBe(true);
    expect(errors.isDtsApiError(null)).toBe(false);
  });

  it("each guard accepts its own class", () => {
    const cases: [unknown, (v: unknown) => boolean][] = [
      [new errors.DtsServerError({ code: "c", message: "m" }), errors.isDtsServerError],
      [new errors.DtsNotFoundError({ code: "c", message: "m" }), errors.isDtsNotFoundError],
      [new errors.DtsTimeoutError("m"), errors.isDtsTimeoutError],
      [new errors.DtsResponseParseError({ action: "A", issues: [], pretty: "" }), errors.isDtsResponseParseError],
      [new errors.DtsCredentialsError("m", ["x"]), errors.isDtsCredentialsError],
      [new errors.DtsInputError("f", "p", "fix"), errors.isDtsInputError],
      [new errors.DtsAmbiguousModifyError({ synchronizationJobId: "j", clientToken: "c", cause: new DtsTimeoutError("t") }), errors.isDtsAmbiguousModifyError],
    ];
    for (const [value, guard] of cases) expect(guard(value)).toBe(true);
  });

  it("the ambiguity error says a task may exist and to read the job state, not to rely on the ClientToken", () => {
    const e = new errors.DtsAmbiguousModifyError({ synchronizationJobId: "dtsjob", clientToken: "tok", cause: new DtsNetworkError("reset", "ECONNRESET") });
    expect(e.message).toContain("dtsjob");
    expect(e.message).toContain("ClientToken tok");
    expect(e.message).toContain("A task may have started");
    expect(e.message).toContain("DTS documents no ClientToken de-duplication for this call");
    expect(e.message).toContain("Read the job state before modifying again (DescribeSynchronizationJobStatus");
    expect(e.cause.code).toBe("ECONNRESET");
    expect(e.retryable).toBe(false);
  });
});
