/**
 * A loopback server that answers every request with one fixed reply: an Alibaba Cloud error body (a code the
 * emulator does not model, such as an expired STS token), optionally with a `Date` header off by `dateOffsetMs`
 * (a server whose clock differs from ours), or any raw body. Counts the requests.
 */
import { createServer, type Server } from "node:http";
import type { Socket } from "node:net";

export interface ErrorServerOptions {
  status: number;
  /** The body as sent (e.g. a JSON text with a `__proto__` key); else built from code/message. */
  raw?: string;
  code?: string;
  message?: string;
  /** Server clock minus ours, ms, for the `Date` header. @default 0 */
  dateOffsetMs?: number;
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
    req.resume();
    req.on("end", () => {
      handle.requests++;
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
