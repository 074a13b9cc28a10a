/**
 * Alibaba Cloud signature V3 (`ACS3-HMAC-SHA256`), as the gateway computes it ("V3 request body and signature").
 * Pure functions: no I/O, no clock. The gateway checks around it (date window, nonce, body hash) are in
 * `protocol-v3.ts`.
 *
 * 1. Canonical request, one part a line:
 *    - the HTTP method, upper case;
 *    - the canonical URI: each `/`-separated segment of the path RFC 3986-encoded (`/` for RPC-style APIs);
 *    - the canonical query string: sorted by name, names and values RFC 3986-encoded, `name=value` joined by `&`
 *      (a parameter without a value is `name=`);
 *    - the canonical headers: each signed header as `lower-case-name:trimmed-value\n`, sorted by name;
 *    - the signed headers: the same names joined by `;`;
 *    - the hashed payload: lower-case hex SHA-256 of the body (of `""` when there is none), also sent as
 *      `x-acs-content-sha256`.
 * 2. String to sign: `ACS3-HMAC-SHA256\n` + hex(SHA-256(canonical request)).
 * 3. Signature: hex(HMAC-SHA256(key = AccessKeySecret, string to sign)). Unlike V1 the key has no `&` appended.
 * 4. `Authorization: ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=<signed headers>,Signature=<hex>`.
 *
 * The published example (POST `/?ImageId=...&RegionId=cn-shanghai` to `ecs.cn-shanghai.aliyuncs.com`, key
 * `YourAccessKeySecret`) is a test vector in tests/emulator/signature-v3.test.ts.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { percentEncode } from "./percent-encode";

/** The only V3 algorithm the V3 signature page documents. */
export const ACS3_HMAC_SHA256 = "ACS3-HMAC-SHA256";

/** Lower-case hex SHA-256. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** `x-acs-content-sha256` of a request without a body. */
export const EMPTY_PAYLOAD_SHA256 = sha256Hex("");

