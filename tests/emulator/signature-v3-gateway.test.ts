/**
 * V3 requests made by hand (signRequestV3 + raw HTTP), so each gateway check can be hit on its own: the date window,
 * nonce reuse, the body hash, Authorization parsing, signed headers, action/version headers, formats.
 */
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { signRequestV3 } from "../../emulator/signature-v3";
import { json, parseXml, rawRequest, rpcTimestamp, type RawResponse } from "../support/emulator";

const AK = "LTAI5tGatewayV3";
const SECRET = "gateway-v3-secret";
let emu: EmulatorHandle;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, accessKeys: { [AK]: SECRET } });
});
afterAll(() => emu.stop());

let n = 0;

interface V3Opts {
  method?: "GET" | "POST";
  path?: string;
  query?: Record<string, string>;
  /** Body as signed. */
  body?: string;
  /** Body as sent, when it differs (tampering). */
  sendBody?: string;
  contentType?: string;
  accept?: string;
  date?: string;
  nonce?: string;
  secret?: string;
  /** Edit the headers after signing (drop one, rewrite Authorization...). */
  edit?: (headers: Record<string, string>) => void;
}

function v3(action: string, o: V3Opts = {}): Promise<RawResponse> {
  const method = o.method ?? "POST";
  const headers: Record<string, string> = {
    host: `127.0.0.1:${emu.port}`,
    "x-acs-action": action,
    "x-acs-version": "2020-01-01",
    "x-acs-date": o.date ?? rpcTimestamp(),
    "x-acs-signature-nonce": o.nonce ?? `gw-${process.pid}-${++n}`,
  };
  if (o.contentType) headers["content-type"] = o.contentType;
  if (o.accept) headers.accept = o.accept;
  const signed = signRequestV3({ method, path: o.path, query: o.query, headers, body: o.body, accessKeyId: AK, accessKeySecret: o.secret ?? SECRET });
  o.edit?.(signed.headers);
  const url = `${o.path ?? "/"}${signed.query ? `?${signed.query}` : ""}`;
  return rawRequest(emu, method, url, o.sendBody ?? o.body, signed.headers);
}

const code = (r: RawResponse) => [r.status, json(r).Code];

test("a hand-signed V3 request works with GET and POST; JSON unless XML is asked for", async () => {
  const get = await v3("DescribeSynchronizationJobs", { method: "GET", query: { PageSize: "5" } });
  expect(get.status).toBe(200);
  expect(get.headers["content-type"]).toMatch(/^application\/json/);
  expect(json(get).Success).toBe(true);
  const form = await v3("DescribeSynchronizationJobs", { body: "PageSize=5&PageNum=1", contentType: "application/x-www-form-urlencoded" });
  expect(json(form)).toMatchObject({ Success: true, PageNumber: 1 });
  const byAccept = await v3("DescribeSynchronizationJobs", { accept: "application/xml" });
  expect(parseXml(byAccept.body).DescribeSynchronizationJobsResponse.Success).toBe("true");
  const byFormat = await v3("DescribeSynchronizationJobs", { query: { Format: "xml" }, accept: "application/json" });
  expect(byFormat.headers["content-type"]).toMatch(/^text\/xml/);
  const errXml = await v3("DescribeSynchronizationJobs", { accept: "text/xml", secret: "wrong" });
  expect(parseXml(errXml.body).Error.Code).toBe("SignatureDoesNotMatch");
});

test("JSON body: parameters read from it (arrays/objects as JSON text); bad JSON is InvalidParameter.Body", async () => {
  const jobId = emu.createJob();
  const body = JSON.stringify({
    SynchronizationJobId: jobId,
    SynchronizationObjects: [{ DBName: "db1", NewDBName: "db1", TableIncludes: [{ TableName: "t1" }] }],
  });
  const r = await v3("ModifySynchronizationObject", { body, contentType: "application/json; charset=utf-8" });
  expect(r.status).toBe(200);
  expect(emu.taskCount(jobId)).toBe(1);
  expect(emu.tasks().find((t) => t.jobId === jobId)).toBeDefined();
  const bad = await v3("DescribeSynchronizationJobs", { body: "{nope", contentType: "application/json" });
  expect(code(bad)).toEqual([400, "InvalidParameter.Body"]);
  const arr = await v3("DescribeSynchronizationJobs", { body: "[1]", contentType: "application/json" });
  expect(code(arr)).toEqual([400, "InvalidParameter.Body"]);
  const fmt = await v3("DescribeSynchronizationJobs", { query: { Format: "YAML" } });
  expect(code(fmt)).toEqual([400, "InvalidParameter.Format"]);
});

