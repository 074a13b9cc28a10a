/**
 * Turns every failure shape of pop-core (and of node's sockets under it) into a typed {@link DtsError}.
 *
 * pop-core shapes, as produced by @alicloud/pop-core 1.8 + httpx 2:
 * - A body whose `Code` is not a success code: an `Error` named `<Code>Error` with `.code`, `.data` (the whole
 *   body, incl. RequestId/HostId/Recommend), `.url` and `.entry`; the HTTP status exists only at
 *   `err.entry.response.statusCode`. Its message ends with `, URL: <url>` (with GET that URL holds the signature).
 * - A non-JSON body (a 5xx HTML page from a proxy): json-bigint throws a *plain object*
 *   `{name: "SyntaxError", message, at, text}`, not an Error, and the status is lost.
 * - A JSON body pop-core parses but cannot use: `null` parses, then pop-core's `json.Code` throws a `TypeError`
 *   ("Cannot read properties of null (reading 'Code')"); a body nested deeper than the stack allows overflows
 *   json-bigint's recursive parser, a `RangeError` ("Maximum call stack size exceeded") thrown from its frames.
 * - An error body whose `Code` (or `Message`) is an object: json-bigint builds objects without a prototype, so
 *   pop-core's `${json.Message}` / `json.Code + 'Error'` throw a `TypeError` ("Cannot convert object to primitive
 *   value") from rpc.js itself, and the body is lost.
 * - A body labelled `Content-Encoding: gzip`/`deflate` that is not: httpx pipes it through zlib, which fails with
 *   a plain `Error` whose `code` is `Z_DATA_ERROR` ("incorrect header check"); the status is lost.
 * - A timeout: an `Error` named `RequestTimeoutError` without a `code`.
 * - Socket failures: node errors with `code` ECONNRESET ("socket hang up" too), ECONNREFUSED, ...; with
 *   happy-eyeballs connects an `AggregateError` whose `code` is set and whose `errors` hold the attempts.
 */
import {
  DtsApiError,
  DtsError,
  DtsNetworkError,
  DtsNotFoundError,
  DtsResponseParseError,
  DtsServerError,
  DtsThrottlingError,
  DtsTimeoutError,
  isDtsError,
  type DtsApiErrorInit,
} from "./errors";
import { redact } from "./redact";

export { redact } from "./redact";

/** Codes that mean flow control: the request was rejected before it ran. */
export const THROTTLING_CODES: readonly string[] = ["Throttling", "Throttling.User", "Throttling.Api", "Rejected.Throttling"];

/** Codes that mean a temporary server-side failure. */
export const SERVER_ERROR_CODES: readonly string[] = ["InternalError", "ServiceUnavailable", "UnknownError", "InternalServerError"];

/** Node socket codes treated as network failures (all retryable). */
export const NETWORK_CODES: readonly string[] = [
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "UND_ERR_SOCKET",
];

/** Context that makes a normalized error useful and safe. */
export interface NormalizeContext {
  /** The action that failed. */
  action?: string;
  /** Strings that must never appear in a message (the access key secret, the STS token). */
  secrets?: readonly (string | undefined)[];
  /** The client's timeout, reported on timeouts. */
  timeoutMs?: number;
  /** Local clock time (ms) when the failure arrived: with the reply's `Date` header it gives the clock skew. */
  now?: number;
}

/** True when `code` is one of the flow-control codes (also any `Throttling.*` variant). */
export function isThrottlingCode(code: string): boolean {
  return THROTTLING_CODES.includes(code) || /^Throttling(\.|$)/.test(code) || code.endsWith(".Throttling");
}

/** Strings that a pop-core/httpx message appends (`POST http://host/ failed.`) carry no secret with POST, but a GET URL would: strip query strings. */
function stripQuery(text: string): string {
  return text.replace(/(https?:\/\/[^\s?]+)\?\S*/g, "$1");
}

/** httpx appends `<METHOD> <url> failed.` to a transport error's message without a separator: drop it (the endpoint is reported on its own). */
function stripHttpxSuffix(text: string): string {
  return text.replace(/\.?\s*(?:GET|POST|PUT|DELETE|HEAD) \S+ failed\.$/, "");
}

