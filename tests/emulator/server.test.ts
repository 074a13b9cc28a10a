/** Control API, lifecycle (stop closes everything), state file, and the bin's flags. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, DEMO_JOB_ID, startEmulator, type EmulatorHandle } from "../../emulator";
import { USAGE, runCli } from "../../emulator/bin";
import { ManualClock, json, objects, popClient, popError, rawRequest, signedCall } from "../support/emulator";

const DAY = 24 * 3600 * 1000;

describe("control API", () => {
  let emu: EmulatorHandle;
  const clock = new ManualClock();
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, clock });
  });
  afterAll(() => emu.stop());

  const post = (path: string, body: unknown) => rawRequest(emu, "POST", `/_emulator/${path}`, JSON.stringify(body), { "content-type": "application/json" });

  test("jobs, scenario, state, release over HTTP", async () => {
    const created = await post("jobs", { jobId: "dtsctl000001", scenario: "never-finishes" });
    expect(created.status).toBe(200);
    expect(json(created)).toEqual({ jobId: "dtsctl000001" });
    expect((await post("jobs", { jobId: "dtsctl000001" })).status).toBe(400);
    const c = popClient(emu);
    const { TaskId } = await c.request("ModifySynchronizationObject", {
      SynchronizationJobId: "dtsctl000001",
      SynchronizationObjects: objects([{ db: "d", tables: ["a"] }]),
    });
    clock.advance(DAY);
    let state = json(await rawRequest(emu, "GET", "/_emulator/state"));
    expect(state.jobs.find((j: any) => j.jobId === "dtsctl000001")).toMatchObject({ status: "Modifying", taskIds: [TaskId] });
    expect(state.tasks.find((t: any) => t.taskId === TaskId)).toMatchObject({ held: true, scenario: "never-finishes" });
    expect(state.stats.byAction.ModifySynchronizationObject).toBe(1);
    expect(state).toMatchObject({ timeScale: 1, seed: 1, url: emu.url });
    const rel = await post("release", { id: TaskId });
    expect(json(rel)).toEqual({ taskId: TaskId });
    clock.advance(DAY);
    state = json(await rawRequest(emu, "GET", "/_emulator/state"));
    expect(state.tasks.find((t: any) => t.taskId === TaskId)).toMatchObject({ held: false, terminal: true, released: true });
    const tasks = json(await rawRequest(emu, "GET", "/_emulator/tasks"));
    expect(tasks.map((t: any) => t.taskId)).toContain(TaskId);

    expect((await post("scenario", { scenario: "structure-failure", jobId: "dtsctl000001" })).status).toBe(200);
    const t2 = await c.request("ModifySynchronizationObject", {
      SynchronizationJobId: "dtsctl000001",
      SynchronizationObjects: objects([{ db: "d", tables: ["customer"] }]),
    });
    clock.advance(DAY);
    expect((await c.request("DescribeSynchronizationObjectModifyStatus", { TaskId: t2.TaskId })).StructureInitializationStatus.Status).toBe("Failed");
    expect((await post("scenario", { scenario: "nope" })).status).toBe(400);
    expect((await post("scenario", { scenario: "success", jobId: "dtsmissing" })).status).toBe(404);
    expect((await post("release", { id: "nothing" })).status).toBe(404);
    expect((await rawRequest(emu, "GET", "/_emulator/unknown")).status).toBe(404);
    expect((await rawRequest(emu, "POST", "/_emulator/jobs", "{not json", { "content-type": "application/json" })).status).toBe(400);
  });

  test("answers loopback clients only", async () => {
    const addr = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === "IPv4" && !i.internal)?.address;
    const open = await startEmulator({ port: 0, host: "0.0.0.0", accessKeys: { OWNKEY: "own-secret" } });
    try {
      expect((await rawRequest(open, "GET", "/_emulator/state")).status).toBe(200);
      if (!addr) return; // no non-loopback interface here: nothing more to check
      const res = await new Promise<number>((resolve, reject) => {
        const req = request({ host: addr, port: open.port, path: "/_emulator/state", localAddress: addr }, (r) => {
          r.resume();
          resolve(r.statusCode ?? 0);
        });
        req.on("error", reject);
        req.end();
      });
      expect(res).toBe(403);
    } finally {
      await open.stop();
    }
  });
});

describe("lifecycle", () => {
  test("demo constants, the pre-seeded demo job", async () => {
    const emu = await startEmulator();
    try {
      expect(emu.accessKeyId).toBe(DEMO_ACCESS_KEY_ID);
      expect(emu.accessKeySecret).toBe(DEMO_ACCESS_KEY_SECRET);
      expect(emu.demoJobId).toBe(DEMO_JOB_ID);
      const list = await popClient(emu).request("DescribeSynchronizationJobs", {});
      expect(list.SynchronizationInstances.map((j: any) => j.SynchronizationJobId)).toEqual([DEMO_JOB_ID]);
    } finally {
      await emu.stop();
    }
  });

  test("stop closes keep-alive sockets and pending slow responses, and is idempotent", async () => {
    const emu = await startEmulator({ port: 0 });
    const agent = new Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port: emu.port, path: "/_emulator/state", agent }, (r) => {
        r.resume();
        r.on("end", resolve);
      });
      req.on("error", reject);
      req.end();
    });
    emu.setFaults({ sequence: ["slow"], slowMs: 60_000 });
    const slowBefore = emu.stats().faults.slow;
    const pending = popError(popClient(emu).request("DescribeSynchronizationJobs", {}));
    // Stop once the request is inside its slow delay (counted when the fault is decided), not after a fixed pause.
    while (emu.stats().faults.slow === slowBefore) await new Promise((r) => setTimeout(r, 5));
    await emu.stop();
    await emu.stop();
    const e = (await pending) as unknown as { code: string };
    // stop() closes a real socket mid-request: the error is Node's for that socket (not an emulator answer).
    expect(["ECONNRESET", "socket hang up"]).toContain(e.code ?? (e as unknown as Error).message);
    await expect(rawRequest(emu, "GET", "/_emulator/state")).rejects.toThrow(/ECONNREFUSED/);
    agent.destroy();
  });

  test("taskCount, tasks() and stats()", async () => {
    const emu = await startEmulator({ port: 0 });
    try {
      const c = popClient(emu);
      expect(emu.taskCount()).toBe(0);
      await c.request("ModifySynchronizationObject", { SynchronizationJobId: DEMO_JOB_ID, SynchronizationObjects: objects([{ db: "d" }]), ClientToken: "a" });
      // The same token again while the task runs: refused because the job is modifying (tokens are not de-duplicated by default).
      const busy = await popError(
        c.request("ModifySynchronizationObject", { SynchronizationJobId: DEMO_JOB_ID, SynchronizationObjects: objects([{ db: "d" }]), ClientToken: "a" }),
      );
      expect(busy.code).toBe("OperationDenied.JobStatusModifying");
      expect(emu.taskCount()).toBe(1);
      expect(emu.taskCount(DEMO_JOB_ID)).toBe(1);
      expect(() => emu.taskCount("dtsnone")).toThrow(/does not exist/);
      expect(emu.tasks()[0]).toMatchObject({ jobId: DEMO_JOB_ID, clientToken: "a", status: "Prechecking", terminal: false });
      expect(emu.stats()).toMatchObject({
        requests: 2,
        byAction: { ModifySynchronizationObject: 2 },
        byOutcome: { OK: 1, "OperationDenied.JobStatusModifying": 1 },
        tasksStarted: 1,
      });
    } finally {
      await emu.stop();
    }
  });
});

describe("state file", () => {
  test("jobs and tasks (and, with clientTokenDedup, ClientTokens) survive a restart, progress keeps counting from the task start", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dts-emu-"));
    const stateFile = join(dir, "state.json");
    const clock = new ManualClock();
    const first = await startEmulator({ port: 0, stateFile, clock, clientTokenDedup: true });
    const jobId = first.createJob({ scenario: "failed-tables" });
    const { TaskId } = await popClient(first).request("ModifySynchronizationObject", {
      SynchronizationJobId: jobId,
      SynchronizationObjects: objects([{ db: "d", tables: ["a", "b", "c"] }]),
      ClientToken: "tok",
    });
    await first.stop();
    clock.advance(DAY);
    const second = await startEmulator({ port: 0, stateFile, clock, clientTokenDedup: true });
    try {
      const c = popClient(second);
      const s = await c.request("DescribeSynchronizationObjectModifyStatus", { TaskId });
      expect(s.DataInitializationStatus.Status).toBe("Finished");
      const d = await c.request("DescribeInitializationStatus", { SynchronizationJobId: jobId });
      expect(d.DataInitializationDetails.some((t: any) => t.Status === "Failed")).toBe(true);
      const again = await c.request("ModifySynchronizationObject", {
        SynchronizationJobId: jobId,
        SynchronizationObjects: objects([{ db: "d", tables: ["a", "b", "c"] }]),
        ClientToken: "tok",
      });
      expect(again.TaskId).toBe(TaskId);
      const next = await c.request("ModifySynchronizationObject", { SynchronizationJobId: jobId, SynchronizationObjects: objects([{ db: "d" }]) });
      expect(next.TaskId).not.toBe(TaskId);
    } finally {
      await second.stop();
    }
  });
});

describe("bin", () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s) } };
  };

  test("prints URL, demo key pair and job id; logs requests to stderr", async () => {
    const o = io();
    const { code, handle } = await runCli(["--port", "0", "--time-scale", "50", "--seed", "9"], o.io);
    try {
      expect(code).toBe(0);
      const text = o.out.join("");
      expect(text).toContain(`DTS emulator listening on ${handle!.url}`);
      expect(text).toContain(DEMO_ACCESS_KEY_ID);
      expect(text).toContain(DEMO_ACCESS_KEY_SECRET);
      expect(text).toContain(DEMO_JOB_ID);
      expect(text).toContain("Time scale 50");
      await signedCall(handle!, "DescribeSynchronizationJobs", {}, { format: "JSON" });
      expect(o.err.join("")).toMatch(/DescribeSynchronizationJobs -> 200 OK/);
      expect(o.err.join("")).not.toContain(DEMO_ACCESS_KEY_SECRET);
    } finally {
      await handle?.stop();
    }
  });

  test("--json, --quiet, --scenario", async () => {
    const o = io();
    const { handle } = await runCli(["--json", "--quiet", "--scenario", "failed-tables"], o.io);
    try {
      const info = JSON.parse(o.out.join(""));
      expect(info).toMatchObject({ url: handle!.url, accessKeyId: DEMO_ACCESS_KEY_ID, demoJobId: DEMO_JOB_ID, scenario: "failed-tables" });
      await signedCall(handle!, "DescribeSynchronizationJobs", {}, { format: "JSON" });
      expect(o.err).toEqual([]);
    } finally {
      await handle?.stop();
    }
  });

  test("--config file with faults, keys and jobs; flags win", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dts-emu-cfg-"));
    const file = join(dir, "emu.json");
    writeFileSync(
      file,
      JSON.stringify({
        timeScale: 20,
        seed: 5,
        scenario: { name: "precheck-failure" },
        accessKeys: { MYKEY: "mysecret" },
        faults: { sequence: ["throttle"] },
        jobs: [{ jobId: "dtscfgjob0001", scenario: "never-finishes" }],
      }),
    );
    const o = io();
    const { handle } = await runCli(["--config", file, "--seed", "6", "--quiet", "--json"], o.io);
    try {
      const info = JSON.parse(o.out.join(""));
      expect(info).toMatchObject({ accessKeyId: "MYKEY", accessKeySecret: "mysecret", seed: 6, timeScale: 20, scenario: "precheck-failure" });
      const c = popClient(handle!);
      expect((await popError(c.request("DescribeSynchronizationJobs", {}))).code).toBe("Throttling.User");
      expect(handle!.state.jobs.get("dtscfgjob0001")?.scenario).toEqual({ name: "never-finishes" });
    } finally {
      await handle?.stop();
    }
  });

  test("bad flags and values: usage error naming it, exit 2", async () => {
    for (const argv of [
      ["--bogus"],
      ["--port", "abc"],
      ["--port", "70000"],
      ["--time-scale", "0"],
      ["--scenario", "chaos"],
      ["--config", "/nonexistent.json"],
      ["extra"],
    ]) {
      const o = io();
      const { code, handle } = await runCli(argv, o.io);
      expect([argv, code, handle]).toEqual([argv, 2, undefined]);
      const msg = o.err.join("");
      expect(msg).toMatch(/^error: /);
      expect(msg).toContain("Usage: pulumi-dts-objects-emulator");
      const named = argv[0] === "extra" ? "extra" : argv[0]!.replace(/^--/, "");
      expect(msg.split("\n")[0]).toContain(named);
    }
    const bad = join(mkdtempSync(join(tmpdir(), "dts-emu-bad-")), "c.json");
    writeFileSync(bad, JSON.stringify({ port: "x", unknownKey: 1 }));
    const o = io();
    expect((await runCli(["--config", bad], o.io)).code).toBe(2);
    expect(o.err.join("")).toMatch(/port/);
  });

  test("--help prints usage, exit 0", async () => {
    const o = io();
    expect(await runCli(["--help"], o.io)).toEqual({ code: 0 });
    expect(o.out.join("")).toBe(USAGE);
  });

  test("a port in use: exit 1", async () => {
    const emu = await startEmulator({ port: 0 });
    try {
      const o = io();
      const { code } = await runCli(["--port", String(emu.port)], o.io);
      expect(code).toBe(1);
      expect(o.err.join("")).toMatch(/EADDRINUSE/);
    } finally {
      await emu.stop();
    }
  });
});