/** What the signature covers. Header names are lower case. */
export interface V3SignedParts {
  /** HTTP method (any case; upper-cased in the canonical request). */
  method: string;
  /** The path as sent on the wire (percent-encoded), e.g. `/`. */
  path: string;
  /** Decoded query parameters, in any order; repeated names allowed. */
  query: ReadonlyArray<readonly [string, string]>;
  /** Lower-case header name -> value (a repeated header already joined). */
  headers: Readonly<Record<string, string>>;
  /** The header names the client signed (from `SignedHeaders`). */
  signedHeaders: readonly string[];
  /** Hex SHA-256 of the body, as `x-acs-content-sha256` declares it. */
  hashedPayload: string;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Canonical URI: each path segment decoded once and RFC 3986-encoded again; an empty path is `/`. */
export function canonicalUri(path: string): string {
  if (path === "") return "/";
  return path
    .split("/")
    .map((seg) => percentEncode(safeDecode(seg)))
    .join("/");
}

const byPair = (a: readonly [string, string], b: readonly [string, string]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);

/**
 * Canonical query string: pairs sorted by name (then value) as sent, UTF-16 code-unit order as the page says ("in
 * ascending order of the parameter names") and as the SDKs sort, then each name and value encoded, `name=value`
 * joined by `&`. (V1 sorts the encoded names instead; the two orders differ only for names outside ASCII.)
 */
export function canonicalQueryString(query: ReadonlyArray<readonly [string, string]>): string {
  return [...query]
    .sort(byPair)
    .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
    .join("&");
}

/** Canonical headers (each line ending in `\n`) and the signed-headers list, both over the sorted lower-case names. */
export function canonicalHeaders(headers: Readonly<Record<string, string>>, signedHeaders: readonly string[]): { canonical: string; signed: string } {
  const names = [...new Set(signedHeaders.map((h) => h.trim().toLowerCase()))].filter((h) => h !== "").sort();
  return {
    canonical: names.map((n) => `${n}:${(headers[n] ?? "").trim()}\n`).join(""),
    signed: names.join(";"),
  };
}

/** The canonical request (see the module comment). */
export function canonicalRequest(parts: V3SignedParts): string {
  const h = canonicalHeaders(parts.headers, parts.signedHeaders);
  return [parts.method.toUpperCase(), canonicalUri(parts.path), canonicalQueryString(parts.query), h.canonical, h.signed, parts.hashedPayload].join("\n");
}

/** `ACS3-HMAC-SHA256\n` + hex(SHA-256(canonical request)). */
export function stringToSign(canonical: string): string {
  return `${ACS3_HMAC_SHA256}\n${sha256Hex(canonical)}`;
}

/** hex(HMAC-SHA256(secret, stringToSign(canonical))). */
export function computeSignature(canonical: string, accessKeySecret: string): string {
  return createHmac("sha256", accessKeySecret).update(stringToSign(canonical), "utf8").digest("hex");
}

/** The parts of an `Authorization` header. */
export interface V3Authorization {
  algorithm: string;
  credential: string;
  signedHeaders: string[];
  signature: string;
}

/** Outcome of {@link parseAuthorization}; `problem` says what is missing or malformed (for `IncompleteSignature`). */
export type AuthorizationParse = { ok: true; value: V3Authorization } | { ok: false; problem: string };

/**
 * Parse `ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<a;b>,Signature=<hex>` (spaces after commas tolerated,
 * parts in any order). The algorithm is returned as sent; the caller decides whether it is supported.
 */
export function parseAuthorization(header: string): AuthorizationParse {
  const m = /^\s*(\S+)\s+(.*?)\s*$/.exec(header);
  if (!m) return { ok: false, problem: "expected '<algorithm> Credential=...,SignedHeaders=...,Signature=...'" };
  const fields = new Map<string, string>();
  for (const part of m[2]!.split(",")) {
    const eq = part.indexOf("=");
    if (eq <= 0) return { ok: false, problem: `malformed part '${part.trim()}' (expected name=value)` };
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const missing = ["Credential", "SignedHeaders", "Signature"].filter((k) => !fields.get(k));
  if (missing.length > 0) return { ok: false, problem: `${missing.join(", ")} missing` };
  return {
    ok: true,
    value: {
      algorithm: m[1]!,
      credential: fields.get("Credential")!,
      signedHeaders: fields
        .get("SignedHeaders")!
        .split(";")
        .map((h) => h.trim().toLowerCase()),
      signature: fields.get("Signature")!,
    },
  };
}

/** Outcome of {@link verifySignatureV3}: on a mismatch, what the server computed (no secret in either). */
export type V3SignatureCheck = { ok: true } | { ok: false; canonicalRequest: string; stringToSign: string };

/** Compare a request's signature with the one computed from `parts` and the secret, in constant time. */
export function verifySignatureV3(parts: V3SignedParts, signature: string, accessKeySecret: string): V3SignatureCheck {
  const canonical = canonicalRequest(parts);
  const expected = Buffer.from(computeSignature(canonical, accessKeySecret), "utf8");
  const given = Buffer.from(signature.toLowerCase(), "utf8");
  if (expected.length === given.length && timingSafeEqual(expected, given)) return { ok: true };
  return { ok: false, canonicalRequest: canonical, stringToSign: stringToSign(canonical) };
}

/** Input of {@link signRequestV3}. */
export interface SignV3Input {
  method: string;
  /** @default "/" */
  path?: string;
  /** Query parameters (unencoded). */
  query?: Record<string, string>;
  /** Headers to send, at least `host`, `x-acs-action`, `x-acs-version`, `x-acs-date`, `x-acs-signature-nonce`. */
  headers: Record<string, string>;
  /** Request body as sent. @default "" */
  body?: string | Uint8Array;
  accessKeyId: string;
  accessKeySecret: string;
}

/**
 * Sign a request as a client does (tests and hand-made requests): adds `x-acs-content-sha256` and
 * `Authorization`, signing `host`, `content-type` and every `x-acs-*` header. Returns the headers to send, the
 * encoded query string and the canonical request.
 */
export function signRequestV3(input: SignV3Input): { headers: Record<string, string>; query: string; canonicalRequest: string } {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(input.headers)) headers[k.toLowerCase()] = v;
  headers["x-acs-content-sha256"] = sha256Hex(input.body ?? "");
  const signed = Object.keys(headers).filter((k) => k === "host" || k === "content-type" || k.startsWith("x-acs-"));
  const query = Object.entries(input.query ?? {});
  const canonical = canonicalRequest({
    method: input.method,
    path: input.path ?? "/",
    query,
    headers,
    signedHeaders: signed,
    hashedPayload: headers["x-acs-content-sha256"],
  });
  const signature = computeSignature(canonical, input.accessKeySecret);
  const { signed: signedList } = canonicalHeaders(headers, signed);
  headers.authorization = `${ACS3_HMAC_SHA256} Credential=${input.accessKeyId},SignedHeaders=${signedList},Signature=${signature}`;
  return { headers, query: canonicalQueryString(query), canonicalRequest: canonical };
}
