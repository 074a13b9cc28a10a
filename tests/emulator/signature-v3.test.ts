/**
 * Signature V3 (ACS3-HMAC-SHA256) as pure functions, against two sets of vectors: Alibaba Cloud's published example
 * (V3 request body and signature page), and requests that @alicloud/openapi-client really sends (captured by a
 * bare HTTP server, then verified here; its V1 requests are verified with signature-v1 the same way).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  EMPTY_PAYLOAD_SHA256,
  canonicalQueryString,
  canonicalRequest,
  canonicalUri,
  computeSignature,
  parseAuthorization,
  sha256Hex,
  signRequestV3,
  stringToSign,
  verifySignatureV3,
  type V3SignedParts,
} from "../../emulator/signature-v3";
import { verifySignature } from "../../emulator/signature-v1";
import { callDts, openApiClient, type SignatureMode } from "../support/openapi-client";

describe("the published example (POST RunInstances to ecs.cn-shanghai.aliyuncs.com)", () => {
  // Every value below is from Alibaba Cloud's V3 signature page: the request, each intermediate result and the
  // signature for the key pair YourAccessKeyId / YourAccessKeySecret.
  const parts: V3SignedParts = {
    method: "POST",
    path: "/",
    query: [
      ["RegionId", "cn-shanghai"],
      ["ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"],
    ],
    headers: {
      host: "ecs.cn-shanghai.aliyuncs.com",
      "x-acs-action": "RunInstances",
      "x-acs-version": "2014-05-26",
      "x-acs-date": "2023-10-26T10:22:32Z",
      "x-acs-signature-nonce": "3156853299f313e23d1673dc12e1703d",
      "x-acs-content-sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    },
    signedHeaders: ["x-acs-version", "host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce"],
    hashedPayload: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  };
  const published = {
    canonicalQuery: "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai",
    canonicalHeaders:
      "host:ecs.cn-shanghai.aliyuncs.com\nx-acs-action:RunInstances\n" +
      "x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n" +
      "x-acs-date:2023-10-26T10:22:32Z\nx-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\nx-acs-version:2014-05-26\n",
    signedHeaders: "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version",
    stringToSign: "ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259",
    signature: "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0",
    authorization:
      "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;" +
      "x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0",
  };

  test("empty payload hash, canonical request, string to sign and signature are the published ones", () => {
    expect(EMPTY_PAYLOAD_SHA256).toBe(parts.hashedPayload);
    const cr = canonicalRequest(parts);
    expect(cr).toBe(["POST", "/", published.canonicalQuery, published.canonicalHeaders, published.signedHeaders, parts.hashedPayload].join("\n"));
    expect(stringToSign(cr)).toBe(published.stringToSign);
    expect(computeSignature(cr, "YourAccessKeySecret")).toBe(published.signature);
  });

  test("verify accepts the published Authorization and rejects another secret, method or query", () => {
    const auth = parseAuthorization(published.authorization);
    expect(auth).toEqual({
      ok: true,
      value: {
        algorithm: "ACS3-HMAC-SHA256",
        credential: "YourAccessKeyId",
        signedHeaders: published.signedHeaders.split(";"),
        signature: published.signature,
      },
    });
    const sig = published.signature;
    expect(verifySignatureV3(parts, sig, "YourAccessKeySecret")).toEqual({ ok: true });
    expect(verifySignatureV3(parts, sig.toUpperCase(), "YourAccessKeySecret")).toEqual({ ok: true });
    const wrong = verifySignatureV3(parts, sig, "AnotherSecret");
    expect(wrong).toEqual({ ok: false, canonicalRequest: canonicalRequest(parts), stringToSign: published.stringToSign });
    expect(verifySignatureV3({ ...parts, method: "GET" }, sig, "YourAccessKeySecret").ok).toBe(false);
    expect(verifySignatureV3({ ...parts, query: [["RegionId", "cn-beijing"]] }, sig, "YourAccessKeySecret").ok).toBe(false);
  });

  test("signRequestV3 (the client side) reproduces the published Authorization", () => {
    const signed = signRequestV3({
      method: "POST",
      query: { ImageId: "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd", RegionId: "cn-shanghai" },
      headers: {
        Host: "ecs.cn-shanghai.aliyuncs.com",
        "x-acs-action": "RunInstances",
        "x-acs-version": "2014-05-26",
        "x-acs-date": "2023-10-26T10:22:32Z",
        "x-acs-signature-nonce": "3156853299f313e23d1673dc12e1703d",
      },
      accessKeyId: "YourAccessKeyId",
      accessKeySecret: "YourAccessKeySecret",
    });
    expect(signed.headers.authorization).toBe(published.authorization);
    expect(signed.query).toBe(published.canonicalQuery);
  });
});

describe("canonical parts", () => {
  test("query: sorted by name as sent (as the SDKs sort), then RFC 3986-encoded (space %20, * %2A, ~ kept, UTF-8); empty value as name=", () => {
    expect(
      canonicalQueryString([
        ["b", "a b*c~"],
        ["a", ""],
        ["Ä", "数据"],
      ]),
    ).toBe("a=&b=a%20b%2Ac~&%C3%84=%E6%95%B0%E6%8D%AE");
    expect(canonicalQueryString([])).toBe("");
    expect(
      canonicalQueryString([
        ["k", "2"],
        ["k", "1"],
      ]),
    ).toBe("k=1&k=2");
  });

  test("canonical URI: / for RPC; segments decoded once and re-encoded", () => {
    expect(canonicalUri("/")).toBe("/");
    expect(canonicalUri("")).toBe("/");
    expect(canonicalUri("/a b/c%2Ad")).toBe("/a%20b/c%2Ad");
    expect(canonicalUri("/x%7Ey")).toBe("/x~y");
  });

  test("parseAuthorization names what is missing or malformed", () => {
    expect(parseAuthorization("ACS3-HMAC-SHA256 Credential=AK, SignedHeaders=host;X-Acs-Date ,Signature=ab")).toEqual({
      ok: true,
      value: { algorithm: "ACS3-HMAC-SHA256", credential: "AK", signedHeaders: ["host", "x-acs-date"], signature: "ab" },
    });
    expect(parseAuthorization("ACS3-HMAC-SHA256 Credential=AK,Signature=ab")).toEqual({ ok: false, problem: "SignedHeaders missing" });
    expect(parseAuthorization("ACS3-HMAC-SHA256 Credential=,SignedHeaders=host,Signature=")).toEqual({ ok: false, problem: "Credential, Signature missing" });
    expect(parseAuthorization("ACS3-HMAC-SHA256")).toMatchObject({ ok: false });
    expect(parseAuthorization("ACS3-HMAC-SHA256 Credential=AK,garbage")).toEqual({ ok: false, problem: "malformed part 'garbage' (expected name=value)" });
  });
});

/** One captured request, as the server side sees it. */
interface Captured {
  method: string;
  url: string;
  headers: Record<string, string[] | undefined>;
  body: Buffer;
}

