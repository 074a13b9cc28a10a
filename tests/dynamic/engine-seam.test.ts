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
 * Each scenario runs both resources side by side in one program and one `up` (the engine runs them in parallel), and
 * every assertion is made for each of them: half the `up`s of one program per resource.
 * The SIGINT goes through `timeout --foreground` (it forwards the signal; `-k` kills a pulumi that would hang).
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { makeTempDir } from "../../scripts/pulumi-env";
import { tasksOf, useEngine } from "../support/engine";
import { packCleanCopy, type Packed } from "../support/matrix-pack";
import { diagnostics, PulumiProject, run, tail } from "../support/pulumi-project";
import { until } from "../support/until";

jest.setTimeout(600_000);

const SYNC_TYPE = "pulumi-nodejs:dynamic/dts:SynchronizationObjectModification";
const DTS_JOB_TYPE = "pulumi-nodejs:dynamic/dts:DtsJobModification";

/** The program: both resources under a component, options from stack config. */
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

const sync = new SynchronizationObjectModification("objs", {
  ...common,
  synchronizationJobId: config.require("jobId"),
  synchronizationObjects: [{ dbName: "dtstestdata", tableIncludes: [{ tableName: "customer" }, { tableName: "orders" }] }],
}, opts);
exports.taskId = sync.taskId;
const dtsJob = new DtsJobModification("dtsjob", {
  ...common,
  dtsJobId: config.require("dtsJobId"),
  dtsInstanceId: config.require("dtsInstanceId"),
  dbList: { dtstestdata: { name: "dtstestdata", all: false, Table: { customer: { name: "customer", all: true } } } },
}, opts);
exports.change = dtsJob.change;
`;

let root: string;
let packed: Packed;
let installed: string;
/** Figures of this run, printed at the end (docs/dynamic-and-native.md quotes them). */
const measured: string[] = [];

const engine = useEngine({
  setup: {
    run: async () => {
      root = makeTempDir("pulumi-dts-dynamic-engine-");
      // The projects live in root: removed after them (the engine fixture removes its projects first).
      engine.onCleanup(() => {
        if (measured.length) process.stderr.write(`engine-seam measured:\n${measured.map((m) => `  ${m}`).join("\n")}\n`);
        if (!process.env.E2E_KEEP) fs.rmSync(root, { recursive: true, force: true });
      });
      packed = await packCleanCopy(root);
      // One npm install of the tarball; each project copies it (node_modules included).
      installed = path.join(root, "installed");
      fs.mkdirSync(installed);
      fs.writeFileSync(
        path.join(installed, "package.json"),
        JSON.stringify({
          name: "dynamic-engine",
          private: true,
          dependencies: { "@pulumi/pulumi": "3.248.0", "pulumi-dts-objects": `file:${packed.tarball}` },
        }),
      );
      const r = await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], {
        cwd: installed,
        timeoutMs: 600_000,
        env: { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k))), npm_config_update_notifier: "false" },
      });
      if (r.code !== 0) throw new Error(`npm install of the tarball failed (exit ${r.code}):\n${tail(r.output, 4000)}`);
    },
    timeoutMs: 15 * 60 * 1000,
  },
});

type Kind = "sync" | "dtsjob";
const KINDS: Kind[] = ["sync", "dtsjob"];
let seq = 0;

/** A fresh job of each API (emulator scenario `scenario`), and the config naming them. */
function newJobs(scenario: unknown): { jobIds: Record<Kind, string>; config: Record<string, string> } {
  const sync = engine.emu.createJob({ scenario: scenario as never });
  const dtsjob = engine.emu.createJob({ jobId: `dtsg${String(++seq).padStart(7, "0")}`, scenario: scenario as never });
  return {
    jobIds: { sync, dtsjob },
    config: { jobId: sync, dtsJobId: dtsjob.replace(/^dts/, ""), dtsInstanceId: dtsjob },
  };
}

async function project(label: string, config: Record<string, string>): Promise<PulumiProject> {
  const dir = path.join(root, `${label}-${++seq}`);
  // The installed tarball's node_modules, linked (a copy of @pulumi/pulumi per project cost seconds).
  fs.mkdirSync(dir);
  fs.copyFileSync(path.join(installed, "package.json"), path.join(dir, "package.json"));
  fs.symlinkSync(path.join(installed, "node_modules"), path.join(dir, "node_modules"), "dir");
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: dynamic-engine\nruntime: nodejs\ndescription: issue 31\n`);
  fs.writeFileSync(path.join(dir, "index.js"), PROGRAM);
  const p = engine.track(await PulumiProject.create({ inPlace: dir, noLinks: true, label }));
  await p.setConfigs({
    "dts:accessKeyId": engine.emu.accessKeyId,
    "dts:endpoint": engine.emu.url,
    "dts:region": "cn-hangzhou",
    "dts:progressIntervalSeconds": "1",
    ...config,
  });
  await p.setConfig("dts:accessKeySecret", engine.emu.accessKeySecret, { secret: true });
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
    const taskId = tasksOf(engine.emu, jobId)[0]!.taskId;
    expect(saved.id).toBe(taskId);
    expect(saved.outputs.taskId).toBe(taskId);
  } else {
    expect(saved.id).toBe(jobId.replace(/^dts/, ""));
    expect(saved.outputs.__plan).toEqual(expect.objectContaining({ settledSubJobIds: expect.any(Array) }));
  }
  expect(saved.outputs.finishedAt).toBeUndefined();
}

