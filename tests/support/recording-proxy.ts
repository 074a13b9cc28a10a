/**
 * A loopback HTTP proxy in front of the emulator that records each request's `user-agent`. pop-core puts the
 * Node version of the calling process in it (`... Node.js/v24.22.3 Core/1.8.0`), so a matrix cell can check that
 * the dynamic provider (a process of its own, started by Pulumi) ran on the cell's Node, not only the program.
 */
import * as http from "node:http";

export interface RecordingProxy {
  url: string;
  /** The user-agent of every request so far. */
  userAgents(): string[];
  close(): Promise<void>;
}

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const to = new URL(target);
  const agents: string[] = [];
  const server = http.createServer((req, res) => {
    agents.push(String(req.headers["user-agent"] ?? ""));
    const upstream = http.request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    userAgents: () => [...agents],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
