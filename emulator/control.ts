/**
 * The control API under `/_emulator/`: unsigned JSON routes for tests and demos (state, tasks, scenario, faults,
 * jobs, release).
 *
 * Being unsigned, it must not be reachable from a web page: a page can send a cross-site `text/plain` POST
 * without a preflight, and can read answers through DNS rebinding (its own host name resolving to 127.0.0.1).
 * So a request is served only when all of these hold, checked in this order (first failure answers):
 * 1. the client address is loopback (403);
 * 2. the `Host` header names a loopback host (`127.x.x.x`, `localhost`, `[::1]`), which a rebound name is not (403);
 * 3. no `Origin` header, or the emulator's own origin (403);
 * 4. a POST says `Content-Type: application/json`, which a cross-site page cannot send without a preflight that
 *    this API never grants (415);
 * 5. a POST body is empty or a JSON object, and each route's body is checked field by field (400 naming the field).
 */
import { InitializationLifeSchema } from "./initialization-life-schema";
import type { IncomingMessage } from "node:http";
import { z } from "zod";
import { dtsJobOptions, modifyDtsJob, setDtsJobOptions } from "./dts-job-actions";
import { ApiError } from "./protocol";
import { FaultConfigSchema } from "./input-schemas";
import type { FaultConfig, ScenarioInput } from "./scenarios";
import type { EmulatorHandle } from "./handle";

/** An answer of the control API: HTTP status and a JSON value. */
export interface ControlAnswer {
  status: number;
  data: unknown;
  headers?: Record<string, string>;
}

/** What the routes read besides the handle. */
export interface ControlContext {
  handle: EmulatorHandle;
  timeScale: number;
  seed: number;
  currentFaults(): FaultConfig;
  /** Whether a host name is loopback (server.ts owns the rule). */
  isLoopbackHost(host: string): boolean;
  /** Whether a client address is loopback. */
  isLoopbackAddress(addr: string | undefined): boolean;
}

const ROUTES: Record<string, "GET" | "POST"> = {
  "/_emulator/state": "GET",
  "/_emulator/tasks": "GET",
  "/_emulator/scenario": "POST",
  "/_emulator/faults": "POST",
  "/_emulator/jobs": "POST",
  "/_emulator/release": "POST",
  "/_emulator/dts-job-options": "POST",
  "/_emulator/dts-job-modify": "POST",
  "/_emulator/initialization-jobs": "POST",
};

const InitializationJobBody = InitializationLifeSchema.extend({ jobId: z.string().min(1).optional(), name: z.string().min(1).optional() });

/** The new-API readings the documents leave open (dts-job-actions.ts `DtsJobOptions`). */
const DtsJobOptionsBody = z.strictObject({
  parentStatus: z.enum(["Modifying", "synchronizing"]).optional(),
  finishedSubSyncJob: z.enum(["stays", "disappears"]).optional(),
});
/** "Another client" sends a ModifyDtsJob: the same action, with the request's parameters (wire names). */
const DtsJobModifyBody = z.strictObject({
  DtsInstanceId: z.string().min(1),
  DtsJobId: z.string().optional(),
  DbList: z.string().min(1),
  ClientToken: z.string().optional(),
});

const Id = z.string().min(1).max(64);
const ScenarioBody = z.strictObject({ scenario: z.unknown().optional(), jobId: Id.optional() });
const JobsBody = z.strictObject({
  jobId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1 to 64 letters, digits, '_' or '-'")
    .optional(),
  name: z.string().min(1).max(128).optional(),
  scenario: z.unknown().optional(),
  /** The job's initial SynchronizationObjects (the API's JSON string). */
  objects: z.string().min(1).optional(),
});
const ReleaseBody = z.strictObject({ id: Id.optional(), taskId: Id.optional(), jobId: Id.optional() });

/** `body.<path>: <message>` for each issue, so an error names the field. */
function issuesText(error: z.ZodError): string {
  return error.issues
    .map((i) => `${["body", ...i.path.map((p) => (typeof p === "number" ? `[${p}]` : String(p)))].join(".").replace(/\.\[/g, "[")}: ${i.message}`)
    .join("; ");
}

