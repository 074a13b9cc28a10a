/** DtsClient end to end over the real pop-core against a local server: what is sent, what comes back. */
import { DtsClient } from "../../sdk/client/client";
import { DtsApiError, DtsCredentialsError, DtsInputError, DtsResponseParseError, DtsTimeoutError, isDtsResponseParseError } from "../../sdk/errors/errors";
import { json, useTestServer, type RecordedRequest } from "../support/http-test-server";
import { MODIFY_STATUS_JSON } from "../support/seeds";

const CREDS = { accessKeyId: "LTAI-client-test", accessKeySecret: "client-secret-value" };
const noSleep = async () => undefined;

describe("DtsClient", () => {
  const server = useTestServer((_r, res) => json(res, 200, JSON.parse(MODIFY_STATUS_JSON)));
  const client = (extra: ConstructorParameters<typeof DtsClient>[0] = {}) =>
    new DtsClient({ endpoint: server.url, credentials: CREDS, sleep: noSleep, ...extra });
  const only = (): RecordedRequest => {
    expect(server.requests).toHaveLength(1);
    return server.requests[0]!;
  };

  it("POSTs a signed RPC request for API version 2020-01-01, keeping pop-core's default headers", async () => {
    const status = await client().describeSynchronizationObjectModifyStatus({ taskId: "k71r16fj13g****" });
    expect(status.precheck.items).toHaveLength(16);
    const req = only();
    expect(req.method).toBe("POST");
    expect(req.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(req.headers["x-acs-action"]).toBe("DescribeSynchronizationObjectModifyStatus");
    expect(req.headers["x-acs-version"]).toBe("2020-01-01");
    expect(req.headers["user-agent"]).toMatch(/AlibabaCloud/);
    expect(req.params).toMatchObject({
      Action: "DescribeSynchronizationObjectModifyStatus",
      Version: "2020-01-01",
      Format: "JSON",
      AccessKeyId: CREDS.accessKeyId,
      SignatureMethod: "HMAC-SHA1",
      RegionId: "cn-hangzhou",
      TaskId: "k71r16fj13g****",
    });
    expect(req.params.Signature).toBeTruthy();
    expect(JSON.stringify(req.params)).not.toContain(CREDS.accessKeySecret);
  });

  it("sends ModifySynchronizationObject parameters, the serialized objects and a ClientToken", async () => {
    server.handle((_r, res) => json(res, 200, { RequestId: "R1", TaskId: "task-9", Success: "true" }));
    const out = await client({ regionId: "cn-shanghai" }).modifySynchronizationObject({
      synchronizationJobId: "dtsi76118o3w92****",
      synchronizationObjects: [{ dbName: "dtstestdata", tableIncludes: [{ tableName: "customer" }] }],
      synchronizationDirection: "Reverse",
      clientToken: "0c593ea1-3bea-11e9-b96b-88e9fe63****",
    });
    expect(out).toEqual({ taskId: "task-9", requestId: "R1", clientToken: "0c593ea1-3bea-11e9-b96b-88e9fe63****" });
    expect(only().params).toMatchObject({
      Action: "ModifySynchronizationObject",
      RegionId: "cn-shanghai",
      SynchronizationJobId: "dtsi76118o3w92****",
      SynchronizationObjects: '[{"DBName":"dtstestdata","TableIncludes":[{"TableName":"customer"}]}]',
      SynchronizationDirection: "Reverse",
      ClientToken: "0c593ea1-3bea-11e9-b96b-88e9fe63****",
    });
  });

  it("sends a wire JSON string as is", async () => {
    server.handle((_r, res) => json(res, 200, { RequestId: "R1", TaskId: "t", Success: true }));
    await client().modifySynchronizationObject({ synchronizationJobId: "j", synchronizationObjects: '[{"DBName": "dtstestdata"}]', regionId: "cn-beijing" });
    expect(only().params).toMatchObject({ SynchronizationObjects: '[{"DBName": "dtstestdata"}]', RegionId: "cn-beijing" });
    expect(only().params.SynchronizationDirection).toBeUndefined();
  });

  it("rejects invalid input before sending anything", async () => {
    const c = client();
    await expect(c.modifySynchronizationObject({ synchronizationJobId: "j", synchronizationObjects: [{ dbName: "" }] })).rejects.toBeInstanceOf(DtsInputError);
    await expect(c.modifySynchronizationObject({ synchronizationJobId: "", synchronizationObjects: [{ dbName: "d" }] })).rejects.toMatchObject({
      field: "synchronizationJobId",
    });
    await expect(
      c.modifySynchronizationObject({ synchronizationJobId: "j", synchronizationObjects: [{ dbName: "d" }], clientToken: "x".repeat(65) }),
    ).rejects.toMatchObject({ field: "clientToken" });
    await expect(c.describeInitializationStatus({ synchronizationJobId: "j", pageSize: 0 })).rejects.toMatchObject({ field: "pageSize" });
    await expect(c.describeInitializationStatus({ synchronizationJobId: "j", pageNum: 1.5 })).rejects.toMatchObject({ field: "pageNum" });
    expect(server.requests).toHaveLength(0);
    expect(() => new DtsClient({ endpoint: "dts.aliyuncs.com" })).toThrow(DtsInputError);
  });

  it("resolves credentials lazily: construction never fails, the first call does, with nothing sent", async () => {
    const c = new DtsClient({ endpoint: server.url, env: {}, credentialsChain: false });
    await expect(c.describeSynchronizationObjectModifyStatus({ taskId: "t" })).rejects.toBeInstanceOf(DtsCredentialsError);
    expect(server.requests).toHaveLength(0);
  });

  it("takes credentials from the env option, with the STS token", async () => {
    const c = new DtsClient({
      endpoint: server.url,
      env: { ALIBABA_CLOUD_ACCESS_KEY_ID: "ENV-AK", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "env-secret", ALIBABA_CLOUD_SECURITY_TOKEN: "sts-token" },
      credentialsChain: false,
    });
    await c.describeSynchronizationObjectModifyStatus({ taskId: "t" });
    expect(only().params).toMatchObject({ AccessKeyId: "ENV-AK", SecurityToken: "sts-token" });
    await expect(c.credentialsSource()).resolves.toBe("env:ALIBABA_CLOUD_ACCESS_KEY_ID");
  });

  it("throws DtsResponseParseError naming the field and RequestId, without retrying", async () => {
    server.handle((_r, res) => json(res, 200, { RequestId: "R-PARSE", Status: "Migrating", DataInitializationStatus: { Status: "Migrating", Progress: "" } }));
    const err = await client()
      .describeSynchronizationObjectModifyStatus({ taskId: "t" })
      .catch((e: unknown) => e);
    expect(isDtsResponseParseError(err)).toBe(true);
    const e = err as DtsResponseParseError;
    expect(e.requestId).toBe("R-PARSE");
    expect(e.issues[0]!.path).toBe("DataInitializationStatus.Progress");
    expect(e.message).toMatch(/DataInitializationStatus\.Progress/);
    expect(server.requests).toHaveLength(1);
  });

  it("treats an HTTP error status with a code-less JSON body as an error (verbose pop-core exposes the status)", async () => {
    server.handle((_r, res, i) => (i === 0 ? json(res, 502, { RequestId: "R-502" }) : json(res, 200, JSON.parse(MODIFY_STATUS_JSON))));
    const c = client();
    await expect(c.describeSynchronizationObjectModifyStatus({ taskId: "t" })).resolves.toMatchObject({ status: "Migrating" });
    expect(server.requests).toHaveLength(2);
    expect(c.stats).toEqual({ calls: 2, retries: 1, byAction: { DescribeSynchronizationObjectModifyStatus: 2 } });
  });

  it("reports onRetry with the action, attempt, delay and error; secrets never in the error", async () => {
    server.handle((_r, res, i) =>
      i === 0 ? json(res, 400, { RequestId: "R", Code: "Throttling.User", Message: "flow control" }) : json(res, 200, JSON.parse(MODIFY_STATUS_JSON)),
    );
    const seen: string[] = [];
    await client({
      random: () => 1,
      onRetry: (i) => seen.push(`${i.action}#${i.attempt} ${i.delayMs}ms ${i.error.code} ${i.error.message}`),
    }).describeSynchronizationObjectModifyStatus({ taskId: "t" });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/^DescribeSynchronizationObjectModifyStatus#1 200ms Throttling.User/);
    expect(seen[0]).not.toContain(CREDS.accessKeySecret);
    expect(seen[0]).not.toContain(CREDS.accessKeyId);
  });

  it("describeInitializationStatus forwards paging parameters", async () => {
    server.handle((_r, res) => json(res, 200, { RequestId: "R", DataInitializationDetails: [], Success: true }));
    await client().describeInitializationStatus({ synchronizationJobId: "j", pageSize: 30, pageNum: 2 });
    expect(only().params).toMatchObject({ Action: "DescribeInitializationStatus", SynchronizationJobId: "j", PageSize: "30", PageNum: "2" });
  });

  it("listInitializationDetails reads every page through the real transport", async () => {
    const rows = 250;
    server.handle((req, res) => {
      const size = Number(req.params.PageSize);
      const from = (Number(req.params.PageNum) - 1) * size;
      const n = Math.max(0, Math.min(size, rows - from));
      json(res, 200, {
        RequestId: `R${req.params.PageNum}`,
        Success: "true",
        DataInitializationDetails: Array.from({ length: n }, (_, k) => ({
          TableName: `t${from + k}`,
          Status: "Finished",
          FinishRowNum: "10",
          TotalRowNum: "10",
          UsedTime: "0.0",
          SourceOwnerDBName: "db",
          DestinationOwnerDBName: "db",
        })),
      });
    });
    const report = await client().listInitializationDetails("job-1", { pageSize: 100, concurrency: 3 });
    expect(report.dataInitializationDetails.map((r) => r.tableName)).toEqual(Array.from({ length: rows }, (_, i) => `t${i}`));
    expect(report.pages).toBe(3);
    expect(report.calls).toBe(server.requests.length);
    expect(server.requests.every((r) => r.params.PageSize === "100" && r.params.SynchronizationJobId === "job-1")).toBe(true);
  });

  it("a JSON `null` body is a DtsResponseParseError at (root), not retried", async () => {
    server.handle((_r, res) => json(res, 200, "null"));
    const err = await client({ retry: { maxAttempts: 3 } })
      .describeSynchronizationObjectModifyStatus({ taskId: "t" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DtsResponseParseError);
    expect((err as DtsResponseParseError).issues.map((i) => i.path)).toEqual(["(root)"]);
    expect(server.requests).toHaveLength(1);
  });

  it("a body nested too deeply for the JSON parser is a DtsResponseParseError, not retried", async () => {
    server.handle((_r, res) => json(res, 200, `{"RequestId":"R","X":${"[".repeat(100_000)}${"]".repeat(100_000)}}`));
    const err = await client({ retry: { maxAttempts: 3 } })
      .describeSynchronizationObjectModifyStatus({ taskId: "t" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DtsResponseParseError);
    expect((err as DtsResponseParseError).message).toMatch(/nested too deeply/);
    expect(server.requests).toHaveLength(1);
  });

  it("closes the connection after a read timeout (the body was still coming), and the next call works", async () => {
    const closes: Array<Promise<void>> = [];
    server.handle((_r, res, i) => {
      if (i > 0) return json(res, 200, JSON.parse(MODIFY_STATUS_JSON));
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"RequestId":"R-SLOW","Padding":"');
      const timer = setInterval(() => res.write("z".repeat(1024)), 10);
      const stop = setTimeout(() => res.destroy(), 5000);
      closes.push(
        new Promise((resolve) =>
          res.on("close", () => {
            clearInterval(timer);
            clearTimeout(stop);
            resolve();
          }),
        ),
      );
    });
    const c = client({ timeoutMs: 200, retry: { maxAttempts: 1 } });
    const started = Date.now();
    await expect(c.describeSynchronizationObjectModifyStatus({ taskId: "t" })).rejects.toBeInstanceOf(DtsTimeoutError);
    // Closed by the client right away, long before the server's own 5 s give-up.
    await closes[0];
    expect(Date.now() - started).toBeLessThan(2000);
    await expect(c.describeSynchronizationObjectModifyStatus({ taskId: "t" })).resolves.toMatchObject({ status: "Migrating" });
  });

  it("keeps reusing its keep-alive connection after replies that completed, whatever they said", async () => {
    const ports: number[] = [];
    server.handle((_r, res, i) => {
      ports.push(res.socket!.remotePort!);
      if (i === 1) json(res, 400, { RequestId: "R-400", Code: "InvalidParameter", Message: "bad TaskId" });
      else if (i === 2) json(res, 200, "null");
      else json(res, 200, JSON.parse(MODIFY_STATUS_JSON));
    });
    const c = client({ retry: { maxAttempts: 1 } });
    await c.describeSynchronizationObjectModifyStatus({ taskId: "t" });
    await expect(c.describeSynchronizationObjectModifyStatus({ taskId: "t" })).rejects.toBeInstanceOf(DtsApiError);
    await expect(c.describeSynchronizationObjectModifyStatus({ taskId: "t" })).rejects.toBeInstanceOf(DtsResponseParseError);
    await c.describeSynchronizationObjectModifyStatus({ taskId: "t" });
    expect(ports).toHaveLength(4);
    expect(new Set(ports).size).toBe(1);
  });

  it("hands pop-core a beforeRequest hook that puts an abort signal on the http.request options", async () => {
    let seen: Record<string, unknown> | undefined;
    const c = new DtsClient({
      endpoint: "http://127.0.0.1:1",
      credentials: CREDS,
      rpcFactory: () => ({
        request: async (_action, _params, opts) => {
          seen = opts;
          return [{ RequestId: "R", Status: "Migrating" }, { response: { statusCode: 200 } }];
        },
      }),
    });
    await c.describeSynchronizationObjectModifyStatus({ taskId: "t" }).catch(() => undefined);
    expect(seen).toMatchObject({ method: "POST", formatParams: false });
    expect(seen!.headers).toBeUndefined();
    const options = { host: "h", headers: {} } as Record<string, unknown>;
    const hook = seen!.beforeRequest as (o: Record<string, unknown>) => Record<string, unknown>;
    expect(hook(options)).toBe(options);
    expect(options.signal).toBeInstanceOf(AbortSignal);
    expect((options.signal as AbortSignal).aborted).toBe(false);
  });
});
