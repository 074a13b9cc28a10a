/**
 * Both dynamic resources through the REAL engine, as a user runs them: the packed tarball installed into a fresh
 * JavaScript project with @pulumi/pulumi 3.248.0, each resource under a component parent, against the emulator
 * (issue 31's "done when"):
 * - `pulumi up --event-log` (PULUMI_DEBUG_COMMANDS=true): ephemeral diagnostic events carry the resource's URN and a
 *   time-left text; no `[dts-objects]` event is tied to the stack (or to no resource);
 * - `customTimeouts: {create: "20s"}` on a never-finishing change ends `up` well under 90 s, the TaskId (DtsJob: the
 *   plan) in the state;
 * - one SIGINT during a long wait: `pulumi` exits within 20 s with the TaskId / plan in the state; once the change
 *   is released, the next `up` succeeds with exactly one task on the job.
 * The SIGINT goes through `timeout --foreground` (it forwards the signal; `-k` kills a pulumi that would hang).
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { EmulatorHandle } from "../../emulator";
import { makeTempDir } from "../../scripts/pulumi-env";
import { startTestEmulator, tasksOf } from "../e2e/fixtures";
import { ENSURE_PULUMI_TIMEOUT_MS, PulumiProject, pulumiBin, run, tail } from "../e2e/pulumi-harness";
import { packCleanCopy, type Packed } from "../matrix/pack";

jest.setTimeout(600_000);

const SYNC_TYPE = "pulumi-nodejs:dynamic/dts:SynchronizationObjectModification";
const DTS_JOB_TYPE = "pulumi-nodejs:dynamic/dts:DtsJobModification";

/** The program: one resource of `kind` under a component, options from stack config. */
const PROGRAM = `"use strict";
const pulumi = require("@pulumi/pulumi");
const { SynchronizationObjectModification, DtsJobModification } = require("pulumi-dts-objects");

class App extends pulumi.ComponentResource {
  constructor(name, opts) {
    super("e2e:index:App", name, {}, opts);
    this.registerOutputs({});
  }
}

const config = new pulumi.Config();
const dts = new pulumi.Config("dts");
const app = new App("app");
const createTimeout = config.get("createTimeout");
const opts = { parent: app, ...(createTimeout ? { customTimeouts: { create: createTimeout } } : {}) };
const wait = { timeoutMinutes: config.getNumber("timeoutMinutes") ?? 60, minDelaySeconds: 0.2, maxDelaySeconds: 0.5 };
const common = { endpoint: dts.get("endpoint"), regionId: dts.get("region"), wait };

if (config.require("kind") === "sync") {
  const r = new SynchronizationObjectModification("objs", {
    ...common,
    synchronizationJobId: config.require("jobId"),
    synchronizationObjects: [{ dbName: "dtstestdata", tableIncludes: [{ tableName: "customer" }, { tableName: "orders" }] }],
  }, opts);
  exports.taskId = r.taskId;
} else {
  const r = new DtsJobModification("dtsjob", {
    ...common,
    dtsJobId: config.require("dtsJobId"),
    dtsInstanceId: config.require("dtsInstanceId"),
    dbList: { dtstestdata: { name: "dtstestdata", all: false, Table: { customer: { name: "customer", all: true } } } },
  }, opts);
  exports.change = r.change;
}
`;

let emu: EmulatorHandle;
let root: string;
let packed: Packed;
let installed: string;
const projects: PulumiProject[] = [];
/** Figures of this run, printed at the end (docs/dynamic-and-native.md quotes them). */
const measured: string[] = [];

beforeAll(async () => {
  await pulumiBin();
  emu = await startTestEmulator();
  root = makeTempDir("pulumi-dts-dynamic-engine-");
  packed = await packCleanCopy(root);
  // One npm install of the tarball; each project copies it (node_modules included).
  installed = path.join(root, "installed");
  fs.mkdirSync(installed);
  fs.writeFileSync(
    path.join(installed, "package.json"),
    JSON.stringify({ name: "dynamic-engine", private: true, dependencies: { "@pulumi/pulumi": "3.248.0", "pulumi-dts-objects": `file:${packed.tarball}` } }),
  );
  const r = await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], {
    cwd: installed,
    timeoutMs: 600_000,
    env: { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k))), npm_config_update_notifier: "false" },
  });
  if (r.code !== 0) throw new Error(`npm install of the tarball failed (exit ${r.code}):\n${tail(r.output, 4000)}`);
}, ENSURE_PULUMI_TIMEOUT_MS);

