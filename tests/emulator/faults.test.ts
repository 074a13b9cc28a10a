/** Transport faults: each kind as clients see it, and determinism under a seed. */
import { startEmulator, type EmulatorHandle, type FaultConfig } from "../../emulator";
import { json, parseXml, popClient, popError, rawRequest, signedCall } from "../support/emulator";

let emu: EmulatorHandle;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: 3 });
});
afterAll(() => emu.stop());
afterEach(() => emu.setFaults({}));

/** Outcome of one pop-core call: "ok", an error code, or a network error name. */
async function outcome(): Promise<string> {
  try {
    await popClient(emu).request("DescribeSynchronizationJobs", {});
    return "ok";
  } catch (e) {
    const err = e as { code?: string; name?: string };
    return err.code ?? err.name ?? "error";
  }
}

test("throttle: HTTP 400 Throttling.User in the requested format", async () => {
  emu.setFaults({ sequence: ["throttle", "throttle", "none"] });
  const e = await popError(popClient(emu).request("DescribeSynchronizationJobs", {}));
  expect(e.code).toBe("Throttling.User");
  expect(e.data).toMatchObject({ Code: "Throttling.User", Message: "Request was denied due to user flow control.", HostId: "dts.aliyuncs.com" });
  const xml = await signedCall(emu, "DescribeSynchronizationJobs", {});
  expect(xml.status).toBe(400);
  expect(parseXml(xml.body).Error.Code).toBe("Throttling.User");
  expect((await signedCall(emu, "DescribeSynchronizationJobs", {}, { format: "JSON" })).status).toBe(200);
});

test("throttle429: HTTP 429 Throttling.Api", async () => {
  emu.setFaults({ sequence: ["throttle429"] });
  const r = await signedCall(emu, "DescribeSynchronizationJobs", {}, { format: "JSON" });
  expect(r.status).toBe(429);
  expect(json(r)).toMatchObject({ Code: "Throttling.Api", RequestId: expect.any(String) });
});

test("unavailable: HTTP 503 with an HTML page (pop-core fails to parse it)", async () => {
  emu.setFaults({ sequence: ["unavailable", "unavailable"] });
  const r = await signedCall(emu, "DescribeSynchronizationJobs", {}, { format: "JSON" });
  expect(r.status).toBe(503);
  expect(r.headers["content-type"]).toBe("text/html");
  expect(r.body).toContain("<title>503 Service Temporarily Unavailable</title>");
  const e = await popError(popClient(emu).request("DescribeSynchronizationJobs", {}));
  expect(e.name).toBe("SyntaxError");
});

test("reset: the connection is reset without a response", async () => {
  emu.setFaults({ sequence: ["reset"] });
  const e = (await popError(popClient(emu).request("DescribeSynchronizationJobs", {}))) as unknown as { code: string };
  // A real TCP reset: which of the two the client sees depends on whether it was still writing when it came.
  expect(["ECONNRESET", "EPIPE"]).toContain(e.code);
  expect(await outcome()).toBe("ok");
  expect(emu.stats().faults.reset).toBe(1);
});

test("resetAfter: the call runs (a task starts) but the connection is reset instead of answered", async () => {
  const jobId = emu.createJob();
  const params = { SynchronizationJobId: jobId, SynchronizationObjects: JSON.stringify([{ DBName: "d" }]), ClientToken: "amb-1" };
  emu.setFaults({ sequence: ["resetAfter"] });
  const e = (await popError(popClient(emu).request("ModifySynchronizationObject", params))) as unknown as { code: string };
  expect(e.code).toBe("ECONNRESET");
  expect(emu.taskCount(jobId)).toBe(1);
  // The job state tells what happened: the job is modifying (the call ran), so a client must not call again.
  const job = await popClient(emu).request("DescribeSynchronizationJobStatus", { SynchronizationJobId: jobId });
  expect(job.Status).toBe("modifying");
  // A blind retry with the same ClientToken is not de-duplicated (the default models the documented API): refused while running.
  const again = await popError(popClient(emu).request("ModifySynchronizationObject", params));
  expect(again.code).toBe("OperationDenied.JobStatusModifying");
  expect(emu.taskCount(jobId)).toBe(1);
  expect(emu.stats().byOutcome.resetAfter).toBe(1);
});

test("slow: the answer comes after slowMs, past a client timeout", async () => {
  emu.setFaults({ sequence: ["slow", "slow"], slowMs: 400 });
  const e = await popError(popClient(emu).request("DescribeSynchronizationJobs", {}, { timeout: 100 }));
  expect(String((e as unknown as Error).message)).toMatch(/timeout/i);
  const t0 = Date.now();
  const ok = await signedCall(emu, "DescribeSynchronizationJobs", {}, { format: "JSON" });
  expect(ok.status).toBe(200);
  expect(Date.now() - t0).toBeGreaterThanOrEqual(350);
});

