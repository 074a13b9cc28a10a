/**
 * Every example, run through the real CLI against the emulator: examples/chained (a resource that waits on the
 * modification via dependsOn), examples/pipeline.sh (gate on the stack outputs, open and closed), examples/basic
 * in place, and the root Pulumi.yaml (main: examples/basic/).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../support/pulumi-project";
import { BASIC, CHAINED, EXAMPLES, tasksOf, useEngine } from "../support/engine";

jest.setTimeout(240_000);

const engine = useEngine();

test("examples/chained: the dependent step runs only after the modification is fully initialized", async () => {
  const jobId = engine.emu.createJob({ name: "chained" });
  const p = await engine.example(jobId, { copyFrom: CHAINED, label: "chained" });
  const up = await p.up();
  const o = await p.outputs();
  const [task] = tasksOf(engine.emu, jobId);
  expect(o.taskId).toBe(task!.taskId);
  expect(o.dataInitialization.status).toBe("Finished");
  expect(o.cutoverSawStatus).toBe("Finished");
  expect(Date.parse(o.cutoverRanAt)).toBeGreaterThanOrEqual(Date.parse(o.finishedAt));
  expect(up.output).toContain(`cutover: task ${task!.taskId} data initialization Finished`);
  // The engine ran the cutover after the modification resource was created.
  const createdMod = up.output.search(/SynchronizationObjectModification\s+\S+\s+created/);
  const creatingCutover = up.output.search(/Cutover\s+switch-readers\s+creating/);
  expect(createdMod).toBeGreaterThanOrEqual(0);
  expect(creatingCutover).toBeGreaterThan(createdMod);
});

test("examples/pipeline.sh: up, gate on dataInitialization Finished and no failed tables, then the next step", async () => {
  const jobId = engine.emu.createJob({ name: "pipeline" });
  const p = await engine.example(jobId, { inPlace: BASIC, label: "pipeline" });
  const r = await p.exec("bash", [path.join(EXAMPLES, "pipeline.sh"), BASIC, "--", "node", "-e", "console.log('NEXT STEP RAN')"], {
    env: { PULUMI_STACK: p.stack },
  });
  expect(r.code).toBe(0);
  expect(r.output).toContain("pipeline: gate open");
  expect(r.output).toContain("NEXT STEP RAN");
  expect(r.output).toMatch(/data Finished \(100%\), 0 failed table/);
  expect(engine.emu.taskCount(jobId)).toBe(1);
});

test("examples/pipeline.sh: failed tables reported (failOnFailedTables=false) close the gate", async () => {
  const jobId = engine.emu.createJob({
    name: "pipeline-closed",
    scenario: { name: "failed-tables", failedTables: { tables: ["shop.order_items"] } },
  });
  const p = await engine.example(jobId, { label: "pipeline-closed", config: { failOnFailedTables: "false" } });
  const r = await p.exec("bash", [path.join(EXAMPLES, "pipeline.sh"), p.programDir, "--", "node", "-e", "console.log('NEXT STEP RAN')"], {
    env: { PULUMI_STACK: p.stack },
    allowFailure: true,
  });
  expect(r.code).not.toBe(0);
  expect(r.output).toContain("pipeline: failed table shop.order_items");
  expect(r.output).toContain("gate closed");
  expect(r.output).not.toContain("NEXT STEP RAN");
});

test("examples/pipeline.sh: a failed up (precheck) stops the pipeline", async () => {
  const jobId = engine.emu.createJob({ name: "pipeline-precheck", scenario: "precheck-failure" });
  const p = await engine.example(jobId, { label: "pipeline-precheck" });
  const r = await p.exec("bash", [path.join(EXAMPLES, "pipeline.sh"), p.programDir, "--", "echo", "NEXT STEP RAN"], {
    env: { PULUMI_STACK: p.stack },
    allowFailure: true,
  });
  expect(r.code).not.toBe(0);
  expect(r.output).toContain("CHECK_AUTH_DEST");
  expect(r.output).toContain("pipeline: pulumi up failed; the next step does not run");
  expect(r.output).not.toContain("NEXT STEP RAN");
});

test("root Pulumi.yaml runs examples/basic (main: examples/basic/)", async () => {
  expect(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8")).toMatch(/^main: examples\/basic\/?$/m);
  const jobId = engine.emu.createJob({ name: "root" });
  const p = await engine.example(jobId, { inPlace: REPO_ROOT, linkIn: BASIC, label: "root" });
  await p.up();
  const o = await p.outputs();
  expect(o.taskId).toBe(tasksOf(engine.emu, jobId)[0]!.taskId);
  expect(o.dataInitialization.status).toBe("Finished");
});
