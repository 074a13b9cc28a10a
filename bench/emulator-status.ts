/**
 * What a very large task costs the emulator per call (issue 18: with 200 000 tables a status call blocked it for
 * about a second). One task of `tables` tables (1 000 per database) on a fresh emulator with an injected clock, so
 * the task is measured in data initialization, where the overall progress sums every table's rows.
 *
 * Each figure is the round trip of one hand-signed JSON call on loopback (the emulator is single-threaded, so this
 * is also how long every other client waits behind it): the ModifySynchronizationObject that starts the task, the
 * first status call afterwards, the median of later status calls at different instants, and one
 * DescribeInitializationStatus page of 100 tables.
 */
import { startEmulator } from "../emulator";
import { ManualClock, signedCall } from "../tests/support/emulator";
import { fmt, median, type BenchSection, type Figure } from "./util";

export interface EmulatorStatusOptions {
  /** @default 200000 */
  tables?: number;
  /** Status calls after the first one (the median is reported). @default 20 */
  calls?: number;
  seed?: number;
}

function objectsJson(count: number): string {
  const dbs = [];
  for (let i = 0; i < count; i += 1000) {
    const tables = [];
    for (let j = i; j < Math.min(count, i + 1000); j++) tables.push({ TableName: `t${j}` });
    dbs.push({ DBName: `benchdb${dbs.length}`, TableIncludes: tables });
  }
  return JSON.stringify(dbs);
}

async function timed(call: () => Promise<{ status: number; body: string }>): Promise<number> {
  const started = performance.now();
  const r = await call();
  const ms = performance.now() - started;
  if (r.status !== 200) throw new Error(`call failed: HTTP ${r.status} ${r.body.slice(0, 300)}`);
  return ms;
}

export async function runEmulatorStatus(options: EmulatorStatusOptions = {}): Promise<BenchSection> {
  const tables = options.tables ?? 200_000;
  const calls = options.calls ?? 20;
  const seed = options.seed ?? 5;
  const clock = new ManualClock();
  // Short precheck and structure phases, so the clock reaches data initialization in a few steps.
  const emu = await startEmulator({ seed, clock, scenario: { name: "success", durations: { precheckItemMs: 10, structureTableMs: 0 } } });
  try {
    const jobId = emu.demoJobId;
    const json = objectsJson(tables);
    let taskId = "";
    const modifyMs = await timed(async () => {
      const r = await signedCall(
        emu,
        "ModifySynchronizationObject",
        { SynchronizationJobId: jobId, SynchronizationObjects: json },
        { format: "JSON", method: "POST" },
      );
      taskId = (JSON.parse(r.body) as { TaskId: string }).TaskId;
      return r;
    });
    clock.advance(60_000); // into data initialization
    const status = () => signedCall(emu, "DescribeSynchronizationObjectModifyStatus", { TaskId: taskId }, { format: "JSON" });
    const firstMs = await timed(status);
    const later: number[] = [];
    let phase = "";
    for (let i = 0; i < calls; i++) {
      clock.advance(5_000);
      later.push(
        await timed(async () => {
          const r = await status();
          phase = (JSON.parse(r.body) as { DataInitializationStatus: { Status: string } }).DataInitializationStatus.Status;
          return r;
        }),
      );
    }
    const pages: number[] = [];
    for (let i = 0; i < 5; i++) {
      pages.push(
        await timed(() =>
          signedCall(emu, "DescribeInitializationStatus", { SynchronizationJobId: jobId, PageSize: "100", PageNum: String(1 + i * 300) }, { format: "JSON" }),
        ),
      );
    }
    const jobsMs = await timed(() => signedCall(emu, "DescribeSynchronizationJobs", { SynchronizationJobId: jobId }, { format: "JSON" }));
    const statusMs = median(later);
    const pageMs = median(pages);
    const figures: Figure[] = [
      { id: `emulator.status.call_ms@${tables}`, value: statusMs, unit: "ms", better: "lower", kind: "latency" },
      { id: `emulator.status.first_call_ms@${tables}`, value: firstMs, unit: "ms", better: "lower", kind: "wall" },
      { id: `emulator.modify_ms@${tables}`, value: modifyMs, unit: "ms", better: "lower", kind: "wall" },
      { id: `emulator.init_page_ms@${tables}`, value: pageMs, unit: "ms", better: "lower", kind: "latency" },
      { id: `emulator.jobs_ms@${tables}`, value: jobsMs, unit: "ms", better: "lower", kind: "wall" },
    ];
    return {
      name: "emulator",
      title: `Emulator cost per call with one ${tables}-table task`,
      date: new Date().toISOString(),
      settings: { tables, tablesPerDatabase: 1000, statusCalls: calls, seed, phaseAtLastCall: phase },
      tables: [
        {
          title: `One task of ${tables} tables; round trip of one JSON call on loopback (ms)`,
          header: ["Call", "ms"],
          rows: [
            ["ModifySynchronizationObject (starts the task, plans it)", fmt(modifyMs, 0)],
            ["First DescribeSynchronizationObjectModifyStatus", fmt(firstMs, 1)],
            [`DescribeSynchronizationObjectModifyStatus (median of ${calls}, data initialization)`, fmt(statusMs, 1)],
            ["DescribeInitializationStatus, one page of 100 (median of 5)", fmt(pageMs, 1)],
            ["DescribeSynchronizationJobs of that job (lists every table's objects)", fmt(jobsMs, 0)],
          ],
        },
      ],
      notes: [
        "Before issue 18's fix (same bench and machine, load average ~9): the first status call built the task's plan, 480-794 ms. Now the Modify call builds it, and 2-3x cheaper (a Map for row overrides; in-process 821-904 ms before, 305-383 ms after).",
        "A later status call summed every table's rows: 0.33 ms of CPU at 200 000 tables (in-process median), now 0.008 ms (O(workers x log tables)). Its round trip in the table above is mostly scheduling on a loaded machine (1.4-5.8 ms in runs before and after the fix).",
        "DescribeSynchronizationJobs stays O(tables): its answer lists the job's synchronization objects, every table of them.",
      ],
      figures,
      data: { modifyMs, firstMs, later, pages, jobsMs },
    };
  } finally {
    await emu.stop();
  }
}
