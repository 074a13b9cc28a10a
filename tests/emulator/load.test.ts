/** Bounded loopback load: 20 concurrent pollers x 50 requests; checks correctness only (no timing asserts). */
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { objects, popClient } from "../support/emulator";

let emu: EmulatorHandle;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, timeScale: 2000, seed: 5 });
});
afterAll(() => emu.stop());

test("20 pollers x 50 requests: every answer correct, progress never goes back, no request lost", async () => {
  const POLLERS = 20;
  const REQUESTS = 50;
  const requestIds = new Set<string>(); // RequestIds of every answer, plus the TaskIds (all distinct)
  const results = await Promise.all(
    Array.from({ length: POLLERS }, async (_, p) => {
      const client = popClient(emu);
      const jobId = emu.createJob({ name: `load-${p}` });
      const tables = Array.from({ length: 40 + p }, (_, i) => `t${p}_${i}`);
      const { TaskId } = await client.request(
        "ModifySynchronizationObject",
        { SynchronizationJobId: jobId, SynchronizationObjects: objects([{ db: `db${p}`, tables }]), ClientToken: `load-${p}` },
        { method: "POST" },
      );
      requestIds.add(TaskId);
      let last = { precheck: -1, structure: -1, data: -1 };
      for (let i = 1; i < REQUESTS; i++) {
        if (i % 5 === 0) {
          const page = await client.request("DescribeInitializationStatus", { SynchronizationJobId: jobId, PageSize: 30, PageNum: 2 });
          expect(page.DataInitializationDetails).toHaveLength(Math.min(30, tables.length - 30));
          expect(page.DataInitializationDetails[0].TableName).toBe(`t${p}_30`);
          requestIds.add(page.RequestId);
          continue;
        }
        const s = await client.request("DescribeSynchronizationObjectModifyStatus", { TaskId });
        requestIds.add(s.RequestId);
        const now = {
          precheck: Number(s.PrecheckStatus.Percent),
          structure: Number(s.StructureInitializationStatus.Progress),
          data: Number(s.DataInitializationStatus.Progress),
        };
        expect(now.precheck).toBeGreaterThanOrEqual(last.precheck);
        expect(now.structure).toBeGreaterThanOrEqual(last.structure);
        expect(now.data).toBeGreaterThanOrEqual(last.data);
        expect(now.structure).toBeLessThanOrEqual(tables.length);
        expect(["Prechecking", "Migrating"]).toContain(s.Status);
        last = now;
      }
      return { jobId, TaskId };
    }),
  );
  expect(new Set(results.map((r) => r.TaskId)).size).toBe(POLLERS);
  expect(requestIds.size).toBe(POLLERS * REQUESTS);
  const stats = emu.stats();
  expect(stats.requests).toBe(POLLERS * REQUESTS);
  expect(stats.byOutcome).toEqual({ OK: POLLERS * REQUESTS });
  expect(emu.taskCount()).toBe(POLLERS);
});
