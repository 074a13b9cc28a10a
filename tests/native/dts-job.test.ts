/**
 * `dts:index:DtsJobModification` through the native plugin and the real engine (pulumi v3.248.0 +
 * pulumi-language-yaml), from a YAML program, against the emulator's DtsJob actions, for each reading of
 * `DescribeDtsJobDetail` the documents leave open (the job reads `Modifying` or stays `synchronizing` while a change
 * runs × a finished SubSyncJob stays in the reply or leaves it).
 *
 * One project per reading (its own emulator, so the reading is that emulator's), five resources on five jobs:
 * - `ambiguous`: the first ModifyDtsJob of the run is processed but its connection reset (fault `resetAfter`);
 *   every other resource that writes `dependsOn` it, so that fault hits this resource's write and no other;
 * - `listed`: dbList as a YAML nested map (`fn::secret`): exactly one ModifyDtsJob, change `modified`, secret in the state;
 * - `waiting`: waitOnly on a job whose change another client sent (the control route) before `pulumi up` and that is
 *   held: the resource ends only after that change was released and finished, writing nothing;
 * - `failing` (its list as JSON text, `dbListJson`): a job whose precheck fails (CHECK_AUTH_DEST): the error names the item and its repair method, the
 *   resource stays in the state, the next up reports it again without a write;
 * - `deadline`: `customTimeouts: {create: 2s}` on a held change: partial state; the next up (released) resumes it
 *   without a second ModifyDtsJob.
 * The first up also writes an event log: `waiting`'s status goes out as ephemeral events on its URN, cleared at the end.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { setDtsJobOptions } from "../../emulator/dts-job-actions";
import { SECRET_SIG, SIG_KEY } from "../../provider/native/wire";
import { actionCalls, prepareE2E, TIME_SCALE, tasksOf } from "../e2e/fixtures";
import { ENSURE_PULUMI_TIMEOUT_MS, type PulumiProject } from "../e2e/pulumi-harness";
import { ENSURE_YAML_TIMEOUT_MS, VERSION, pluginTarball, yamlBin, yamlProject } from "./helpers";
import { DTS_JOB_READINGS } from "../support/dts-job";

jest.setTimeout(240_000);

const TYPE = "dts:index:DtsJobModification";
let tarball: string;
const projects: PulumiProject[] = [];
const emulators: EmulatorHandle[] = [];

beforeAll(async () => {
  await prepareE2E();
  await yamlBin();
  tarball = pluginTarball();
}, ENSURE_PULUMI_TIMEOUT_MS + ENSURE_YAML_TIMEOUT_MS);

afterAll(async () => {
  for (const p of projects) await p.cleanup();
  for (const e of emulators) await e.stop();
});

/** A DbList (the API's JSON text) of one database with the given tables. */
const dbList = (db: string, tables: string[]) =>
  JSON.stringify({ [db]: { name: db, all: false, Table: Object.fromEntries(tables.map((t) => [t, { name: t, all: true }])) } });
/** The same DbList as a YAML nested map (block style, `indent` spaces in), the way a YAML program writes it. */
const dbListYaml = (db: string, tables: string[], indent: number) => {
  const pad = " ".repeat(indent);
  const rows = [`${db}:`, `  name: ${db}`, "  all: false", "  Table:", ...tables.flatMap((t) => [`    ${t}:`, `      name: ${t}`, "      all: true"])];
  return rows.map((row) => `${pad}${row}\n`).join("");
};
/** The listed resource's database: its name must appear nowhere in plain text (the dbList is secret). */
const SECRET_DB = "secretdb7k2p9x";
const OTHER_CLIENT_LIST = dbList("dtstestdata", ["items"]);
const FAST = "{timeoutMinutes: 2, minDelaySeconds: 0.05, maxDelaySeconds: 0.2, maxIdleDelaySeconds: 0.2}";

interface Jobs {
  ambiguous: string;
  listed: string;
  waiting: string;
  failing: string;
  deadline: string;
}

