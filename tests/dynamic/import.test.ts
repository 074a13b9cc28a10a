/**
 * Whether the engine's `import` resource option works for the dynamic resource (issue 22): a program that declares
 * the resource with `{ import: <taskId> }` for a task that exists. Measured with @pulumi/pulumi 3.248.0 (this test
 * asserts it): it does not. The engine sends a Read without properties and the dynamic-provider host itself
 * (`cmd/dynamic-provider`, before any provider code is loaded) fails with `Cannot read properties of undefined
 * (reading 'toJavaScript')`; nothing is saved. Nothing in this package can change that (the host also needs the
 * serialized provider from the properties the import lacks). `adoptTaskId` is the dynamic resource's way to adopt a
 * task (README). When this test fails, the host started to allow imports: document and test them.
 */
import * as fs from "node:fs";
import { BASIC, modificationInState, tasksOf, useEngine } from "../support/engine";

jest.setTimeout(240_000);

const engine = useEngine();

test("the import resource option on the dynamic resource fails in the dynamic-provider host's Read; nothing is saved", async () => {
  const jobId = engine.emu.createJob({ name: "dynamic-import" });
  const owner = await engine.example(jobId, { label: "dynamic-import-owner" });
  await owner.up();
  const [task] = tasksOf(engine.emu, jobId);
  expect(task).toBeDefined();

  const source = fs.readFileSync(`${BASIC}/index.ts`, "utf8");
  const program = source.replace(/\n\}\);\n/, `\n}, { import: ${JSON.stringify(task!.taskId)} });\n`);
  expect(program).toContain("{ import:");
  const p = await engine.example(jobId, { label: "dynamic-import", files: { "index.ts": program } });
  const up = await p.up({ allowFailure: true });
  process.stderr.write(
    `dynamic import option: exit ${up.code}\n${up.output
      .split("\n")
      .filter((l) => /error|import/i.test(l))
      .slice(0, 8)
      .join("\n")}\n`,
  );
  expect(up.code).not.toBe(0);
  expect(up.output).toMatch(/importing failed/);
  expect(up.output).toContain("Cannot read properties of undefined (reading 'toJavaScript')");
  expect(await modificationInState(p)).toBeUndefined();
  expect(tasksOf(engine.emu, jobId)).toHaveLength(1);
});
