/**
 * The running emulator's handle and counters: what `startEmulator` (server.ts) returns and the control routes
 * (control.ts) act on, apart from both so neither has to import the other for it.
 */
import type { InitializationLifeInput } from "./initialization-life";
import type { FaultConfig, FaultKind, ScenarioInput } from "./scenarios";
import type { EmulatorState, TaskSnapshot } from "./state";

/** Counters for tests and the control API. */
export interface EmulatorStats {
  requests: number;
  byAction: Record<string, number>;
  /** Error code (or `OK`, or a fault kind such as `reset`) -> count. */
  byOutcome: Record<string, number>;
  /** Signature scheme (`V1`, `V3`) -> requests that used it, whatever their outcome. */
  bySignature: Record<string, number>;
  faults: Record<FaultKind, number>;
  tasksStarted: number;
}

/** A running emulator. */
export interface EmulatorHandle {
  /**
   * `http://127.0.0.1:<port>` (no trailing slash): use as the SDK's endpoint. Listening on every interface
   * (`0.0.0.0` / `::`), this is the loopback URL (`127.0.0.1` / `[::1]`).
   */
  url: string;
  port: number;
  host: string;
  /** The first configured key pair (the demo pair by default). */
  accessKeyId: string;
  accessKeySecret: string;
  /** The pre-seeded demo job. */
  demoJobId: string;
  /** Close the server and every connection; pending slow responses are dropped. Idempotent. */
  stop(): Promise<void>;
  /** Create a job (optionally with an id and a scenario); returns its id. */
  createJob(opts?: { jobId?: string; scenario?: ScenarioInput; name?: string; objects?: string; initialization?: InitializationLifeInput }): string;
  /** Set the run's scenario (no jobId) or one job's. Applies to tasks started afterwards. */
  setScenario(scenario: ScenarioInput, jobId?: string): void;
  /** Replace the fault config (restarts the seeded fault sequence). */
  setFaults(faults: FaultConfig): void;
  /** Let a held task go on: a task id, or a job id (its latest task). Returns the task id. */
  release(jobIdOrTaskId: string): string;
  /** Tasks started by ModifySynchronizationObject (idempotent replays not counted), for one job or all. */
  taskCount(jobId?: string): number;
  /** Every task, now. */
  tasks(): TaskSnapshot[];
  stats(): EmulatorStats;
  /** The state model (advanced use in tests). */
  readonly state: EmulatorState;
}
