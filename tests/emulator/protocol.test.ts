/** Common parameters, signature failures and Alibaba's error body, through pop-core and hand-signed requests. */
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { commonParams, json, parseXml, popClient, popError, rawRequest, rpcTimestamp, signedCall } from "../support/emulator";
import { signParams } from "../../emulator/signature-v1";

let emu: EmulatorHandle;
const lines: string[] = [];

beforeAll(async () => {
  emu = await startEmulator({ port: 0, accessKeys: { AKID1: "secret-one", AKID2: "secret-two" }, log: (l) => lines.push(l) });
});
afterAll(() => emu.stop());

const status = { TaskId: "nosuchtask1" };

test("the handle exposes the first key pair", () => {
  expect(emu.accessKeyId).toBe("AKID1");
  expect(emu.accessKeySecret).toBe("secret-one");
  expect(emu.url).toBe(`http://127.0.0.1:${emu.port}`);
});

test("both configured keys are accepted", async () => {
  for (const [id, secret] of [
    ["AKID1", "secret-one"],
    ["AKID2", "secret-two"],
  ]) {
    const c = popClient(emu, { id: id!, secret: secret! });
    expect((await c.request("DescribeSynchronizationJobs", {})).Success).toBe(true);
  }
});

test("wrong secret: 400 SignatureDoesNotMatch with the server's string to sign (JSON and XML)", async () => {
  const e = await popError(popClient(emu, { id: "AKID1", secret: "wrong" }).request("DescribeSynchronizationObjectModifyStatus", status));
  expect(e.code).toBe("SignatureDoesNotMatch");
  expect(e.name).toBe("SignatureDoesNotMatchError");
  expect(e.data).toEqual({
    RequestId: expect.any(String),
    HostId: "dts.aliyuncs.com",
    Code: "SignatureDoesNotMatch",
    Message: expect.stringContaining("server string to sign is:GET&%2F&AccessKeyId%3DAKID1"),
    Recommend: expect.stringContaining("SignatureDoesNotMatch"),
  });
  expect(e.data.Message).not.toContain("secret-one");
  const res = await signedCall(emu, "DescribeSynchronizationObjectModifyStatus", status, { secret: "wrong" });
  expect(res.status).toBe(400);
  expect(parseXml(res.body).Error).toMatchObject({ Code: "SignatureDoesNotMatch", HostId: "dts.aliyuncs.com" });
});

test("tampered parameter, wrong method, missing Signature", async () => {
  const tampered = await signedCall(emu, "DescribeSynchronizationObjectModifyStatus", status, {
    format: "JSON",
    tamper: (p) => {
      p.TaskId = "othertask01";
    },
  });
  expect(tampered.status).toBe(400);
  expect(json(tampered).Code).toBe("SignatureDoesNotMatch");
  // Signed for GET, sent as POST.
  const p = { ...commonParams(emu, "DescribeSynchronizationObjectModifyStatus", "JSON"), ...status };
  const signed = signParams("GET", p, emu.accessKeySecret).params;
  const viaPost = await rawRequest(emu, "POST", "/", new URLSearchParams(signed).toString(), { "content-type": "application/x-www-form-urlencoded" });
  expect(json(viaPost).Code).toBe("SignatureDoesNotMatch");
  const noSig = await signedCall(emu, "DescribeSynchronizationObjectModifyStatus", status, { format: "JSON", tamper: (s) => delete s.Signature });
  expect(noSig.status).toBe(400);
  expect(json(noSig).Code).toBe("MissingSignature");
});

test("a correctly signed POST with the body form works, and so does a GET", async () => {
  for (const method of ["GET", "POST"] as const) {
    const r = await signedCall(emu, "DescribeSynchronizationObjectModifyStatus", status, { format: "JSON", method });
    expect([method, r.status, json(r).Code]).toEqual([method, 404, "InvalidTaskId.NotFound"]);
  }
});

