/**
 * The actionable messages (sdk/errors/explain.ts) for each face, with their full text, and the helpers around them: the
 * terminal escaping of names, and what normalize-error feeds them (clock skew from the reply's Date header, the
 * httpx suffix removed, a `__proto__` reply, a redacted Recommend).
 */
import {
  DtsCredentialsError,
  DtsNetworkError,
  DtsTimeoutError,
  apiError,
  escapeControlChars,
  explainError,
  formatExplanation,
  formatSkew,
  isDtsResponseParseError,
  normalizeError,
  retryLine,
  type DtsError,
} from "../../sdk";

function api(code: string, extra: Partial<Parameters<typeof apiError>[0]> & { source?: string; attempts?: number } = {}): DtsError {
  const e = apiError({
    code,
    message: `server says ${code}`,
    action: "DescribeSynchronizationObjectModifyStatus",
    requestId: "REQ-1",
    httpStatus: 400,
    ...extra,
  });
  if (extra.source) e.credentialsSource = extra.source;
  if (extra.attempts) e.attempts = extra.attempts;
  return e;
}

describe("explainError: refused keys name the setting in use, per face", () => {
  test.each([
    ["provider", "explicit", "The AccessKey secret does not match the AccessKey ID (SignatureDoesNotMatch): check the stack config dts:accessKeySecret."],
    [
      "provider",
      "env:ALIBABA_CLOUD_ACCESS_KEY_ID",
      "The AccessKey secret does not match the AccessKey ID (SignatureDoesNotMatch): check ALIBABA_CLOUD_ACCESS_KEY_SECRET.",
    ],
    ["cli", "env:ALICLOUD_ACCESS_KEY", "The AccessKey secret does not match the AccessKey ID (SignatureDoesNotMatch): check ALICLOUD_SECRET_KEY."],
    ["sdk", "explicit", "The AccessKey secret does not match the AccessKey ID (SignatureDoesNotMatch): check credentials.accessKeySecret."],
    [
      "cli",
      "chain:cli_profile",
      "The AccessKey secret does not match the AccessKey ID (SignatureDoesNotMatch): check the AccessKey secret of the --profile (or ALIBABA_CLOUD_PROFILE) profile in ~/.aliyun/config.json or ~/.alibabacloud/credentials (found by the credentials chain: cli_profile).",
    ],
  ] as const)("SignatureDoesNotMatch, %s face, source %s", (face, source, summary) => {
    const e = explainError(api("SignatureDoesNotMatch", { source }), face)!;
    expect(e.summary).toBe(summary);
    expect(e.hints).toEqual([]);
    expect(e.detail).toBe("SignatureDoesNotMatch: server says SignatureDoesNotMatch (HTTP 400, RequestId REQ-1)");
  });

  test("unknown AccessKey ID, expired STS token, other token problems", () => {
    expect(explainError(api("InvalidAccessKeyId.NotFound", { source: "explicit", httpStatus: 404 }), "provider")!.summary).toBe(
      "Alibaba Cloud does not know this AccessKey ID (InvalidAccessKeyId.NotFound): check the stack config dts:accessKeyId, and that the key was not deleted.",
    );
    expect(explainError(api("InvalidAccessKeyId.Inactive", { source: "env:ALIBABA_CLOUD_ACCESS_KEY_ID" }), "cli")!.summary).toBe(
      "The AccessKey ID is disabled (InvalidAccessKeyId.Inactive): enable it in the RAM console, or set ALIBABA_CLOUD_ACCESS_KEY_ID to an active key.",
    );
    expect(explainError(api("InvalidSecurityToken.Expired", { source: "env:ALIBABA_CLOUD_ACCESS_KEY_ID" }), "cli")!.summary).toBe(
      "The STS security token has expired (InvalidSecurityToken.Expired): get a new one and set ALIBABA_CLOUD_SECURITY_TOKEN, with the AccessKey ID and secret issued with it.",
    );
    expect(explainError(api("InvalidSecurityToken.MismatchWithAccessKey", { source: "explicit" }), "provider")!.summary).toBe(
      "The STS security token was refused (InvalidSecurityToken.MismatchWithAccessKey): check the stack config dts:securityToken, and that it was issued with the AccessKey ID in use.",
    );
  });

  test("clock skew says how far off the clock is, and which way", () => {
    expect(explainError(api("InvalidTimeStamp.Expired", { clockSkewMs: 2 * 3600_000 + 30_000 }), "cli")!.summary).toBe(
      "The request timestamp was refused (InvalidTimeStamp.Expired): this machine's clock is 2 h 0 min ahead of the server's; requests must be within 15 minutes of it. Synchronize the clock (NTP) and run again.",
    );
    expect(explainError(api("InvalidTimeStamp.Expired", { clockSkewMs: -(17 * 60_000 + 5_000) }), "provider")!.summary).toBe(
      "The request timestamp was refused (InvalidTimeStamp.Expired): this machine's clock is 17 min 5 s behind the server's; requests must be within 15 minutes of it. Synchronize the clock (NTP) and run again.",
    );
    expect(explainError(api("InvalidTimeStamp.Expired"), "sdk")!.summary).toBe(
      "The request timestamp was refused (InvalidTimeStamp.Expired): this machine's clock is off by more than 15 minutes (the reply gave no server time to say by how much); requests must be within 15 minutes of it. Synchronize the clock (NTP) and run again.",
    );
    expect([formatSkew(42_000), formatSkew(-125_000), formatSkew(3 * 3600_000 + 61_000)]).toEqual(["42 s", "2 min 5 s", "3 h 1 min"]);
  });

  test("throttling that outlasts the retries (and not before they are spent)", () => {
    expect(explainError(api("Throttling.User", { attempts: 5 }), "cli")!.summary).toBe(
      "DTS kept refusing DescribeSynchronizationObjectModifyStatus for flow control (Throttling.User) through all 5 attempts: too many calls for this account or API. Wait a minute and run again, with fewer runs at once or a larger --min-delay.",
    );
    expect(explainError(api("Throttling.User", { attempts: 5 }), "provider")!.summary).toContain("or a larger wait.minDelaySeconds.");
    expect(explainError(api("Throttling.User"), "cli")).toBeUndefined();
  });

  test("an ordinary API error has no explanation (its own message stands)", () => {
    expect(explainError(api("InvalidParameter"), "cli")).toBeUndefined();
  });
});