/** The program; each job given by its DtsJobId (`listed` with its DtsInstanceId too; the others read it from the job). */
function program(jobs: Jobs): string {
  const after = `      dependsOn:\n        - \${ambiguous}\n`;
  const resource = (name: string, props: string, options = after) =>
    `  ${name}:\n    type: ${TYPE}\n    properties:\n${props}      wait: ${FAST}\n    options:\n      version: ${VERSION}\n${options}`;
  const id = (job: string) => `      dtsJobId: ${job}\n`;
  return [
    "name: dts-native-dtsjob",
    "runtime: yaml",
    "resources:",
    // The list written both ways: a nested map (`dbList`) or the API's JSON text (`dbListJson`).
    resource("ambiguous", `${id(jobs.ambiguous)}      dbList:\n${dbListYaml("dtstestdata", ["orders"], 8)}`, ""),
    resource(
      "listed",
      `${id(jobs.listed)}      dtsInstanceId: dts${jobs.listed}\n      dbList:\n        fn::secret:\n${dbListYaml(SECRET_DB, ["customer", "orders"], 10)}`,
    ),
    resource("waiting", `${id(jobs.waiting)}      waitOnly: true\n`, ""),
    resource("failing", `${id(jobs.failing)}      dbListJson: '${dbList("dtstestdata", ["customer"])}'\n`),
    resource(
      "deadline",
      `${id(jobs.deadline)}      dbList:\n${dbListYaml("dtstestdata", ["orders", "customer"], 8)}`,
      `${after}      customTimeouts:\n        create: 2s\n`,
    ),
    "",
  ].join("\n");
}

interface DiagnosticEvent {
  urn?: string;
  message: string;
  severity: string;
  ephemeral?: boolean;
}

/** The diagnostic events written to the event log so far (a last line still being written is left out). */
function diagnostics(eventLog: string): DiagnosticEvent[] {
  if (!fs.existsSync(eventLog)) return [];
  const out: DiagnosticEvent[] = [];
  for (const line of fs.readFileSync(eventLog, "utf8").split("\n")) {
    if (!line.trim()) continue;
    try {
      const e = JSON.parse(line) as { diagnosticEvent?: DiagnosticEvent };
      if (e.diagnosticEvent) out.push(e.diagnosticEvent);
    } catch {
      // A partial line at the end of a file still being written.
    }
  }
  return out;
}

