/**
 * Bounds on one reply, whatever the endpoint sends (see docs/bounds.md): pop-core (through httpx) reads a reply
 * whole, inflates a `content-encoding: gzip` body without limit and does not look at the status of a success-shaped
 * body. pop-core still signs and sends; this module watches the exchange from the HTTP agent it is given:
 *
 * - the bytes on the wire (headers included) are counted on the socket: past {@link MAX_REPLY_BYTES} the exchange
 *   is cut (`too-large`), so a reply that never ends stops at the cap instead of at the timeout;
 * - a gzip/deflate/br body is inflated here, counted, and cut at the same cap (httpx is handed the body as it came,
 *   its own inflation switched off by removing the header, and its result is not used); any other encoding is
 *   refused;
 * - a 3xx is refused as it arrives (`redirect`, naming the `Location` without its query): never followed, never read;
 * - a reply still arriving at the attempt's deadline is cut with a message that says so.
 *
 * The guard never changes what a normal reply looks like to pop-core: it only counts socket bytes (a second
 * listener on the socket, which node's HTTP parser already reads in flowing mode).
 */
import { Agent as HttpAgent, type AgentOptions, type ClientRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import type { Socket } from "node:net";
import type { Transform } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { DtsReplyRefusedError, DtsTimeoutError, type DtsError } from "../errors/errors";

/**
 * Most bytes of one reply, on the wire (headers included) and again once inflated: 32 MiB. A real page of
 * `DescribeInitializationStatus` (100 rows) is tens of kilobytes; a status reply a few kilobytes.
 */
export const MAX_REPLY_BYTES = 32 * 1024 * 1024;

/** The option key under which httpx's `beforeRequest` hook hands a request's guard to the agent. */
const GUARD = Symbol.for("pulumi-dts-objects.replyGuard");

/** Watches one HTTP exchange; cuts it through `cut` (which aborts the exchange) when a bound trips. */
export class ReplyGuard {
  /** Bytes received on the wire for this reply, headers included. */
  bytes = 0;
  /** HTTP status, once the head arrived. */
  status?: number;
  /** Why the exchange was cut, once it was. */
  refusal?: DtsError;
  /** The inflated body, for a compressed reply (settles when the body ends or the exchange is cut). */
  decoded?: Promise<string>;
  /**
   * Resolves with {@link decoded} as soon as a compressed reply's head arrives (never otherwise): httpx, reading the
   * body after the guard, may never see its end, so its result is not waited for.
   */
  readonly compressed: Promise<{ decoded: Promise<string> }>;
  private onCompressed!: (value: { decoded: Promise<string> }) => void;
  private timer?: NodeJS.Timeout;
  private responded = false;

  constructor(
    private readonly action: string,
    private readonly maxBytes: number,
    private readonly cutExchange: (reason: DtsError) => void,
  ) {
    this.compressed = new Promise((resolve) => {
      this.onCompressed = resolve;
    });
  }

  /** Adds the guard to the options httpx hands to `http.request` (they reach the agent's `addRequest`). */
  mark(options: Record<string | symbol, unknown>): void {
    options[GUARD] = this;
  }

  /** Starts the attempt's deadline: a reply still arriving then is cut, saying so. */
  startDeadline(timeoutMs: number): void {
    this.timer = setTimeout(() => {
      if (this.responded) this.cut(this.deadlineError(timeoutMs));
    }, timeoutMs);
    this.timer.unref();
  }

  /** The timeout error of an attempt whose reply was still arriving at its deadline. */
  deadlineError(timeoutMs: number): DtsTimeoutError {
    return new DtsTimeoutError(`${this.action}: the reply was still arriving after ${timeoutMs} ms (${this.bytes} bytes received); cut at the deadline`, {
      action: this.action,
      timeoutMs,
    });
  }

  /** True once the reply's head arrived (a timeout then is a reply that kept streaming). */
  get streaming(): boolean {
    return this.responded;
  }

  /** Ends the guard's timer (the exchange is over). */
  end(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  cut(reason: DtsError): void {
    if (this.refusal) return;
    this.refusal = reason;
    this.cutExchange(reason);
  }

  /** Called by the agent for the request this guard watches. */
  attach(req: ClientRequest): void {
    // A cut destroys the request, its response and its socket with the cut's reason, on whichever of them node
    // emits it: never an unhandled 'error' (the transport reports the cut itself).
    req.on("error", () => undefined);
    req.once("socket", (socket: Socket) => {
      const quiet = (): void => undefined;
      socket.on("error", quiet);
      const onData = (chunk: Buffer): void => {
        this.bytes += chunk.length;
        if (this.bytes > this.maxBytes) this.cut(this.tooLarge("on the wire"));
      };
      socket.on("data", onData);
      req.once("close", () => {
        socket.off("data", onData);
        socket.off("error", quiet);
      });
    });
    // Before httpx's own listener, so the head is judged before pop-core reads the body.
    req.prependOnceListener("response", (res: IncomingMessage) => this.onResponse(res));
  }

  private onResponse(res: IncomingMessage): void {
    this.responded = true;
    this.status = res.statusCode;
    // A cut destroys the response, maybe before httpx listens to it: never an unhandled 'error'.
    res.on("error", () => undefined);
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400) {
      const location = typeof res.headers.location === "string" ? res.headers.location.replace(/[?#].*$/, "") : undefined;
      this.cut(
        new DtsReplyRefusedError(
          `${this.action}: the endpoint answered HTTP ${status} (a redirect${location ? ` to ${location}` : " without a Location"}); redirects are never followed (the request is signed): set the endpoint to the address that answers`,
          { reason: "redirect", action: this.action, httpStatus: status },
        ),
      );
      return;
    }
    const encoding = String(res.headers["content-encoding"] ?? "identity")
      .trim()
      .toLowerCase();
    if (encoding === "identity" || encoding === "") return;
    const inflater = inflaterFor(encoding);
    if (!inflater) {
      this.cut(
        new DtsReplyRefusedError(
          `${this.action}: the reply is encoded as "${encoding.slice(0, 40)}", which the client does not decode (only gzip, deflate, br)`,
          {
            reason: "encoding",
            action: this.action,
            httpStatus: status,
          },
        ),
      );
      return;
    }
    // httpx would inflate without limit: it gets the body as sent (its result is not used), the guard inflates it.
    delete res.headers["content-encoding"];
    this.decoded = this.inflate(res, inflater);
    this.decoded.catch(() => undefined);
    this.onCompressed({ decoded: this.decoded });
  }

  private inflate(res: IncomingMessage, inflater: Transform): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const parts: Buffer[] = [];
      let size = 0;
      const fail = (error: unknown): void => {
        inflater.destroy();
        reject(error);
      };
      inflater.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > this.maxBytes) {
          const error = this.tooLarge("once inflated");
          this.cut(error);
          fail(error);
          return;
        }
        parts.push(chunk);
      });
      inflater.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
      inflater.on("error", (error: Error & { code?: string }) => fail(error));
      res.on("data", (chunk: Buffer) => inflater.write(chunk));
      res.on("end", () => inflater.end());
      res.on("close", () => {
        if (!res.complete) fail(this.refusal ?? new Error("the reply ended before its body was complete"));
      });
    });
  }

  private tooLarge(where: string): DtsReplyRefusedError {
    return new DtsReplyRefusedError(
      `${this.action}: the reply is larger than ${this.maxBytes} bytes ${where} (the cap of one reply, docs/bounds.md); it was cut and not used`,
      { reason: "too-large", action: this.action, ...(this.status !== undefined ? { httpStatus: this.status } : {}) },
    );
  }
}

