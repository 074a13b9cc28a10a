/**
 * The one engine fixture of every engine-level test file (tests/dynamic, tests/native, tests/matrix): {@link useEngine}
 * provisions the Pulumi CLI (and the YAML language host when asked), starts one emulator for the file, hands out
 * projects with their own isolated backend and stack, and removes them all in afterAll. Also the example programs
 * configured against the emulator, and look-ups in the exported state.
 *
 * A file that imports this module needs the engine: `npm run test:quick` leaves it out (tests/quick-filter.js).
 */
import * as path from "node:path";
import { startEmulator, type EmulatorHandle, type ScenarioInput } from "../../emulator";
import { assertBuilt, assertFreshBuild } from "../../scripts/pulumi-env";
import { ENSURE_YAML_TIMEOUT_MS, pluginTarball, yamlBin, yamlProject } from "./native-plugin";
import { ENSURE_PULUMI_TIMEOUT_MS, PulumiProject, REPO_ROOT, pulumiBin, type ProjectOptions } from "./pulumi-project";

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

export interface EngineOptions {
  /**
   * The file's emulator: its scenario and (tests that need a task seen at one moment) the clock of its task
   * timelines. `false`: no emulator (the file starts its own). @default { scenario: "success" }
   */
  emulator?: false | { scenario?: ScenarioInput; clock?: { now(): number } };
  /** Also the YAML language host and the plugin tarball (`engine.tarball`), for native-plugin files. */
  yaml?: boolean;
  /** The plugin tarball (`engine.tarball`) without the YAML host (implied by `yaml`). */
  plugin?: boolean;
  /** More set-up in the same beforeAll, after the CLI (a toolchain, a build, a server); `timeoutMs` is its share. */
  setup?: { run: () => Promise<void>; timeoutMs: number };
}

/** What {@link useEngine} hands a test file (read inside tests: it is set up in beforeAll). */
export interface Engine {
  /** The file's emulator. */
  readonly emu: EmulatorHandle;
  /** The plugin tarball for `pulumi plugin install resource dts <version> --file` (with `yaml` or `plugin`). */
  readonly tarball: string;
  /** Removes `project` (its stack and temp dir) in afterAll; returns it. */
  track<T extends PulumiProject>(project: T): T;
  /** Runs `fn` in afterAll, once the projects are removed (their stacks may live in a dir `fn` removes), before the emulator stops. */
  onCleanup(fn: () => unknown): void;
  /** {@link exampleProject} against the file's emulator, removed in afterAll. */
  example(jobId: string, opts?: ExampleProjectOptions): Promise<PulumiProject>;
  /** A YAML project against the file's emulator with the plugin installed from the tarball, removed in afterAll. */
  yaml(jobId: string, opts?: { program?: string; label?: string }): Promise<PulumiProject>;
  /** {@link PulumiProject.create}, removed in afterAll. */
  project(opts?: ProjectOptions): Promise<PulumiProject>;
}

/**
 * Registers the file's beforeAll (dist/ built, the Pulumi CLI provisioned, then the YAML host, the emulator and
 * `setup`) and afterAll (the clean-ups, every tracked project, the emulator). Call it once at the top of the file.
 */
export function useEngine(opts: EngineOptions = {}): Engine {
  let emu: EmulatorHandle | undefined;
  let tarball: string | undefined;
  const projects: PulumiProject[] = [];
  const cleanups: (() => unknown)[] = [];
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the engine fixture has no ${what} (read it inside a test, and ask for it in useEngine's options)`);
    return value;
  };
  const engine: Engine = {
    get emu() {
      return ready(emu, "emulator");
    },
    get tarball() {
      return ready(tarball, "plugin tarball");
    },
    track(project) {
      projects.push(project);
      return project;
    },
    onCleanup(fn) {
      cleanups.push(fn);
    },
    example: async (jobId, exampleOpts) => engine.track(await exampleProject(engine.emu, jobId, exampleOpts)),
    yaml: async (jobId, yamlOpts) => engine.track(await yamlProject(engine.emu, jobId, { tarball: engine.tarball, ...yamlOpts })),
    project: async (projectOpts) => engine.track(await PulumiProject.create(projectOpts)),
  };
  beforeAll(
    async () => {
      await prepareE2E();
      if (opts.yaml) await yamlBin();
      if (opts.yaml || opts.plugin) tarball = pluginTarball();
      if (opts.emulator !== false) emu = await startTestEmulator(opts.emulator?.scenario, opts.emulator?.clock);
      await opts.setup?.run();
    },
    ENSURE_PULUMI_TIMEOUT_MS + (opts.yaml ? ENSURE_YAML_TIMEOUT_MS : 0) + (opts.setup?.timeoutMs ?? 0),
  );
  afterAll(async () => {
    for (const p of projects) await p.cleanup();
    for (const fn of cleanups) await fn();
    await emu?.stop();
  });
  return engine;
}