function clean(text: unknown, ctx: NormalizeContext): string {
  return stripQuery(redact(stripHttpxSuffix(String(text ?? "")), ctx.secrets ?? []));
}

/** Local minus server time (ms) from a reply's `Date` header, when both are known. */
function clockSkewOf(entry: unknown, now: number | undefined): number | undefined {
  if (now === undefined) return undefined;
  const headers = asDict(asDict(asDict(entry)?.response)?.headers);
  const date = headers ? str(headers.date) : undefined;
  const server = date ? Date.parse(date) : NaN;
  return Number.isFinite(server) ? now - server : undefined;
}

type Dict = Record<string, unknown>;

function asDict(value: unknown): Dict | undefined {
  return typeof value === "object" && value !== null ? (value as Dict) : undefined;
}

function str(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

/**
 * Builds the typed API error for a code and status: throttling codes first (DTS sends them with HTTP 400), then
 * 404 / `*.NotFound`, then 5xx or a known server code, else a client error.
 */
export function apiError(init: DtsApiErrorInit): DtsApiError {
  const { code, httpStatus } = init;
  if (isThrottlingCode(code)) return new DtsThrottlingError(init);
  if (httpStatus === 404 || /NotFound$/i.test(code)) return new DtsNotFoundError(init);
  if ((httpStatus !== undefined && httpStatus >= 500) || SERVER_ERROR_CODES.includes(code)) return new DtsServerError(init);
  return new DtsApiError(init);
}

/**
 * Reads an API error out of a reply body, or returns undefined for a success body. Two error forms exist:
 * the gateway's `{Code, Message, RequestId, HostId, Recommend}` and DTS's `{Success: "false", ErrCode, ErrMessage}`.
 * A body without either but with HTTP >= 400 is an error too (`Http<status>`).
 *
 * @example
 * ```ts
 * errorFromBody({ Success: "false", ErrCode: "InternalError", ErrMessage: "..." }, { action, httpStatus: 200 })
 * ```
 */
export function errorFromBody(body: unknown, ctx: NormalizeContext & { httpStatus?: number; clockSkewMs?: number }): DtsApiError | undefined {
  const data = asDict(body) ?? {};
  const requestId = str(data.RequestId);
  const recommend = str(data.Recommend);
  const common = {
    requestId,
    httpStatus: ctx.httpStatus,
    hostId: str(data.HostId),
    // A server may echo the request (Signature, AccessKeyId) in its diagnosis URL: redacted like the message.
    ...(recommend !== undefined ? { recommend: redact(recommend, ctx.secrets ?? []) } : {}),
    action: ctx.action,
    ...(ctx.clockSkewMs !== undefined ? { clockSkewMs: ctx.clockSkewMs } : {}),
  };
  const code = str(data.Code);
  if (code !== undefined && !["200", "OK", "Success", "success"].includes(code)) {
    return apiError({ ...common, code, message: clean(data.Message ?? code, ctx) });
  }
  const success = data.Success;
  if (success === false || success === "false" || (typeof success === "string" && success.toLowerCase() === "false")) {
    const errCode = str(data.ErrCode) ?? "UnknownError";
    return apiError({ ...common, code: errCode, message: clean(data.ErrMessage ?? data.ErrorMessage ?? errCode, ctx) });
  }
  if (ctx.httpStatus !== undefined && ctx.httpStatus >= 400) {
    return apiError({ ...common, code: `Http${ctx.httpStatus}`, message: `HTTP ${ctx.httpStatus} without an error code` });
  }
  return undefined;
}

/** A short, safe excerpt of an HTML/text body: its `<title>` if any, else the first characters. */
function excerpt(text: unknown): string {
  if (typeof text !== "string") return "";
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
  const plain = (title || text.replace(/<[^>]*>/g, " ")).replace(/\s+/g, " ").trim();
  return plain.length > 120 ? `${plain.slice(0, 117)}...` : plain;
}

/** What was wrong with an unusable reply body: the wire path to name and why. */
interface Unusable {
  path: string;
  message: string;
}

/**
 * pop-core 1.8's rpc.js, where an error body's fields are turned into strings: line 246 builds the error message
 * from `json.Message`, line 247 its name from `json.Code` (`Message` is read first). Pinned by a unit test that
 * drives the real pop-core; on another layout the failure is still a parse error, naming both fields.
 */
const POP_CORE_RPC_FIELD_BY_LINE: Readonly<Record<number, string>> = { 246: "Message", 247: "Code" };

/** The line of the innermost stack frame when that frame is in pop-core's rpc.js, else undefined. */
function popCoreRpcFrameLine(stack: string | undefined): number | undefined {
  const top = (stack ?? "").split("\n").find((line) => /^\s*at /.test(line));
  const m = top ? /[\\/]@alicloud[\\/]pop-core[\\/]lib[\\/]rpc\.js:(\d+):\d+\)?\s*$/.exec(top) : null;
  return m ? Number(m[1]) : undefined;
}

