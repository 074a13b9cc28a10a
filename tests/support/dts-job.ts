/** What the DtsJob tests share: the four readings the documents leave open, the emulator's control routes, the CLI's document. */
import type { EmulatorHandle } from "../../emulator";
import { setDtsJobOptions, type DtsJobOptions } from "../../emulator/dts-job-actions";
import { DTS_JOB_STATUS_OUTPUT_KEYS } from "../../sdk";
import type { RunResult } from "./cli";

/**
 * The readings (research note dts-new-api.md): the job reads `Modifying` or stays `synchronizing` while a change
 * runs, × a finished SubSyncJob stays in the reply or leaves it. Every DtsJob test runs all four.
 */
export const DTS_JOB_READINGS: readonly DtsJobOptions[] = [
  { parentStatus: "Modifying", finishedSubSyncJob: "stays" },
  { parentStatus: "Modifying", finishedSubSyncJob: "disappears" },
  { parentStatus: "synchronizing", finishedSubSyncJob: "stays" },
  { parentStatus: "synchronizing", finishedSubSyncJob: "disappears" },
];

/** One describe block per reading, the emulator (`emu()`, started by the file's fixture) set to it before each test. */
export function describeEachReading(emu: () => EmulatorHandle, body: (reading: DtsJobOptions) => void): void {
  describe.each(DTS_JOB_READINGS)("reading parentStatus=$parentStatus, finished SubSyncJob $finishedSubSyncJob", (reading) => {
    beforeEach(() => setDtsJobOptions(emu().state, reading));
    body(reading);
  });
}

/** POSTs `body` to the emulator's control route `/_emulator/<path>` (e.g. `dts-job-modify`: another client's change). */
export async function emulatorControl(url: string, path: string, body: unknown): Promise<{ status: number; data: any }> {
  const r = await fetch(`${url}/_emulator/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: r.status, data: await r.json() };
}

/** A new job's ids in both families (the emulator serves one job under both APIs). */
export interface InitializationJob {
  jobId: string;
  dtsJobId: string;
}

/** A new job following `life` (phase seconds, a failure, a start delay, ...) in the emulator's model of a new job's life. */
export async function initializationJob(url: string, life: Record<string, unknown> = {}): Promise<InitializationJob> {
  return (await emulatorControl(url, "initialization-jobs", life)).data as InitializationJob;
}

/**
 * The document a `dts-objects ... --dts-job --json` run printed, after checking its exit code and that every key is
 * one of the DtsJob document's (no `taskId`, `source`, `failedTables`, `tables`).
 */
export function dtsJobDocument(r: RunResult, code: number): Record<string, any> {
  expect(r.code).toBe(code);
  const out = JSON.parse(r.stdout);
  expect(Object.keys(out).filter((k) => !(DTS_JOB_STATUS_OUTPUT_KEYS as readonly string[]).includes(k))).toEqual([]);
  expect(out).not.toHaveProperty("taskId");
  return out;
}
