/**
 * Shared pieces of the e2e tests: an emulator per test file, example programs configured against it, and
 * look-ups in the exported state.
 */
import * as path from "node:path";
import { startEmulator, type EmulatorHandle, type ScenarioInput } from "../../emulator";
import { assertBuilt, assertFreshBuild } from "../../scripts/pulumi-env";
import { PulumiProject, REPO_ROOT, pulumiBin, type ProjectOptions } from "./pulumi-harness";

export const EXAMPLES = path.join(REPO_ROOT, "examples");
export const BASIC = path.join(EXAMPLES, "basic");
export const CHAINED = path.join(EXAMPLES, "chained");

/** The resource type token of the provider's resource (module/type of the dynamic resource). */
export const MODIFICATION_TYPE = /SynchronizationObjectModification$/;

/** Emulator time runs this much faster: a whole task takes well under a second. */
export const TIME_SCALE = 200;

/**
 * For every e2e file's beforeAll: dist/ must exist (programs load the package from it; a stale one is reported),
 * and the Pulumi CLI is provisioned (a missing CLI fails here; it is never a skip).
 */
export async function prepareE2E(): Promise<void> {
  assertBuilt();
  try {
    assertFreshBuild();
  } catch (e) {
    // A warning, not a failure: in a shared checkout a source may change while the suite runs; `npm test` builds
    // first. The programs run what dist/ holds.
    process.stderr.write(`e2e warning: ${(e as Error).message}\n`);
  }
  await pulumiBin();
}

/** The emulator for one e2e file; `clock` (tests that need a task seen at one moment) drives its task timelines. */
export function startTestEmulator(scenario: ScenarioInput = "success", clock?: { now(): number }): Promise<EmulatorHandle> {
  return startEmulator({ timeScale: TIME_SCALE, scenario, seed: 7, ...(clock ? { clock } : {}) });
}

/** Config every example needs to run against `emu` and `jobId`, with fast polling. */
export function exampleConfig(emu: EmulatorHandle, jobId: string): Record<string, string> {
  return {
    "dts:accessKeyId": emu.accessKeyId,
    "dts:endpoint": emu.url,
    jobId,
    timeoutMinutes: "3",
    minDelaySeconds: "0.2",
    maxDelaySeconds: "0.5",
  };
}

export interface ExampleProjectOptions extends ProjectOptions {
  /** Extra plain config (e.g. objects, failOnFailedTables). */
  config?: Record<string, string>;
}

/**
 * A project for an example program (copied to a temp dir unless `inPlace`), its stack initialized and configured:
 * credentials (the secret with `pulumi config set --secret`), the emulator's endpoint, the job, fast polling.
 */
export async function exampleProject(emu: EmulatorHandle, jobId: string, opts: ExampleProjectOptions = {}): Promise<PulumiProject> {
  const { config, ...projectOpts } = opts;
  const p = await PulumiProject.create({ copyFrom: projectOpts.inPlace ? undefined : BASIC, ...projectOpts });
  try {
    await p.setConfigs({ ...exampleConfig(emu, jobId), ...(config ?? {}) });
    await p.setConfig("dts:accessKeySecret", emu.accessKeySecret, { secret: true });
  } catch (e) {
    await p.cleanup();
    throw e;
  }
  return p;
}

/** The modification resource in the exported state (undefined when not in state). */
export async function modificationInState(p: PulumiProject, opts: { showSecrets?: boolean } = {}): Promise<any | undefined> {
  const { deployment } = await p.exportStack(opts);
  const resources: any[] = deployment?.deployment?.resources ?? [];
  return resources.find((r) => MODIFICATION_TYPE.test(r.type ?? ""));
}

/** The emulator's tasks for one job. */
export function tasksOf(emu: EmulatorHandle, jobId: string) {
  return emu.tasks().filter((t) => t.jobId === jobId);
}

/** Calls of one API action the emulator has served so far. */
export function actionCalls(emu: EmulatorHandle, action: string): number {
  return emu.stats().byAction[action] ?? 0;
}
