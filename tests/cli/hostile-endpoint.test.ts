/**
 * The built `dts-objects` against a misbehaving endpoint (issue 30), a loopback server started here: a table report
 * refused with Forbidden.RAM or never answering is "tables not checked" (exit 6, `tablesLeftOut` with the fix),
 * never a success with zeros; a signal during the table check or during `tables` ends with its code and one JSON
 * document; endless paging ends with an error; a secret echoed back from a profile's credentials is never printed.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sendJson, startErrorServer, type ErrorServer, type HostileRequest } from "../support/error-server";
import { cliEnv, emptyHome, ensureBuilt, removeTempDirs, runCli } from "./helpers";

const SECRET = "cli-hostile-secret-Vb39Qe";
const KEYS = { ALIBABA_CLOUD_ACCESS_KEY_ID: "AKIDCLIHOSTILE", ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET };

const FINISHED = {
  RequestId: "REQ-S",
  Status: "Migrating",
  PrecheckStatus: { Status: "Finished", Percent: "100", Detail: [] },
  StructureInitializationStatus: { Status: "Finished", Percent: "100", Progress: "3" },
  DataInitializationStatus: { Status: "Finished", Percent: "100", Progress: "10" },
};
const FULL_PAGE = {
  RequestId: "REQ-P",
  StructureInitializationDetails: [],
  DataInitializationDetails: Array.from({ length: 100 }, (_, i) => ({ SourceOwnerDBName: "db", TableName: `t${i}`, Status: "Finished" })),
};

let servers: ErrorServer[] = [];
async function serve(handle: (r: HostileRequest, res: import("node:http").ServerResponse) => void): Promise<ErrorServer> {
  const server = await startErrorServer({ status: 200, handle });
  servers.push(server);
  return server;
}

beforeAll(() => ensureBuilt());
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});
afterAll(() => removeTempDirs());

/** Finished phases; DescribeInitializationStatus answered by `tables`. */
function finishedTaskWith(tables: (r: HostileRequest, res: import("node:http").ServerResponse) => void) {
  return (r: HostileRequest, res: import("node:http").ServerResponse): void => {
    if (r.action === "DescribeSynchronizationObjectModifyStatus") sendJson(res, FINISHED);
    else if (r.action === "DescribeInitializationStatus") tables(r, res);
    else sendJson(res, { RequestId: "R", Code: "InvalidAction", Message: "not modelled here" }, 400);
  };
}

const forbiddenRam = (_r: HostileRequest, res: import("node:http").ServerResponse): void =>
  sendJson(res, { RequestId: "REQ-403", Code: "Forbidden.RAM", Message: "User not authorized to operate on the specified resource." }, 403);