test("unknown AccessKeyId: 404 InvalidAccessKeyId.NotFound", async () => {
  const e = await popError(popClient(emu, { id: "NOBODY", secret: "x" }).request("DescribeSynchronizationJobs", {}));
  expect(e.code).toBe("InvalidAccessKeyId.NotFound");
  const res = await signedCall(emu, "DescribeSynchronizationJobs", {}, { override: { AccessKeyId: "NOBODY" } });
  expect(res.status).toBe(404);
  expect(parseXml(res.body).Error.Code).toBe("InvalidAccessKeyId.NotFound");
});

test("nonce reuse: 400 SignatureNonceUsed; a forged request does not burn the nonce", async () => {
  const p = { ...commonParams(emu, "DescribeSynchronizationJobs", "JSON"), SignatureNonce: "fixed-nonce-1" };
  const forged = signParams("GET", p, "not-the-secret").query;
  expect(json(await rawRequest(emu, "GET", `/?${forged}`)).Code).toBe("SignatureDoesNotMatch");
  const good = signParams("GET", p, emu.accessKeySecret).query;
  const first = await rawRequest(emu, "GET", `/?${good}`);
  expect(first.status).toBe(200);
  const second = await rawRequest(emu, "GET", `/?${good}`);
  expect(second.status).toBe(400);
  expect(json(second).Code).toBe("SignatureNonceUsed");
  // The same nonce under the other key is independent.
  const other = signParams("GET", { ...p, AccessKeyId: "AKID2" }, "secret-two").query;
  expect((await rawRequest(emu, "GET", `/?${other}`)).status).toBe(200);
});

test("stale, future and malformed Timestamp", async () => {
  const old = await signedCall(emu, "DescribeSynchronizationJobs", {}, { format: "JSON", override: { Timestamp: rpcTimestamp(Date.now() - 16 * 60 * 1000) } });
  expect(old.status).toBe(400);
  expect(json(old).Code).toBe("InvalidTimeStamp.Expired");
  const future = await signedCall(
    emu,
    "DescribeSynchronizationJobs",
    {},
    { format: "JSON", override: { Timestamp: rpcTimestamp(Date.now() + 16 * 60 * 1000) } },
  );
  expect(json(future).Code).toBe("InvalidTimeStamp.Expired");
  const fine = await signedCall(emu, "DescribeSynchronizationJobs", {}, { format: "JSON", override: { Timestamp: rpcTimestamp(Date.now() - 14 * 60 * 1000) } });
  expect(fine.status).toBe(200);
  const withMs = await signedCall(emu, "DescribeSynchronizationJobs", {}, { format: "JSON", override: { Timestamp: new Date().toISOString() } });
  expect(withMs.status).toBe(200);
  const bad = await signedCall(emu, "DescribeSynchronizationJobs", {}, { format: "JSON", override: { Timestamp: "yesterday" } });
  expect(json(bad).Code).toBe("InvalidTimeStamp.Format");
});

test("unknown Action: 404 InvalidAction.NotFound; missing Action", async () => {
  const e = await popError(popClient(emu, { id: "AKID1", secret: "secret-one" }).request("DescribeNothing", {}));
  expect(e.code).toBe("InvalidAction.NotFound");
  const res = await signedCall(emu, "DescribeNothing", {});
  expect(res.status).toBe(404);
  expect(parseXml(res.body).Error.Code).toBe("InvalidAction.NotFound");
  const none = await signedCall(emu, "X", {}, { format: "JSON", omit: ["Action"] });
  expect(none.status).toBe(400);
  expect(json(none).Code).toBe("MissingAction");
});

test("Version: other than 2020-01-01 is InvalidVersion; missing is MissingVersion", async () => {
  const r = await signedCall(emu, "DescribeSynchronizationJobs", {}, { format: "JSON", override: { Version: "2016-08-01" } });
  expect([r.status, json(r).Code]).toEqual([400, "InvalidVersion"]);
  const m = await signedCall(emu, "DescribeSynchronizationJobs", {}, { format: "JSON", omit: ["Version"] });
  expect(json(m).Code).toBe("MissingVersion");
});

