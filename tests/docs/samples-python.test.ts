/**
 * Every Python sample (```python) of the README and docs/ is checked by mypy --strict against the generated Python
 * SDK (scripts/gen-sdk/run -> sdks/python, pip-installed into the virtualenv of scripts/ensure-python, as
 * tests/native/python.test.ts does): a sample that names an argument, an Args class or an output the SDK does not
 * have, or passes a value of the wrong type, fails. A missing toolchain fails the test, it never skips it.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ensureBuilt } from "../support/build";
import { ENSURE_PYTHON_TIMEOUT_MS, ensurePython, installGeneratedSdk, type PythonEnv, runCommand } from "../native/python-env";
import { codeBlocks, sampleFiles } from "./markdown";

let py: PythonEnv;
let dir: string;

beforeAll(async () => {
  ensureBuilt();
  py = await ensurePython();
  await installGeneratedSdk(py);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "dts-doc-python-"));
}, 2 * ENSURE_PYTHON_TIMEOUT_MS);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const mypy = (file: string) => runCommand(py.python, ["-m", "mypy", "--strict", "--no-error-summary", "--cache-dir", "/dev/null", file], { cwd: dir });

const samples = () =>
  sampleFiles()
    .flatMap((f) => codeBlocks(f))
    .filter((b) => b.lang === "python" || b.lang === "py");

test("there are Python samples, at least one per resource page", () => {
  const pages = new Set(samples().map((b) => b.file));
  expect([...pages]).toEqual(expect.arrayContaining(["docs/synchronization-object-modification.md", "docs/dts-job-modification.md"]));
});

test("every Python sample passes mypy --strict against the generated SDK", async () => {
  const problems: string[] = [];
  for (const [i, b] of samples().entries()) {
    const file = path.join(dir, `sample_${i}.py`);
    fs.writeFileSync(file, b.code);
    const r = await mypy(file);
    if (r.code !== 0 || r.output !== "") problems.push(`${b.file}:${b.line}:\n${r.output}`);
  }
  expect(problems).toEqual([]);
}, 300_000);

test("the check fails on a sample that misnames an argument", async () => {
  const file = path.join(dir, "bad.py");
  fs.writeFileSync(file, 'import pulumi_dts as dts\n\ndts.DtsJobModification("x", dts_job_id="j", wait_only="yes")\n');
  const r = await mypy(file);
  expect(r.code).not.toBe(0);
  expect(r.output).toMatch(/wait_only/);
}, 120_000);
