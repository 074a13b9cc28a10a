/** The emulator command's DtsJob reading flags: parsed, refused with the allowed values, applied to the running emulator. */
import { parseCli, runCli } from "../../emulator/bin";
import { dtsJobOptions } from "../../emulator/dts-job-actions";

test("--dts-job-parent-status / --dts-job-finished-subtask are parsed; a bad value names the flag and the allowed values", () => {
  expect(parseCli([]).dtsJob).toEqual({});
  expect(parseCli(["--dts-job-parent-status", "synchronizing", "--dts-job-finished-subtask", "disappears"]).dtsJob).toEqual({
    parentStatus: "synchronizing",
    finishedSubSyncJob: "disappears",
  });
  expect(() => parseCli(["--dts-job-parent-status", "modifying"])).toThrow(
    'option --dts-job-parent-status: expected Modifying or synchronizing, got "modifying"',
  );
  expect(() => parseCli(["--dts-job-finished-subtask", "gone"])).toThrow("expected stays or disappears");
});

test("the running emulator uses the chosen readings (the unset one keeps its default)", async () => {
  const err: string[] = [];
  const { code, handle } = await runCli(["--quiet", "--dts-job-finished-subtask", "disappears"], { stdout: () => undefined, stderr: (s) => err.push(s) });
  try {
    expect(code).toBe(0);
    expect(dtsJobOptions(handle!.state)).toEqual({ parentStatus: "Modifying", finishedSubSyncJob: "disappears" });
  } finally {
    await handle?.stop();
  }
  expect(err.join("")).toBe("");
});
