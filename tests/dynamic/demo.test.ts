/**
 * `npm run demo` (the README's quick start): `node scripts/demo.js` after the build, for success and the two
 * failure scenarios, asserting what it prints.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT, run, tail, extractJson } from "../support/pulumi-project";
import { useEngine } from "../support/engine";

const { OUTPUTS_BEGIN, OUTPUTS_END } = require("../../scripts/demo.js") as { OUTPUTS_BEGIN: string; OUTPUTS_END: string };

jest.setTimeout(240_000);

// The demo starts its own emulator and stack (scripts/demo.js): the fixture provisions the CLI only.
const engine = useEngine({ emulator: false });

function demo(args: string[] = []) {
  return run(process.execPath, [path.join(REPO_ROOT, "scripts", "demo.js"), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env },
    timeoutMs: 200_000,
  });
}

engine.onCleanup(() => {
  // The demo removes its stack config file; make sure no run left one behind.
  expect(fs.existsSync(path.join(REPO_ROOT, "examples", "basic", "Pulumi.demo.yaml"))).toBe(false);
});

test("npm run demo: up succeeds, progress streamed, outputs and summary printed, emulator stopped", async () => {
  const r = await demo();
  if (r.code !== 0) throw new Error(`demo failed (exit ${r.code}):\n${tail(r.output, 6000)}`);
  const outputs = extractJson(r.stdout, OUTPUTS_BEGIN, OUTPUTS_END);
  expect(outputs.taskId).toEqual(expect.any(String));
  expect(outputs.precheck.status).toBe("Finished");
  expect(outputs.structureInitialization.status).toBe("Finished");
  expect(outputs.dataInitialization).toEqual(expect.objectContaining({ status: "Finished", percent: 100 }));
  expect(outputs.failedTables).toEqual([]);
  expect(r.stdout).toContain("=== pulumi up");
  expect(r.stdout).toContain(outputs.taskId);
  expect(r.stdout).toMatch(/task id:\s+\S+/);
  expect(r.stdout).toMatch(/data initialization:\s+Finished \(100%\)/);
  expect(r.stdout).toMatch(/failed tables:\s+none/);
  expect(r.stdout).toContain("1 modification task(s) started");
  expect(r.stdout).toContain("emulator stopped; demo succeeded (exit 0)");
});

test("npm run demo -- --scenario precheck-failure: exits 1 naming the item, error and repair method", async () => {
  const r = await demo(["--scenario", "precheck-failure"]);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain("pulumi up FAILED");
  expect(r.stdout).toContain("CHECK_AUTH_DEST");
  expect(r.stdout).toContain("Access denied for user");
  expect(r.stdout).toContain("CHECK_ERROR_DEST_CONN_REPAIR2");
  expect(r.stdout).toMatch(/precheck:\s+Failed/);
  expect(r.stdout).toContain("saved in state");
});

test("npm run demo -- --scenario failed-tables: exits 1 naming the failed tables", async () => {
  const r = await demo(["--scenario", "failed-tables"]);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain("pulumi up FAILED");
  expect(r.stdout).toContain("NumberFormatException");
  expect(r.stdout).toMatch(/failed tables:\s*\n\s+\w+\.\w+ -> /);
});

test("npm run demo -- --scenario bogus: usage error, exit 2", async () => {
  const r = await demo(["--scenario", "bogus"]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('unknown scenario "bogus"');
});

test("package.json: `npm run demo` builds, then runs scripts/demo.js (the README's quick start)", () => {
  const pkg = require("../../package.json") as { scripts?: Record<string, string> };
  expect(pkg.scripts?.demo).toMatch(/npm run build && node scripts\/demo\.js$/);
});