const syncStatusCalls = () => engine.emu.stats().byAction.DescribeSynchronizationObjectModifyStatus ?? 0;
const dtsJobStatusCalls = () => engine.emu.stats().byAction.DescribeDtsJobDetail ?? 0;

const urnType = (kind: Kind) => (kind === "sync" ? SYNC_TYPE : DTS_JOB_TYPE);

test("status on each resource's row: ephemeral events with its URN and the time left; nothing of ours under the stack", async () => {
  // Two tables of 3 M rows at 1 000 rows/s: 3 000 emulated seconds of data initialization (15 s at time scale 200).
  const { config } = newJobs({ name: "success", durations: { dataRowsPerSecond: 1000 }, rows: { min: 3_000_000, max: 3_000_000 } });
  const p = await project("status", config);
  p.env.PULUMI_DEBUG_COMMANDS = "true";
  const eventLog = path.join(p.workDir, "events.jsonl");
  const up = await p.up({}, ["--event-log", eventLog]);
  const events = diagnostics(eventLog);
  const mine = events.filter((e) => e.message.includes("[dts-objects]"));
  const urns: string[] = [];
  for (const kind of KINDS) {
    const saved = await ours(p, kind);
    expect(saved.urn).toContain(`e2e:index:App$${urnType(kind)}::`);
    urns.push(saved.urn);
    const ephemeral = events.filter((e) => e.ephemeral && e.urn === saved.urn);
    measured.push(`${kind}: ${ephemeral.length} ephemeral events on ${saved.urn}; e.g. "${ephemeral.find((e) => / left/.test(e.message))?.message}"`);
    expect([kind, ephemeral.some((e) => /\[dts-objects\] .*data initialization \d+% · .*(about .+|less than a minute) left/.test(e.message))]).toEqual([
      kind,
      true,
    ]);
    const own = mine.filter((e) => e.urn === saved.urn);
    expect([kind, own.some((e) => !e.ephemeral && /: done: /.test(e.message))]).toEqual([kind, true]);
  }
  expect(mine.length).toBeGreaterThan(0);
  expect(mine.filter((e) => !urns.includes(e.urn ?? ""))).toEqual([]);
  expect(up.output).not.toMatch(/pulumi:pulumi:Stack[^\n]*\n[^\n]*\[dts-objects\]/);
  expect(up.output).not.toContain("run without");
});

test('customTimeouts {create: "20s"} on never-finishing changes: up ends well under 90 s, resumable state', async () => {
  const { jobIds, config } = newJobs("never-finishes");
  const p = await project("timeout", { ...config, createTimeout: "20s" });
  const started = Date.now();
  const up = await p.up({ allowFailure: true });
  const elapsed = Date.now() - started;
  expect(up.code).not.toBe(0);
  measured.push(`both: customTimeouts 20s: up ended after ${(elapsed / 1000).toFixed(1)} s`);
  expect(elapsed).toBeLessThan(60_000);
  // Each resource says its own bound (two lines of the same text).
  expect(up.output.split("customTimeouts bounded this operation to 20 s; wait.timeoutMinutes is 60").length - 1).toBeGreaterThanOrEqual(2);
  for (const kind of KINDS) {
    expectResumable(kind, await ours(p, kind), jobIds[kind]);
    engine.emu.release(jobIds[kind]);
  }
});

test("one SIGINT during long waits: pulumi exits within 20 s, resumable state; after the release the next up succeeds with one task each", async () => {
  const { jobIds, config } = newJobs("never-finishes");
  const p = await project("sigint", config);
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
  await until(() => KINDS.every((k) => tasksOf(engine.emu, jobIds[k]).length === 1), "both changes to start", 120_000);
  const polled = { sync: syncStatusCalls(), dtsjob: dtsJobStatusCalls() };
  await until(() => syncStatusCalls() > polled.sync + 2 && dtsJobStatusCalls() > polled.dtsjob + 2, "both resources to poll", 120_000);
  const signalled = Date.now();
  child.kill("SIGINT");
  const code = await done;
  const elapsed = Date.now() - signalled;
  measured.push(`both: one SIGINT: pulumi exited ${(elapsed / 1000).toFixed(1)} s after it`);
  expect({ code: code === 0 ? 0 : "failed", elapsed: elapsed < 20_000 }).toEqual({ code: "failed", elapsed: true });
  expect(output.split("(the wait was cancelled: Ctrl-C)").length - 1).toBeGreaterThanOrEqual(2);
  for (const kind of KINDS) expectResumable(kind, await ours(p, kind), jobIds[kind]);
  const { deployment } = await p.exportStack();
  expect(deployment?.deployment?.pending_operations ?? []).toEqual([]);

  for (const kind of KINDS) engine.emu.release(jobIds[kind]);
  const next = await p.up();
  expect(next.code).toBe(0);
  for (const kind of KINDS) {
    const after = await ours(p, kind);
    expect([kind, typeof after.outputs.finishedAt]).toEqual([kind, "string"]);
    expect([kind, tasksOf(engine.emu, jobIds[kind]).length]).toEqual([kind, 1]);
  }
});
