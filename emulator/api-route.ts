/**
 * The emulator's DTS API route (`/`): one request from its signature (V1 or V3) and parameters, through the injected
 * faults, to the action and its reply in JSON or XML. server.ts owns the sockets, timers and counters it is given.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { ACTIONS as LEGACY_ACTIONS } from "./sync-job-actions";
import { describeDtsJobs } from "./dts-job-list-action";
import { DTS_JOB_ACTIONS } from "./dts-job-actions";
import type { KeyStore } from "./keys";
import { ApiError, type NonceStore, checkCommonParameters, errorBody, readFormat, readParams } from "./protocol";
import { checkV3Request, headerValue, isV3Request, readFormatV3, readParamsV3 } from "./protocol-v3";
import { render, responseRoot, type ResponseFormat } from "./render";
import { type FaultInjector, UNAVAILABLE_HTML } from "./scenarios";
import { verifySignature } from "./signature-v1";
import type { EmulatorState } from "./state";
import { StateFileError } from "./store";

/** What the API route uses of the running server. */
export interface ApiContext {
  state: EmulatorState;
  keys: KeyStore;
  nonces: NonceStore;
  faults: FaultInjector;
  log?: (line: string) => void;
  /** Counts one finished request by outcome, action and signature scheme. */
  count(outcome: string, action: string, scheme: string): void;
  /** A pause the server cancels on stop. */
  delay(ms: number): Promise<void>;
  /** True once the server is stopping. */
  stopped(): boolean;
}

/** Every action the emulator serves: the legacy ones and the new-API DtsJob ones. */
const ACTIONS: Readonly<Record<string, import("./sync-job-actions").ActionHandler>> = Object.assign(Object.create(null), LEGACY_ACTIONS, DTS_JOB_ACTIONS, {
  DescribeDtsJobs: describeDtsJobs,
});

/** The actions the emulator serves. */
export const KNOWN_ACTIONS: ReadonlySet<string> = new Set(Object.keys(ACTIONS));

/** Writes one reply (unless the client is gone), with the request id header when given. */
export function send(res: ServerResponse, status: number, body: string, contentType: string, requestId?: string): void {
  if (res.destroyed || res.writableEnded) return;
  const headers: Record<string, string | number> = {
    "content-type": contentType,
    "content-length": Buffer.byteLength(body),
  };
  if (requestId) headers["x-acs-request-id"] = requestId;
  res.writeHead(status, headers);
  res.end(body);
}

/** Writes Alibaba's error body for `err` in the request's format. */
export function sendError(res: ServerResponse, err: ApiError, format: ResponseFormat, requestId: string): void {
  const r = render(errorBody(err, requestId), format, "Error");
  send(res, err.httpStatus, r.body, r.contentType, requestId);
}