/**
 * What was wrong with a reply body that pop-core parsed (or tried to) and then threw on, or undefined when `e` is
 * not such a failure. Only three shapes qualify, all without a `code` (node's own TypeError/RangeError carry an
 * `ERR_*` code): pop-core reading `Code` off a `null` body; pop-core turning an object `Code`/`Message` of an
 * error body into a string (recognised by rpc.js being the innermost frame, so the same TypeError anywhere else
 * stays an unknown error); and a stack overflow inside json-bigint's parser (recognised by its frames in the
 * stack, so an overflow anywhere else stays an unknown error).
 */
function unusableBody(e: Dict, name: string, message: string): Unusable | undefined {
  if (e.code !== undefined) return undefined;
  if (name === "TypeError") {
    // V8's wording since node 16, and before it.
    if (/Cannot read properties of null \(reading 'Code'\)|Cannot read property 'Code' of null/.test(message)) {
      return { path: "(root)", message: "Invalid input: expected object, received null (the body is JSON `null`)" };
    }
    if (/^Cannot convert object to primitive value$/.test(message)) {
      const line = popCoreRpcFrameLine(str(e.stack));
      if (line === undefined) return undefined;
      const field = POP_CORE_RPC_FIELD_BY_LINE[line];
      return field
        ? { path: field, message: `Invalid input: expected string, received object (the error reply's \`${field}\`)` }
        : { path: "(root)", message: "Invalid input: the error reply's `Code` or `Message` is an object, not a string" };
    }
  }
  if (name === "RangeError" && /Maximum call stack size exceeded/i.test(message) && /[\\/]json-bigint[\\/]/.test(str(e.stack) ?? "")) {
    return { path: "(root)", message: "the body is nested too deeply to parse (the JSON parser ran out of stack)" };
  }
  return undefined;
}

/**
 * Maps any thrown value to a {@link DtsError}; a DtsError passes through unchanged.
 *
 * @example
 * ```ts
 * try { await rpc.request(action, params, opts); }
 * catch (e) { throw normalizeError(e, { action, secrets: [accessKeySecret] }); }
 * ```
 */
