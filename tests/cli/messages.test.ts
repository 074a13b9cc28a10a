/**
 * The messages of the built `dts-objects`, as a subprocess, with their full text on stderr: an unreachable endpoint
 * (said once, with a line per retry), no credentials, a wrong secret, an unknown AccessKey ID, an expired STS token,
 * a clock too far off, throttling that outlasts the retries; `--verbose` adds the server's reply, `--json` prints one
 * error document on stdout; names from the API reach the terminal escaped (checked byte for byte); `--objects
 * /dev/zero` and NUL bytes in names are refused; a full stdout (`> /dev/full`) is one line, no stack trace.
 */
import { spawn } from "node:child_process";
import { openSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CLI, ROOT, closedPort, cliEnv, emptyHome, runCli, type RunResult } from "../support/cli";
import { useFixture } from "../support/cli-fixture";
import { startErrorServer, type ErrorServerOptions } from "../support/error-server";

const fx = useFixture();

function envWith(id: string, secret: string, extra: Record<string, string> = {}): Record<string, string> {
  return cliEnv({ ALIBABA_CLOUD_ACCESS_KEY_ID: id, ALIBABA_CLOUD_ACCESS_KEY_SECRET: secret, ...extra });
}

/** The stderr with the (random) retry delays and request ids replaced, for a full-text comparison. */
function stable(text: string): string {
  return text.replace(/ in \d+ ms \(attempt/g, " in N ms (attempt").replace(/requestId=[\w-]+/g, "requestId=ID");
}

/** `status task1` against a server answering every call with one reply; the run, the server's url and its request count. */
async function statusAgainst(reply: ErrorServerOptions, env = fx.env): Promise<RunResult & { url: string; requests: number }> {
  const server = await startErrorServer(reply);
  try {
    const r = await runCli(["status", "task1", "--endpoint", server.url], { env });
    return { ...r, url: server.url, requests: server.requests };
  } finally {
    await server.close();
  }
}

/** The end of an API error's text without --verbose: the hint, the diagnosis link of `code` (with the stable request id when asked), the final newline. */
function diagnosis(code: string, withRequestId = false): string[] {
  return [
    "(--verbose shows the server's reply)",
    `diagnosis: https://api.aliyun.com/troubleshoot?q=${code}&product=Dts${withRequestId ? "&requestId=ID" : ""}`,
    "",
  ];
}

const HINT_ENDPOINT =
  "Check --endpoint, that it is the endpoint of the job's region (https://dts.<region>.aliyuncs.com, e.g. https://dts.cn-hangzhou.aliyuncs.com), and the network (proxy, firewall, DNS).";

describe("an unreachable endpoint", () => {
  test("status: one line per retry, then what failed, where, how many attempts and what to check, once; exit 5", async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}`;
    const r = await runCli(["status", "task1", "--endpoint", url], { env: fx.env });
    expect(r.code).toBe(5);
    const retries = [2, 3, 4, 5].map((n) => `retrying DescribeSynchronizationObjectModifyStatus in N ms (attempt ${n} of 5): ECONNREFUSED from ${url}`);
    expect(stable(r.stderr)).toBe(
      [
        ...retries,
        `error: Could not reach the DTS endpoint ${url} for DescribeSynchronizationObjectModifyStatus: connection refused (ECONNREFUSED), on all 5 attempts.`,
        HINT_ENDPOINT,
        "(--verbose shows the server's reply)",
        "",
      ].join("\n"),
    );
    expect(r.stdout).toBe("");
  });

  test("--verbose adds the transport's detail; --json prints one error document", async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}`;
    const r = await runCli(["status", "task1", "--endpoint", url, "--verbose", "--json"], { env: fx.env });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain(`\ndetail: DescribeSynchronizationObjectModifyStatus failed: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:${port}\n`);
    expect(JSON.parse(r.stdout)).toEqual({
      error: {
        kind: "api",
        code: "ECONNREFUSED",
        message: `Could not reach the DTS endpoint ${url} for DescribeSynchronizationObjectModifyStatus: connection refused (ECONNREFUSED), on all 5 attempts.`,
        hints: [HINT_ENDPOINT],
        detail: `DescribeSynchronizationObjectModifyStatus failed: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:${port}`,
      },
      exitCode: 5,
    });
  });
});

