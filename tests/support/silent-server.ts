/**
 * A loopback TCP server that accepts connections, reads what is sent and never answers: the worst case for a stop
 * (a request that would otherwise sit out its whole timeout). Records when each connection opened and closed, so a
 * test can check that a stop really closed the request in flight.
 */
import { createServer, type Socket } from "node:net";

export interface SilentServer {
  url: string;
  port: number;
  /** One entry per accepted connection: when it opened, and when it closed (undefined while open). */
  connections: { openedAt: number; closedAt?: number }[];
  /** Resolves once `n` connections have been accepted. */
  accepted(n?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startSilentServer(): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  const connections: SilentServer["connections"] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const server = createServer((socket) => {
    sockets.add(socket);
    const record: { openedAt: number; closedAt?: number } = { openedAt: Date.now() };
    connections.push(record);
    socket.on("data", () => undefined);
    socket.on("error", () => undefined);
    socket.on("close", () => {
      record.closedAt = Date.now();
      sockets.delete(socket);
    });
    for (const w of waiters.splice(0)) {
      if (connections.length >= w.n) w.resolve();
      else waiters.push(w);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  server.unref();
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    connections,
    accepted: (n = 1) => (connections.length >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve }))),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