function inflaterFor(encoding: string): Transform | undefined {
  if (encoding === "gzip" || encoding === "x-gzip") return createGunzip();
  if (encoding === "deflate") return createInflate();
  if (encoding === "br") return createBrotliDecompress();
  return undefined;
}

/** Hands a request to its guard (found in the request options) before node's `addRequest` pools sockets as usual. */
function hand(req: ClientRequest, options: Record<string | symbol, unknown>): void {
  const guard = options[GUARD];
  if (guard instanceof ReplyGuard) guard.attach(req);
}

// node's Agent#addRequest is public but not in @types/node.
type AddRequest = (this: HttpAgent, req: ClientRequest, options: Record<string | symbol, unknown>) => void;
const nodeAddRequest = (HttpAgent.prototype as unknown as { addRequest: AddRequest }).addRequest;

class GuardedHttpAgent extends HttpAgent {
  addRequest(req: ClientRequest, options: Record<string | symbol, unknown>): void {
    hand(req, options);
    nodeAddRequest.call(this, req, options);
  }
}

class GuardedHttpsAgent extends HttpsAgent {
  addRequest(req: ClientRequest, options: Record<string | symbol, unknown>): void {
    hand(req, options);
    nodeAddRequest.call(this, req, options);
  }
}

/** The keep-alive agent the transport hands pop-core (pop-core's own: keep-alive, 3 s), with the guard hook. */
export function guardedAgent(endpoint: string): HttpAgent {
  const options: AgentOptions = { keepAlive: true, keepAliveMsecs: 3000 };
  return endpoint.startsWith("https://") ? new GuardedHttpsAgent(options) : new GuardedHttpAgent(options);
}