describe("credentials", () => {
  test("none anywhere: names the environment variables and --profile, lists what was tried; --json too", async () => {
    const home = emptyHome();
    const r = await runCli(["status", "task1", "--endpoint", fx.em.url, "--json"], { env: cliEnv({}, home) });
    expect(r.code).toBe(4);
    const lines = r.stderr.split("\n");
    expect(lines.slice(0, 4)).toEqual([
      "error: No Alibaba Cloud credentials found. Set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (+ ALIBABA_CLOUD_SECURITY_TOKEN with STS), or pass --profile <name> for a profile of ~/.aliyun/config.json or ~/.alibabacloud/credentials.",
      "Tried, in order:",
      "  - environment ALIBABA_CLOUD_ACCESS_KEY_ID + ALIBABA_CLOUD_ACCESS_KEY_SECRET (not set)",
      "  - environment ALICLOUD_ACCESS_KEY + ALICLOUD_SECRET_KEY (not set)",
    ]);
    expect(lines[4]).toMatch(
      /^ {2}- @alicloud\/credentials default chain \(OIDC, CLI profile ~\/\.aliyun\/config\.json, ~\/\.alibabacloud\/credentials, ECS RAM role, credentials URI\): /,
    );
    expect(lines.slice(5)).toEqual([""]);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ error: { kind: "credentials", code: "MissingCredentials" }, exitCode: 4 });
    expect(doc.error.message).toBe(lines[0]!.slice("error: ".length));
  });

  test("wrong secret: one actionable line naming the variable; the string to sign only with --verbose; exit 4", async () => {
    const secret = "this-is-the-wrong-secret";
    const r = await runCli(["status", "task1", "--endpoint", fx.em.url], { env: envWith(fx.em.accessKeyId, secret) });
    expect(r.code).toBe(4);
    expect(stable(r.stderr)).toBe(
      [
        "error: The AccessKey secret does not match the AccessKey ID (SignatureDoesNotMatch): check ALIBABA_CLOUD_ACCESS_KEY_SECRET.",
        ...diagnosis("SignatureDoesNotMatch", true),
      ].join("\n"),
    );
    const v = await runCli(["status", "task1", "--endpoint", fx.em.url, "--verbose"], { env: envWith(fx.em.accessKeyId, secret) });
    expect(v.stderr).toMatch(
      /\ndetail: SignatureDoesNotMatch: Specified signature is not matched with our calculation\. server string to sign is:POST&%2F&AccessKeyId%3D\*\*\*%26/,
    );
    for (const text of [r.stderr, r.stdout, v.stderr, v.stdout]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(fx.em.accessKeyId);
    }
  });

  test("wait with a wrong secret: the same one line, not the server's string to sign; exit 4", async () => {
    const r = await runCli(["wait", "task1", "--endpoint", fx.em.url, "--timeout", "30s"], { env: envWith(fx.em.accessKeyId, "wrong-secret-again") });
    expect(r.code).toBe(4);
    expect(r.stderr).toBe(
      [
        "Waiting for task task1 (timeout 30s; Ctrl-C stops waiting, the task goes on)",
        "error: The AccessKey secret does not match the AccessKey ID (SignatureDoesNotMatch): check ALIBABA_CLOUD_ACCESS_KEY_SECRET.",
        "(--verbose shows the server's reply)",
        "",
      ].join("\n"),
    );
  });

  test("unknown AccessKey ID: one line naming the variable; exit 4", async () => {
    const r = await runCli(["status", "task1", "--endpoint", fx.em.url], { env: envWith("LTAInosuchkey", "whatever-secret") });
    expect(r.code).toBe(4);
    expect(stable(r.stderr)).toBe(
      [
        "error: Alibaba Cloud does not know this AccessKey ID (InvalidAccessKeyId.NotFound): check ALIBABA_CLOUD_ACCESS_KEY_ID, and that the key was not deleted.",
        ...diagnosis("InvalidAccessKeyId.NotFound", true),
      ].join("\n"),
    );
  });

  test("expired STS token: one line naming ALIBABA_CLOUD_SECURITY_TOKEN; exit 4", async () => {
    const r = await statusAgainst(
      { status: 400, code: "InvalidSecurityToken.Expired", message: "Specified SecurityToken is expired." },
      envWith("STS.keyid", "sts-secret", { ALIBABA_CLOUD_SECURITY_TOKEN: "sts-token-value" }),
    );
    expect(r.code).toBe(4);
    expect(r.stderr).toBe(
      [
        "error: The STS security token has expired (InvalidSecurityToken.Expired): get a new one and set ALIBABA_CLOUD_SECURITY_TOKEN, with the AccessKey ID and secret issued with it.",
        ...diagnosis("InvalidSecurityToken.Expired"),
      ].join("\n"),
    );
    expect(r.requests).toBe(1);
  });
});