describe("x-acs-date", () => {
  test("stale or future by more than 15 minutes: 400 InvalidTimeStamp.Expired; 14 minutes is fine", async () => {
    expect(code(await v3("DescribeSynchronizationJobs", { date: rpcTimestamp(Date.now() - 16 * 60_000) }))).toEqual([400, "InvalidTimeStamp.Expired"]);
    expect(code(await v3("DescribeSynchronizationJobs", { date: rpcTimestamp(Date.now() + 16 * 60_000) }))).toEqual([400, "InvalidTimeStamp.Expired"]);
    expect((await v3("DescribeSynchronizationJobs", { date: rpcTimestamp(Date.now() - 14 * 60_000) })).status).toBe(200);
  });

  test("missing: MissingTimestamp naming the header; malformed: InvalidTimeStamp.Format", async () => {
    const missing = await v3("DescribeSynchronizationJobs", { edit: (h) => delete h["x-acs-date"] });
    expect(code(missing)).toEqual([400, "MissingTimestamp"]);
    expect(json(missing).Message).toContain("x-acs-date is mandatory");
    expect(code(await v3("DescribeSynchronizationJobs", { date: "Mon, 30 Nov 2026 08:00:00 GMT" }))).toEqual([400, "InvalidTimeStamp.Format"]);
  });
});

describe("x-acs-signature-nonce", () => {
  test("reuse: 400 SignatureNonceUsed; a forged request does not burn the nonce; missing: MissingSignatureNonce", async () => {
    const nonce = `fixed-${process.pid}`;
    expect(code(await v3("DescribeSynchronizationJobs", { nonce, secret: "forged" }))).toEqual([400, "SignatureDoesNotMatch"]);
    expect((await v3("DescribeSynchronizationJobs", { nonce })).status).toBe(200);
    expect(code(await v3("DescribeSynchronizationJobs", { nonce }))).toEqual([400, "SignatureNonceUsed"]);
    expect(code(await v3("DescribeSynchronizationJobs", { edit: (h) => delete h["x-acs-signature-nonce"] }))).toEqual([400, "MissingSignatureNonce"]);
  });
});

describe("body and signature", () => {
  const form = "PageSize=5&PageNum=1";
  const ct = "application/x-www-form-urlencoded";

  test("tampered body: 400 SignatureDoesNotMatch naming x-acs-content-sha256 and the server's hash", async () => {
    const r = await v3("DescribeSynchronizationJobs", { body: form, sendBody: "PageSize=6&PageNum=1", contentType: ct });
    expect(code(r)).toEqual([400, "SignatureDoesNotMatch"]);
    expect(json(r).Message).toMatch(/^The x-acs-content-sha256 header does not match the request body\. server x-acs-content-sha256 is:[0-9a-f]{64}$/);
  });

  test("tampered body with its hash header updated: the signature no longer matches", async () => {
    const { createHash } = await import("node:crypto");
    const other = "PageSize=6&PageNum=1";
    const r = await v3("DescribeSynchronizationJobs", {
      body: form,
      sendBody: other,
      contentType: ct,
      edit: (h) => (h["x-acs-content-sha256"] = createHash("sha256").update(other).digest("hex")),
    });
    expect(code(r)).toEqual([400, "SignatureDoesNotMatch"]);
    expect(json(r).Message).toContain("server canonical request is:\nPOST\n/\n\n");
  });

  test("wrong secret or tampered query: SignatureDoesNotMatch with the canonical request (no secret in it)", async () => {
    const wrong = await v3("DescribeSynchronizationJobs", { secret: "wrong", query: { PageSize: "5" } });
    expect(code(wrong)).toEqual([400, "SignatureDoesNotMatch"]);
    const msg: string = json(wrong).Message;
    expect(msg).toContain("server string to sign is:ACS3-HMAC-SHA256\n");
    expect(msg).toContain("\nPageSize=5\n");
    expect(msg).toContain("x-acs-action:DescribeSynchronizationJobs\n");
    expect(msg).not.toContain(SECRET);
    const signed = signRequestV3({
      method: "GET",
      query: { PageSize: "5" },
      headers: {
        host: `127.0.0.1:${emu.port}`,
        "x-acs-action": "DescribeSynchronizationJobs",
        "x-acs-version": "2020-01-01",
        "x-acs-date": rpcTimestamp(),
        "x-acs-signature-nonce": `q-${++n}`,
      },
      accessKeyId: AK,
      accessKeySecret: SECRET,
    });
    const tampered = await rawRequest(emu, "GET", "/?PageSize=6", undefined, signed.headers);
    expect(code(tampered)).toEqual([400, "SignatureDoesNotMatch"]);
    const viaPost = await rawRequest(emu, "POST", "/?PageSize=5", undefined, signed.headers);
    expect(code(viaPost)).toEqual([400, "SignatureDoesNotMatch"]);
  });
});

