/**
 * V3 requests (`Authorization: ACS3-HMAC-SHA256 ...`), checked as the gateway does: what the Alibaba Cloud SDKs
 * generated from OpenAPI metadata send by default (`@alicloud/openapi-client` `callApi`, the Python
 * `alibabacloud-dts20200101`). The action and the credentials travel in headers; parameters in the query string
 * and/or a form-encoded or JSON body (the body is covered by `x-acs-content-sha256`, so its parameters are signed).
 *
 * Checks, in this order (the first failure answers):
 * | Code | HTTP | When |
 * |---|---|---|
 * | `MissingAction` / `InvalidAction.NotFound` | 400 / 404 | no `x-acs-action` header / unknown action, or a path other than `/` (RPC style only) |
 * | `MissingVersion` / `InvalidVersion` | 400 | no `x-acs-version` / not 2020-01-01 |
 * | `IncompleteSignature` | 400 | no `Authorization`, or one without `Credential`, `SignedHeaders` or `Signature`; a required header missing or not signed |
 * | `InvalidSignatureMethod` | 400 | an algorithm other than `ACS3-HMAC-SHA256` |
 * | `InvalidAccessKeyId.NotFound` | 404 | `Credential` not configured |
 * | `MissingTimestamp` / `InvalidTimeStamp.Format` / `InvalidTimeStamp.Expired` | 400 | `x-acs-date` absent / not `YYYY-MM-DDThh:mm:ssZ` / more than 15 min from the wall clock |
 * | `MissingSignatureNonce` | 400 | no `x-acs-signature-nonce` |
 * | `MissingSecurityToken`, `InvalidSecurityToken.*` | 400 | STS checks on `x-acs-security-token` (see `keys.ts`) |
 * | `SignatureDoesNotMatch` | 400 | `x-acs-content-sha256` is not the SHA-256 of the body, or the signature differs (the message then holds the server's string to sign and canonical request) |
 * | `SignatureNonceUsed` | 400 | nonce already used by this key within 15 min (recorded only once the signature matched) |
 *
 * Signed headers: the client chooses them (`SignedHeaders`), but they must include `host`, `x-acs-action`,
 * `x-acs-version`, `x-acs-date`, `x-acs-signature-nonce`, `x-acs-content-sha256`, and `x-acs-security-token` and
 * `content-type` when those are sent.
 */
import { ApiError, API_VERSION, type NonceStore, TIMESTAMP_TOLERANCE_MS, invalidParameter, maskToken, parseTimestamp } from "./protocol";
import type { KeyStore } from "./keys";
import { ACS3_HMAC_SHA256, parseAuthorization, sha256Hex, verifySignatureV3 } from "./signature-v3";

/** Request headers with every value as a list (Node's `req.headersDistinct`). */
export type DistinctHeaders = Readonly<Record<string, readonly string[] | undefined>>;

/** The request, as the server read it. */
export interface V3Request {
  method: string;
  /** `req.url`: path and raw query string. */
  url: string;
  headers: DistinctHeaders;
  /** The body bytes as received. */
  body: Uint8Array;
}

/** What the checks need from the server. */
export interface V3Context {
  keys: KeyStore;
  nonces: NonceStore;
  knownActions: ReadonlySet<string>;
  /** Wall-clock time for the `x-acs-date` window and token expiry. */
  wallNow: number;
}

/** Who made a checked request. */
export interface V3Identity {
  action: string;
  accessKeyId: string;
  /** The request carried a security token (accepted). */
  sts: boolean;
}

/** One header's value: repeated headers are sorted and joined with `,` (as the SDKs sign them). */
export function headerValue(headers: DistinctHeaders, name: string): string | undefined {
  const v = headers[name];
  if (v === undefined || v.length === 0) return undefined;
  return v.length === 1
    ? v[0]
    : [...v]
        .map((s) => s.trim())
        .sort()
        .join(",");
}

