/**
 * The emulator's HTTP server: the DTS RPC endpoint at `/` on loopback, plus an unsigned control API under
 * `/_emulator/` (loopback clients only, see control.ts); any other path answers 404. `startEmulator()` is the
 * programmatic entry; `bin.ts` wraps it.
 */
import { InitializationLifeSchema } from "./initialization-life-schema";
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { Clock } from "../sdk/types";
import { parseObjects } from "./sync-job-actions";
import { KeyStore, type StsCredential } from "./keys";
import { KNOWN_ACTIONS, handleApi, send, sendError, type ApiContext } from "./api-route";
import { handleControl } from "./control";
import type { EmulatorHandle } from "./handle";
import { ApiError, NonceStore, readFormat, readParams } from "./protocol";
import { isV3Request } from "./protocol-v3";
import type { ResponseFormat } from "./render";
import { FaultInjector, parseFaults, parseScenario, type FaultConfig, type ScenarioInput } from "./scenarios";
import { DEMO_JOB_ID, EmulatorState } from "./state";

/** The demo access key pair (accepted by every emulator unless `accessKeys` is given). Not a real credential. */
export const DEMO_ACCESS_KEY_ID = "LTAI5tDtsEmulatorDemo0001";
export const DEMO_ACCESS_KEY_SECRET = "dts-emulator-demo-secret-0001";
export { DEMO_JOB_ID };

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /** Port; 0 picks a free one. @default 0 */
  port?: number;
  /**
   * Interface to listen on. Not empty. Off loopback (e.g. `0.0.0.0`), `accessKeys` must be given and must not
   * hold the demo key pair (see {@link checkHost}). @default "127.0.0.1"
   */
  host?: string;
  /** Virtual time runs this many times faster than the clock. @default 1 */
  timeScale?: number;
  /** Run scenario for jobs that have none. @default "success" */
  scenario?: ScenarioInput;
  /** Seed for row counts, failing tables, ids and faults. @default 1 */
  seed?: number;
  /** AccessKeyId -> AccessKeySecret. @default {[DEMO_ACCESS_KEY_ID]: DEMO_ACCESS_KEY_SECRET} */
  accessKeys?: Record<string, string>;
  /**
   * STS credentials: a request carrying a security token (V1 `SecurityToken`, V3 `x-acs-security-token`) is
   * accepted only with the key pair the token is configured with here (see keys.ts for the errors).
   * @default none
   * @example [{ accessKeyId: "STS.demo", accessKeySecret: "s", securityToken: "token", expiration: "2030-01-01T00:00:00Z" }]
   */
  stsTokens?: StsCredential[];
  /** JSON file that keeps jobs and tasks across restarts. @default none (memory only) */
  stateFile?: string;
  /** One line per request, naming the signature scheme (never a secret, token or signature). `false` or absent: silent. */
  log?: ((line: string) => void) | false;
  /** Time source for task progress (tests inject one). Timestamp checks always use the wall clock. @default Date.now */
  clock?: Clock;
  /** Initial faults. @default none */
  faults?: FaultConfig;
  /** Largest request body accepted, bytes. @default 16 MiB */
  maxBodyBytes?: number;
  /**
   * A connection that has not sent a complete request head within this time is closed (an idle connection, or a
   * head sent a byte at a time): node's `headersTimeout`. Headers keep node's default size limit (16 KiB).
   * @default 10000
   */
  headersTimeoutMs?: number;
  /** A request whose body is not complete within this time is closed with 408 (node's `requestTimeout`). @default 30000 */
  requestTimeoutMs?: number;
  /**
   * Largest request head (request line with its query string, and headers), bytes. Node's default (16 KiB) unless
   * set: a GET whose query string holds thousands of tables (pop-core's default method) needs more, so tests that
   * send one name it. @default node's `http.maxHeaderSize`
   */
  maxHeaderBytes?: number;
  /**
   * Extension, off by default: ModifySynchronizationObject de-duplicates by ClientToken (the same token on the same
   * job returns the earlier TaskId). The API page documents no ClientToken for that action. @default false
   */
  clientTokenDedup?: boolean;
}

export type { EmulatorHandle, EmulatorStats } from "./handle";

