/**
 * The emulator's HTTP server: the DTS RPC endpoint on loopback, plus an unsigned control API under `/_emulator/`
 * (loopback clients only). `startEmulator()` is the programmatic entry; `bin.ts` wraps it.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { Clock } from "../sdk/types";
import { ACTIONS, parseObjects } from "./actions";
import { ApiError, NonceStore, checkCommonParameters, errorBody, readFormat, readParams } from "./protocol";
import { render, responseRoot, type ResponseFormat } from "./render";
import {
  FaultInjector,
  UNAVAILABLE_HTML,
  parseFaults,
  parseScenario,
  type FaultConfig,
  type FaultKind,
  type ScenarioInput,
} from "./scenarios";
import { verifySignature } from "./signature";
import { DEMO_JOB_ID, EmulatorState, type TaskSnapshot } from "./state";

/** The demo access key pair (accepted by every emulator unless `accessKeys` is given). Not a real credential. */
export const DEMO_ACCESS_KEY_ID = "LTAI5tDtsEmulatorDemo0001";
export const DEMO_ACCESS_KEY_SECRET = "dts-emulator-demo-secret-0001";
export { DEMO_JOB_ID };

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /** Port; 0 picks a free one. @default 0 */
  port?: number;
  /** Interface to listen on. @default "127.0.0.1" */
  host?: string;
  /** Virtual time runs this many times faster than the clock. @default 1 */
  timeScale?: number;
  /** Run scenario for jobs that have none. @default "success" */
  scenario?: ScenarioInput;
  /** Seed for row counts, failing tables, ids and faults. @default 1 */
  seed?: number;
  /** AccessKeyId -> AccessKeySecret. @default {[DEMO_ACCESS_KEY_ID]: DEMO_ACCESS_KEY_SECRET} */
  accessKeys?: Record<string, string>;
  /** JSON file that keeps jobs and tasks across restarts. @default none (memory only) */
  stateFile?: string;
  /** One line per request (never a secret or a Signature). `false` or absent: silent. */
  log?: ((line: string) => void) | false;
  /** Time source for task progress (tests inject one). Timestamp checks always use the wall clock. @default Date.now */
  clock?: Clock;
  /** Initial faults. @default none */
  faults?: FaultConfig;
  /** Largest request body accepted, bytes. @default 16 MiB */
  maxBodyBytes?: number;
  /**
   * Extension, off by default: ModifySynchronizationObject de-duplicates by ClientToken (the same token on the same
   * job returns the earlier TaskId). The API page documents no ClientToken for that action. @default false
   */
  clientTokenDedup?: boolean;
}

/** Counters for tests and the control API. */
export interface EmulatorStats {
  requests: number;
  byAction: Record<string, number>;
  /** Error code (or `OK`, or a fault kind such as `reset`) -> count. */
  byOutcome: Record<string, number>;
  faults: Record<FaultKind, number>;
  tasksStarted: number;
}

/** A running emulator. */
export interface EmulatorHandle {
  /** `http://127.0.0.1:<port>` (no trailing slash): use as the SDK's endpoint. */
  url: string;
  port: number;
  host: string;
  /** The first configured key pair (the demo pair by default). */
  accessKeyId: string;
  accessKeySecret: string;
  /** The pre-seeded demo job. */
  demoJobId: string;
  /** Close the server and every connection; pending slow responses are dropped. Idempotent. */
  stop(): Promise<void>;
  /** Create a job (optionally with an id and a scenario); returns its id. */
  createJob(opts?: { jobId?: string; scenario?: ScenarioInput; name?: string; objects?: string }): string;
  /** Set the run's scenario (no jobId) or one job's. Applies to tasks started afterwards. */
  setScenario(scenario: ScenarioInput, jobId?: string): void;
  /** Replace the fault config (restarts the seeded fault sequence). */
  setFaults(faults: FaultConfig): void;
  /** Let a held task go on: a task id, or a job id (its latest task). Returns the task id. */
  release(jobIdOrTaskId: string): string;
  /** Tasks started by ModifySynchronizationObject (idempotent replays not counted), for one job or all. */
  taskCount(jobId?: string): number;
  /** Every task, now. */
  tasks(): TaskSnapshot[];
  stats(): EmulatorStats;
  /** The state model (advanced use in tests). */
  readonly state: EmulatorState;
}

const KNOWN_ACTIONS: ReadonlySet<string> = new Set(Object.keys(ACTIONS));

function isLoopback(addr: string | undefined): boolean {
  return !!addr && (addr === "::1" || addr.startsWith("127.") || addr.startsWith("::ffff:127."));
}

