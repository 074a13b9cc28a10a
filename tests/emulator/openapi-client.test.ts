/**
 * The emulator as a drop-in DTS for Alibaba's generic OpenAPI client (`@alicloud/openapi-client`, what every
 * generated SDK calls): in its default V3 mode (ACS3-HMAC-SHA256) and in V1 mode, the whole flow a user's
 * automation runs (Modify -> status until finished -> initialization report), in JSON and XML, GET and POST, and
 * the gateway's answers to a wrong secret or key, through the same client.
 */
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { ManualClock, objects, parseXml } from "../support/emulator";
import { callDts, clientError, openApiClient, type CallOptions, type SignatureMode } from "../support/openapi-client";

const AK = "LTAI5tOpenApiClient01";
const SECRET = "openapi-client-secret-01";
const clock = new ManualClock();
const lines: string[] = [];
let emu: EmulatorHandle;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, clock, seed: 3, accessKeys: { [AK]: SECRET }, log: (l) => lines.push(l) });
});
afterAll(() => emu.stop());

const client = (mode: SignatureMode, secret = SECRET, id = AK) => openApiClient({ endpoint: emu.url, accessKeyId: id, accessKeySecret: secret, mode });

/** One call that returns the parsed body (JSON) or the XML document's root element. */
async function call(
  mode: SignatureMode,
  action: string,
  params: Record<string, string>,
  o: Omit<CallOptions, "query" | "body"> & { format?: "JSON" | "XML"; inBody?: boolean } = {},
) {
  const xml = o.format === "XML";
  const values = xml ? { ...params, Format: "XML" } : params;
  const r = await callDts(client(mode), action, {
    method: o.method,
    reqBodyType: o.reqBodyType,
    bodyType: xml ? "string" : "json",
    ...(o.inBody ? { body: values } : { query: values }),
  });
  expect(r.statusCode).toBe(200);
  if (!xml) {
    expect(r.headers["content-type"]).toMatch(/^application\/json/);
    return r.body;
  }
  expect(r.headers["content-type"]).toMatch(/^text\/xml/);
  return parseXml(r.body, ["DataInitializationDetails", "StructureInitializationDetails", "Detail"])[`${action}Response`];
}

type Variant = { mode: SignatureMode; method: "GET" | "POST"; format: "JSON" | "XML"; inBody?: boolean; reqBodyType?: "formData" | "json" };

const VARIANTS: Array<[string, Variant]> = [
  ["V3 (default), POST, query, JSON", { mode: "V3", method: "POST", format: "JSON" }],
  ["V3 (default), GET, query, XML", { mode: "V3", method: "GET", format: "XML" }],
  ["V3 (default), POST, form body, JSON", { mode: "V3", method: "POST", format: "JSON", inBody: true }],
  ["V3 (default), POST, JSON body, XML", { mode: "V3", method: "POST", format: "XML", inBody: true, reqBodyType: "json" }],
  ["V1, GET, JSON", { mode: "V1", method: "GET", format: "JSON" }],
  ["V1, POST, form body, XML", { mode: "V1", method: "POST", format: "XML", inBody: true }],
];

test.each(VARIANTS)("%s: Modify -> status until finished -> initialization report", async (_name, v) => {
  const before = emu.stats().bySignature[v.mode] ?? 0;
  const opts = { method: v.method, format: v.format, inBody: v.inBody, reqBodyType: v.reqBodyType };
  const jobId = emu.createJob();
  const tables = ["customer", "orders", "order_items"];
  const modify = await call(
    v.mode,
    "ModifySynchronizationObject",
    {
      SynchronizationJobId: jobId,
      SynchronizationObjects: objects([{ db: "dtstestdata", tables }]),
    },
    opts,
  );
  expect(modify.TaskId).toMatch(/^[a-z][a-z0-9]{10}$/);
  expect(String(modify.Success)).toBe("true");
  expect(emu.taskCount(jobId)).toBe(1);

  const seen: string[] = [];
  let status: any;
  for (let i = 0; i < 500; i++) {
    status = await call(v.mode, "DescribeSynchronizationObjectModifyStatus", { TaskId: modify.TaskId }, opts);
    if (seen[seen.length - 1] !== status.Status) seen.push(status.Status);
    if (status.DataInitializationStatus.Status === "Finished") break;
    clock.advance(5_000);
  }
  expect(seen).toEqual(["Prechecking", "Migrating"]);
  expect(status).toMatchObject({
    Status: "Migrating",
    StructureInitializationStatus: { Status: "Finished" },
    DataInitializationStatus: { Status: "Finished", Percent: "100" },
  });

  const report = await call(v.mode, "DescribeInitializationStatus", { SynchronizationJobId: jobId, PageSize: "100", PageNum: "1" }, opts);
  expect(report.DataInitializationDetails.map((d: any) => d.TableName)).toEqual(tables);
  expect(report.DataInitializationDetails.every((d: any) => d.Status === "Finished")).toBe(true);
  expect(report.StructureInitializationDetails.map((d: any) => d.ObjectName)).toEqual(tables);
  // Every call went through the scheme under test (none fell back to the other one).
  expect(emu.stats().bySignature[v.mode]! - before).toBeGreaterThanOrEqual(3);
});