function isLoopback(addr: string | undefined): boolean {
  return !!addr && (addr === "::1" || addr.startsWith("127.") || addr.startsWith("::ffff:127."));
}

/** Whether a host to listen on (or a Host header's name) is reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1");
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || /^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * Refuse a host the emulator must not listen on: an empty one (Node would listen on every interface and the URL
 * would read `http://:PORT`), and one off loopback while the demo key pair is accepted (it is published, so anyone
 * on the network could call the API). Throws an Error saying what to do.
 */
export function checkHost(host: string, accessKeys: Record<string, string> | undefined): void {
  if (!host.trim()) {
    throw new Error("the host is empty (Node would listen on every interface): give 127.0.0.1 (loopback, the default) or an interface address such as 0.0.0.0");
  }
  if (isLoopbackHost(host)) return;
  const demo = accessKeys === undefined || accessKeys[DEMO_ACCESS_KEY_ID] !== undefined;
  if (demo) {
    throw new Error(
      `refusing to listen on ${host} with the demo key pair (${DEMO_ACCESS_KEY_ID}), which is published: anyone who can reach ` +
        `this machine could use it. Configure your own key pair ("accessKeys" in --config, or startEmulator({accessKeys})) ` +
        "without the demo pair, or listen on 127.0.0.1",
    );
  }
}

/** A warning to print when the emulator listens off loopback (undefined on loopback). */
export function exposureWarning(host: string): string | undefined {
  if (isLoopbackHost(host)) return undefined;
  const where = host === "0.0.0.0" || host === "::" ? `${host} (every network interface)` : host;
  return (
    `WARNING: listening on ${where}: other machines can reach this emulator's DTS API and call it with the ` +
    "configured access keys. The control API (/_emulator/) still answers loopback clients only. Use --host 127.0.0.1 " +
    "unless other machines must reach it."
  );
}

