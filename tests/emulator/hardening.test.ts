/**
 * Hostile or unlucky input to the emulator (issue 18), through its HTTP interface and its CLI: the host it listens
 * on, a state file that cannot be written, and the control API against cross-site requests and bad bodies.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, DEMO_JOB_ID, startEmulator, type EmulatorHandle } from "../../emulator";
import { runCli } from "../../emulator/bin";
import { signParams } from "../../emulator/signature-v1";
import { ManualClock, commonParams, json, objects, rawRequest, signedCall } from "../support/emulator";

const DAY = 24 * 3600 * 1000;

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s) } };
}

function tmp(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

describe("--host", () => {
  test('an empty host is a usage error (it used to listen everywhere and print "http://:PORT")', async () => {
    for (const argv of [
      ["--host", ""],
      ["--host", "  "],
    ]) {
      const o = io();
      const { code, handle } = await runCli(argv, o.io);
      await handle?.stop();
      expect([argv, code]).toEqual([argv, 2]);
      expect(o.err.join("").split("\n")[0]).toMatch(/^error: option --host: the host is empty/);
    }
    const cfg = join(tmp("dts-emu-host-"), "c.json");
    writeFileSync(cfg, JSON.stringify({ host: "" }));
    const o = io();
    expect((await runCli(["--config", cfg], o.io)).code).toBe(2);
    expect(o.err.join("")).toMatch(/--host \(host in --config\): the host is empty/);
    await expect(startEmulator({ host: "" })).rejects.toThrow(/host is empty/);
  });

  test("off loopback, the demo key pair is refused, also when configured explicitly", async () => {
    const o = io();
    const { code, handle } = await runCli(["--host", "0.0.0.0"], o.io);
    await handle?.stop();
    expect(code).toBe(2);
    expect(o.err.join("")).toMatch(/refusing to listen on 0\.0\.0\.0 with the demo key pair/);
    expect(o.err.join("")).toContain('"accessKeys" in --config');
    await expect(startEmulator({ host: "0.0.0.0" })).rejects.toThrow(/demo key pair/);
    await expect(startEmulator({ host: "::", accessKeys: { [DEMO_ACCESS_KEY_ID]: DEMO_ACCESS_KEY_SECRET } })).rejects.toThrow(/demo key pair/);
  });

  test("off loopback with own keys: starts, warns on stderr (also with --quiet --json), serves the configured keys", async () => {
    const cfg = join(tmp("dts-emu-host-"), "c.json");
    writeFileSync(cfg, JSON.stringify({ accessKeys: { OWNKEY0001: "own-secret-0001" } }));
    const o = io();
    const { code, handle } = await runCli(["--host", "0.0.0.0", "--config", cfg, "--quiet", "--json"], o.io);
    try {
      expect(code).toBe(0);
      expect(o.err.join("")).toMatch(/WARNING: listening on 0\.0\.0\.0 \(every network interface\): other machines can reach/);
      const info = JSON.parse(o.out.join(""));
      expect(info.warning).toMatch(/^WARNING: listening on 0\.0\.0\.0/);
      expect(info.accessKeyId).toBe("OWNKEY0001");
      expect(info.url).toBe(`http://127.0.0.1:${handle!.port}`); // usable from here, and a loopback Host for the control API
      expect((await rawRequest(handle!, "GET", "/_emulator/state", undefined, { host: `127.0.0.1:${handle!.port}` })).status).toBe(200);
      const ok = await signedCall(handle!, "DescribeSynchronizationJobs", {}, { format: "JSON" });
      expect(ok.status).toBe(200);
      const demo = await signedCall(
        handle!,
        "DescribeSynchronizationJobs",
        {},
        { format: "JSON", override: { AccessKeyId: DEMO_ACCESS_KEY_ID }, secret: DEMO_ACCESS_KEY_SECRET },
      );
      expect(json(demo).Code).toBe("InvalidAccessKeyId.NotFound");
    } finally {
      await handle?.stop();
    }
  });

  test("loopback hosts start without a warning", async () => {
    for (const host of ["127.0.0.1", "localhost"]) {
      const o = io();
      const { code, handle } = await runCli(["--host", host, "--quiet"], o.io);
      await handle?.stop();
      expect([host, code, o.err.join("")]).toEqual([host, 0, ""]);
    }
  });
});

describe("state file", () => {
  test("one that cannot be written stops the start: exit 1 naming the file and the fix", async () => {
    const dir = tmp("dts-emu-sf-");
    const cases: Array<[string, RegExp]> = [
      [join(dir, "missing-dir", "state.json"), /does not exist: create it, or choose another state file/],
      [join(dir, "a-file", "state.json"), /is not a directory/],
      [dir, /is a directory: give the path of a file/],
    ];
    writeFileSync(join(dir, "a-file"), "x");
    for (const [file, fix] of cases) {
      const o = io();
      const { code, handle } = await runCli(["--state-file", file, "--quiet"], o.io);
      await handle?.stop();
      expect([file, code]).toEqual([file, 1]);
      const msg = o.err.join("");
      expect(msg).toContain(`error: failed to start the emulator: state file ${file} cannot be `);
      expect(msg).toMatch(fix);
    }
  });

  test("a corrupt one stops the start, naming the file", async () => {
    const file = join(tmp("dts-emu-sf-"), "state.json");
    writeFileSync(file, "{not json");
    const o = io();
    expect((await runCli(["--state-file", file, "--quiet"], o.io)).code).toBe(1);
    expect(o.err.join("")).toContain(`state file ${file} is not valid JSON`);
  });

  test("a write that fails keeps nothing: API and control calls answer 500 and the state is as before", async () => {
    const dir = tmp("dts-emu-sf-");
    const sub = join(dir, "data");
    mkdirSync(sub);
    const stateFile = join(sub, "state.json");
    const clock = new ManualClock();
    const emu = await startEmulator({ port: 0, stateFile, clock, log: false });
    try {
      const post = (path: string, body: unknown) => rawRequest(emu, "POST", `/_emulator/${path}`, JSON.stringify(body), { "content-type": "application/json" });
      expect((await post("jobs", { jobId: "dtskept00001", scenario: "never-finishes" })).status).toBe(200);
      const first = await signedCall(
        emu,
        "ModifySynchronizationObject",
        { SynchronizationJobId: "dtskept00001", SynchronizationObjects: objects([{ db: "d", tables: ["a_hold"] }]) },
        { format: "JSON" },
      );
      expect(first.status).toBe(200);
      const keptTask = json(first).TaskId as string;
      clock.advance(DAY);

      rmSync(sub, { recursive: true, force: true }); // from now on, every write fails
      const modify = await signedCall(
        emu,
        "ModifySynchronizationObject",
        { SynchronizationJobId: DEMO_JOB_ID, SynchronizationObjects: objects([{ db: "d" }]), ClientToken: "t1" },
        { format: "JSON" },
      );
      expect(modify.status).toBe(500);
      expect(json(modify)).toMatchObject({ Code: "InternalError" });
      expect(json(modify).Message).toContain(`state file ${stateFile} cannot be written`);
      expect(json(modify).Message).toMatch(/Nothing was changed\.$/);
      const create = await signedCall(
        emu,
        "CreateSynchronizationJob",
        { SourceRegion: "cn-hangzhou", DestRegion: "cn-hangzhou", SynchronizationJobClass: "small", PayType: "PostPaid" },
        { format: "JSON" },
      );
      expect(create.status).toBe(500);
      const job = await post("jobs", { jobId: "dtslost00001" });
      expect(job.status).toBe(500);
      expect(json(job).error).toContain("cannot be written");
      expect((await post("scenario", { scenario: "failed-tables", jobId: DEMO_JOB_ID })).status).toBe(500);
      expect((await post("release", { id: keptTask })).status).toBe(500);

      // Nothing of the failed calls was kept.
      const state = json(await rawRequest(emu, "GET", "/_emulator/state"));
      expect(state.jobs.map((j: any) => j.jobId).sort()).toEqual([DEMO_JOB_ID, "dtskept00001"].sort());
      expect(state.jobs.find((j: any) => j.jobId === DEMO_JOB_ID)).toMatchObject({ status: "Synchronizing", taskIds: [] });
      expect(state.jobs.find((j: any) => j.jobId === DEMO_JOB_ID).scenario).toBeUndefined();
      expect(state.tasks.map((t: any) => [t.taskId, t.held, t.released])).toEqual([[keptTask, true, false]]);
      const list = json(await signedCall(emu, "DescribeSynchronizationJobs", {}, { format: "JSON" }));
      expect(list.TotalRecordCount).toBe(2);

      // Writable again: the same call succeeds, and a restart sees exactly what was answered.
      mkdirSync(sub);
      const again = await signedCall(
        emu,
        "ModifySynchronizationObject",
        { SynchronizationJobId: DEMO_JOB_ID, SynchronizationObjects: objects([{ db: "d" }]), ClientToken: "t1" },
        { format: "JSON" },
      );
      expect(again.status).toBe(200);
      const saved = JSON.parse(readFileSync(stateFile, "utf8"));
      expect(saved.tasks.map((t: any) => t.taskId).sort()).toEqual([keptTask, json(again).TaskId].sort());
      expect(saved.jobs.map((j: any) => j.jobId).sort()).toEqual([DEMO_JOB_ID, "dtskept00001"].sort());
    } finally {
      await emu.stop();
    }
  });
});

describe("control API against cross-site requests and bad bodies", () => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, log: false });
  });
  afterAll(() => emu.stop());
  afterEach(() => emu.setFaults({}));

  const faultsNow = async () => json(await rawRequest(emu, "GET", "/_emulator/state")).faults;
  const JSON_CT = { "content-type": "application/json" };

  test("a POST must say application/json (a cross-site text/plain POST changes nothing)", async () => {
    for (const ct of [undefined, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const r = await rawRequest(emu, "POST", "/_emulator/faults", JSON.stringify({ throttle: 1 }), ct ? { "content-type": ct } : {});
      expect([ct, r.status]).toEqual([ct, 415]);
      expect(json(r).error).toContain("Content-Type: application/json");
    }
    expect(await faultsNow()).toEqual({});
    expect(
      (await rawRequest(emu, "POST", "/_emulator/faults", JSON.stringify({ throttle: 1 }), { "content-type": "application/json; charset=utf-8" })).status,
    ).toBe(200);
    expect(await faultsNow()).toEqual({ throttle: 1 });
  });

  test("a foreign Origin is refused; the emulator's own origin is not", async () => {
    for (const origin of ["https://evil.example", "null", `http://evil.example:${emu.port}`, "http://127.0.0.1:1"]) {
      const r = await rawRequest(emu, "POST", "/_emulator/faults", JSON.stringify({ throttle: 1 }), { ...JSON_CT, origin });
      expect([origin, r.status]).toEqual([origin, 403]);
      expect(json(r).error).toMatch(/cross-origin/);
      expect((await rawRequest(emu, "GET", "/_emulator/state", undefined, { origin })).status).toBe(403);
    }
    expect(await faultsNow()).toEqual({});
    expect((await rawRequest(emu, "GET", "/_emulator/state", undefined, { origin: `http://localhost:${emu.port}` })).status).toBe(200);
  });

  test("a Host header that is not a loopback name is refused (DNS rebinding)", async () => {
    for (const host of [`evil.example:${emu.port}`, "rebind.127.0.0.1.nip.io", "10.0.0.1"]) {
      const r = await rawRequest(emu, "GET", "/_emulator/state", undefined, { host });
      expect([host, r.status]).toEqual([host, 403]);
      expect(json(r).error).toMatch(/Host header is a loopback name/);
    }
    for (const host of [`127.0.0.1:${emu.port}`, `localhost:${emu.port}`, `[::1]:${emu.port}`, "127.0.0.1"]) {
      expect([host, (await rawRequest(emu, "GET", "/_emulator/state", undefined, { host })).status]).toEqual([host, 200]);
    }
  });

  test("out-of-range fault values are rejected naming the field, and change nothing", async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ slow: 1, slowMs: 2 ** 31 }, /^body\.slowMs: must be at most 2147483647 ms \(Node's timer limit, about 24\.8 days\)$/],
      [{ latencyMs: 2 ** 40 }, /body\.latencyMs: must be at most 2147483647/],
      [
        { sequence: ["slow"], slowMs: 2_000_000_000, latencyMs: 200_000_000 },
        /body\.slowMs: latencyMs \+ latencyJitterMs \+ slowMs must be at most 2147483647/,
      ],
      [{ throttle: 0.7, reset: 0.6 }, /body: throttle \+ reset must add up to at most 1/],
      [{ throttle: -0.1 }, /body\.throttle:/],
      [{ actions: ["DescribeSynchronizationJob"] }, /^body\.actions\[0\]: unknown Action "DescribeSynchronizationJob"/],
      [{ slowMS: 5 }, /Unrecognized key.*slowMS/],
    ];
    for (const [body, msg] of cases) {
      const r = await rawRequest(emu, "POST", "/_emulator/faults", JSON.stringify(body), JSON_CT);
      expect([body, r.status]).toEqual([body, 400]);
      expect(json(r).error).toMatch(msg);
    }
    expect(await faultsNow()).toEqual({});
    expect(() => emu.setFaults({ slowMs: 2 ** 31 })).toThrow(/slowMs/);
  });

  test("null, arrays and wrong field types get a proper error naming the field", async () => {
    for (const route of ["scenario", "faults", "jobs", "release"]) {
      for (const [body, what] of [
        ["null", "null"],
        ["[]", "an array"],
        ["5", "number"],
      ] as const) {
        const r = await rawRequest(emu, "POST", `/_emulator/${route}`, body, JSON_CT);
        expect([route, body, r.status, json(r)]).toEqual([route, body, 400, { error: `body must be a JSON object, got ${what}` }]);
      }
    }
    const cases: Array<[string, unknown, RegExp]> = [
      ["jobs", { jobId: 5 }, /^body\.jobId: /],
      ["jobs", { jobId: "has space" }, /^body\.jobId: must be 1 to 64 letters/],
      ["jobs", { scenario: "chaos" }, /^body\.scenario: unknown scenario "chaos"/],
      ["jobs", { jobId: DEMO_JOB_ID }, /^body\.jobId: job dtsdemojob0001 already exists/],
      ["scenario", {}, /^body\.scenario: required/],
      ["scenario", { scenario: "success", jobId: 7 }, /^body\.jobId: /],
      ["scenario", { scenario: { name: "success", durations: { dataParallelism: 0 } } }, /^body\.scenario: invalid scenario/],
      ["release", {}, /^body: give exactly one of id/],
      ["release", { id: ["x"] }, /^body\.id: /],
    ];
    for (const [route, body, msg] of cases) {
      const r = await rawRequest(emu, "POST", `/_emulator/${route}`, JSON.stringify(body), JSON_CT);
      expect([route, body, r.status]).toEqual([route, body, 400]);
      expect(json(r).error).toMatch(msg);
    }
    const jobs = json(await rawRequest(emu, "GET", "/_emulator/state")).jobs.map((j: any) => j.jobId);
    expect(jobs).toEqual([DEMO_JOB_ID]);
  });

  test("known routes with the wrong method answer 405; unknown ones 404", async () => {
    const r = await rawRequest(emu, "GET", "/_emulator/faults");
    expect(r.status).toBe(405);
    expect(r.headers.allow).toBe("POST");
    expect((await rawRequest(emu, "POST", "/_emulator/state", "{}", JSON_CT)).status).toBe(405);
    expect((await rawRequest(emu, "GET", "/_emulator/nope")).status).toBe(404);
  });
});

describe("the DTS API answers at / only", () => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, log: false });
  });
  afterAll(() => emu.stop());

  const signedQuery = (action: string) => new URLSearchParams(signParams("GET", commonParams(emu, action, "JSON"), emu.accessKeySecret).params).toString();

  test("a correctly signed call on another path gets 404 PathNotFound in Alibaba's error shape", async () => {
    for (const path of ["/foo", "/_emulator", "//", "/dts/", "/index.html"]) {
      const r = await rawRequest(emu, "GET", `${path}?${signedQuery("DescribeSynchronizationJobs")}`);
      expect([path, r.status]).toEqual([path, 404]);
      expect(json(r)).toMatchObject({ Code: "PathNotFound", HostId: "dts.aliyuncs.com" });
      expect(json(r).Message).toContain("serves the RPC API at / only");
    }
    expect(emu.stats().requests).toBe(0);
    const ok = await rawRequest(emu, "GET", `/?${signedQuery("DescribeSynchronizationJobs")}`);
    expect(ok.status).toBe(200);
  });
});
