/**
 * Decoding a reply: an API error body first (`errorFromBody`), then the action's wire schema (`schemas.ts`), once;
 * a reply that does not match becomes a `DtsResponseParseError` naming the field by its wire path.
 */
import { z } from "zod";
import { DtsResponseParseError, type DtsError, type ResponseIssue } from "../errors/errors";
import { errorFromBody } from "../errors/normalize-error";
import type { WireParseError } from "./parser";
import type { DtsAction, ResponseOf } from "./responses";
import { RESPONSE_SCHEMAS } from "./schemas";
import { parseBodyText } from "./xml-body";

/** Turns zod issues into `{path, message}` with wire paths such as `PrecheckStatus.Detail[2].ItemName`. */
export function toIssues(error: WireParseError): ResponseIssue[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}

/** `["a", 0, "b"]` -> `a[0].b`. */
export function formatPath(path: readonly PropertyKey[], root = ""): string {
  let out = root;
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || "(root)";
}

/** Options of {@link decodeResponse}. */
export interface DecodeOptions {
  /** HTTP status of the reply, when known: a >= 400 body without an error code is still an error. */
  httpStatus?: number;
  /** Strings no error message may hold (the AccessKey secret, the STS token): redacted from an error body. */
  secrets?: readonly (string | undefined)[];
}

/** The result of {@link safeDecodeResponse}. */
export type DecodeResult<A extends DtsAction> = { ok: true; value: ResponseOf<A> } | { ok: false; error: DtsError };

/**
 * Checks a reply (JSON value, or JSON/XML text) for an API error, then parses it with the action's schema, once.
 * Never throws.
 */
export function safeDecodeResponse<A extends DtsAction>(action: A, body: unknown, options: DecodeOptions = {}): DecodeResult<A> {
  let raw = body;
  if (typeof body === "string") {
    try {
      raw = parseBodyText(body);
    } catch (cause) {
      return {
        ok: false,
        error: new DtsResponseParseError({
          action,
          issues: [{ path: "(root)", message: "the body is neither JSON nor XML" }],
          pretty: "✖ the body is neither JSON nor XML",
          cause,
        }),
      };
    }
  }
  const apiError = errorFromBody(raw, { action, httpStatus: options.httpStatus, ...(options.secrets ? { secrets: options.secrets } : {}) });
  if (apiError) return { ok: false, error: apiError };
  const parsed = RESPONSE_SCHEMAS[action].safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data as ResponseOf<A> };
  const requestId = typeof (raw as { RequestId?: unknown })?.RequestId === "string" ? (raw as { RequestId: string }).RequestId : undefined;
  return {
    ok: false,
    error: new DtsResponseParseError({ action, requestId, issues: toIssues(parsed.error), pretty: z.prettifyError(parsed.error) }),
  };
}

/**
 * Like {@link safeDecodeResponse} but throws: a `DtsApiError` for an error body (`Code`, or `Success: "false"`
 * with `ErrCode`/`ErrMessage`), a `DtsResponseParseError` naming the field for a reply that does not match.
 *
 * @example
 * ```ts
 * const page = decodeResponse("DescribeInitializationStatus", xmlText);
 * ```
 */
export function decodeResponse<A extends DtsAction>(action: A, body: unknown, options: DecodeOptions = {}): ResponseOf<A> {
  const result = safeDecodeResponse(action, body, options);
  if (!result.ok) throw result.error;
  return result.value;
}