test("clock skew: says how far the local clock is off (from the reply's Date header); exit 5", async () => {
  // The server's clock is 2 h 30 s behind ours: ours is ahead.
  const r = await statusAgainst({
    status: 400,
    code: "InvalidTimeStamp.Expired",
    message: "Specified time stamp or date value is expired.",
    dateOffsetMs: -(2 * 3600_000 + 30_000),
  });
  expect(r.code).toBe(5);
  expect(r.stderr).toBe(
    [
      "error: The request timestamp was refused (InvalidTimeStamp.Expired): this machine's clock is 2 h 0 min ahead of the server's; requests must be within 15 minutes of it. Synchronize the clock (NTP) and run again.",
      ...diagnosis("InvalidTimeStamp.Expired"),
    ].join("\n"),
  );
});

test("throttling that outlasts the retries: a line per retry, then one actionable line; exit 5", async () => {
  const r = await statusAgainst({ status: 400, code: "Throttling.User", message: "Request was denied due to user flow control." });
  expect(r.code).toBe(5);
  expect(stable(r.stderr)).toBe(
    [
      ...[2, 3, 4, 5].map((n) => `retrying DescribeSynchronizationObjectModifyStatus in N ms (attempt ${n} of 5): Throttling.User from ${r.url}`),
      "error: DTS kept refusing DescribeSynchronizationObjectModifyStatus for flow control (Throttling.User) through all 5 attempts: too many calls for this account or API. Wait a minute and run again, with fewer runs at once or a larger --min-delay.",
      ...diagnosis("Throttling.User"),
    ].join("\n"),
  );
  expect(r.requests).toBe(5);
});

test("a reply with a __proto__ key is reported as such, not as a non-JSON body", async () => {
  const r = await statusAgainst({ status: 200, raw: '{"__proto__":{"TaskId":"x"},"RequestId":"R1"}' });
  expect(r.code).toBe(5);
  expect(r.stderr).toBe(
    "error: DtsResponseParseError: Could not parse the DescribeSynchronizationObjectModifyStatus reply:\n" +
      "✖ the JSON body holds a `__proto__` key, which the JSON parser refuses (prototype pollution guard)\n",
  );
});

describe("--json always prints one JSON document", () => {
  test.each([
    ["usage error from commander (unknown option)", ["status", "task1", "--json", "--bogus"], "(command line)", "unknown option '--bogus'"],
    [
      "usage error from the options check",
      ["wait", "task1", "--json", "--timeout", "soon"],
      "--timeout <duration>",
      '"soon" is not a duration; use e.g. 30m, 90s, 1h or 1h30m',
    ],
  ])("%s", async (_name, args, argument, message) => {
    const r = await runCli(args, { env: fx.env });
    expect(r.code).toBe(4);
    expect(JSON.parse(r.stdout)).toEqual({ error: { kind: "usage", message: `${argument}: ${message}`, problems: [{ argument, message }] }, exitCode: 4 });
  });

  test("API error: unknown task", async () => {
    const r = await runCli(["status", "dtstasknope", "--endpoint", fx.em.url, "--json"], { env: fx.env });
    expect(r.code).toBe(5);
    const doc = JSON.parse(r.stdout);
    expect(doc.exitCode).toBe(5);
    expect(doc.error).toMatchObject({ kind: "api", httpStatus: 404, requestId: expect.any(String) });
    expect(doc.error.message).toMatch(/^DescribeSynchronizationObjectModifyStatus: \S*NotFound: /);
  });
});