describe("Authorization and signed headers", () => {
  const setAuth = (f: (a: string) => string) => (h: Record<string, string>) => (h.authorization = f(h.authorization!));

  test("IncompleteSignature: a part missing, no Authorization at all, no x-acs-content-sha256", async () => {
    const noSig = await v3("DescribeSynchronizationJobs", { edit: setAuth((a) => a.replace(/,Signature=.*$/, "")) });
    expect(code(noSig)).toEqual([400, "IncompleteSignature"]);
    expect(json(noSig).Message).toBe("The request signature does not conform to Aliyun standards. Authorization: Signature missing.");
    const none = await v3("DescribeSynchronizationJobs", { edit: (h) => delete h.authorization });
    expect(code(none)).toEqual([400, "IncompleteSignature"]);
    expect(json(none).Message).toContain("The Authorization header is missing.");
    expect(code(await v3("DescribeSynchronizationJobs", { edit: (h) => delete h["x-acs-content-sha256"] }))).toEqual([400, "IncompleteSignature"]);
  });

  test("IncompleteSignature: a required header left out of SignedHeaders, or a signed header not sent", async () => {
    const unsigned = await v3("DescribeSynchronizationJobs", { edit: setAuth((a) => a.replace("x-acs-date;", "")) });
    expect(code(unsigned)).toEqual([400, "IncompleteSignature"]);
    expect(json(unsigned).Message).toContain("SignedHeaders must include x-acs-date.");
    const ctUnsigned = await v3("DescribeSynchronizationJobs", {
      body: "PageSize=5",
      contentType: "application/x-www-form-urlencoded",
      edit: setAuth((a) => a.replace("content-type;", "")),
    });
    expect(json(ctUnsigned).Message).toContain("SignedHeaders must include content-type.");
    const ghost = await v3("DescribeSynchronizationJobs", { edit: setAuth((a) => a.replace("SignedHeaders=", "SignedHeaders=x-acs-ghost;")) });
    expect(code(ghost)).toEqual([400, "IncompleteSignature"]);
    expect(json(ghost).Message).toContain("Signed header x-acs-ghost is not in the request.");
  });

  test("another algorithm: InvalidSignatureMethod; unknown key: 404 InvalidAccessKeyId.NotFound", async () => {
    const sm3 = await v3("DescribeSynchronizationJobs", { edit: setAuth((a) => a.replace("ACS3-HMAC-SHA256", "ACS3-HMAC-SM3")) });
    expect(code(sm3)).toEqual([400, "InvalidSignatureMethod"]);
    const unknown = await v3("DescribeSynchronizationJobs", { edit: setAuth((a) => a.replace(`Credential=${AK}`, "Credential=NOBODY")) });
    expect(code(unknown)).toEqual([404, "InvalidAccessKeyId.NotFound"]);
  });

  test("action and version headers; RPC style goes to / only", async () => {
    const noAction = await v3("DescribeSynchronizationJobs", { edit: (h) => delete h["x-acs-action"] });
    expect(code(noAction)).toEqual([400, "MissingAction"]);
    expect(json(noAction).Message).toContain("x-acs-action header");
    expect(code(await v3("DescribeNothing"))).toEqual([404, "InvalidAction.NotFound"]);
    expect(code(await v3("DescribeSynchronizationJobs", { path: "/v1/jobs" }))).toEqual([404, "InvalidAction.NotFound"]);
    expect(code(await v3("DescribeSynchronizationJobs", { edit: (h) => delete h["x-acs-version"] }))).toEqual([400, "MissingVersion"]);
    const ver = await v3("DescribeSynchronizationJobs", { edit: (h) => (h["x-acs-version"] = "2016-08-01") });
    expect(code(ver)).toEqual([400, "InvalidVersion"]);
  });
});

test("stats count requests per scheme", async () => {
  const before = emu.stats().bySignature.V3 ?? 0;
  await v3("DescribeSynchronizationJobs");
  await v3("DescribeSynchronizationJobs", { secret: "wrong" });
  expect(emu.stats().bySignature.V3).toBe(before + 2);
});