function bad(message: string): ControlAnswer {
  return { status: 400, data: { error: message } };
}

/** The host name of a `Host` header (`[::1]:8080` -> `::1`, `127.0.0.1:80` -> `127.0.0.1`). */
export function hostnameOfHeader(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith("[")) return h.slice(1, h.indexOf("]") < 0 ? undefined : h.indexOf("]"));
  const colon = h.lastIndexOf(":");
  return colon >= 0 && h.indexOf(":") === colon ? h.slice(0, colon) : h;
}

/** The request guards (points 1-4 of the module comment); `undefined` when the request may go on. */
function guard(req: IncomingMessage, ctx: ControlContext, method: string): ControlAnswer | undefined {
  if (!ctx.isLoopbackAddress(req.socket.remoteAddress)) {
    return { status: 403, data: { error: "the control API answers loopback clients only" } };
  }
  const host = req.headers.host;
  if (!host || !ctx.isLoopbackHost(hostnameOfHeader(host))) {
    return {
      status: 403,
      data: {
        error: `the control API answers only requests whose Host header is a loopback name (127.0.0.1, localhost, [::1]); got ${host === undefined ? "none" : JSON.stringify(host)}`,
      },
    };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !ownOrigin(origin, ctx)) {
    return { status: 403, data: { error: `the control API refuses cross-origin requests (Origin ${JSON.stringify(origin)})` } };
  }
  if (method === "POST") {
    const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    if (type !== "application/json") {
      return {
        status: 415,
        data: { error: `the control API takes JSON: send the header Content-Type: application/json (got ${type ? JSON.stringify(type) : "none"})` },
      };
    }
  }
  return undefined;
}

/** An Origin is the emulator's own if it is http, a loopback host and the emulator's port. */
function ownOrigin(origin: string, ctx: ControlContext): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // "null" (sandboxed frames, file://) and garbage
  }
  return url.protocol === "http:" && ctx.isLoopbackHost(url.hostname.replace(/^\[|\]$/g, "")) && Number(url.port || 80) === ctx.handle.port;
}

/** The body of a POST: empty -> `{}`, else a JSON object. */
function readObject(body: string): { value: Record<string, unknown> } | { error: ControlAnswer } {
  if (!body.trim()) return { value: {} };
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch (e) {
    return { error: bad(`body must be JSON: ${(e as Error).message}`) };
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return { error: bad(`body must be a JSON object, got ${raw === null ? "null" : Array.isArray(raw) ? "an array" : typeof raw}`) };
  }
  return { value: raw as Record<string, unknown> };
}