function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) over = true;
      else chunks.push(c);
    });
    req.on("end", () => resolve(over ? null : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Start an emulator. Resolves once it listens. */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const host = opts.host ?? "127.0.0.1";
  const seed = opts.seed ?? 1;
  const clock: Clock = opts.clock ?? { now: () => Date.now() };
  const accessKeys = opts.accessKeys ?? { [DEMO_ACCESS_KEY_ID]: DEMO_ACCESS_KEY_SECRET };
  const firstKey = Object.keys(accessKeys)[0];
  if (!firstKey) throw new Error("accessKeys must hold at least one key pair");
  const timeScale = opts.timeScale ?? 1;
  if (!(timeScale > 0) || !Number.isFinite(timeScale)) throw new Error(`timeScale must be a positive number, got ${timeScale}`);
  const maxBody = opts.maxBodyBytes ?? 16 * 1024 * 1024;
  const log = opts.log || undefined;

  const state = new EmulatorState({
    clock,
    timeScale,
    seed,
    scenario: parseScenario(opts.scenario ?? "success"),
    stateFile: opts.stateFile,
    clientTokenDedup: opts.clientTokenDedup ?? false,
  });
  const nonces = new NonceStore();
  const faults = new FaultInjector(seed);
  if (opts.faults) faults.set(parseFaults(opts.faults));
  // Keyed by the request's Action (a user string): no prototype, so `constructor` or `__proto__` count like any name.
  const stats = { requests: 0, byAction: Object.create(null) as Record<string, number>, byOutcome: Object.create(null) as Record<string, number> };
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;

  const count = (outcome: string, action: string) => {
    stats.requests++;
    stats.byAction[action] = (stats.byAction[action] ?? 0) + 1;
    stats.byOutcome[outcome] = (stats.byOutcome[outcome] ?? 0) + 1;
  };

  const send = (res: ServerResponse, status: number, body: string, contentType: string, requestId?: string) => {
    if (res.destroyed || res.writableEnded) return;
    const headers: Record<string, string | number> = {
      "content-type": contentType,
      "content-length": Buffer.byteLength(body),
    };
    if (requestId) headers["x-acs-request-id"] = requestId;
    res.writeHead(status, headers);
    res.end(body);
  };

  const sendError = (res: ServerResponse, err: ApiError, format: ResponseFormat, requestId: string) => {
    const r = render(errorBody(err, requestId), format, "Error");
    send(res, err.httpStatus, r.body, r.contentType, requestId);
  };

  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const handleControl = async (req: IncomingMessage, res: ServerResponse, path: string, body: string, started: number) => {
    const json = (status: number, data: unknown) => {
      send(res, status, JSON.stringify(data), "application/json;charset=utf-8");
      if (log) log(`${new Date().toISOString()} ${req.method} ${path} -> ${status} ${Math.round(performance.now() - started)}ms`);
    };
    if (!isLoopback(req.socket.remoteAddress)) return json(403, { error: "the control API answers loopback clients only" });
    let input: Record<string, unknown> = {};
    if (req.method === "POST" && body.trim()) {
      try {
        input = JSON.parse(body) as Record<string, unknown>;
      } catch {
        return json(400, { error: "body must be JSON" });
      }
    }
    try {
      const route = `${req.method} ${path}`;
      switch (route) {
        case "GET /_emulator/state":
          return json(200, {
            url: handle.url,
            timeScale,
            seed,
            scenario: state.scenario,
            faults: faults.current,
            jobs: [...state.jobs.values()].map((j) => ({
              jobId: j.jobId,
              name: j.name,
              status: state.jobStatus(j),
              scenario: j.scenario,
              taskIds: j.taskIds,
            })),
            tasks: handle.tasks(),
            stats: handle.stats(),
          });
        case "GET /_emulator/tasks":
          return json(200, handle.tasks());
        case "POST /_emulator/scenario":
          handle.setScenario(input.scenario as ScenarioInput, input.jobId as string | undefined);
          return json(200, { ok: true });
        case "POST /_emulator/faults":
          handle.setFaults(input as FaultConfig);
          return json(200, { ok: true });
        case "POST /_emulator/jobs":
          return json(200, {
            jobId: handle.createJob({
              jobId: input.jobId as string | undefined,
              name: input.name as string | undefined,
              scenario: input.scenario as ScenarioInput | undefined,
              ...(typeof input.objects === "string" ? { objects: input.objects } : {}),
            }),
          });
        case "POST /_emulator/release":
          return json(200, { taskId: handle.release(String(input.id ?? input.taskId ?? input.jobId ?? "")) });
        default:
          return json(404, { error: `no control route ${route}` });
      }
    } catch (e) {
      return json(e instanceof ApiError ? e.httpStatus : 400, { error: (e as Error).message });
    }
  };

  const handleApi = async (req: IncomingMessage, res: ServerResponse, body: string, started: number) => {
    const method = (req.method ?? "GET").toUpperCase();
    const requestId = randomUUID().toUpperCase();
    const params = readParams(req.url ?? "/", body, req.headers["content-type"]);
    const action = params.Action ?? "";
    const ids = { job: params.SynchronizationJobId as string | undefined, task: params.TaskId as string | undefined };
    const finish = (status: number, outcome: string) => {
      count(outcome, action || "-");
      if (log) {
        const parts = [`${action || "-"}`];
        if (ids.job) parts.push(`job=${ids.job}`);
        if (ids.task) parts.push(`task=${ids.task}`);
        parts.push(`-> ${status} ${outcome}`, `${Math.round(performance.now() - started)}ms`);
        log(`${new Date().toISOString()} ${method} ${parts.join(" ")}`);
      }
    };
    let format: ResponseFormat = "XML";
    try {
      format = readFormat(params);
    } catch (e) {
      format = "JSON";
      sendError(res, e as ApiError, format, requestId);
      return finish(400, (e as ApiError).code);
    }

    const fault = faults.decide(action);
    if (fault.delayMs > 0) await delay(fault.delayMs);
    if (stopped || res.destroyed) return finish(0, "client-gone");
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
      checkCommonParameters(method, params, {
        accessKeys,
        nonces,
        knownActions: KNOWN_ACTIONS,
        wallNow: Date.now(),
        verify: verifySignature,
      });
      const result = ACTIONS[action]!(params, state, requestId);
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
        await delay(fault.afterDelayMs);
        if (stopped || res.destroyed) return finish(0, "slowAfter");
      }
      const r = render(result.payload, format, responseRoot(action));
      send(res, 200, r.body, r.contentType, requestId);
      return finish(200, "OK");
    } catch (e) {
      const err =
        e instanceof ApiError
          ? e
          : new ApiError(500, "InternalError", "The request processing has failed due to some unknown error.");
      if (!(e instanceof ApiError) && log) log(`internal error: ${(e as Error).stack ?? String(e)}`);
      if (fault.kind === "resetAfter") {
        req.socket.resetAndDestroy();
        return finish(0, "resetAfter");
      }
      sendError(res, err, format, requestId);
      return finish(err.httpStatus, err.code);
    }
  };

  const server = createServer({ maxHeaderSize: 4 * 1024 * 1024 }, (req, res) => {
    const started = performance.now();
    void (async () => {
      const body = await readBody(req, maxBody);
      const path = (req.url ?? "/").split("?")[0] ?? "/";
      if (body === null) {
        send(res, 413, JSON.stringify({ error: `request body larger than ${maxBody} bytes` }), "application/json");
        return;
      }
      if (path.startsWith("/_emulator/")) return handleControl(req, res, path, body, started);
      return handleApi(req, res, body, started);
    })().catch((e: unknown) => {
      if (log) log(`request failed: ${(e as Error).message}`);
      if (!res.headersSent && !res.destroyed) send(res, 500, "internal error", "text/plain");
    });
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  server.on("clientError", (_err, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n");
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;

  const handle: EmulatorHandle = {
    url: `http://${urlHost}:${port}`,
    port,
    host,
    accessKeyId: firstKey,
    accessKeySecret: accessKeys[firstKey] as string,
    demoJobId: DEMO_JOB_ID,
    state,
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      sockets.clear();
      await closed;
    },
    createJob(o = {}) {
      return state.createJob({
        jobId: o.jobId,
        name: o.name,
        scenario: o.scenario === undefined ? undefined : parseScenario(o.scenario),
        ...(o.objects !== undefined ? { initialObjects: parseObjects(o.objects) } : {}),
      }).jobId;
    },
    setScenario(scenario, jobId) {
      state.setScenario(parseScenario(scenario), jobId);
    },
    setFaults(f) {
      faults.set(parseFaults(f));
    },
    release(id) {
      return state.release(id);
    },
    taskCount(jobId) {
      if (jobId !== undefined) return state.job(jobId).taskIds.length;
      return state.tasks.size;
    },
    tasks() {
      return [...state.tasks.values()].map((t) => state.snapshot(t));
    },
    stats() {
      return {
        requests: stats.requests,
        byAction: { ...stats.byAction },
        byOutcome: { ...stats.byOutcome },
        faults: { ...faults.counts },
        tasksStarted: state.tasks.size,
      };
    },
  };
  return handle;
}