describe("requests made by @alicloud/openapi-client verify with the same functions", () => {
  let server: Server;
  let endpoint: string;
  const captured: Captured[] = [];
  const SECRET = "capture-secret-0001";

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        captured.push({ method: req.method ?? "", url: req.url ?? "", headers: { ...req.headersDistinct }, body: Buffer.concat(chunks) });
        const xml = (req.url ?? "").includes("Format=XML");
        res.writeHead(200, { "content-type": xml ? "text/xml;charset=utf-8" : "application/json;charset=utf-8" });
        res.end(xml ? "<R><RequestId>x</RequestId></R>" : '{"RequestId":"x"}');
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    endpoint = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  async function capture(mode: SignatureMode, call: Parameters<typeof callDts>[2], securityToken?: string): Promise<Captured> {
    captured.length = 0;
    const client = openApiClient({ endpoint, accessKeyId: "CAPTUREAK", accessKeySecret: SECRET, mode, securityToken });
    await callDts(client, "DescribeSynchronizationObjectModifyStatus", call);
    expect(captured).toHaveLength(1);
    return captured[0]!;
  }

  const one = (c: Captured, name: string) => c.headers[name]?.[0];

  function v3Parts(c: Captured): { parts: V3SignedParts; signature: string; credential: string } {
    const auth = parseAuthorization(one(c, "authorization") ?? "");
    if (!auth.ok) throw new Error(auth.problem);
    const q = c.url.indexOf("?");
    const headers: Record<string, string> = {};
    for (const n of auth.value.signedHeaders) headers[n] = one(c, n) ?? "";
    return {
      parts: {
        method: c.method,
        path: q < 0 ? c.url : c.url.slice(0, q),
        query: [...new URLSearchParams(q < 0 ? "" : c.url.slice(q + 1))],
        headers,
        signedHeaders: auth.value.signedHeaders,
        hashedPayload: one(c, "x-acs-content-sha256") ?? "",
      },
      signature: auth.value.signature,
      credential: auth.value.credential,
    };
  }

  const V3_CASES: Array<[string, Parameters<typeof callDts>[2]]> = [
    ["GET, query, JSON", { method: "GET", query: { TaskId: "k71r16fj13g", RegionId: "cn-hangzhou" } }],
    ["POST, query, XML", { method: "POST", query: { TaskId: "a b*c~!'()", Format: "XML" }, bodyType: "string" }],
    ["POST, form body", { method: "POST", query: { RegionId: "cn-hangzhou" }, body: { TaskId: "k71r16fj13g", SynchronizationObjects: '[{"DBName":"数据"}]' } }],
    ["POST, JSON body", { method: "POST", body: { TaskId: "k71r16fj13g", Nested: { a: [1, 2] } }, reqBodyType: "json" }],
  ];

  test.each(V3_CASES)("V3 (the client's default): %s", async (_name, call) => {
    const c = await capture("V3", call);
    expect(one(c, "authorization")).toMatch(/^ACS3-HMAC-SHA256 Credential=CAPTUREAK,SignedHeaders=[a-z0-9;-]+,Signature=[0-9a-f]{64}$/);
    expect(one(c, "x-acs-action")).toBe("DescribeSynchronizationObjectModifyStatus");
    expect(one(c, "x-acs-content-sha256")).toBe(sha256Hex(c.body));
    const { parts, signature, credential } = v3Parts(c);
    expect(credential).toBe("CAPTUREAK");
    for (const h of ["host", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"]) {
      expect(parts.signedHeaders).toContain(h);
    }
    if (c.body.length > 0) expect(parts.signedHeaders).toContain("content-type");
    expect(verifySignatureV3(parts, signature, SECRET)).toEqual({ ok: true });
    expect(verifySignatureV3(parts, signature, `${SECRET}x`).ok).toBe(false);
    expect(verifySignatureV3({ ...parts, method: parts.method === "GET" ? "POST" : "GET" }, signature, SECRET).ok).toBe(false);
  });

  test("V3 with an STS token signs x-acs-security-token", async () => {
    const c = await capture("V3", { method: "POST", query: { TaskId: "t" } }, "sts-token-value");
    const { parts, signature } = v3Parts(c);
    expect(parts.signedHeaders).toContain("x-acs-security-token");
    expect(parts.headers["x-acs-security-token"]).toBe("sts-token-value");
    expect(verifySignatureV3(parts, signature, SECRET)).toEqual({ ok: true });
    expect(verifySignatureV3({ ...parts, headers: { ...parts.headers, "x-acs-security-token": "other" } }, signature, SECRET).ok).toBe(false);
  });

  const V1_CASES: Array<[string, Parameters<typeof callDts>[2], string | undefined]> = [
    ["GET, JSON", { method: "GET", query: { TaskId: "k71r16fj13g" } }, undefined],
    ["POST, XML", { method: "POST", query: { TaskId: "a b*c~", Format: "XML" }, bodyType: "string" }, undefined],
    ["POST, form body", { method: "POST", query: { RegionId: "cn-hangzhou" }, body: { TaskId: "数据" } }, undefined],
    ["GET, STS token", { method: "GET", query: { TaskId: "t" } }, "sts-token-value"],
  ];

  test.each(V1_CASES)("V1 (signatureAlgorithm v2): %s", async (_name, call, token) => {
    const c = await capture("V1", call, token);
    expect(one(c, "authorization")).toBeUndefined();
    const params: Record<string, string> = Object.fromEntries(new URLSearchParams(c.url.slice(c.url.indexOf("?") + 1)));
    if (c.body.length > 0) Object.assign(params, Object.fromEntries(new URLSearchParams(c.body.toString("utf8"))));
    expect(params).toMatchObject({ SignatureMethod: "HMAC-SHA1", SignatureVersion: "1.0", AccessKeyId: "CAPTUREAK" });
    if (token) expect(params.SecurityToken).toBe(token);
    expect(verifySignature(c.method, params, { CAPTUREAK: SECRET })).toEqual({ ok: true });
    expect(verifySignature(c.method, params, { CAPTUREAK: `${SECRET}x` })).toMatchObject({ ok: false, reason: "mismatch" });
  });
});
