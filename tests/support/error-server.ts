/**
 * A loopback server that answers every request with one fixed reply: an Alibaba Cloud error body (a code the
 * emulator does not model, such as an expired STS token), optionally with a `Date` header off by `dateOffsetMs`
 * (a server whose clock differs from ours), or any raw body. Counts the requests.
 *
 * With `handle`, a misbehaving endpoint (issue 30): each request is handed over with its action and form
 * parameters, and the handler answers however a broken gateway, proxy or server might (endless pages, a gzip bomb,
 * a redirect, a reply that never ends, a secret echoed back). `status` is then ignored.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";

export interface ErrorServerOptions {
  status: number;
  /** The body as sent (e.g. a JSON text with a `__proto__` key); else built from code/message. */
  raw?: string;
  code?: string;
  message?: string;
  /** Server clock minus ours, ms, for the `Date` header. @default 0 */
  dateOffsetMs?: number;
  /** Answers each request instead of the fixed reply (the request body is read first; `n` counts from 1). */
  handle?: (request: HostileRequest, res: ServerResponse) => void;
}

/** A request as {@link ErrorServerOptions.handle} sees it. */
export interface HostileRequest {
  action: string;
  params: URLSearchParams;
  n: number;
  req: IncomingMessage;
}

/** Writes a JSON reply (content-length set). */
export function sendJson(res: ServerResponse, body: unknown, status = 200, headers: Record<string, string> = {}): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json;charset=utf-8", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

export interface ErrorServer {
  url: string;
  requests: number;
  close(): Promise<void>;
}

export async function startErrorServer(options: ErrorServerOptions): Promise<ErrorServer> {
  const sockets = new Set<Socket>();
  const handle: ErrorServer = { url: "", requests: 0, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      handle.requests++;
      if (options.handle) {
        const params = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
        options.handle({ action: params.get("Action") ?? req.headers["x-acs-action"]?.toString() ?? "", params, n: handle.requests, req }, res);
        return;
      }
      const body =
        options.raw ??
        JSON.stringify({
          RequestId: `REQ-${handle.requests}`,
          HostId: "dts.aliyuncs.com",
          Code: options.code,
          Message: options.message,
          Recommend: `https://api.aliyun.com/troubleshoot?q=${options.code}&product=Dts`,
        });
      res.sendDate = false;
      res.writeHead(options.status, {
        "content-type": "application/json;charset=utf-8",
        "content-length": Buffer.byteLength(body),
        date: new Date(Date.now() + (options.dateOffsetMs ?? 0)).toUTCString(),
      });
      res.end(body);
    });
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  server.unref();
  handle.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  handle.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return handle;
}