/**
 * Whether a request uses the V3 scheme: an `Authorization: ACS3-...` header, or, with no V1 `Signature`
 * parameter, any `Authorization` or an `x-acs-date` header (V1 clients such as pop-core also send
 * `x-acs-action`, so that header alone decides nothing).
 */
export function isV3Request(headers: DistinctHeaders, v1Params: Readonly<Record<string, string>>): boolean {
  const auth = headerValue(headers, "authorization");
  if (auth !== undefined && /^\s*acs3-/i.test(auth)) return true;
  if (v1Params.Signature !== undefined) return false;
  return auth !== undefined || headerValue(headers, "x-acs-date") !== undefined;
}

function splitUrl(url: string): { path: string; rawQuery: string } {
  const q = url.indexOf("?");
  return q < 0 ? { path: url, rawQuery: "" } : { path: url.slice(0, q), rawQuery: url.slice(q + 1) };
}

/** Query pairs, decoded (`+` is a space, as in every form/query decoder the SDKs pair with). */
export function queryPairs(url: string): Array<[string, string]> {
  return [...new URLSearchParams(splitUrl(url).rawQuery)];
}

/** Flatten one JSON body value to the wire string an action reads: objects and arrays as JSON text. */
function jsonParamValue(v: unknown): string {
  if (typeof v === "string") return v;
  if (v === null || v === undefined) return "";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/**
 * A V3 request's parameters: the query string, then a form-encoded body (`application/x-www-form-urlencoded`)
 * or a JSON object body (`application/json`); body values win. A JSON body that is not an object is
 * `InvalidParameter.Body`.
 */
export function readParamsV3(url: string, body: string, contentType: string | undefined): Record<string, string> {
  const params: Record<string, string> = Object.fromEntries(queryPairs(url));
  const ct = (contentType ?? "").toLowerCase();
  if (body.length === 0) return params;
  if (ct.includes("application/json")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (e) {
      throw invalidParameter("Body", `The JSON body cannot be parsed: ${(e as Error).message}.`);
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw invalidParameter("Body", "A JSON body must be an object of parameters.");
    }
    for (const [k, v] of Object.entries(parsed)) params[k] = jsonParamValue(v);
  } else if (ct === "" || ct.includes("application/x-www-form-urlencoded")) {
    for (const [k, v] of new URLSearchParams(body)) params[k] = v;
  }
  return params;
}

/**
 * The response format of a V3 request: the `Format` parameter when given (JSON/XML, any case); otherwise XML only
 * when `Accept` asks for XML and not JSON; otherwise JSON (what the SDKs expect).
 */
export function readFormatV3(params: Readonly<Record<string, string>>, accept: string | undefined): "JSON" | "XML" {
  const f = params.Format;
  if (f !== undefined && f !== "") {
    const up = f.toUpperCase();
    if (up === "JSON" || up === "XML") return up;
    throw invalidParameter("Format", "Valid values: JSON, XML.");
  }
  const a = (accept ?? "").toLowerCase();
  return a.includes("xml") && !a.includes("json") ? "XML" : "JSON";
}

const incomplete = (detail: string) => new ApiError(400, "IncompleteSignature", `The request signature does not conform to Aliyun standards. ${detail}`);

const missingHeader = (code: string, header: string, hint = "") => new ApiError(400, code, `${header} is mandatory for this action.${hint ? ` ${hint}` : ""}`);

/** Check a V3 request in gateway order; returns who made it, or throws an {@link ApiError}. */
export function checkV3Request(req: V3Request, ctx: V3Context): V3Identity {
  const h = (name: string) => headerValue(req.headers, name);
  const action = h("x-acs-action");
  if (action === undefined || action === "") {
    throw new ApiError(400, "MissingAction", "Action is mandatory for this action. A V3 request names it in the x-acs-action header.");
  }
  const { path } = splitUrl(req.url);
  if (!ctx.knownActions.has(action) || (path !== "/" && path !== "")) {
    throw new ApiError(404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.");
  }
  const version = h("x-acs-version");
  if (version === undefined || version === "")
    throw new ApiError(400, "MissingVersion", "Version is mandatory for this action. A V3 request names it in the x-acs-version header.");
  if (version !== API_VERSION) {
    throw new ApiError(400, "InvalidVersion", `Specified parameter Version is not valid. Supported: ${API_VERSION}.`);
  }

  const authHeader = h("authorization");
  if (authHeader === undefined) throw incomplete("The Authorization header is missing.");
  const parsed = parseAuthorization(authHeader);
  if (!parsed.ok) throw incomplete(`Authorization: ${parsed.problem}.`);
  const auth = parsed.value;
  if (auth.algorithm !== ACS3_HMAC_SHA256) {
    throw new ApiError(400, "InvalidSignatureMethod", `Specified signature method is not supported. Supported: ${ACS3_HMAC_SHA256}.`);
  }
  const secret = ctx.keys.secretFor(auth.credential);
  if (secret === undefined) throw new ApiError(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");

  const date = h("x-acs-date");
  if (date === undefined || date === "") {
    throw missingHeader("MissingTimestamp", "x-acs-date", "Send the request time in ISO 8601 UTC, e.g. 2025-01-01T00:00:00Z.");
  }
  const dateMs = parseTimestamp(date);
  if (Number.isNaN(dateMs)) {
    throw new ApiError(
      400,
      "InvalidTimeStamp.Format",
      "Specified time stamp or date value is not well formatted. x-acs-date must be YYYY-MM-DDThh:mm:ssZ (UTC).",
    );
  }
  if (Math.abs(ctx.wallNow - dateMs) > TIMESTAMP_TOLERANCE_MS) {
    throw new ApiError(
      400,
      "InvalidTimeStamp.Expired",
      "Specified time stamp or date value is expired. x-acs-date must be within 15 minutes of the server time.",
    );
  }
  const nonce = h("x-acs-signature-nonce");
  if (nonce === undefined || nonce === "") throw missingHeader("MissingSignatureNonce", "x-acs-signature-nonce");
  const declaredHash = h("x-acs-content-sha256");
  if (declaredHash === undefined || declaredHash === "") throw incomplete("The x-acs-content-sha256 header is missing.");

  const mustSign = ["host", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"];
  for (const optional of ["x-acs-security-token", "content-type"]) if (h(optional) !== undefined) mustSign.push(optional);
  const unsigned = mustSign.filter((n) => !auth.signedHeaders.includes(n));
  if (unsigned.length > 0) throw incomplete(`SignedHeaders must include ${unsigned.join(", ")}.`);
  const absent = auth.signedHeaders.filter((n) => n !== "" && h(n) === undefined);
  if (absent.length > 0) throw incomplete(`Signed header ${absent.join(", ")} is not in the request.`);

  const token = h("x-acs-security-token");
  ctx.keys.checkToken(auth.credential, token, ctx.wallNow, "x-acs-security-token");

  const bodyHash = sha256Hex(req.body);
  if (declaredHash.toLowerCase() !== bodyHash) {
    throw new ApiError(
      400,
      "SignatureDoesNotMatch",
      `The x-acs-content-sha256 header does not match the request body. server x-acs-content-sha256 is:${bodyHash}`,
    );
  }

  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) headers[name] = h(name) ?? "";
  const check = verifySignatureV3(
    { method: req.method, path, query: queryPairs(req.url), headers, signedHeaders: auth.signedHeaders, hashedPayload: declaredHash },
    auth.signature,
    secret,
  );
  if (!check.ok) {
    throw new ApiError(
      400,
      "SignatureDoesNotMatch",
      `Specified signature is not matched with our calculation. server string to sign is:${check.stringToSign}\nserver canonical request is:\n${maskToken(check.canonicalRequest, token)}`,
    );
  }
  if (!ctx.nonces.use(auth.credential, nonce, ctx.wallNow)) {
    throw new ApiError(400, "SignatureNonceUsed", "Specified signature nonce was used already.");
  }
  return { action, accessKeyId: auth.credential, sts: token !== undefined && token !== "" };
}