/** Serves one DTS API request: signature and parameters, the injected faults, the action, the reply. */
export async function handleApi(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, bodyBytes: Buffer, started: number): Promise<void> {
  const method = (req.method ?? "GET").toUpperCase();
  const requestId = randomUUID().toUpperCase();
  const url = req.url ?? "/";
  const body = bodyBytes.toString("utf8");
  const contentType = req.headers["content-type"];
  // V1 parameters (query + form body) also tell whether the request is V1 at all (it carries `Signature`).
  const v1Params = readParams(url, body, contentType);
  const scheme = isV3Request(req.headersDistinct, v1Params) ? "V3" : "V1";
  const action = (scheme === "V3" ? headerValue(req.headersDistinct, "x-acs-action") : v1Params.Action) ?? "";
  let params = v1Params;
  let sts = scheme === "V1" ? !!v1Params.SecurityToken : !!req.headers["x-acs-security-token"];
  const ids = { job: undefined as string | undefined, task: undefined as string | undefined };
  const finish = (status: number, outcome: string) => {
    ctx.count(outcome, action || "-", scheme);
    if (ctx.log) {
      const parts = [`${scheme}${sts ? "/sts" : ""}`, `${action || "-"}`];
      if (ids.job) parts.push(`job=${ids.job}`);
      if (ids.task) parts.push(`task=${ids.task}`);
      parts.push(`-> ${status} ${outcome}`, `${Math.round(performance.now() - started)}ms`);
      ctx.log(`${new Date().toISOString()} ${method} ${parts.join(" ")}`);
    }
  };
  // V3 answers JSON unless asked otherwise; V1 answers XML unless asked otherwise (both as the gateway does).
  let format: ResponseFormat = scheme === "V3" ? "JSON" : "XML";
  try {
    if (scheme === "V3") params = readParamsV3(url, body, contentType);
    ids.job = params.SynchronizationJobId ?? params.DtsInstanceId ?? params.DtsJobId;
    ids.task = params.TaskId;
    format = scheme === "V3" ? readFormatV3(params, req.headers.accept) : readFormat(params);
  } catch (e) {
    if (scheme === "V1") format = "JSON";
    sendError(res, e as ApiError, format, requestId);
    return finish(400, (e as ApiError).code);
  }

  const fault = ctx.faults.decide(action);
  if (fault.delayMs > 0) await ctx.delay(fault.delayMs);
  if (ctx.stopped() || res.destroyed) return finish(0, "client-gone");
  switch (fault.kind) {
    case "reset":
      req.socket.resetAndDestroy();
      return finish(0, "reset");
    case "unavailable":
      send(res, 503, UNAVAILABLE_HTML, "text/html");
      return finish(503, "unavailable");
    case "throttle":
      sendError(res, new ApiError(400, "Throttling.User", "Request was denied due to user flow control."), format, requestId);
      return finish(400, "Throttling.User");
    case "throttle429":
      sendError(res, new ApiError(429, "Throttling.Api", "Request was denied due to api flow control."), format, requestId);
      return finish(429, "Throttling.Api");
    default:
      break;
  }

  try {
    if (method !== "GET" && method !== "POST") {
      throw new ApiError(400, "UnsupportedHTTPMethod", `Specified HTTP method ${method} is not supported; use GET or POST.`);
    }
    if (scheme === "V3") {
      const who = checkV3Request(
        { method, url, headers: req.headersDistinct, body: bodyBytes },
        { keys: ctx.keys, nonces: ctx.nonces, knownActions: KNOWN_ACTIONS, wallNow: Date.now() },
      );
      sts = who.sts;
    } else {
      checkCommonParameters(method, params, { keys: ctx.keys, nonces: ctx.nonces, knownActions: KNOWN_ACTIONS, wallNow: Date.now(), verify: verifySignature });
    }
    const result = ACTIONS[action]!(params, ctx.state, requestId);
    ids.job = result.jobId ?? ids.job;
    ids.task = result.taskId ?? ids.task;
    if (fault.kind === "resetAfter") {
      req.socket.resetAndDestroy();
      return finish(0, "resetAfter");
    }
    // Faults after the call ran: a 5xx page, or an answer that comes after the client's timeout.
    if (fault.kind === "unavailableAfter") {
      send(res, 503, UNAVAILABLE_HTML, "text/html");
      return finish(503, "unavailableAfter");
    }
    if (fault.kind === "slowAfter") {
      await ctx.delay(fault.afterDelayMs);
      if (ctx.stopped() || res.destroyed) return finish(0, "slowAfter");
    }
    const r = render(result.payload, format, responseRoot(action));
    send(res, 200, r.body, r.contentType, requestId);
    return finish(200, "OK");
  } catch (e) {
    const err = e instanceof ApiError ? e : new ApiError(500, "InternalError", "The request processing has failed due to some unknown error.");
    if (!(e instanceof ApiError) && ctx.log) ctx.log(`internal error: ${(e as Error).stack ?? String(e)}`);
    if (e instanceof StateFileError && ctx.log) ctx.log(`error: ${e.message}`);
    if (fault.kind === "resetAfter") {
      req.socket.resetAndDestroy();
      return finish(0, "resetAfter");
    }
    sendError(res, err, format, requestId);
    return finish(err.httpStatus, err.code);
  }
}
