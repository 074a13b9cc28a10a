/**
 * Secrets kept (issue 22): an input the program marks secret is secret in the state's inputs and outputs, through
 * the real engine, for both faces: the native plugin from a YAML program (`fn::secret`), and the dynamic resource
 * from a TypeScript program (`pulumi.secret`). `pulumi stack export` shows ciphertext, never the plain value; with
 * `--show-secrets` the value is there (so the test looks where the value really is).
 */
import type { EmulatorHandle } from "../../emulator";
import { BASIC, exampleProject, modificationInState, prepareE2E, startTestEmulator, tasksOf } from "../e2e/fixtures";
import { ENSURE_PULUMI_TIMEOUT_MS, type PulumiProject } from "../e2e/pulumi-harness";
import { SECRET_SIG, SIG_KEY } from "../../provider/native/wire";
import { ENSURE_YAML_TIMEOUT_MS, nativeResource, pluginTarball, yamlBin, yamlProgram, yamlProject } from "./helpers";

jest.setTimeout(240_000);

let emu: EmulatorHandle;
let tarball: string;
const projects: PulumiProject[] = [];

beforeAll(async () => {
  await prepareE2E();
  await yamlBin();
  tarball = pluginTarball();
  emu = await startTestEmulator();
}, ENSURE_PULUMI_TIMEOUT_MS + ENSURE_YAML_TIMEOUT_MS);

afterAll(async () => {
  for (const p of projects) await p.cleanup();
  await emu?.stop();
});

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
  const jobId = emu.createJob({ name: "native-secrets" });
  const revision = "rev-secret-7f3a9c";
  const db = "secretdb9q2w";
  const program = yamlProgram()
    .replace(["revision: $", "{revision}"].join(""), `revision:\n        fn::secret: ${revision}`)
    .replace("- dbName: shop", `- dbName: shop\n        - dbName:\n            fn::secret: ${db}`);
  expect(program).toContain("fn::secret");
  const p = await yamlProject(emu, jobId, { tarball, program, label: "native-secrets" });
  projects.push(p);

  await p.up();
  expect(tasksOf(emu, jobId)).toHaveLength(1);
  expect((await nativeResource(p)).id).toBe(tasksOf(emu, jobId)[0]!.taskId);
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
  expect(tasksOf(emu, jobId)).toHaveLength(1);
});

test("dynamic resource (TypeScript): a `pulumi.secret` revision is ciphertext in inputs and outputs", async () => {
  const jobId = emu.createJob({ name: "dynamic-secrets" });
  const revision = "dyn-rev-secret-4k8m1x";
  const fs = await import("node:fs");
  const source = fs.readFileSync(`${BASIC}/index.ts`, "utf8");
  const program = source.replace(
    'failOn: { failedTables: config.getBoolean("failOnFailedTables") ?? true },',
    `failOn: { failedTables: config.getBoolean("failOnFailedTables") ?? true },\n  revision: pulumi.secret(${JSON.stringify(revision)}),`,
  );
  expect(program).toContain("pulumi.secret(");
  const p = await exampleProject(emu, jobId, { label: "dynamic-secrets", files: { "index.ts": program } });
  projects.push(p);

  await p.up();
  expect(tasksOf(emu, jobId)).toHaveLength(1);
  await expectSecretIn(p, "revision", revision);
  await p.refresh();
  await expectSecretIn(p, "revision", revision);
});
