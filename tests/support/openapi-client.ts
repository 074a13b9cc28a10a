/**
 * Alibaba's generic OpenAPI client (`@alicloud/openapi-client`, the layer every generated TypeScript SDK calls),
 * set up as a generated DTS SDK does it: RPC style, pathname `/`, parameters in the query (or the body).
 * `mode: "V3"` is the client's default signature (ACS3-HMAC-SHA256); `"V1"` is `signatureAlgorithm: "v2"`, its
 * HMAC-SHA1 RPC signature.
 */
const OpenApi = require("@alicloud/openapi-client");
const TeaUtil = require("@alicloud/tea-util");

export type SignatureMode = "V3" | "V1";

export interface OpenApiClientOptions {
  /** `http://host:port` (the emulator's url) or `host:port`. */
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
  mode: SignatureMode;
}

/** The client as a user's code would build it (no retries: one HTTP request per call). */
export function openApiClient(o: OpenApiClientOptions): unknown {
  return new OpenApi.default(
    new OpenApi.Config({
      accessKeyId: o.accessKeyId,
      accessKeySecret: o.accessKeySecret,
      ...(o.securityToken ? { securityToken: o.securityToken } : {}),
      endpoint: o.endpoint.replace(/^https?:\/\//, ""),
      protocol: "http",
      readTimeout: 10_000,
      connectTimeout: 5_000,
      ...(o.mode === "V1" ? { signatureAlgorithm: "v2" } : {}),
    }),
  );
}

export interface CallOptions {
  /** @default "POST" */
  method?: "GET" | "POST";
  query?: Record<string, string>;
  body?: Record<string, unknown>;
  /** Extra request headers; they override the client's own (e.g. `x-acs-date`). */
  headers?: Record<string, string>;
  /** How a body is sent (V3 only; V1 always sends a form). @default "formData" */
  reqBodyType?: "formData" | "json";
  /** `json` parses the answer; `string` returns it as text (XML). @default "json" */
  bodyType?: "json" | "string";
}

/** The client's answer: `{statusCode, headers, body}`. */
export interface CallResult {
  statusCode: number;
  headers: Record<string, string>;
  body: any;
}

/** `callApi` with the params a generated DTS 2020-01-01 SDK method passes. */
export function callDts(client: unknown, action: string, o: CallOptions = {}): Promise<CallResult> {
  const params = new OpenApi.Params({
    action,
    version: "2020-01-01",
    protocol: "HTTP",
    pathname: "/",
    method: o.method ?? "POST",
    authType: "AK",
    style: "RPC",
    reqBodyType: o.reqBodyType ?? "formData",
    bodyType: o.bodyType ?? "json",
  });
  const request = new OpenApi.OpenApiRequest({
    ...(o.query ? { query: o.query } : {}),
    ...(o.body ? { body: o.body } : {}),
    ...(o.headers ? { headers: o.headers } : {}),
  });
  return (client as { callApi: (p: unknown, r: unknown, rt: unknown) => Promise<CallResult> }).callApi(params, request, new TeaUtil.RuntimeOptions({}));
}

/** The error the client throws (a Tea error): `code`, `statusCode` in `data`, the server's body in `data`. */
export async function clientError(p: Promise<unknown>): Promise<{ code: string; message: string; data: any }> {
  try {
    await p;
  } catch (e) {
    return e as { code: string; message: string; data: any };
  }
  throw new Error("expected the call to fail");
}