describe("explainError: an unreachable endpoint, once, with what to check", () => {
  const refused = (): DtsError => {
    const e = new DtsNetworkError("ModifySynchronizationObject failed: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9", "ECONNREFUSED", {
      action: "ModifySynchronizationObject",
    });
    e.endpoint = "http://127.0.0.1:9";
    e.attempts = 5;
    return e;
  };
  test.each([
    ["provider", "dts:endpoint (or the resource's endpoint input)"],
    ["cli", "--endpoint"],
    ["sdk", "the endpoint option of DtsClient"],
  ] as const)("%s face", (face, setting) => {
    const e = explainError(refused(), face)!;
    expect(formatExplanation(e)).toBe(
      "Could not reach the DTS endpoint http://127.0.0.1:9 for ModifySynchronizationObject: connection refused (ECONNREFUSED), on all 5 attempts.\n" +
        `Check ${setting}, that it is the endpoint of the job's region (https://dts.<region>.aliyuncs.com, e.g. https://dts.cn-hangzhou.aliyuncs.com), and the network (proxy, firewall, DNS).`,
    );
    expect(formatExplanation(e, { detail: true }).split("\n")[2]).toBe(
      "Detail: ModifySynchronizationObject failed: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9",
    );
  });

  test("a request timeout on its only attempt", () => {
    const e = new DtsTimeoutError("x timed out", { action: "DescribeInitializationStatus", timeoutMs: 3000 });
    e.endpoint = "https://dts.example";
    e.attempts = 1;
    expect(explainError(e, "cli")!.summary).toBe(
      "Could not reach the DTS endpoint https://dts.example for DescribeInitializationStatus: no reply within 3000 ms (RequestTimeout), on its only attempt.",
    );
  });

  test("the retry line", () => {
    const e = refused();
    expect(retryLine({ action: "ModifySynchronizationObject", attempt: 1, maxAttempts: 5, delayMs: 180.4, error: e }, "http://127.0.0.1:9")).toBe(
      "retrying ModifySynchronizationObject in 180 ms (attempt 2 of 5): ECONNREFUSED from http://127.0.0.1:9",
    );
  });
});

