/**
 * Alibaba Cloud RPC signature, version 1.0 (HMAC-SHA1), as the POP gateway computes it.
 *
 * 1. Take every request parameter except `Signature` (query string for GET, form body for POST; both when both).
 * 2. Percent-encode each name and value per RFC 3986 (only `A-Z a-z 0-9 - _ . ~` stay as they are; space is
 *    `%20`, `*` is `%2A`, `~` is kept), sort by encoded name, join as `name=value` with `&`.
 * 3. String to sign: `METHOD&%2F&` + percentEncode(canonicalized query).
 * 4. Signature: base64(HMAC-SHA1(key = AccessKeySecret + "&", string to sign)).
 *
 * A `SecurityToken` (STS) is an ordinary parameter here, so it is signed like the others.
 * The V3 scheme (`ACS3-HMAC-SHA256`) is in `signature-v3.ts`.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { percentEncode } from "./percent-encode";

export { percentEncode };

/** Canonicalized query string: encoded `name=value` pairs sorted by encoded name, `Signature` left out. */
export function canonicalizeParams(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => k !== "Signature")
    .map((k) => [percentEncode(k), percentEncode(params[k] ?? "")] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
}

/** `METHOD&%2F&encode(canonicalized)`. */
export function stringToSign(method: string, params: Record<string, string>): string {
  return `${method.toUpperCase()}&${percentEncode("/")}&${percentEncode(canonicalizeParams(params))}`;
}

/** base64(HMAC-SHA1(secret + "&", stringToSign(method, params))). */
export function computeSignature(method: string, params: Record<string, string>, accessKeySecret: string): string {
  return createHmac("sha1", `${accessKeySecret}&`).update(stringToSign(method, params), "utf8").digest("base64");
}

/** Outcome of {@link verifySignature}. `stringToSign` is what the server signed (safe to show: no secret). */
export type SignatureCheck = { ok: true } | { ok: false; reason: "unknown-key"; accessKeyId: string } | { ok: false; reason: "mismatch"; stringToSign: string };

/**
 * Check a request's `Signature` against the configured access keys (AccessKeyId -> AccessKeySecret).
 * Comparison is constant-time.
 */
export function verifySignature(method: string, params: Record<string, string>, accessKeys: Readonly<Record<string, string>>): SignatureCheck {
  const accessKeyId = params.AccessKeyId ?? "";
  if (!Object.hasOwn(accessKeys, accessKeyId)) {
    return { ok: false, reason: "unknown-key", accessKeyId };
  }
  const secret = accessKeys[accessKeyId] as string;
  const expected = Buffer.from(computeSignature(method, params, secret), "utf8");
  const given = Buffer.from(params.Signature ?? "", "utf8");
  if (expected.length === given.length && timingSafeEqual(expected, given)) return { ok: true };
  return { ok: false, reason: "mismatch", stringToSign: stringToSign(method, params) };
}

/**
 * Sign a parameter set as a client would (used by tests and the XML examples): returns the params plus
 * `Signature`, and the query/form string to send.
 */
export function signParams(method: "GET" | "POST", params: Record<string, string>, accessKeySecret: string): { params: Record<string, string>; query: string } {
  const Signature = computeSignature(method, params, accessKeySecret);
  const query = `${canonicalizeParams(params)}&Signature=${percentEncode(Signature)}`;
  return { params: { ...params, Signature }, query };
}
