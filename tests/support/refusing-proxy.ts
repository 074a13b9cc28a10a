/**
 * A loopback proxy in front of the emulator that refuses one action with 403 Forbidden.RAM (a RAM policy lacking
 * that one action) and forwards every other call as sent: the signature covers the parameters, not the host, so a
 * client pointed at the proxy is served by the emulator. The "not checked" tests (issue 30) use it to make one read
 * fail the way a real account would.
 */
import { request } from "node:http";
import { sendJson, startErrorServer, type ErrorServer } from "./error-server";

/** The body Alibaba Cloud answers a call the RAM policy does not allow. */
const FORBIDDEN_RAM = { RequestId: "REQ-RAM", Code: "Forbidden.RAM", Message: "User not authorized to operate on the specified resource." };

export interface RefusingProxy {
  /** The proxy's endpoint (set once started). */
  url: string;
  /** The action refused now (403 Forbidden.RAM); every call is forwarded when undefined. */
  refused: string | undefined;
  close(): Promise<void>;
}

/**
 * One proxy for the test file, forwarding to `target()` (read at each call, so the emulator may start in a later
 * beforeAll): started in beforeAll, `refused` set back to `initially` before each test, closed in afterAll.
 */
export function useRefusingProxy(target: () => string, initially?: string): RefusingProxy {
  const proxy: RefusingProxy = { url: "", refused: initially, close: async () => undefined };
  beforeAll(() => serve(proxy, target));
  beforeEach(() => {
    proxy.refused = initially;
  });
  afterAll(() => proxy.close());
  return proxy;
}

/** Serves `proxy` (its `refused` read at each call); fills in its url and close. */
async function serve(proxy: RefusingProxy, target: () => string): Promise<void> {
  const server: ErrorServer = await startErrorServer({
    status: 200,
    handle: ({ action, params, req }, res) => {
      if (proxy.refused !== undefined && action === proxy.refused) return sendJson(res, FORBIDDEN_RAM, 403);
      const to = new URL(target());
      const body = params.toString();
      const upstream = request(
        `${to.origin}/`,
        { method: "POST", headers: { ...req.headers, host: to.host, "content-length": Buffer.byteLength(body) } },
        (reply) => {
          res.writeHead(reply.statusCode ?? 502, reply.headers);
          reply.pipe(res);
        },
      );
      upstream.on("error", () => res.destroy());
      upstream.end(body);
    },
  });
  proxy.url = server.url;
  proxy.close = () => server.close();
}