describe("errors through the client", () => {
  test("V3, wrong secret: 400 SignatureDoesNotMatch, with the server's string to sign and canonical request", async () => {
    const e = await clientError(callDts(client("V3", "not-the-secret"), "DescribeSynchronizationJobs", { query: { PageSize: "10" } }));
    expect(e.code).toBe("SignatureDoesNotMatch");
    expect(e.data.statusCode).toBe(400);
    const msg: string = e.data.Message;
    expect(msg).toMatch(/^Specified signature is not matched with our calculation\. server string to sign is:ACS3-HMAC-SHA256\n[0-9a-f]{64}\n/);
    expect(msg).toContain(`server canonical request is:\nPOST\n/\nPageSize=10\n`);
    expect(msg).toMatch(/\nhost:127\.0\.0\.1:\d+\n/);
    expect(msg).not.toContain(SECRET);
    expect(e.data).toMatchObject({ HostId: "dts.aliyuncs.com", Code: "SignatureDoesNotMatch", RequestId: expect.stringMatching(/^[0-9A-F-]{36}$/) });
  });

  test("V3 errors are JSON by default and XML when asked (the client reads both)", async () => {
    const e = await clientError(callDts(client("V3", "wrong"), "DescribeSynchronizationJobs", { query: { Format: "XML" }, bodyType: "string" }));
    expect(e.code).toBe("SignatureDoesNotMatch");
    expect(e.data.HostId).toBe("dts.aliyuncs.com");
  });

  test("unknown AccessKeyId: 404 InvalidAccessKeyId.NotFound in both modes", async () => {
    for (const mode of ["V3", "V1"] as const) {
      const e = await clientError(callDts(client(mode, "x", "NOBODY"), "DescribeSynchronizationJobs"));
      expect([mode, e.code, e.data.statusCode]).toEqual([mode, "InvalidAccessKeyId.NotFound", 404]);
    }
  });

  test("V1, wrong secret: SignatureDoesNotMatch with the V1 string to sign (unchanged)", async () => {
    const e = await clientError(callDts(client("V1", "wrong"), "DescribeSynchronizationJobs"));
    expect(e.code).toBe("SignatureDoesNotMatch");
    expect(e.data.Message).toContain("server string to sign is:POST&%2F&AccessKeyId%3D");
  });

  test("a stale date (signed by the client with it) is InvalidTimeStamp.Expired in both modes", async () => {
    const stale = new Date(Date.now() - 20 * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    // The client lets request headers/query override its own x-acs-date (V3) and Timestamp (V1), and signs them.
    const v3 = await clientError(callDts(client("V3"), "DescribeSynchronizationJobs", { headers: { "x-acs-date": stale } }));
    expect([v3.code, v3.data.statusCode]).toEqual(["InvalidTimeStamp.Expired", 400]);
    const v1 = await clientError(callDts(client("V1"), "DescribeSynchronizationJobs", { query: { Timestamp: stale } }));
    expect([v1.code, v1.data.statusCode]).toEqual(["InvalidTimeStamp.Expired", 400]);
  });

  test("an action error comes back as the action's code in V3 too", async () => {
    const e = await clientError(callDts(client("V3"), "DescribeSynchronizationObjectModifyStatus", { query: { TaskId: "nosuchtask1" } }));
    expect([e.code, e.data.statusCode]).toEqual(["InvalidTaskId.NotFound", 404]);
  });
});

test("the request log names the scheme and holds no secret, token or signature", async () => {
  lines.length = 0;
  await callDts(client("V3"), "DescribeSynchronizationJobs");
  await callDts(client("V1"), "DescribeSynchronizationJobs");
  await clientError(callDts(client("V3", "wrong"), "DescribeSynchronizationJobs"));
  expect(lines).toHaveLength(3);
  expect(lines[0]).toMatch(/ POST V3 DescribeSynchronizationJobs -> 200 OK \d+ms$/);
  expect(lines[1]).toMatch(/ POST V1 DescribeSynchronizationJobs -> 200 OK \d+ms$/);
  expect(lines[2]).toMatch(/ POST V3 DescribeSynchronizationJobs -> 400 SignatureDoesNotMatch \d+ms$/);
  for (const l of lines) {
    expect(l).not.toContain(SECRET);
    expect(l).not.toMatch(/Signature=|[0-9a-f]{64}|ACS3/);
  }
});
