/**
 * The SDK against a misbehaving DTS endpoint (issue 30), a loopback server started here: paging that never ends,
 * replies too large on the wire or once inflated, a reply that never ends, redirects, a secret echoed back in
 * every error form, values outside the API's ranges, a deep `Constraints` chain, a huge page. Every case ends in
 * a typed error that says which bound tripped; memory is measured in a child process running the built SDK, with
 * generous bounds (never a timing).
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { DtsClient, DtsPaginationError, DtsReplyRefusedError, DtsResponseParseError, DtsTimeoutError, MAX_REPLY_BYTES, type DtsError } from "../../sdk";
import { ensureBuilt } from "../support/build";
import { sendJson, startErrorServer, type ErrorServer, type HostileRequest } from "../support/error-server";

const SECRET = "hostile-secret-Zq81xKw0";
const TOKEN = "hostile-sts-token-Pp42LmNa";
const ROOT = join(__dirname, "..", "..");

type Handler = (request: HostileRequest, res: import("node:http").ServerResponse) => void;

let servers: ErrorServer[] = [];
async function serve(handle: Handler): Promise<ErrorServer> {
  const server = await startErrorServer({ status: 200, handle });
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

function client(url: string, extra: Record<string, unknown> = {}): DtsClient {
  return new DtsClient({
    endpoint: url,
    credentials: { accessKeyId: "AKIDHOSTILE", accessKeySecret: SECRET, securityToken: TOKEN },
    timeoutMs: 5000,
    retry: { maxAttempts: 1 },
    ...extra,
  });
}

async function failure(promise: Promise<unknown>): Promise<DtsError> {
  try {
    await promise;
  } catch (error) {
    return error as DtsError;
  }
  throw new Error("expected the call to fail");
}

function statusBody(patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    RequestId: "REQ-H",
    Status: "Migrating",
    PrecheckStatus: { Status: "Finished", Percent: "100", Detail: [] },
    StructureInitializationStatus: { Status: "Finished", Percent: "100", Progress: "3" },
    DataInitializationStatus: { Status: "Finished", Percent: "100", Progress: "10" },
    ...patch,
  };
}

function page(rows: number, prefix = "t"): Record<string, unknown> {
  return {
    RequestId: "REQ-P",
    StructureInitializationDetails: [],
    DataInitializationDetails: Array.from({ length: rows }, (_, i) => ({
      SourceOwnerDBName: "db",
      DestinationOwnerDBName: "db",
      TableName: `${prefix}${i}`,
      Status: "Finished",
      FinishRowNum: "1",
      TotalRowNum: "1",
      UsedTime: "1",
    })),
  };
}

const status = (c: DtsClient) => c.describeSynchronizationObjectModifyStatus({ taskId: "task-h" });

describe("paging without end", () => {
  test("a server answering the same full page for every PageNum: stopped on the repeat, few requests", async () => {
    const server = await serve((_r, res) => sendJson(res, page(100)));
    const error = await failure(client(server.url).listInitializationDetails("dtsjob-h"));
    expect(error).toBeInstanceOf(DtsPaginationError);
    expect((error as DtsPaginationError).reason).toBe("repeated-page");
    expect(error.message).toMatch(/repeats page 1.*ignores PageNum/);
    expect(server.requests).toBeLessThan(10);
  });

  test("a server with a new full page for every PageNum: stopped at the page cap", async () => {
    const server = await serve((r, res) => sendJson(res, page(2, `p${r.params.get("PageNum")}-`)));
    const error = await failure(client(server.url).listInitializationDetails("dtsjob-h", { pageSize: 2, maxPages: 25 }));
    expect(error).toBeInstanceOf(DtsPaginationError);
    expect((error as DtsPaginationError).reason).toBe("too-many-pages");
    expect(error.message).toMatch(/more than 25 pages/);
    expect(server.requests).toBeLessThanOrEqual(25 + 4);
  });

  test("a real listing that ends is read whole (the repeat check compares rows, not sizes)", async () => {
    const server = await serve((r, res) => {
      const n = Number(r.params.get("PageNum"));
      sendJson(res, n <= 3 ? page(2, `p${n}-`) : page(1, "last-"));
    });
    const report = await client(server.url).listInitializationDetails("dtsjob-h", { pageSize: 2 });
    expect(report.dataInitializationDetails).toHaveLength(7);
  });

  test("a 200 000-row page (under the 32 MiB cap) is merged without a stack overflow (no push(...page))", async () => {
    // Page 1 is huge (and full), page 2 is empty: the end.
    const server = await serve((r, res) => sendJson(res, r.params.get("PageNum") === "1" ? page(200_000) : page(0)));
    // A generous attempt timeout: 29 MB of JSON parsed on a shared, loaded machine (no timing is asserted). Retries
    // as the SDK's default allows for a read: what this case checks is the merge (a RangeError is not retried); a
    // connection reset between the server and the client sharing one busy event loop was seen once in a parallel
    // run (1 of 6) and is not what it is about.
    const report = await client(server.url, { timeoutMs: 150_000, retry: { maxAttempts: 3 } }).listInitializationDetails("dtsjob-h");
    expect(report.dataInitializationDetails).toHaveLength(200_000);
  }, 180_000);

  test("a 2000-level Constraints chain is refused as a parse error naming the bound, not a RangeError", async () => {
    let chain: unknown;
    for (let i = 0; i < 2000; i++) chain = [{ ObjectName: `c${i}`, ObjectType: "Constraint", Status: "Finished", ...(chain ? { Constraints: chain } : {}) }];
    const server = await serve((_r, res) => sendJson(res, { RequestId: "R", StructureInitializationDetails: chain, DataInitializationDetails: [] }));
    const error = await failure(client(server.url).describeInitializationStatus({ synchronizationJobId: "dtsjob-h" }));
    expect(error).toBeInstanceOf(DtsResponseParseError);
    expect(error.message).toMatch(/Constraints nested deeper than 8 levels/);
  });
});

describe("replies that do not end or are too large", () => {
  test("a reply larger than the cap is refused on the wire", async () => {
    const big = Buffer.alloc(MAX_REPLY_BYTES + 1024, 0x20);
    const server = await serve((_r, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": big.length + 2 });
      res.write("{}");
      res.end(big);
    });
    const error = await failure(status(client(server.url)));
    expect(error).toBeInstanceOf(DtsReplyRefusedError);
    expect((error as DtsReplyRefusedError).reason).toBe("too-large");
    expect(error.message).toMatch(/larger than \d+ bytes on the wire/);
  });

  test("a gzip body that inflates past the cap is refused once inflated", async () => {
    const bomb = gzipSync(Buffer.alloc(MAX_REPLY_BYTES * 2, 0x20));
    const server = await serve((_r, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip", "content-length": bomb.length });
      res.end(bomb);
    });
    const error = await failure(status(client(server.url)));
    expect(error).toBeInstanceOf(DtsReplyRefusedError);
    expect(error.message).toMatch(/once inflated/);
  });

  test("a small gzip reply is inflated and parsed", async () => {
    const body = gzipSync(JSON.stringify(statusBody()));
    const server = await serve((_r, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip", "content-length": body.length });
      res.end(body);
    });
    const reply = await status(client(server.url));
    expect(reply.dataInitialization.status).toBe("Finished");
  });

  test("an encoding the client does not decode is refused, naming it", async () => {
    const server = await serve((_r, res) => sendJson(res, statusBody(), 200, { "content-encoding": "zstd" }));
    const error = await failure(status(client(server.url)));
    expect(error).toBeInstanceOf(DtsReplyRefusedError);
    expect(error.message).toMatch(/encoded as "zstd"/);
  });

  test("a reply that keeps streaming under the cap is cut at the deadline, saying so", async () => {
    const server = await serve((_r, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"RequestId":"');
      const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write("x")), 50);
      res.on("close", () => clearInterval(timer));
    });
    const error = await failure(status(client(server.url, { timeoutMs: 800 })));
    expect(error).toBeInstanceOf(DtsTimeoutError);
    expect(error.message).toMatch(/still arriving after 800 ms .*bytes received.*cut at the deadline/);
  });

  test("a reply that streams without end is cut at the cap (memory measured in the child process)", async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const server = await serve((_r, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write("{");
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once("drain", pump);
      };
      pump();
    });
    const result = await inChild(server.url, "status");
    expect(result.error).toMatch(/DtsReplyRefusedError.*larger than \d+ bytes on the wire/);
    // 32 MiB cap: a child that read the stream whole would pass 500 MB within the timeout.
    expect(result.peakRssMb).toBeLessThan(400);
  }, 60_000);

  test("a gzip bomb (0.3 MB on the wire, 300 MB inflated) stays bounded (memory measured in the child process)", async () => {
    const bomb = gzipSync(Buffer.alloc(300 * 1024 * 1024, 0x20), { level: 9 });
    const server = await serve((_r, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip", "content-length": bomb.length });
      res.end(bomb);
    });
    const result = await inChild(server.url, "status");
    expect(result.error).toMatch(/DtsReplyRefusedError.*once inflated/);
    expect(result.peakRssMb).toBeLessThan(400);
  }, 60_000);
});

describe("redirects", () => {
  test("a 307 with a JSON body is an error naming the redirect, not a success; never followed", async () => {
    let followed = 0;
    const target = await serve(() => followed++);
    const server = await serve((_r, res) => sendJson(res, statusBody(), 307, { location: `${target.url}/elsewhere?AccessKeyId=x` }));
    const error = await failure(status(client(server.url)));
    expect(error).toBeInstanceOf(DtsReplyRefusedError);
    expect(error.message).toMatch(/HTTP 307 \(a redirect to http:\/\/127\.0\.0\.1:\d+\/elsewhere\); redirects are never followed/);
    expect(error.message).not.toMatch(/AccessKeyId/);
    expect(followed).toBe(0);
  });

  test("a 302 with an empty body is one refused attempt, not five 'HTTP 5xx' retries", async () => {
    const server = await serve((_r, res) => {
      res.writeHead(302, { location: "http://elsewhere.example/", "content-length": 0 });
      res.end();
    });
    const error = await failure(status(client(server.url, { retry: { maxAttempts: 5, baseDelayMs: 1 } })));
    expect(error).toBeInstanceOf(DtsReplyRefusedError);
    expect(error.message).toMatch(/HTTP 302/);
    expect(error.message).not.toMatch(/5xx/);
    expect(server.requests).toBe(1);
  });
});

describe("a secret echoed back is never in an error", () => {
  const echoes: [string, Handler][] = [
    [
      "DTS's {Success: false, ErrCode, ErrMessage}",
      (_r, res) => sendJson(res, { RequestId: "R", Success: "false", ErrCode: "InternalError", ErrMessage: `bad key ${SECRET} token ${TOKEN}` }),
    ],
    ["{Code, Message}", (_r, res) => sendJson(res, { RequestId: "R", Code: "Forbidden.RAM", Message: `secret ${SECRET} token ${TOKEN}` }, 403)],
    [
      "an HTML page",
      (_r, res) => {
        res.writeHead(502, { "content-type": "text/html" });
        res.end(`<html><title>${SECRET} ${TOKEN}</title></html>`);
      },
    ],
    [
      "a field value quoted by a parse error",
      (_r, res) => sendJson(res, statusBody({ DataInitializationStatus: { Status: "Finished", Percent: `${SECRET}`, Progress: TOKEN } })),
    ],
    ["the RequestId and ErrCode themselves", (_r, res) => sendJson(res, { RequestId: SECRET, Success: false, ErrCode: TOKEN, ErrMessage: "x" })],
  ];
  test.each(echoes)("%s", async (_name, handle) => {
    const server = await serve(handle);
    const error = await failure(status(client(server.url)));
    const everything = `${error.message}\n${error.stack}\n${JSON.stringify(error)}\n${String((error as { cause?: unknown }).cause ?? "")}`;
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(TOKEN);
    expect(everything).toContain("***");
  });
});

describe("validation matching the API", () => {
  test.each([
    ["Percent 1e309 (Infinity)", { Percent: "1e309" }, /finite/],
    ["Percent -50", { Percent: "-50" }, /percent 0\.\.100/],
    ["Percent 150", { Percent: "150" }, /percent 0\.\.100/],
    ["negative Progress", { Progress: "-1" }, /count >= 0/],
  ])("%s is a parse error naming the field", async (_name, patch, message) => {
    const server = await serve((_r, res) =>
      sendJson(res, statusBody({ DataInitializationStatus: { Status: "Migrating", Percent: "10", Progress: "1", ...patch } })),
    );
    const error = await failure(status(client(server.url)));
    expect(error).toBeInstanceOf(DtsResponseParseError);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/DataInitializationStatus/);
  });

  test("a negative row count in the table report is refused", async () => {
    const body = page(1);
    (body.DataInitializationDetails as Record<string, unknown>[])[0]!.FinishRowNum = "-3";
    const server = await serve((_r, res) => sendJson(res, body));
    const error = await failure(client(server.url).describeInitializationStatus({ synchronizationJobId: "dtsjob-h" }));
    expect(error.message).toMatch(/count >= 0/);
  });
});

/** Runs one call of the built SDK in a child process; returns its error line and its peak RSS (sampled in the child). */
function inChild(url: string, call: "status"): Promise<{ error: string; peakRssMb: number }> {
  ensureBuilt();
  const script = `
    const { DtsClient } = require(${JSON.stringify(join(ROOT, "dist", "sdk", "index.js"))});
    let peak = 0;
    const sample = () => { peak = Math.max(peak, process.memoryUsage().rss); };
    const timer = setInterval(sample, 20);
    const client = new DtsClient({ endpoint: ${JSON.stringify(url)}, credentials: { accessKeyId: "AK", accessKeySecret: "sk-child-secret" }, timeoutMs: 20000, retry: { maxAttempts: 1 } });
    client.describeSynchronizationObjectModifyStatus({ taskId: "t" }).then(
      () => { sample(); console.log(JSON.stringify({ error: "none", peakRssMb: peak / 2 ** 20 })); process.exit(0); },
      (e) => { sample(); console.log(JSON.stringify({ error: e.name + ": " + e.message, peakRssMb: peak / 2 ** 20 })); process.exit(0); },
    );
  `;
  void call;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-e", script], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { PATH: process.env.PATH, ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true" },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("close", () => {
      try {
        resolve(JSON.parse(out.trim().split("\n").pop() ?? ""));
      } catch {
        reject(new Error(`child output: ${out}\n${err}`));
      }
    });
  });
}
