/**
 * The emulator as a drop-in DTS for Python users: Alibaba's official Python SDK (alibabacloud-dts20200101 5.11.7
 * from PyPI, in scripts/ensure-python's virtualenv, default V3 signature) calls ModifySynchronizationObject,
 * DescribeSynchronizationObjectModifyStatus, DescribeInitializationStatus and DescribeSynchronizationJobStatus
 * (tests/native/official-python-sdk/dts_calls.py); a wrong secret is refused by the signature check.
 */
import * as path from "node:path";
import type { EmulatorHandle } from "../../emulator";
import { startTestEmulator, tasksOf } from "../support/engine";
import { ENSURE_PYTHON_TIMEOUT_MS, type PythonEnv, ensurePython, runCommand } from "../support/python-env";

jest.setTimeout(120_000);

const SCRIPT = path.join(__dirname, "official-python-sdk", "dts_calls.py");
let emu: EmulatorHandle;
let py: PythonEnv;

beforeAll(async () => {
  py = await ensurePython();
  emu = await startTestEmulator();
}, ENSURE_PYTHON_TIMEOUT_MS);

afterAll(async () => {
  await emu?.stop();
});

async function calls(jobId: string, secret: string): Promise<Record<string, any>> {
  const env = {
    ...process.env,
    DTS_ENDPOINT: new URL(emu.url).host,
    DTS_KEY_ID: emu.accessKeyId,
    DTS_KEY_SECRET: secret,
    DTS_JOB_ID: jobId,
  };
  const r = await runCommand(py.python, [SCRIPT], { cwd: __dirname, env });
  if (r.code !== 0) throw new Error(`dts_calls.py failed (exit ${r.code}):\n${r.output}`);
  return JSON.parse(r.stdout);
}

test("the four calls the provider makes answer the official SDK with the documented fields", async () => {
  const jobId = emu.createJob({ name: "official-python-sdk" });
  const out = await calls(jobId, emu.accessKeySecret);
  const [task] = tasksOf(emu, jobId);
  expect(task).toBeDefined();
  expect(out.ModifySynchronizationObject).toEqual(expect.objectContaining({ TaskId: task!.taskId, RequestId: expect.any(String) }));
  expect(out.DescribeSynchronizationObjectModifyStatus).toEqual(expect.objectContaining({ Status: expect.any(String) }));
  expect(out.DescribeInitializationStatus).toEqual(expect.objectContaining({ RequestId: expect.any(String) }));
  expect(out.DescribeSynchronizationJobStatus).toEqual(expect.objectContaining({ SynchronizationJobId: jobId, Status: expect.any(String) }));
});

test("a wrong secret: every call is refused by the signature check, and no task starts", async () => {
  const jobId = emu.createJob({ name: "official-python-sdk-bad-key" });
  const out = await calls(jobId, `${emu.accessKeySecret}x`);
  for (const action of ["ModifySynchronizationObject", "DescribeSynchronizationJobStatus"]) {
    expect(out[action]).toEqual(expect.objectContaining({ error: expect.stringMatching(/Signature/) }));
  }
  expect(tasksOf(emu, jobId)).toHaveLength(0);
});
