/**
 * The RPC protocol around the actions: reading parameters from a request, checking the V1 common parameters
 * (Action, Version, Format, AccessKeyId, SignatureMethod/Version, SignatureNonce, Timestamp, SecurityToken,
 * Signature) in the order the POP gateway does, and Alibaba Cloud's error body. V3 requests
 * (`ACS3-HMAC-SHA256`, action and credentials in headers) are checked in `protocol-v3.ts`.
 *
 * Error codes and HTTP statuses (all bodies `{RequestId, HostId, Code, Message, Recommend}`):
 * | Code | HTTP | When |
 * |---|---|---|
 * | `MissingAction`, `MissingVersion`, `Missing<Param>` | 400 | a required (common or action) parameter is absent or empty |
 * | `InvalidAction.NotFound` | 404 | unknown Action |
 * | `InvalidVersion` | 400 | Version other than 2020-01-01 |
 * | `InvalidParameter.Format` | 400 | Format other than JSON/XML (case-insensitive) |
 * | `InvalidAccessKeyId.NotFound` | 404 | AccessKeyId not configured |
 * | `InvalidSignatureMethod` / `InvalidSignatureVersion` | 400 | not HMAC-SHA1 / 1.0 |
 * | `InvalidTimeStamp.Format` | 400 | Timestamp not `YYYY-MM-DDThh:mm:ssZ` (fraction allowed) |
 * | `InvalidTimeStamp.Expired` | 400 | Timestamp more than 15 minutes from the server time |
 * | `SignatureDoesNotMatch` | 400 | wrong signature; the message shows the server's string to sign |
 * | `SignatureNonceUsed` | 400 | SignatureNonce already seen (within 15 minutes) for this key |
 * | `MissingSecurityToken`, `InvalidSecurityToken.*` | 400 | STS token checks, see `keys.ts` |
 */
import { ApiError } from "./api-error";
import type { KeyStore } from "./keys";
import { percentEncode } from "./percent-encode";

/** The API version this emulator serves. */
export const API_VERSION = "2020-01-01";

/** `HostId` of every error body. */
export const HOST_ID = "dts.aliyuncs.com";

/** How far the Timestamp may be from the server time, and how long a nonce is remembered. */
export const TIMESTAMP_TOLERANCE_MS = 15 * 60 * 1000;

export { ApiError } from "./api-error";