afterAll(async () => {
  if (measured.length) process.stderr.write(`engine-seam measured:\n${measured.map((m) => `  ${m}`).join("\n")}\n`);
  for (const p of projects) await p.cleanup();
  await emu?.stop();
  if (root && !process.env.E2E_KEEP) fs.rmSync(root, { recursive: true, force: true });
});

type Kind = "sync" | "dtsjob";
let seq = 0;

/** A fresh job for `kind` (emulator scenario `scenario`), and the config naming it. */
function newJob(kind: Kind, scenario: unknown): { jobId: string; config: Record<string, string> } {
  if (kind === "sync") {
    const jobId = emu.createJob({ scenario: scenario as never });
    return { jobId, config: { kind, jobId } };
  }
  const jobId = emu.createJob({ jobId: `dtsg${String(++seq).padStart(7, "0")}`, scenario: scenario as never });
  return { jobId, config: { kind, dtsJobId: jobId.replace(/^dts/, ""), dtsInstanceId: jobId } };
}

async function project(label: string, config: Record<string, string>): Promise<PulumiProject> {
  const dir = path.join(root, `${label}-${++seq}`);
  fs.cpSync(installed, dir, { recursive: true, verbatimSymlinks: true });
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: dynamic-engine\nruntime: nodejs\ndescription: issue 31\n`);
  fs.writeFileSync(path.join(dir, "index.js"), PROGRAM);
  const p = await PulumiProject.create({ inPlace: dir, noLinks: true, label });
  projects.push(p);
  await p.setConfigs({
    "dts:accessKeyId": emu.accessKeyId,
    "dts:endpoint": emu.url,
    "dts:region": "cn-hangzhou",
    "dts:progressIntervalSeconds": "1",
    ...config,
  });
  await p.setConfig("dts:accessKeySecret", emu.accessKeySecret, { secret: true });
  return p;
}

/** Our resource in the exported state. */
async function ours(p: PulumiProject, kind: Kind): Promise<any | undefined> {
  const { deployment } = await p.exportStack();
  const type = kind === "sync" ? SYNC_TYPE : DTS_JOB_TYPE;
  return (deployment?.deployment?.resources ?? []).find((r: any) => r.type === type && !r.delete);
}

/** What the state must keep after an interrupted wait: the TaskId, or the DtsJob plan. */
function expectResumable(kind: Kind, saved: any, jobId: string): void {
  expect(saved).toBeDefined();
  if (kind === "sync") {
    const taskId = tasksOf(emu, jobId)[0]!.taskId;
    expect(saved.id).toBe(taskId);
    expect(saved.outputs.taskId).toBe(taskId);
  } else {
    expect(saved.id).toBe(jobId.replace(/^dts/, ""));
    expect(saved.outputs.__plan).toEqual(expect.objectContaining({ settledSubJobIds: expect.any(Array) }));
  }
  expect(saved.outputs.finishedAt).toBeUndefined();
}

async function until(condition: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const statusCalls = () => (emu.stats().byAction.DescribeSynchronizationObjectModifyStatus ?? 0) + (emu.stats().byAction.DescribeDtsJobDetail ?? 0);

describe.each<Kind>(["sync", "dtsjob"])("%s", (kind) => {
  test("status on the resource's row: ephemeral events with its URN and the time left; nothing of ours under the stack", async () => {
    // Two tables of 3 M rows at 1 000 rows/s: 3 000 emulated seconds of data initialization (15 s at time scale 200).
    const { config } = newJob(kind, { name: "success", durations: { dataRowsPerSecond: 1000 }, rows: { min: 3_000_000, max: 3_000_000 } });
    const p = await project(`status-${kind}`, config);
    p.env.PULUMI_DEBUG_COMMANDS = "true";
    const eventLog = path.join(p.workDir, "events.jsonl");
    const up = await p.up({}, ["--event-log", eventLog]);
    const saved = await ours(p, kind);
    expect(saved.urn).toContain(`e2e:index:App$${kind === "sync" ? SYNC_TYPE : DTS_JOB_TYPE}::`);
    const events = fs
      .readFileSync(eventLog, "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .flatMap((l) => {
        const e = JSON.parse(l) as { diagnosticEvent?: { urn?: string; message: string; ephemeral?: boolean } };
        return e.diagnosticEvent ? [e.diagnosticEvent] : [];
      });
    const ephemeral = events.filter((e) => e.ephemeral && e.urn === saved.urn);
    measured.push(`${kind}: ${ephemeral.length} ephemeral events on ${saved.urn}; e.g. "${ephemeral.find((e) => / left/.test(e.message))?.message}"`);
    expect(ephemeral.some((e) => /\[dts-objects\] .*data initialization \d+% · .*(about .+|less than a minute) left/.test(e.message))).toBe(true);
    const mine = events.filter((e) => e.message.includes("[dts-objects]"));
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.filter((e) => e.urn !== saved.urn)).toEqual([]);
    expect(mine.some((e) => !e.ephemeral && /: done: /.test(e.message))).toBe(true);
    expect(up.output).not.toMatch(/pulumi:pulumi:Stack[^\n]*\n[^\n]*\[dts-objects\]/);
    expect(up.output).not.toContain("run without");
  });

  test('customTimeouts {create: "20s"} on a never-finishing change: up ends well under 90 s, resumable state', async () => {
    const { jobId, config } = newJob(kind, "never-finishes");
    const p = await project(`timeout-${kind}`, { ...config, createTimeout: "20s" });
    const started = Date.now();
    const up = await p.up({ allowFailure: true });
    const elapsed = Date.now() - started;
    expect(up.code).not.toBe(0);
    measured.push(`${kind}: customTimeouts 20s: up ended after ${(elapsed / 1000).toFixed(1)} s`);
    expect(elapsed).toBeLessThan(60_000);
    expect(up.output).toContain("customTimeouts bounded this operation to 20 s; wait.timeoutMinutes is 60");
    expectResumable(kind, await ours(p, kind), jobId);
    emu.release(jobId);
  });

  test("one SIGINT during a long wait: pulumi exits within 20 s, resumable state; after the release the next up succeeds with one task", async () => {
    const { jobId, config } = newJob(kind, "never-finishes");
    const p = await project(`sigint-${kind}`, config);
    const child = spawn(
      "timeout",
      [
        "--foreground",
        "-k",
        "10",
        "300",
        path.join(p.binDir, "pulumi"),
        "up",
        "--stack",
        p.stack,
        "--yes",
        "--skip-preview",
        "--non-interactive",
        "--color=never",
      ],
      { cwd: p.programDir, env: p.env, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
    const done = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    await until(() => tasksOf(emu, jobId).length === 1, "the change to start");
    const polled = statusCalls();
    await until(() => statusCalls() > polled + 2, "the provider to poll");
    const signalled = Date.now();
    child.kill("SIGINT");
    const code = await done;
    const elapsed = Date.now() - signalled;
    measured.push(`${kind}: one SIGINT: pulumi exited ${(elapsed / 1000).toFixed(1)} s after it`);
    expect({ code: code === 0 ? 0 : "failed", elapsed: elapsed < 20_000 }).toEqual({ code: "failed", elapsed: true });
    expect(output).toContain("(the wait was cancelled: Ctrl-C)");
    const saved = await ours(p, kind);
    expectResumable(kind, saved, jobId);
    const { deployment } = await p.exportStack();
    expect(deployment?.deployment?.pending_operations ?? []).toEqual([]);

    emu.release(jobId);
    const next = await p.up();
    expect(next.code).toBe(0);
    const after = await ours(p, kind);
    expect(typeof after.outputs.finishedAt).toBe("string");
    expect(tasksOf(emu, jobId)).toHaveLength(1);
  });
});