test("slow before the call: a client that timed out left before it ran (no task)", async () => {
  const jobId = emu.createJob();
  emu.setFaults({ sequence: ["slow"], slowMs: 300 });
  const params = { SynchronizationJobId: jobId, SynchronizationObjects: JSON.stringify([{ DBName: "d" }]) };
  const gone = emu.stats().byOutcome["client-gone"] ?? 0;
  const e = await popError(popClient(emu).request("ModifySynchronizationObject", params, { timeout: 100 }));
  expect(String((e as unknown as Error).message)).toMatch(/timeout/i);
  // The emulator's slow delay is a real timer on a real socket: wait until it has ended and seen the client gone.
  while ((emu.stats().byOutcome["client-gone"] ?? 0) === gone) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(emu.stats().byOutcome["client-gone"]).toBe(gone + 1);
  expect(emu.taskCount(jobId)).toBe(0);
});

test("unavailableAfter: the call runs (a task starts), then HTTP 503 with an HTML page", async () => {
  const jobId = emu.createJob();
  emu.setFaults({ sequence: ["unavailableAfter"] });
  const res = await signedCall(
    emu,
    "ModifySynchronizationObject",
    { SynchronizationJobId: jobId, SynchronizationObjects: JSON.stringify([{ DBName: "d" }]) },
    { format: "JSON" },
  );
  expect(res.status).toBe(503);
  expect(res.body).toContain("503 Service Temporarily Unavailable");
  expect(emu.taskCount(jobId)).toBe(1);
  expect(emu.stats().faults.unavailableAfter).toBe(1);
});

test("slowAfter: the call runs (a task starts), the answer comes after slowMs (a client times out first)", async () => {
  const jobId = emu.createJob();
  emu.setFaults({ sequence: ["slowAfter"], slowMs: 400 });
  const params = { SynchronizationJobId: jobId, SynchronizationObjects: JSON.stringify([{ DBName: "d" }]) };
  const e = await popError(popClient(emu).request("ModifySynchronizationObject", params, { timeout: 100 }));
  expect(String((e as unknown as Error).message)).toMatch(/timeout/i);
  expect(emu.taskCount(jobId)).toBe(1);
  const job = await popClient(emu).request("DescribeSynchronizationJobStatus", { SynchronizationJobId: jobId });
  expect(job.Status).toBe("modifying");
});

test("latency is added to every call; actions filter which calls are affected", async () => {
  emu.setFaults({ latencyMs: 150, throttle: 1, actions: ["DescribeSynchronizationObjectModifyStatus"] });
  expect(await outcome()).toBe("ok"); // other action: untouched
  const t1 = Date.now();
  const r = await signedCall(emu, "DescribeSynchronizationObjectModifyStatus", { TaskId: "x" }, { format: "JSON" });
  expect(json(r).Code).toBe("Throttling.User");
  expect(Date.now() - t1).toBeGreaterThanOrEqual(140);
});

test("fractions are deterministic under a seed and roughly proportional", async () => {
  const config: FaultConfig = { seed: 42, throttle: 0.2, throttle429: 0.1, unavailable: 0.1, reset: 0.1 };
  const run = async () => {
    emu.setFaults(config);
    const seen: string[] = [];
    for (let i = 0; i < 60; i++) seen.push(await outcome());
    return seen;
  };
  const a = await run();
  const b = await run();
  expect(b).toEqual(a);
  const ok = a.filter((x) => x === "ok").length;
  expect(ok).toBeGreaterThan(15);
  expect(ok).toBeLessThan(55);
  expect(a).toContain("Throttling.User");
  expect(new Set(a).size).toBeGreaterThanOrEqual(4);
  emu.setFaults({ ...config, seed: 43 });
  const c: string[] = [];
  for (let i = 0; i < 60; i++) c.push(await outcome());
  expect(c).not.toEqual(a);
});

test("maxFaults stops injection; stats count faults", async () => {
  emu.setFaults({ throttle: 1, maxFaults: 2 });
  expect([await outcome(), await outcome(), await outcome(), await outcome()]).toEqual(["Throttling.User", "Throttling.User", "ok", "ok"]);
  expect(emu.stats().faults.throttle).toBeGreaterThanOrEqual(2);
});

test("faults can be set at start and over the control API; bad configs are rejected", async () => {
  const other = await startEmulator({ port: 0, faults: { sequence: ["throttle"] } });
  try {
    const r = await signedCall(other, "DescribeSynchronizationJobs", {}, { format: "JSON" });
    expect(json(r).Code).toBe("Throttling.User");
    const set = await rawRequest(other, "POST", "/_emulator/faults", JSON.stringify({ sequence: ["throttle429"] }), { "content-type": "application/json" });
    expect(set.status).toBe(200);
    expect((await signedCall(other, "DescribeSynchronizationJobs", {}, { format: "JSON" })).status).toBe(429);
    const bad = await rawRequest(other, "POST", "/_emulator/faults", JSON.stringify({ throttle: 2 }), { "content-type": "application/json" });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error).toMatch(/throttle/);
  } finally {
    await other.stop();
  }
  expect(() => emu.setFaults({ sequence: ["explode" as never] })).toThrow(/sequence/);
});
