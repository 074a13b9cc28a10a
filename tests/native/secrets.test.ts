/**
 * Secrets kept (issue 22): an input the program marks secret is secret in the state's inputs and outputs, through
 * the real engine, for both faces: the native plugin from a YAML program (`fn::secret`), and the dynamic resource
 * from a TypeScript program (`pulumi.secret`). `pulumi stack export` shows ciphertext, never the plain value; with
 * `--show-secrets` the value is there (so the test looks where the value really is).
 */
import { BASIC, modificationInState, tasksOf, useEngine } from "../support/engine";
import type { PulumiProject } from "../support/pulumi-project";
import { SECRET_SIG, SIG_KEY } from "../../provider/native/wire";
import { nativeResource, yamlProgram } from "../support/native-plugin";

jest.setTimeout(240_000);

const engine = useEngine({ yaml: true });

const CIPHERTEXT = expect.objectContaining({ [SIG_KEY]: SECRET_SIG, ciphertext: expect.any(String) });

/** The plain value must not be in the export, and must be under `key` in inputs and outputs once decrypted. */
async function expectSecretIn(p: PulumiProject, key: string, plain: string): Promise<void> {
  const { text } = await p.exportStack();
  expect(text).not.toContain(plain);
  const res = await modificationInState(p);
  expect(res.inputs[key]).toEqual(CIPHERTEXT);
  expect(res.outputs[key]).toEqual(CIPHERTEXT);
  const shown = await modificationInState(p, { showSecrets: true });
  expect(JSON.stringify(shown.inputs[key])).toContain(plain);
  expect(JSON.stringify(shown.outputs[key])).toContain(plain);
}

test("native plugin (YAML): `revision: fn::secret` and a secret dbName are ciphertext in inputs and outputs, also after refresh and update", async () => {
  const jobId = engine.emu.createJob({ name: "native-secrets" });
  const revision = "rev-secret-7f3a9c";
  const db = "secretdb9q2w";
  const program = yamlProgram()
    .replace(["revision: $", "{revision}"].join(""), `revision:\n        fn::secret: ${revision}`)
    .replace("- dbName: shop", `- dbName: shop\n        - dbName:\n            fn::secret: ${db}`);
  expect(program).toContain("fn::secret");
  const p = await engine.yaml(jobId, { program, label: "native-secrets" });

  await p.up();
  expect(tasksOf(engine.emu, jobId)).toHaveLength(1);
  expect((await nativeResource(p)).id).toBe(tasksOf(engine.emu, jobId)[0]!.taskId);
  await expectSecretIn(p, "revision", revision);
  await expectSecretIn(p, "synchronizationObjects", db);
  // failedTables names the objects' tables: secret with them.
  expect((await modificationInState(p)).outputs.failedTables).toEqual(CIPHERTEXT);

  // A refresh (Read) and an in-place update (Update) return the outputs again: still ciphertext.
  await p.refresh();
  await expectSecretIn(p, "revision", revision);
  await p.setConfigs({ failOnFailedTables: false });
  const update = await p.up();
  expect(update.output).toMatch(/1 updated/);
  await expectSecretIn(p, "revision", revision);
  await expectSecretIn(p, "synchronizationObjects", db);
  expect(tasksOf(engine.emu, jobId)).toHaveLength(1);
});

test("dynamic resource (TypeScript): a `pulumi.secret` revision is ciphertext in inputs and outputs", async () => {
  const jobId = engine.emu.createJob({ name: "dynamic-secrets" });
  const revision = "dyn-rev-secret-4k8m1x";
  const fs = await import("node:fs");
  const source = fs.readFileSync(`${BASIC}/index.ts`, "utf8");
  const program = source.replace(
    'failOn: { failedTables: config.getBoolean("failOnFailedTables") ?? true },',
    `failOn: { failedTables: config.getBoolean("failOnFailedTables") ?? true },\n  revision: pulumi.secret(${JSON.stringify(revision)}),`,
  );
  expect(program).toContain("pulumi.secret(");
  const p = await engine.example(jobId, { label: "dynamic-secrets", files: { "index.ts": program } });

  await p.up();
  expect(tasksOf(engine.emu, jobId)).toHaveLength(1);
  await expectSecretIn(p, "revision", revision);
  await p.refresh();
  await expectSecretIn(p, "revision", revision);
});
