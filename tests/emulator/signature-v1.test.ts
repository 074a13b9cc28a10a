import { createHmac } from "node:crypto";
import { canonicalizeParams, computeSignature, percentEncode, signParams, stringToSign, verifySignature } from "../../emulator/signature-v1";

// A fixed request, signed here step by step with node:crypto following the documented algorithm
// (RFC 3986 encoding, sorted params, "GET&%2F&" + encode(canonical), key = secret + "&").
const params: Record<string, string> = {
  Action: "DescribeSynchronizationObjectModifyStatus",
  Version: "2020-01-01",
  Format: "JSON",
  AccessKeyId: "testid",
  SignatureMethod: "HMAC-SHA1",
  SignatureVersion: "1.0",
  SignatureNonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
  Timestamp: "2016-02-23T12:46:24Z",
  TaskId: "k71r16fj13g****",
  RegionId: "cn-hangzhou",
};
const secret = "testsecret";

function independentEncode(s: string): string {
  // The spec's recipe: URL-encode UTF-8 bytes, keep only A-Z a-z 0-9 - _ . ~
  let out = "";
  for (const byte of Buffer.from(s, "utf8")) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

describe("signature v1 (HMAC-SHA1)", () => {
  test("percent-encoding follows the spec (space %20, * %2A, ~ kept, !'() encoded, UTF-8)", () => {
    expect(percentEncode("a b")).toBe("a%20b");
    expect(percentEncode("*")).toBe("%2A");
    expect(percentEncode("~")).toBe("~");
    expect(percentEncode("!'()")).toBe("%21%27%28%29");
    expect(percentEncode("/=&+")).toBe("%2F%3D%26%2B");
    expect(percentEncode("数据")).toBe(independentEncode("数据"));
    for (const s of ['[{"DBName":"db"}]', "a*b~c d", "ü€😀"]) expect(percentEncode(s)).toBe(independentEncode(s));
  });

  test("canonical query is sorted by encoded name and leaves Signature out", () => {
    const c = canonicalizeParams({ b: "2", a: "1 1", Signature: "x" });
    expect(c).toBe("a=1%201&b=2");
  });

  test("matches an independently computed signature for a fixed request", () => {
    const canonical = Object.keys(params)
      .sort()
      .map((k) => `${independentEncode(k)}=${independentEncode(params[k]!)}`)
      .join("&");
    const sts = `GET&${independentEncode("/")}&${independentEncode(canonical)}`;
    const expected = createHmac("sha1", `${secret}&`).update(sts).digest("base64");
    expect(stringToSign("GET", params)).toBe(sts);
    expect(sts.startsWith("GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribe")).toBe(true);
    expect(computeSignature("GET", params, secret)).toBe(expected);
    // POST signs the same parameters with the POST method.
    const postSts = `POST&%2F&${independentEncode(canonical)}`;
    expect(computeSignature("POST", params, secret)).toBe(createHmac("sha1", `${secret}&`).update(postSts).digest("base64"));
    expect(computeSignature("POST", params, secret)).not.toBe(expected);
  });

  test("verifySignature accepts the right signature and rejects others", () => {
    const keys = { testid: secret };
    const signed = signParams("GET", params, secret).params;
    expect(verifySignature("GET", signed, keys)).toEqual({ ok: true });
    expect(verifySignature("POST", signed, keys)).toMatchObject({ ok: false, reason: "mismatch" });
    expect(verifySignature("GET", { ...signed, TaskId: "other" }, keys)).toMatchObject({ ok: false, reason: "mismatch" });
    expect(verifySignature("GET", signed, { testid: "wrong" })).toMatchObject({ ok: false, reason: "mismatch" });
    expect(verifySignature("GET", { ...signed, AccessKeyId: "nobody" }, keys)).toEqual({
      ok: false,
      reason: "unknown-key",
      accessKeyId: "nobody",
    });
  });

  test("signParams produces a query whose Signature decodes back", () => {
    const { query, params: signed } = signParams("GET", params, secret);
    const back = Object.fromEntries(new URLSearchParams(query));
    expect(back.Signature).toBe(signed.Signature);
    expect(back.TaskId).toBe(params.TaskId);
  });
});