async function until(condition: () => boolean, what: string, timeoutMs = 90_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Each DtsJobModification's outputs by resource name, secrets decrypted (`pulumi stack export --show-secrets`). */
async function plainOutputs(p: PulumiProject): Promise<Record<string, any>> {
  const resources: any[] = (await p.exportStack({ showSecrets: true })).deployment.deployment.resources;
  return Object.fromEntries(resources.filter((r) => r.type === TYPE).map((r) => [r.urn.slice(r.urn.lastIndexOf("::") + 2), r.outputs]));
}

const CIPHERTEXT = expect.objectContaining({ [SIG_KEY]: SECRET_SIG, ciphertext: expect.any(String) });

const READINGS = DTS_JOB_READINGS;

test.each(READINGS)(
  "reading parentStatus=$parentStatus, finished SubSyncJob $finishedSubSyncJob: dbList, waitOnly, precheck failure, deadline and an ambiguous write",
  async (reading) => {
    const started = Date.now();
    const emu = await startEmulator({ timeScale: TIME_SCALE, seed: 7, log: false });
    emulators.push(emu);
    setDtsJobOptions(emu.state, reading);
    const job = (name: string, scenario?: "precheck-failure" | "never-finishes") =>
      emu.createJob({ jobId: `dts${name}0000001`, name, ...(scenario ? { scenario } : {}) }).replace(/^dts/, "");
    const jobs: Jobs = {
      ambiguous: job("amb"),
      listed: job("lst"),
      waiting: job("wai", "never-finishes"),
      failing: job("fal", "precheck-failure"),
      deadline: job("ddl", "never-finishes"),
    };
    const instance = (dtsJobId: string) => `dts${dtsJobId}`;

    // Another client's change on the waitOnly resource's job, sent before `pulumi up`; held until released below.
    const other = await fetch(`${emu.url}/_emulator/dts-job-modify`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ DtsInstanceId: instance(jobs.waiting), DbList: OTHER_CLIENT_LIST }),
    });
    expect(other.status).toBe(200);
    const otherSubJob = ((await other.json()) as { subSyncJobId: string }).subSyncJobId;
    expect(tasksOf(emu, instance(jobs.waiting))).toHaveLength(1);

    const p = await yamlProject(emu, jobs.listed, { tarball, program: program(jobs), label: "native-dtsjob" });
    projects.push(p);
    await p.setConfigs({ "dts:progressIntervalSeconds": 1 });
    p.env.PULUMI_DEBUG_COMMANDS = "true";
    const eventLog = path.join(p.workDir, "events.jsonl");
    const setupMs = Date.now() - started;

    emu.setFaults({ actions: ["ModifyDtsJob"], sequence: ["resetAfter"] });
    const modifiesBefore = actionCalls(emu, "ModifyDtsJob");
    const upStarted = Date.now();
    const first = p.up({ allowFailure: true }, ["--event-log", eventLog]);
    // Release the other client's change only once `waiting` is seen waiting for it (its line on its URN).
    const waitingUrn = (e: DiagnosticEvent) => e.urn?.endsWith(`::${TYPE}::waiting`) === true;
    await until(() => diagnostics(eventLog).some((e) => waitingUrn(e) && /waitOnly: a modification runs/.test(e.message)), "waiting to wait");
    const waitingTask = tasksOf(emu, instance(jobs.waiting))[0]!;
    expect(waitingTask.terminal).toBe(false);
    const releasedAt = Date.now();
    emu.release(instance(jobs.waiting));
    const up1 = await first;
    const up1Ms = Date.now() - upStarted;
    expect(up1.code).not.toBe(0);

    // Four writes in all (ambiguous, listed, failing, deadline; waiting none), each job exactly one change.
    expect(actionCalls(emu, "ModifyDtsJob") - modifiesBefore).toBe(4);
    expect(emu.stats().faults.resetAfter).toBe(1);
    for (const name of ["ambiguous", "listed", "failing", "deadline", "waiting"] as const) {
      expect({ name, changes: tasksOf(emu, instance(jobs[name])).length }).toEqual({ name, changes: 1 });
    }
    const state = async () => {
      const resources = await p.resources();
      const of = (name: string) => resources.find((r) => r.type === TYPE && r.urn.endsWith(`::${name}`));
      return { of, resources };
    };
    const s1 = await state();

    // ambiguous: the write's answer was lost; the job state settled it; one change, done.
    expect(up1.output).toMatch(/ambiguous \(DTS job amb0000001\): ModifyDtsJob ended without an answer/);
    expect(s1.of("ambiguous").outputs).toMatchObject({ change: "modified", finishedAt: expect.any(String) });
    expect(s1.of("ambiguous").id).toBe(jobs.ambiguous);

    // listed: one ModifyDtsJob, modified; the job now has the list.
    const listed = s1.of("listed");
    expect(listed.id).toBe(jobs.listed);
    expect(listed.outputs).toMatchObject({ change: "modified", jobStatus: "synchronizing", finishedAt: expect.any(String) });
    if (reading.finishedSubSyncJob === "stays") {
      expect(listed.outputs.subJobId).toBe(tasksOf(emu, instance(jobs.listed))[0]!.taskId);
      expect(listed.outputs.dataInitialization).toMatchObject({ status: "Finished", percent: 100 });
    }
    // The secret dbList: ciphertext in inputs and outputs, failedObjects (which name its objects) too; nowhere plain.
    const exported = await p.exportStack();
    expect(exported.text).not.toContain(SECRET_DB);
    expect(up1.output).not.toContain(SECRET_DB);
    expect(listed.inputs.dbList).toEqual(CIPHERTEXT);
    expect(listed.outputs.dbList).toEqual(CIPHERTEXT);
    expect(listed.outputs.failedObjects).toEqual(CIPHERTEXT);
    const plain1 = await plainOutputs(p);
    expect(JSON.stringify(plain1.listed.dbList)).toContain(SECRET_DB);

    // waiting: nothing written, the other client's change, ended after it was released and finished.
    const waiting = s1.of("waiting");
    expect(waiting.outputs).toMatchObject({ change: "external", waitOnly: true, jobStatus: "synchronizing", finishedAt: expect.any(String) });
    expect(Date.parse(waiting.outputs.finishedAt)).toBeGreaterThan(releasedAt);
    expect(tasksOf(emu, instance(jobs.waiting))[0]).toMatchObject({ taskId: otherSubJob, terminal: true });
    if (reading.finishedSubSyncJob === "stays") expect(waiting.outputs.subJobId).toBe(otherSubJob);

    // failing: the precheck item, its message and repair method; kept in the state with them.
    expect(up1.output).toContain("CHECK_AUTH_DEST");
    expect(up1.output).toContain("Access denied for user");
    expect(up1.output).toContain("CHECK_ERROR_DEST_CONN_REPAIR2");
    expect(up1.output).toContain("pulumi up --replace");
    const failing = s1.of("failing");
    expect(failing?.id).toBe(jobs.failing);
    expect(failing.outputs.change).toBe("modified");
    expect(failing.outputs.precheck.failedItems).toEqual([
      expect.objectContaining({
        name: "CHECK_AUTH_DEST",
        errorMessage: expect.stringContaining("Access denied"),
        repairMethod: "CHECK_ERROR_DEST_CONN_REPAIR2",
      }),
    ]);

    // deadline: customTimeouts ended the create; the change is in the state, unfinished, with its plan.
    expect(up1.output).toMatch(/customTimeouts bounded this operation to 2 s; wait.timeoutMinutes is 2/);
    const deadline = s1.of("deadline");
    expect(deadline?.id).toBe(jobs.deadline);
    expect(deadline.outputs.change).toBe("modified");
    expect(deadline.outputs.finishedAt).toBeUndefined();
    expect(deadline.outputs.__plan).toEqual(expect.objectContaining({ settledSubJobIds: expect.any(Array) }));

    // The status row: `waiting`'s status as ephemeral events on its URN, cleared (empty) at the end.
    const status = diagnostics(eventLog).filter((e) => waitingUrn(e) && e.ephemeral === true);
    expect(status.length).toBeGreaterThan(1);
    expect(status.some((e) => e.message.includes("[dts-objects] waiting (DTS job wai0000001): data initialization"))).toBe(true);
    expect(status.at(-1)!.message.trim()).toBe("");

    // The next up: the held change released, `deadline` resumes it and `failing` is reported again; no write.
    emu.setFaults({});
    emu.release(instance(jobs.deadline));
    const up2Started = Date.now();
    // --continue-on-error: `failing` now fails at once (an ended failure is reported from the state, no call), and
    // without it the engine would not start `deadline`'s update once that error is in.
    const up2 = await p.up({ allowFailure: true }, ["--continue-on-error"]);
    const up2Ms = Date.now() - up2Started;
    expect(up2.code).not.toBe(0);
    expect(up2.output).toContain("CHECK_AUTH_DEST");
    expect(up2.output).toMatch(/1 updated/);
    expect(actionCalls(emu, "ModifyDtsJob") - modifiesBefore).toBe(4);
    for (const name of ["ambiguous", "listed", "failing", "deadline", "waiting"] as const) {
      expect({ name, changes: tasksOf(emu, instance(jobs[name])).length }).toEqual({ name, changes: 1 });
    }
    const s2 = await state();
    expect(s2.of("deadline").outputs).toMatchObject({ change: "modified", finishedAt: expect.any(String) });
    expect(s2.of("deadline").outputs.polls).toBeGreaterThan(deadline.outputs.polls);
    expect(s2.of("failing").outputs.precheck.failedItems).toHaveLength(1);
    // Untouched by the second up (compared decrypted: a secret's ciphertext changes with every checkpoint).
    const plain2 = await plainOutputs(p);
    for (const name of ["ambiguous", "listed", "waiting"]) expect({ name, outputs: plain2[name] }).toEqual({ name, outputs: plain1[name] });
    process.stderr.write(
      `native DtsJob ${reading.parentStatus}/${reading.finishedSubSyncJob}: setup ${(setupMs / 1000).toFixed(1)} s, ` +
        `up #1 ${(up1Ms / 1000).toFixed(1)} s, up #2 ${(up2Ms / 1000).toFixed(1)} s, total ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
  },
);
