/**
 * The emulator on a shared machine (issue 30): a connection that never completes its request head is closed after
 * `headersTimeoutMs`, and request heads keep node's default size limit (16 KiB), so a client cannot hold connections
 * and memory without end.
 */
import { connect, type Socket } from "node:net";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { rawRequest } from "./helpers";

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator({ headersTimeoutMs: 500, requestTimeoutMs: 1000 });
});
afterAll(async () => {
  await emu.stop();
});

/** Opens a connection, sends `text`, resolves with what came back once the server closed it. */
function halfSent(text: string): Promise<{ closed: boolean; reply: string }> {
  return new Promise((resolve) => {
    const socket: Socket = connect(emu.port, "127.0.0.1", () => socket.write(text));
    let reply = "";
    socket.on("data", (d) => (reply += d.toString()));
    socket.on("error", () => undefined);
    socket.on("close", () => resolve({ closed: true, reply }));
    // The test's own bound: a server that never closes leaves `closed` false.
    setTimeout(() => {
      socket.destroy();
      resolve({ closed: false, reply });
    }, 15_000).unref();
  });
}

test("a connection that sends nothing is closed", async () => {
  expect((await halfSent("")).closed).toBe(true);
});

test("a head sent in part and never finished is closed (408)", async () => {
  const r = await halfSent("POST / HTTP/1.1\r\nHost: x\r\nX-Slow: ");
  expect(r.closed).toBe(true);
  expect(r.reply).toMatch(/^HTTP\/1\.1 408/);
});

test("a body promised and never sent is closed", async () => {
  const r = await halfSent("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc");
  expect(r.closed).toBe(true);
});

test("headers beyond node's default limit are refused with 431", async () => {
  const r = await rawRequest(emu, "POST", "/", "", { "x-big": "a".repeat(64 * 1024) });
  expect(`${r.status} ${r.body.slice(0, 200)}`).toMatch(/^431/);
});

test("an ordinary request is still answered", async () => {
  const r = await rawRequest(emu, "GET", "/_emulator/health");
  expect(r.status).toBeLessThan(500);
});
