/** The emulator and SDK client the CLI tests share within one test file (each file starts its own emulator). */
import { startEmulator, type EmulatorHandle, type ScenarioInput } from "../../emulator";
import { DtsClient, waitForObjectModification, type SynchronizationDatabase } from "../../sdk";
import { cliEnv, ensureBuilt, removeTempDirs } from "./cli";

export const OBJECTS: SynchronizationDatabase[] = [{ dbName: "dtstestdata", tableIncludes: [{ tableName: "customer" }, { tableName: "orders" }] }];

export interface Fixture {
  em: EmulatorHandle;
  client: DtsClient;
  /** Environment with the emulator's demo key pair (CI mode). */
  env: Record<string, string>;
  /** `--endpoint <url>` and short poll delays. */
  fast: string[];
  /** Creates a job with `scenario` and starts a modification; returns both ids. */
  startTask(scenario: ScenarioInput, objects?: SynchronizationDatabase[]): Promise<{ jobId: string; taskId: string }>;
  /** Waits in-process (SDK) until the task ends, so later commands see a finished task. */
  finish(taskId: string): Promise<void>;
  /**
   * Stops the emulator's task clock at `ms` (epoch milliseconds), or lets it follow the wall clock again
   * (`undefined`): a test that needs a task seen at one exact moment of its timeline.
   */
  freezeClock(ms: number | undefined): void;
}

export async function startFixture(timeScale = 100): Promise<Fixture> {
  let frozenAt: number | undefined;
  const em = await startEmulator({ port: 0, timeScale, log: false, clock: { now: () => frozenAt ?? Date.now() } });
  const client = new DtsClient({
    endpoint: em.url,
    credentials: { accessKeyId: em.accessKeyId, accessKeySecret: em.accessKeySecret },
    retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 50 },
  });
  return {
    em,
    client,
    env: cliEnv({ ALIBABA_CLOUD_ACCESS_KEY_ID: em.accessKeyId, ALIBABA_CLOUD_ACCESS_KEY_SECRET: em.accessKeySecret }),
    fast: ["--endpoint", em.url, "--min-delay", "0.2", "--max-delay", "0.5"],
    async startTask(scenario, objects = OBJECTS) {
      const jobId = em.createJob({ scenario });
      const { taskId } = await client.modifySynchronizationObject({ synchronizationJobId: jobId, synchronizationObjects: objects });
      return { jobId, taskId };
    },
    async finish(taskId) {
      const r = await waitForObjectModification(client, taskId, { maxWaitSeconds: 30, minDelaySeconds: 0.1, maxDelaySeconds: 0.3 });
      if (r.state === "timeout" || r.state === "aborted") throw new Error(`task ${taskId} did not end: ${r.reason}`);
    },
    freezeClock(ms) {
      frozenAt = ms;
    },
  };
}

/**
 * Registers one test file's lifecycle (built CLI, its own emulator, temp dirs removed) and returns the fixture,
 * filled in by `beforeAll` (its members are closures, so they can be read once the tests run).
 */
export function useFixture(timeScale?: number): Fixture {
  const fx = {} as Fixture;
  beforeAll(async () => {
    ensureBuilt();
    Object.assign(fx, await startFixture(timeScale));
  }, 180_000);
  afterAll(async () => {
    await fx.em?.stop();
    removeTempDirs();
  });
  return fx;
}