/** Alibaba Cloud's error body (key order as the gateway writes it). */
export function errorBody(err: ApiError, requestId: string): Record<string, unknown> {
  return {
    RequestId: requestId,
    HostId: HOST_ID,
    Code: err.code,
    Message: err.message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(err.code)}&product=Dts&requestId=${requestId}`,
  };
}

/** `Missing<Param>`, HTTP 400: names the parameter. */
export function missingParameter(name: string): ApiError {
  return new ApiError(400, `Missing${name}`, `${name} is mandatory for this action.`);
}

/** `InvalidParameter.<Param>`, HTTP 400. */
export function invalidParameter(name: string, detail: string): ApiError {
  return new ApiError(400, `InvalidParameter.${name}`, `The specified parameter ${name} is not valid. ${detail}`.trim());
}

/**
 * Read the parameters of a request: the query string, plus the form body of a POST
 * (`application/x-www-form-urlencoded`, or any body that is not declared otherwise). Body values win.
 */
export function readParams(url: string, body: string, contentType: string | undefined): Record<string, string> {
  // No prototype: a parameter named `__proto__` or `constructor` is a plain entry, never an inherited member.
  const params: Record<string, string> = Object.create(null) as Record<string, string>;
  const q = url.indexOf("?");
  if (q >= 0) for (const [k, v] of new URLSearchParams(url.slice(q + 1))) params[k] = v;
  const ct = (contentType ?? "").toLowerCase();
  if (body.length > 0 && (ct === "" || ct.includes("application/x-www-form-urlencoded"))) {
    for (const [k, v] of new URLSearchParams(body)) params[k] = v;
  }
  return params;
}

/** The response format requested; XML when absent (the gateway's default). Throws on other values. */
export function readFormat(params: Record<string, string>): "JSON" | "XML" {
  const f = params.Format;
  if (f === undefined || f === "") return "XML";
  const up = f.toUpperCase();
  if (up === "JSON" || up === "XML") return up;
  throw invalidParameter("Format", "Valid values: JSON, XML.");
}

/** A required, non-empty parameter, or `Missing<Param>`. */
export function required(params: Record<string, string>, name: string): string {
  const v = params[name];
  if (v === undefined || v === "") throw missingParameter(name);
  return v;
}

/**
 * Mask a security token in text shown to the client (the server's string to sign or canonical request): a
 * credential never goes into an error message, where it would end up in logs. The token is replaced by `***` as
 * sent and in its percent-encoded forms (V1 encodes the canonical query twice).
 */
export function maskToken(text: string, token: string | undefined): string {
  if (!token) return text;
  let out = text;
  for (const form of new Set([token, percentEncode(token), percentEncode(percentEncode(token))])) out = out.split(form).join("***");
  return out;
}

/** Remembers SignatureNonce values (per AccessKeyId) for the timestamp tolerance window. */
export class NonceStore {
  private readonly seen = new Map<string, number>();
  private lastSweep = 0;

  /** Record a nonce; false if it was already used within the window. */
  use(accessKeyId: string, nonce: string, nowMs: number): boolean {
    if (nowMs - this.lastSweep > 60_000) {
      for (const [k, exp] of this.seen) if (exp <= nowMs) this.seen.delete(k);
      this.lastSweep = nowMs;
    }
    const key = `${accessKeyId}\u0000${nonce}`;
    const exp = this.seen.get(key);
    if (exp !== undefined && exp > nowMs) return false;
    this.seen.set(key, nowMs + TIMESTAMP_TOLERANCE_MS);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }
}

const TIMESTAMP_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?Z$/;

/** Parse an RPC `Timestamp` (ISO 8601 UTC); NaN when malformed. */
export function parseTimestamp(ts: string): number {
  if (!TIMESTAMP_RE.test(ts)) return NaN;
  return Date.parse(ts);
}

/** What the common-parameter checks need. */
export interface AuthContext {
  keys: KeyStore;
  nonces: NonceStore;
  knownActions: ReadonlySet<string>;
  /** Wall-clock time for the Timestamp check (not the emulator's scenario clock). */
  wallNow: number;
  /** Signature verification, injected so this module stays free of crypto details. */
  verify: (
    method: string,
    params: Record<string, string>,
    keys: Readonly<Record<string, string>>,
  ) => { ok: true } | { ok: false; reason: "unknown-key"; accessKeyId: string } | { ok: false; reason: "mismatch"; stringToSign: string };
}

/**
 * Check the common parameters in gateway order; returns the Action or throws an {@link ApiError}.
 * The nonce is recorded only after the signature matched, so a forged request cannot burn a nonce.
 */
export function checkCommonParameters(method: string, params: Record<string, string>, ctx: AuthContext): string {
  const action = required(params, "Action");
  if (!ctx.knownActions.has(action)) {
    throw new ApiError(404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.");
  }
  const version = required(params, "Version");
  if (version !== API_VERSION) {
    throw new ApiError(400, "InvalidVersion", `Specified parameter Version is not valid. Supported: ${API_VERSION}.`);
  }
  const accessKeyId = required(params, "AccessKeyId");
  if (ctx.keys.secretFor(accessKeyId) === undefined) {
    throw new ApiError(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
  }
  const sigMethod = required(params, "SignatureMethod");
  if (sigMethod !== "HMAC-SHA1") {
    throw new ApiError(400, "InvalidSignatureMethod", "Specified signature method is not supported. Supported: HMAC-SHA1.");
  }
  const sigVersion = required(params, "SignatureVersion");
  if (sigVersion !== "1.0") {
    throw new ApiError(400, "InvalidSignatureVersion", "Specified signature version is not supported. Supported: 1.0.");
  }
  const ts = required(params, "Timestamp");
  const tsMs = parseTimestamp(ts);
  if (Number.isNaN(tsMs)) {
    throw new ApiError(400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.");
  }
  if (Math.abs(ctx.wallNow - tsMs) > TIMESTAMP_TOLERANCE_MS) {
    throw new ApiError(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
  }
  const nonce = required(params, "SignatureNonce");
  required(params, "Signature");
  ctx.keys.checkToken(accessKeyId, params.SecurityToken, ctx.wallNow, "SecurityToken");
  const check = ctx.verify(method, params, ctx.keys.secrets);
  if (!check.ok) {
    if (check.reason === "unknown-key") {
      throw new ApiError(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
    }
    throw new ApiError(
      400,
      "SignatureDoesNotMatch",
      `Specified signature is not matched with our calculation. server string to sign is:${maskToken(check.stringToSign, params.SecurityToken)}`,
    );
  }
  if (!ctx.nonces.use(accessKeyId, nonce, ctx.wallNow)) {
    throw new ApiError(400, "SignatureNonceUsed", "Specified signature nonce was used already.");
  }
  return action;
}