/** Serve one control request (path without the query string). */
export function handleControl(req: IncomingMessage, path: string, body: string, ctx: ControlContext): ControlAnswer {
  const method = (req.method ?? "GET").toUpperCase();
  const denied = guard(req, ctx, method);
  if (denied) return denied;
  const allowed = ROUTES[path];
  if (!allowed) return { status: 404, data: { error: `no control route ${path} (routes: ${Object.keys(ROUTES).join(", ")})` } };
  if (method !== allowed) {
    return { status: 405, data: { error: `${path} takes ${allowed}, not ${method}` }, headers: { allow: allowed } };
  }
  const { handle } = ctx;
  try {
    if (method === "GET") {
      if (path === "/_emulator/tasks") return { status: 200, data: handle.tasks() };
      const state = handle.state;
      return {
        status: 200,
        data: {
          url: handle.url,
          timeScale: ctx.timeScale,
          seed: ctx.seed,
          scenario: state.scenario,
          faults: ctx.currentFaults(),
          dtsJobOptions: dtsJobOptions(state),
          jobs: [...state.jobs.values()].map((j) => ({
            jobId: j.jobId,
            name: j.name,
            status: state.jobStatus(j),
            scenario: j.scenario,
            taskIds: j.taskIds,
          })),
          tasks: handle.tasks(),
          stats: handle.stats(),
        },
      };
    }
    const read = readObject(body);
    if ("error" in read) return read.error;
    const input = read.value;
    switch (path) {
      case "/_emulator/scenario": {
        const r = ScenarioBody.safeParse(input);
        if (!r.success) return bad(issuesText(r.error));
        if (r.data.scenario === undefined) return bad("body.scenario: required (a scenario name or a scenario config)");
        try {
          handle.setScenario(r.data.scenario as ScenarioInput, r.data.jobId);
        } catch (e) {
          if (e instanceof ApiError) throw e;
          return bad(`body.scenario: ${(e as Error).message}`);
        }
        return { status: 200, data: { ok: true } };
      }
      case "/_emulator/faults": {
        const r = FaultConfigSchema.safeParse(input);
        if (!r.success) return bad(issuesText(r.error));
        try {
          handle.setFaults(r.data);
        } catch (e) {
          return bad((e as Error).message.replace(/^invalid faults: /, "body."));
        }
        return { status: 200, data: { ok: true } };
      }
      case "/_emulator/jobs": {
        const r = JobsBody.safeParse(input);
        if (!r.success) return bad(issuesText(r.error));
        let jobId: string;
        try {
          jobId = handle.createJob({
            jobId: r.data.jobId,
            name: r.data.name,
            scenario: r.data.scenario as ScenarioInput | undefined,
            ...(r.data.objects !== undefined ? { objects: r.data.objects } : {}),
          });
        } catch (e) {
          if (e instanceof ApiError) throw e;
          const m = (e as Error).message;
          return bad(/already exists/.test(m) ? `body.jobId: ${m}` : /SynchronizationObjects|objects/i.test(m) ? `body.objects: ${m}` : `body.scenario: ${m}`);
        }
        return { status: 200, data: { jobId } };
      }
      case "/_emulator/initialization-jobs": {
        // A new job in its first synchronization: its life (initialization-life.ts), both families' ids back.
        const r = InitializationJobBody.safeParse(input);
        if (!r.success) return bad(issuesText(r.error));
        const { jobId: wanted, name, ...life } = r.data;
        let jobId: string;
        try {
          jobId = handle.createJob({ ...(wanted ? { jobId: wanted } : {}), ...(name ? { name } : {}), initialization: life });
        } catch (e) {
          return bad(`body.jobId: ${(e as Error).message}`);
        }
        return { status: 200, data: { jobId, synchronizationJobId: jobId, dtsJobId: jobId.replace(/^dts/, ""), dtsInstanceId: jobId } };
      }
      case "/_emulator/dts-job-options": {
        const r = DtsJobOptionsBody.safeParse(input);
        if (!r.success) return bad(issuesText(r.error));
        return { status: 200, data: { options: setDtsJobOptions(handle.state, r.data) } };
      }
      case "/_emulator/dts-job-modify": {
        const r = DtsJobModifyBody.safeParse(input);
        if (!r.success) return bad(issuesText(r.error));
        let out: ReturnType<typeof modifyDtsJob>;
        try {
          out = modifyDtsJob(r.data as Record<string, string>, handle.state, "control");
        } catch (e) {
          // The API's error code too: a test can tell JobStatusModifying from a bad DbList.
          if (e instanceof ApiError) return { status: e.httpStatus, data: { error: e.message, code: e.code } };
          throw e;
        }
        return { status: 200, data: { dtsJobId: out.payload.DtsJobId, subSyncJobId: out.taskId } };
      }
      default: {
        const r = ReleaseBody.safeParse(input);
        if (!r.success) return bad(issuesText(r.error));
        const given = [r.data.id, r.data.taskId, r.data.jobId].filter((x) => x !== undefined);
        if (given.length !== 1) return bad("body: give exactly one of id (a task or job id), taskId, jobId");
        return { status: 200, data: { taskId: handle.release(given[0]!) } };
      }
    }
  } catch (e) {
    if (e instanceof ApiError) return { status: e.httpStatus, data: { error: e.message } };
    return bad((e as Error).message);
  }
}
