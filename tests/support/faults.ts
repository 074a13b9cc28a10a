/**
 * Shared helpers of the fault-injection suite: scaled time, a seeded PRNG and bounded concurrency (re-exported
 * from tests/support/sim.ts, shared with the benchmarks), the real process, a reply server.
 */
import { runInThisContext } from "node:vm";

export { mapLimit, prng, scaledTime } from "./sim";

/**
 * Records every unhandled promise rejection of the node process while installed. Jest gives each test file a copy
 * of `process` whose listeners never fire, so the listener goes on the real one (taken from the main context).
 */
export function watchUnhandledRejections(): { seen: unknown[]; stop(): void } {
  const real = runInThisContext("process") as NodeJS.Process;
  const seen: unknown[] = [];
  const listener = (reason: unknown): void => {
    seen.push(reason);
  };
  real.on("unhandledRejection", listener);
  return { seen, stop: () => real.off("unhandledRejection", listener) };
}

/** A tiny local HTTP server whose replies the test sets; it tracks its sockets so tests can see them close. */
export interface ReplyServer {
  url: string;
  /** Requests received since start. */
  readonly requests: number;
  /** Sockets currently open. */
  readonly openSockets: number;
  /** Sets how the next requests are answered (the request body has been read). */
  reply(handler: (res: import("node:http").ServerResponse, body: string) => void): void;
  close(): Promise<void>;
}

export async function startReplyServer(): Promise<ReplyServer> {
  const { createServer } = await import("node:http");
  let handler: (res: import("node:http").ServerResponse, body: string) => void = (res) => res.end();
  let requests = 0;
  const sockets = new Set<import("node:net").Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      requests++;
      handler(res, Buffer.concat(chunks).toString("utf8"));
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as import("node:net").AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    get requests() {
      return requests;
    },
    get openSockets() {
      return sockets.size;
    },
    reply(h) {
      handler = h;
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