describe("a table report that could not be read is never a success with zeros", () => {
  test("wait --job --json, DescribeInitializationStatus refused with Forbidden.RAM: exit 6, tablesLeftOut names the RAM action", async () => {
    const server = await serve(finishedTaskWith(forbiddenRam));
    const r = await runCli(["wait", "task-h", "--job", "dtsjob-h", "--json", "--endpoint", server.url, "--timeout", "30s"], { env: cliEnv(KEYS) });
    expect(r.code).toBe(6);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(doc.tables).toBeUndefined();
    expect(doc.failedTables).toEqual([]);
    expect(doc.tablesLeftOut).toMatch(/^tables not checked: DescribeInitializationStatus failed \(Forbidden\.RAM: /);
    expect(doc.tablesLeftOut).toMatch(/grant the RAM action dts:DescribeInitializationStatus/);
    expect(r.stderr).toMatch(/tables not checked/);
  });

  test("the same wait without --json says 'done, but the tables were not checked' and exits 6", async () => {
    const server = await serve(finishedTaskWith(forbiddenRam));
    const r = await runCli(["wait", "task-h", "--job", "dtsjob-h", "--endpoint", server.url, "--timeout", "30s"], { env: cliEnv(KEYS) });
    expect(r.code).toBe(6);
    expect(r.stdout).toMatch(/done, but the tables were not checked/);
    expect(r.stdout).toMatch(/Tables: tables not checked/);
  });

  test("status --job: a refused table report is exit 6 with tablesLeftOut, not 0", async () => {
    const server = await serve((r, res) =>
      r.action === "DescribeSynchronizationJobStatus"
        ? sendJson(res, { ...FINISHED, RequestId: "J", Status: "Synchronizing", SynchronizationObjects: [] })
        : finishedTaskWith(forbiddenRam)(r, res),
    );
    const res = await runCli(["status", "task-h", "--job", "dtsjob-h", "--json", "--endpoint", server.url], { env: cliEnv(KEYS) });
    const doc = JSON.parse(res.stdout) as Record<string, unknown>;
    expect(doc.tables).toBeUndefined();
    expect(doc.tablesLeftOut).toMatch(/^tables not checked/);
    expect(res.code).toBe(6);
  });

  test("--timeout bounds the table check: a DescribeInitializationStatus that never answers ends as not checked", async () => {
    const server = await serve(finishedTaskWith(() => undefined));
    const r = await runCli(["wait", "task-h", "--job", "dtsjob-h", "--json", "--endpoint", server.url, "--timeout", "3s"], {
      env: cliEnv(KEYS),
      timeoutMs: 40_000,
    });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(6);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(doc.tablesLeftOut).toMatch(/tables not checked: DescribeInitializationStatus failed \(RequestTimeout/);
    expect(doc.tablesLeftOut).toMatch(/time bound/);
  });

  test("SIGTERM during the table check: exit 143 and one JSON document, tables not checked", async () => {
    let listing: () => void = () => undefined;
    const listed = new Promise<void>((resolve) => (listing = resolve));
    const server = await serve(
      finishedTaskWith(() => {
        listing();
      }),
    );
    const r = await runCli(["wait", "task-h", "--job", "dtsjob-h", "--json", "--endpoint", server.url, "--timeout", "60s"], {
      env: cliEnv(KEYS),
      onStart: (child) => void listed.then(() => child.kill("SIGTERM")),
    });
    expect(r.code).toBe(143);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(doc.tables).toBeUndefined();
    expect(doc.tablesLeftOut).toMatch(/tables not checked: interrupted/);
  });
});

describe("signals outside a wait", () => {
  test("SIGTERM during `tables --json`: exit 143 and one JSON document", async () => {
    let asked: () => void = () => undefined;
    const listed = new Promise<void>((resolve) => (asked = resolve));
    const server = await serve(() => asked());
    const r = await runCli(["tables", "dtsjob-h", "--json", "--endpoint", server.url], {
      env: cliEnv(KEYS),
      onStart: (child) => void listed.then(() => child.kill("SIGTERM")),
    });
    expect(r.code).toBe(143);
    const doc = JSON.parse(r.stdout) as { error: { kind: string }; exitCode: number };
    expect(doc.error.kind).toBe("interrupted");
    expect(doc.exitCode).toBe(143);
  });
});

describe("paging without end", () => {
  test("`tables` against a server answering the same full page: an error naming the repeat, few requests", async () => {
    const server = await serve((_r, res) => sendJson(res, FULL_PAGE));
    const r = await runCli(["tables", "dtsjob-h", "--json", "--endpoint", server.url], { env: cliEnv(KEYS) });
    expect(r.code).toBe(5);
    const doc = JSON.parse(r.stdout) as { error: { code: string; message: string } };
    expect(doc.error.code).toBe("PaginationRefused");
    expect(doc.error.message).toMatch(/repeats page 1/);
    expect(server.requests).toBeLessThan(10);
  });
});

describe("a secret echoed back in DTS's own error form", () => {
  test("status --verbose --json with credentials from a profile: the secret is in no output", async () => {
    const home = emptyHome();
    mkdirSync(join(home, ".alibabacloud"));
    writeFileSync(join(home, ".alibabacloud", "credentials"), `[ci]\ntype = access_key\naccess_key_id = AKIDPROFILE\naccess_key_secret = ${SECRET}\n`);
    const server = await serve((_r, res) =>
      sendJson(res, { RequestId: "R", Success: "false", ErrCode: "InvalidParameter", ErrMessage: `signature computed with ${SECRET}&` }),
    );
    const r = await runCli(["status", "task-h", "--profile", "ci", "--verbose", "--json", "--endpoint", server.url], { env: cliEnv({}, home) });
    expect(r.code).toBe(5);
    expect(`${r.stdout}\n${r.stderr}`).not.toContain(SECRET);
    expect(JSON.parse(r.stdout).error.message).toMatch(/\*\*\*/);
  });
});