test("each missing common parameter is named", async () => {
  for (const p of ["AccessKeyId", "SignatureMethod", "SignatureVersion", "Timestamp", "SignatureNonce"]) {
    const r = await signedCall(emu, "DescribeSynchronizationJobs", {}, { format: "JSON", omit: [p] });
    expect([p, r.status, json(r).Code, json(r).Message]).toEqual([p, 400, `Missing${p}`, `${p} is mandatory for this action.`]);
  }
  const m = await signedCall(emu, "DescribeSynchronizationJobs", {}, { format: "JSON", override: { SignatureMethod: "HMAC-SHA256" } });
  expect(json(m).Code).toBe("InvalidSignatureMethod");
  const v = await signedCall(emu, "DescribeSynchronizationJobs", {}, { format: "JSON", override: { SignatureVersion: "2.0" } });
  expect(json(v).Code).toBe("InvalidSignatureVersion");
});

test("Format: XML is the default, JSON/XML case-insensitive, others rejected in JSON", async () => {
  const def = await signedCall(emu, "DescribeSynchronizationJobs", {}, { omit: ["Format"] });
  expect(def.body).toContain("<DescribeSynchronizationJobsResponse>");
  const lower = await signedCall(emu, "DescribeSynchronizationJobs", {}, { override: { Format: "json" } });
  expect(json(lower).Success).toBe(true);
  const bad = await signedCall(emu, "DescribeSynchronizationJobs", {}, { override: { Format: "YAML" } });
  expect(bad.status).toBe(400);
  expect(json(bad).Code).toBe("InvalidParameter.Format");
});

test("every response, error or not, carries a RequestId (body and header)", async () => {
  const responses = [
    await signedCall(emu, "DescribeSynchronizationJobs", {}, { format: "JSON" }),
    await signedCall(emu, "DescribeSynchronizationJobs", {}, { format: "JSON", secret: "bad" }),
    await signedCall(emu, "DescribeNothing", {}, { format: "JSON" }),
    await rawRequest(emu, "GET", "/"),
  ];
  for (const r of responses) {
    const id = r.headers["content-type"]?.toString().includes("json") ? json(r).RequestId : parseXml(r.body).Error?.RequestId;
    expect(id).toMatch(/^[0-9A-F-]{36}$/);
    expect(r.headers["x-acs-request-id"]).toBe(id);
  }
  // An unsigned bare request answers in XML (the default) with MissingAction.
  expect(parseXml(responses[3]!.body).Error.Code).toBe("MissingAction");
});

test("unsupported HTTP method", async () => {
  const p = signParams("GET", commonParams(emu, "DescribeSynchronizationJobs", "JSON"), emu.accessKeySecret).query;
  const r = await rawRequest(emu, "PUT", `/?${p}`);
  expect(r.status).toBe(400);
  expect(json(r).Code).toBe("UnsupportedHTTPMethod");
});

test("log lines: one per request, never the secret or the Signature", async () => {
  lines.length = 0;
  await signedCall(emu, "DescribeSynchronizationObjectModifyStatus", status, { format: "JSON" });
  await signedCall(emu, "DescribeSynchronizationJobs", {}, { format: "JSON", secret: "secret-one-wrong" });
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(/GET V1 DescribeSynchronizationObjectModifyStatus task=nosuchtask1 -> 404 InvalidTaskId.NotFound \d+ms$/);
  expect(lines[1]).toMatch(/DescribeSynchronizationJobs -> 400 SignatureDoesNotMatch/);
  for (const l of lines) {
    expect(l).not.toMatch(/secret/i);
    expect(l).not.toContain("Signature=");
  }
});