export function normalizeError(err: unknown, ctx: NormalizeContext = {}): DtsError {
  if (isDtsError(err)) return err;
  const e = asDict(err);
  if (!e) return new DtsError(`${ctx.action ?? "request"} failed: ${clean(err, ctx)}`, "Unknown", false, { action: ctx.action });

  const name = str(e.name) ?? "";
  const code = str(e.code);
  const message = clean(e.message, ctx);

  // 1. pop-core API error: `<Code>Error` with `.data` holding the body; the status hides in `.entry`.
  const data = asDict(e.data);
  if (data && code !== undefined && (data.Code !== undefined || data.ErrCode !== undefined)) {
    const httpStatus = Number(asDict(asDict(asDict(e.entry)?.response))?.statusCode) || undefined;
    const fromBody = errorFromBody(data, { ...ctx, httpStatus, clockSkewMs: clockSkewOf(e.entry, ctx.now) });
    if (fromBody) return fromBody;
  }

  // 2. Timeout (httpx: `RequestTimeoutError`, no code; node: ETIMEDOUT/ESOCKETTIMEDOUT on some paths).
  if (name === "RequestTimeoutError" || name.endsWith("TimeoutError") || code === "ESOCKETTIMEDOUT") {
    return new DtsTimeoutError(`${ctx.action ?? "request"} timed out${ctx.timeoutMs ? ` after ${ctx.timeoutMs} ms` : ""}: ${message}`, {
      action: ctx.action,
      timeoutMs: ctx.timeoutMs,
    });
  }

  // 3. Non-JSON body: json-bigint's plain-object SyntaxError. Seen when a proxy answers 5xx with an HTML page;
  //    pop-core drops the status, so assume a server error (retryable, and ambiguous for the mutating call).
  // 3'. json-bigint refuses `__proto__` / `constructor.prototype` keys (protoAction/constructorAction "error"):
  //     valid JSON, but a body that cannot be used safely. A reply problem, like one failing its schema.
  if (name === "SyntaxError" && /forbidden (prototype|constructor) property/i.test(message)) {
    const key = /constructor/i.test(message) ? "constructor" : "__proto__";
    const issue = { path: "(root)", message: `the JSON body holds a \`${key}\` key, which the JSON parser refuses (prototype pollution guard)` };
    return new DtsResponseParseError({ action: ctx.action ?? "request", issues: [issue], pretty: `✖ ${issue.message}`, cause: err });
  }
  if (name === "SyntaxError") {
    const page = excerpt(e.text);
    return new DtsServerError({
      code: "InvalidResponse",
      message: `the service replied with a non-JSON body (likely an HTTP 5xx error page)${page ? `: "${clean(page, ctx)}"` : ""}`,
      action: ctx.action,
    });
  }

  // 3a. A body that does not decode as its Content-Encoding says (labelled gzip/deflate, but not): zlib's
  //     Z_DATA_ERROR. Undecodable like a non-JSON body, so the same retryable InvalidResponse.
  if (code === "Z_DATA_ERROR") {
    return new DtsServerError({
      code: "InvalidResponse",
      message: `the service replied with a body that does not decode as its Content-Encoding says${message ? ` (${message})` : ""}`,
      action: ctx.action,
    });
  }

  // 3b. A JSON body that parsed to something pop-core cannot use (`null`, an error `Code`/`Message` that is an
  //     object) or that is nested too deeply for json-bigint. The reply itself is unusable, like a reply that
  //     fails its schema: the same reply would come back, so not retryable. The path is `(root)` for the whole
  //     body, as for an array or a string where an object belongs, else the field.
  const unusable = unusableBody(e, name, message);
  if (unusable !== undefined) {
    return new DtsResponseParseError({
      action: ctx.action ?? "request",
      issues: [unusable],
      pretty: unusable.path === "(root)" ? `✖ ${unusable.message}` : `✖ ${unusable.message}\n  → at ${unusable.path}`,
      cause: err,
    });
  }

  // 4. Socket failures. AggregateError (happy eyeballs) carries the code on itself or on its parts.
  const socketCode =
    code ??
    (Array.isArray(e.errors) ? e.errors.map((x) => str(asDict(x)?.code)).find((c) => c !== undefined) : undefined) ??
    (/socket hang up/i.test(message) ? "ECONNRESET" : undefined);
  if (socketCode !== undefined && (NETWORK_CODES.includes(socketCode) || /^E[A-Z]+$/.test(socketCode))) {
    if (socketCode === "ETIMEDOUT") {
      return new DtsTimeoutError(`${ctx.action ?? "request"} timed out (ETIMEDOUT): ${message}`, {
        action: ctx.action,
        timeoutMs: ctx.timeoutMs,
      });
    }
    const why = /socket hang up/i.test(message) ? "socket hang up" : message || socketCode;
    return new DtsNetworkError(`${ctx.action ?? "request"} failed: ${socketCode}: ${why}`, socketCode, { action: ctx.action });
  }

  // 5. pop-core error without a usable body (defensive: codes only).
  if (code !== undefined && name.endsWith("Error") && name !== "Error" && name !== "TypeError") {
    return apiError({ code, message, action: ctx.action });
  }

  // 6. Anything else is a bug or an unknown condition: never retried.
  return new DtsError(`${ctx.action ?? "request"} failed: ${name || "Error"}: ${message}`, code ?? "Unknown", false, {
    action: ctx.action,
    cause: err instanceof Error && !asDict(err)?.url ? err : undefined,
  });
}