/** Refuse fault configs naming Actions the emulator does not serve (they would never match). */
function checkFaultActions(config: FaultConfig): FaultConfig {
  (config.actions ?? []).forEach((a, i) => {
    if (!KNOWN_ACTIONS.has(a)) throw new Error(`invalid faults: actions[${i}]: unknown Action "${a}" (known: ${[...KNOWN_ACTIONS].join(", ")})`);
  });
  return config;
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) over = true;
      else chunks.push(c);
    });
    req.on("end", () => resolve(over ? null : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Start an emulator. Resolves once it listens. */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const host = opts.host ?? "127.0.0.1";
  checkHost(host, opts.accessKeys);
  const seed = opts.seed ?? 1;
  const clock: Clock = opts.clock ?? { now: () => Date.now() };
  const accessKeys = opts.accessKeys ?? { [DEMO_ACCESS_KEY_ID]: DEMO_ACCESS_KEY_SECRET };
  const keys = new KeyStore(accessKeys, opts.stsTokens ?? []);
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
  if (opts.faults) faults.set(checkFaultActions(parseFaults(opts.faults)));
  const stats = {
    requests: 0,
    // Keyed by the request's Action (a user string): no prototype, so `constructor` or `__proto__` count like any name.
    byAction: Object.create(null) as Record<string, number>,
    byOutcome: Object.create(null) as Record<string, number>,
    bySignature: Object.create(null) as Record<string, number>,
  };
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;

  const count = (outcome: string, action: string, scheme: string) => {
    stats.requests++;
    stats.bySignature[scheme] = (stats.bySignature[scheme] ?? 0) + 1;
    stats.byAction[action] = (stats.byAction[action] ?? 0) + 1;
    stats.byOutcome[outcome] = (stats.byOutcome[outcome] ?? 0) + 1;
  };

  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const serveControl = (req: IncomingMessage, res: ServerResponse, path: string, body: string, started: number) => {
    const answer = handleControl(req, path, body, {
      handle,
      timeScale,
      seed,
      currentFaults: () => faults.current,
      isLoopbackHost,
      isLoopbackAddress: isLoopback,
    });
    if (!res.destroyed && !res.writableEnded) {
      const text = JSON.stringify(answer.data);
      res.writeHead(answer.status, { ...answer.headers, "content-type": "application/json;charset=utf-8", "content-length": Buffer.byteLength(text) });
      res.end(text);
    }
    if (log) log(`${new Date().toISOString()} ${req.method} ${path} -> ${answer.status} ${Math.round(performance.now() - started)}ms`);
  };

  const api: ApiContext = { state, keys, nonces, faults, ...(log ? { log } : {}), count, delay, stopped: () => stopped };

  // A test tool that people run on shared machines: half-sent requests are timed out and headers keep node's
  // default limit, so a client cannot hold connections and memory without end. Checked every second (node's
  // default interval is 30 s).
  const headersTimeout = opts.headersTimeoutMs ?? 10_000;
  const requestTimeout = Math.max(headersTimeout, opts.requestTimeoutMs ?? 30_000);
  const server = createServer(
    {
      headersTimeout,
      requestTimeout,
      connectionsCheckingInterval: Math.min(1000, headersTimeout),
      ...(opts.maxHeaderBytes !== undefined ? { maxHeaderSize: opts.maxHeaderBytes } : {}),
    },
    (req, res) => {
      const started = performance.now();
      void (async () => {
        const body = await readBody(req, maxBody);
        const path = (req.url ?? "/").split("?")[0] ?? "/";
        if (body === null) {
          send(res, 413, JSON.stringify({ error: `request body larger than ${maxBody} bytes` }), "application/json");
          return;
        }
        if (path.startsWith("/_emulator/")) return serveControl(req, res, path, body.toString("utf8"), started);
        // A V3 request off `/` is refused by the V3 checks (InvalidAction.NotFound, as the gateway answers RPC style).
        if (path !== "/" && !isV3Request(req.headersDistinct, readParams(req.url ?? "/", body.toString("utf8"), req.headers["content-type"]))) {
          // The RPC API lives at `/` only (pop-core calls `<endpoint>/?...`): anything else is a wrong endpoint URL.
          // Alibaba's error body (emulator code `PathNotFound`), so an SDK reports it as an error with this message.
          let format: ResponseFormat = "JSON";
          try {
            format = readFormat(readParams(req.url ?? "/", body.toString("utf8"), req.headers["content-type"]));
          } catch {
            // Bad Format too: keep JSON.
          }
          const message = `No DTS API at ${JSON.stringify(path.slice(0, 200))}: the emulator serves the RPC API at / only (the control API under /_emulator/). Use the endpoint URL without a path.`;
          sendError(res, new ApiError(404, "PathNotFound", message), format, randomUUID().toUpperCase());
          if (log) log(`${new Date().toISOString()} ${req.method} ${path.slice(0, 200)} -> 404 PathNotFound`);
          return;
        }
        return handleApi(api, req, res, body, started);
      })().catch((e: unknown) => {
        if (log) log(`request failed: ${(e as Error).message}`);
        if (!res.headersSent && !res.destroyed) send(res, 500, "internal error", "text/plain");
      });
    },
  );
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  server.on("clientError", (err: Error & { code?: string }, socket) => {
    // Say which bound tripped: headers over node's limit (431), a head or body not sent in time (408).
    const status =
      err.code === "HPE_HEADER_OVERFLOW"
        ? "431 Request Header Fields Too Large"
        : err.code === "ERR_HTTP_REQUEST_TIMEOUT"
          ? "408 Request Timeout"
          : "400 Bad Request";
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\n\r\n`);
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
  // Listening on every interface: the URL to use from this machine is loopback (0.0.0.0 is no destination, and the
  // control API wants a loopback Host header).
  const reachable = host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "::1" : host;
  const urlHost = reachable.includes(":") ? `[${reachable}]` : reachable;

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
        ...(o.initialization !== undefined ? { initialization: InitializationLifeSchema.parse(o.initialization) } : {}),
      }).jobId;
    },
    setScenario(scenario, jobId) {
      state.setScenario(parseScenario(scenario), jobId);
    },
    setFaults(f) {
      faults.set(checkFaultActions(parseFaults(f)));
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
        bySignature: { ...stats.bySignature },
        faults: { ...faults.counts },
        tasksStarted: state.tasks.size,
      };
    },
  };
  return handle;
}