describe("terminal escapes in names", () => {
  const evil = "t\u001b]0;owned\u0007\u001b[2J";
  test("tables and wait --job print names from the API escaped, byte for byte; --json keeps them exact", async () => {
    const { jobId, taskId } = await fx.startTask("success", [{ dbName: "dtstestdata", tableIncludes: [{ tableName: evil }] }]);
    await fx.finish(taskId);
    const t = await runCli(["tables", jobId, "--endpoint", fx.em.url], { env: fx.env });
    expect(t.code).toBe(0);
    expect(Buffer.from(t.stdout).includes(0x1b)).toBe(false);
    expect(Buffer.from(t.stdout).includes(0x07)).toBe(false);
    const row = t.stdout.split("\n").find((l) => l.startsWith("data "))!;
    expect(row).toMatch(/^data +dtstestdata +dtstestdata +t\\e\]0;owned\\x07\\e\[2J +Table +Finished +\d+\/\d+$/);
    const j = await runCli(["tables", jobId, "--endpoint", fx.em.url, "--json"], { env: fx.env });
    expect(JSON.parse(j.stdout).rows.map((r: { object: string }) => r.object)).toContain(evil);

    const w = await runCli(["wait", taskId, "--job", jobId, ...fx.fast], { env: fx.env });
    expect(w.code).toBe(0);
    for (const text of [w.stdout, w.stderr]) expect(/[\u0000-\u0008\u000b-\u001f\u007f]/.test(text)).toBe(false);
  });

  test("a failed table's name holding ESC is escaped in the summary, byte for byte", async () => {
    const name = "x\u001b[31mred";
    const { jobId, taskId } = await fx.startTask({ name: "failed-tables", failedTables: { tables: [name] } }, [
      { dbName: "dtstestdata", tableIncludes: [{ tableName: name }] },
    ]);
    await fx.finish(taskId);
    const w = await runCli(["wait", taskId, "--job", jobId, ...fx.fast], { env: fx.env });
    expect(w.code).toBe(2);
    expect(Buffer.from(w.stdout).includes(0x1b)).toBe(false);
    expect(w.stdout).toContain("Failed tables (1):\n  dtstestdata.x\\e[31mred [dataInitialization Failed]: ");
  });
});

describe("the objects file", () => {
  test("--objects /dev/zero: a bounded read, exit 4 naming the limit", async () => {
    const r = await runCli(["modify", "dtsjob1", "--objects", "/dev/zero", "--endpoint", fx.em.url], { env: fx.env });
    expect(r.code).toBe(4);
    expect(r.stderr).toBe(
      "error: --objects <file>: /dev/zero is larger than 4 MiB: pass a JSON file with the object list\n(run 'dts-objects modify --help' for usage)\n",
    );
  });

  test("a NUL byte or a newline in a name: a validation error naming the field, exit 4", async () => {
    const home = emptyHome();
    const file = join(home, "objects.json");
    writeFileSync(file, JSON.stringify([{ dbName: "db", tableIncludes: [{ tableName: "ok" }, { tableName: "bad\u0000name" }] }]));
    const r = await runCli(["modify", "dtsjob1", "--objects", file, "--endpoint", fx.em.url], { env: fx.env });
    expect(r.code).toBe(4);
    expect(r.stderr).toBe(
      "error: invalid input: objects.json[0].tableIncludes[1].tableName: the source table name must not contain a NUL byte (found at character 4): remove it. " +
        "Fix: use {dbName, newDbName?, tableIncludes?: [{tableName, newTableName?}], tableExcludes?: [{tableName}]}\n",
    );
    writeFileSync(file, JSON.stringify([{ DBName: "db\nx" }]));
    const w = await runCli(["modify", "dtsjob1", "--objects", file, "--endpoint", fx.em.url], { env: fx.env });
    expect(w.code).toBe(4);
    expect(w.stderr).toContain("error: invalid input: objects.json[0].DBName: the DBName must not contain a line break (found at character 3): remove it.");
  });
});

test("stdout on a full disk (/dev/full): one line on stderr, no stack trace, exit 74", async () => {
  const r = await new Promise<RunResult>((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, "--help"], { env: fx.env, cwd: ROOT, stdio: ["ignore", openSync("/dev/full", "w"), "pipe"] });
    let stderr = "";
    child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout: "", stderr }));
  });
  expect(r.code).toBe(74);
  expect(r.stderr).toBe("error: the result could not be written to stdout (ENOSPC: no space left on device, write)\n");
});
