/**
 * A tiny node:http server for tests that drive the real pop-core client (ky's create-http-test-server shape):
 * port 0 on 127.0.0.1, unref'd, every request recorded with its decoded form body, connections closed on teardown.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  /** The decoded form body (pop-core POSTs form-encoded parameters). */
  params: Record<string, string>;
}

export type Handler = (req: RecordedRequest, res: ServerResponse, index: number) => void;

export interface TestServer {
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Replaces the handler. */
  handle(handler: Handler): void;
  close(): Promise<void>;
}

export async function createTestServer(handler: Handler = (_r, res) => json(res, 200, {})): Promise<TestServer> {
  let current = handler;
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8")));
      const recorded: RecordedRequest = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, params };
      requests.push(recorded);
      current(recorded, res, requests.length - 1);
    });
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  server.unref();
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    handle: (h) => {
      current = h;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * One server for the enclosing describe block (or file): started in beforeAll, its recorded requests cleared before
 * each test (and `handler`, when given, installed again, so a test's own handler never leaks into the next), closed
 * in afterAll. The handle's url and port are set once started.
 */
export function useTestServer(handler?: Handler): TestServer {
  let server: TestServer | undefined;
  const use: TestServer = {
    url: "",
    port: 0,
    requests: [],
    handle: (h) => server?.handle(h),
    close: async () => server?.close(),
  };
  beforeAll(async () => {
    server = await createTestServer(handler);
    Object.assign(use, { url: server.url, port: server.port, requests: server.requests });
  });
  beforeEach(() => {
    use.requests.length = 0;
    if (handler) server?.handle(handler);
  });
  afterAll(() => use.close());
  return use;
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json;charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

export function html(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { "content-type": "text/html", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** A port with nothing listening (bound, then closed). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