describe("explainError: no credentials, per face", () => {
  const error = new DtsCredentialsError("No Alibaba Cloud credentials found.", [
    "explicit credentials option (not given)",
    "environment ALIBABA_CLOUD_ACCESS_KEY_ID + ALIBABA_CLOUD_ACCESS_KEY_SECRET (not set)",
  ]);
  test("provider: stack config keys and environment variables; the explicit option is the stack config", () => {
    expect(formatExplanation(explainError(error, "provider")!)).toBe(
      [
        "No Alibaba Cloud credentials found. Set the stack config dts:accessKeyId and dts:accessKeySecret (pulumi config set dts:accessKeyId <id>; pulumi config set --secret dts:accessKeySecret <secret>), or the environment variables ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET where pulumi runs.",
        "Tried, in order:",
        "  - stack config dts:accessKeyId + dts:accessKeySecret (not given)",
        "  - environment ALIBABA_CLOUD_ACCESS_KEY_ID + ALIBABA_CLOUD_ACCESS_KEY_SECRET (not set)",
      ].join("\n"),
    );
  });
  test("cli: environment variables and --profile; no SDK option", () => {
    expect(formatExplanation(explainError(error, "cli")!)).toBe(
      [
        "No Alibaba Cloud credentials found. Set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (+ ALIBABA_CLOUD_SECURITY_TOKEN with STS), or pass --profile <name> for a profile of ~/.aliyun/config.json or ~/.alibabacloud/credentials.",
        "Tried, in order:",
        "  - environment ALIBABA_CLOUD_ACCESS_KEY_ID + ALIBABA_CLOUD_ACCESS_KEY_SECRET (not set)",
      ].join("\n"),
    );
  });
  test("sdk: the credentials option", () => {
    expect(explainError(error, "sdk")!.summary).toBe(
      "No Alibaba Cloud credentials found. Pass the credentials option of DtsClient ({accessKeyId, accessKeySecret}), or set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET.",
    );
  });
});

describe("escapeControlChars", () => {
  test("ESC sequences, BEL, newlines, C1 and bidi overrides become visible escapes", () => {
    expect(escapeControlChars("t\u001b]0;owned\u0007x\u001b[2J\nline\r\u009b\u202e")).toBe("t\\e]0;owned\\x07x\\e[2J\\nline\\r\\x9b\\u202e");
    expect(escapeControlChars("a\nb\tc\u001b", "\n\t")).toBe("a\nb\tc\\e");
    expect(escapeControlChars("plain ünïcode 表")).toBe("plain ünïcode 表");
  });
});

describe("normalize-error feeds", () => {
  test("httpx's glued `POST <url> failed.` is dropped from a socket error", () => {
    const raw = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9POST http://127.0.0.1:9/ failed."), { code: "ECONNREFUSED" });
    expect(normalizeError(raw, { action: "DescribeSynchronizationObjectModifyStatus" }).message).toBe(
      "DescribeSynchronizationObjectModifyStatus failed: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9",
    );
  });

  test("clock skew from the Date header of an InvalidTimeStamp.Expired reply", () => {
    const server = Date.parse("2026-01-01T10:00:00Z");
    const raw = Object.assign(new Error("x"), {
      name: "InvalidTimeStamp.ExpiredError",
      code: "InvalidTimeStamp.Expired",
      data: { Code: "InvalidTimeStamp.Expired", Message: "Specified time stamp or date value is expired.", RequestId: "R" },
      entry: { response: { statusCode: 400, headers: { date: new Date(server).toUTCString() } } },
    });
    const e = normalizeError(raw, { action: "A", now: server + 3_600_000 });
    expect(explainError(e, "cli")!.summary).toContain("this machine's clock is 1 h 0 min ahead of the server's");
  });

  test("Recommend is redacted like the message: no Signature, no AccessKeyId value (plain or URL-encoded)", () => {
    const raw = Object.assign(new Error("x"), {
      name: "SignatureDoesNotMatchError",
      code: "SignatureDoesNotMatch",
      data: {
        Code: "SignatureDoesNotMatch",
        Message: "server string to sign is:POST&%2F&AccessKeyId%3DLTAIkeyid123%26Action%3DX",
        Recommend: "https://api.aliyun.com/troubleshoot?q=SignatureDoesNotMatch&AccessKeyId=LTAIkeyid123&Signature=abc%3D&x=1",
      },
    });
    const e = normalizeError(raw, { action: "A", secrets: ["LTAIkeyid123"] }) as DtsError & { recommend: string };
    expect(e.recommend).toBe("https://api.aliyun.com/troubleshoot?q=SignatureDoesNotMatch&AccessKeyId=***&Signature=***&x=1");
    expect(e.message).not.toContain("LTAIkeyid123");
    expect(e.message).toContain("AccessKeyId%3D***%26Action%3DX");
  });

  test("a JSON reply with a __proto__ key is a parse error naming it, not a non-JSON body", () => {
    const raw = { name: "SyntaxError", message: "Object contains forbidden prototype property", at: 14, text: '{"__proto__":{"a":1}}' };
    const e = normalizeError(raw, { action: "DescribeSynchronizationObjectModifyStatus" });
    expect(isDtsResponseParseError(e)).toBe(true);
    expect(e.message).toBe(
      "Could not parse the DescribeSynchronizationObjectModifyStatus reply:\n✖ the JSON body holds a `__proto__` key, which the JSON parser refuses (prototype pollution guard)",
    );
    expect(e.message).not.toContain("non-JSON");
  });
});
