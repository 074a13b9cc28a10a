/**
 * Scenarios (how a modification task behaves) and faults (how the transport misbehaves).
 *
 * A scenario is chosen, most specific first: table/database name conventions (always on), the job's scenario
 * (`createJob({scenario})`, `setScenario(s, jobId)`), then the run's scenario (`startEmulator({scenario})`,
 * `--scenario`, `--config`, `setScenario(s)`). It is resolved when a task starts, so changing it affects the next
 * task, not a running one.
 *
 * Name conventions (suffixes, case-insensitive, in any scenario):
 * - table `*_fail`: fails data initialization (`java.lang.NumberFormatException: For input string: ""`);
 * - table `*_exists`: fails structure initialization (`DTS-1020042 Execute sql error sql: Table '<t>' already exists`);
 * - table `*_hold`: the task is held in data initialization until released (as `never-finishes`);
 * - database `*_noauth`: precheck item `CHECK_AUTH_DEST` fails (as `precheck-failure`).
 */
import { z } from "zod";
import type { PRECHECK_ITEM_NAMES } from "../sdk/types";
import { sameType } from "../sdk/wire/parser";
import { FaultConfigSchema, ScenarioConfigSchema } from "./input-schemas";
import { unit } from "./random";
import { type FAULT_KINDS, FRACTION_KINDS, SCENARIO_NAMES, type FaultKind, type ScenarioName } from "./scenario-names";

export { FAULT_KINDS, MAX_DELAY_MS, SCENARIO_NAMES, type FaultKind, type ScenarioName } from "./scenario-names";

/**
 * Durations at time scale 1 (real DTS-like pace). The emulator divides elapsed time by nothing and multiplies it
 * by `timeScale`, so `--time-scale 50` runs everything 50 times faster.
 */
export interface Durations {
  /** Per precheck item (16 items, one after the other). @default 1500 */
  precheckItemMs: number;
  /** Per table in structure initialization (tables one after the other). @default 300 */
  structureTableMs: number;
  /** Rows per second copied for one table in data initialization. @default 50000 */
  dataRowsPerSecond: number;
  /** Fixed cost per table in data initialization, before its first row. @default 500 */
  dataTableOverheadMs: number;
  /** Tables copied at the same time in data initialization. @default 4 */
  dataParallelism: number;
}

export const DEFAULT_DURATIONS: Durations = {
  precheckItemMs: 1500,
  structureTableMs: 300,
  dataRowsPerSecond: 50_000,
  dataTableOverheadMs: 500,
  dataParallelism: 4,
};

/** Default row counts: each table gets a seeded count in [min, max] unless named in `tables` (`db.table` or `table`). */
export const DEFAULT_ROWS = { min: 1_000, max: 1_500_000 };

export const DEFAULT_PRECHECK_FAILURE = {
  item: "CHECK_AUTH_DEST",
  errorMessage: "Original error: Access denied for user 'dtstest'@'100.104.xxx.xx' (using password: YES)",
  repairMethod: "CHECK_ERROR_DEST_CONN_REPAIR2",
};
export const STRUCTURE_ERROR = (table: string) => `DTS-1020042 Execute sql error sql: Table '${table}' already exists`;
export const DATA_ERROR = 'java.lang.NumberFormatException: For input string: ""';

/**
 * A scenario in full: the name picks the behaviour, the rest tunes it. Validated with `parseScenario` (written out
 * here, checked against the zod schema in `input-schemas.ts`).
 */
export interface ScenarioConfig {
  /** Base behaviour. @default "success" */
  name?: ScenarioName;
  /** `precheck-failure`: which item fails and what it says. */
  precheck?: { item?: (typeof PRECHECK_ITEM_NAMES)[number]; errorMessage?: string; repairMethod?: string };
  /** `structure-failure`: the table that fails (default: `customer` if synced, else the first table). */
  structure?: { table?: string; errorMessage?: string };
  /** `failed-tables`: which tables fail data initialization, and the phase status afterwards. */
  failedTables?: {
    /** Table names (`table` or `db.table`); default: a seeded `fraction` of the tables, at least one. */
    tables?: string[];
    /** @default 0.25 */
    fraction?: number;
    errorMessage?: string;
    /** Status of DataInitializationStatus once every table is done. @default "Finished" */
    phaseStatus?: "Finished" | "Failed";
  };
  /** `never-finishes`: where in data initialization the task stops, as a fraction of the phase. @default 0.5 */
  hold?: { at?: number };
  /** Overrides of {@link DEFAULT_DURATIONS}. */
  durations?: Partial<Durations>;
  /** Row counts: seeded range and fixed counts per `db.table` or `table`. */
  rows?: { min?: number; max?: number; tables?: Record<string, number> };
}
sameType<z.output<typeof ScenarioConfigSchema>, ScenarioConfig>(true);

/** A scenario name or a full config, as accepted everywhere. */
export type ScenarioInput = ScenarioName | ScenarioConfig;

/** Validate a scenario given by name or as an object; throws an Error naming the bad field. */
export function parseScenario(input: unknown): ScenarioConfig {
  if (typeof input === "string") {
    if ((SCENARIO_NAMES as readonly string[]).includes(input)) return { name: input as ScenarioName };
    throw new Error(`unknown scenario "${input}" (known: ${SCENARIO_NAMES.join(", ")})`);
  }
  const r = ScenarioConfigSchema.safeParse(input);
  if (!r.success) throw new Error(`invalid scenario: ${z.prettifyError(r.error)}`);
  return r.data;
}

/** Merge durations with the defaults. */
export function durationsOf(s: ScenarioConfig): Durations {
  return { ...DEFAULT_DURATIONS, ...(s.durations ?? {}) } as Durations;
}

/** Name conventions, applied in every scenario. */
export const conventions = {
  dataFails: (table: string) => /_fail$/i.test(table),
  structureFails: (table: string) => /_exists$/i.test(table),
  holds: (table: string) => /_hold$/i.test(table),
  precheckFails: (db: string) => /_noauth$/i.test(db),
};

// ---------------------------------------------------------------------------------------------------------------
// Faults

/**
 * Transport faults, seeded: call n (counted from the last `setFaults`) draws a fixed number from the seed, so a
 * run is reproducible. `sequence` is used first, one entry per call; then the fractions apply (in the order
 * throttle, throttle429, unavailable, reset, resetAfter, slow, unavailableAfter, slowAfter; their sum must be <= 1).
 * Validated with `parseFaults` (written out here, checked against the zod schema in `input-schemas.ts`).
 */
export interface FaultConfig {
  /** Seed for the draws. @default the emulator's seed */
  seed?: number;
  /** Fraction answered HTTP 400 `Throttling.User`. */
  throttle?: number;
  /** Fraction answered HTTP 429 `Throttling.Api`. */
  throttle429?: number;
  /** Fraction answered HTTP 503 with an HTML page (as a load balancer would). */
  unavailable?: number;
  /** Fraction whose connection is reset (TCP RST) before the call is processed: nothing happened. */
  reset?: number;
  /**
   * Fraction processed normally (a ModifySynchronizationObject starts its task) whose connection is then reset
   * instead of answered: the client cannot know whether the call ran.
   */
  resetAfter?: number;
  /** Fraction answered only after `slowMs` (past a client's timeout). */
  slow?: number;
  /**
   * Fraction processed normally (a ModifySynchronizationObject starts its task) and then answered HTTP 503 with an
   * HTML page: a 5xx after the call ran.
   */
  unavailableAfter?: number;
  /**
   * Fraction processed normally (a ModifySynchronizationObject starts its task) and then answered only after
   * `slowMs`: a client that times out first cannot know the call ran.
   */
  slowAfter?: number;
  /** Delay of a slow response (`slow`: before the call is processed; `slowAfter`: after). @default 30000 */
  slowMs?: number;
  /** Added to every API response. @default 0 */
  latencyMs?: number;
  /** Plus a seeded uniform extra in [0, latencyJitterMs). @default 0 */
  latencyJitterMs?: number;
  /** Only these Actions are affected. @default all */
  actions?: string[];
  /** The next calls get these faults, in order, before the fractions apply. */
  sequence?: (typeof FAULT_KINDS)[number][];
  /** Stop injecting (except latency) after this many faults. */
  maxFaults?: number;
}
sameType<z.output<typeof FaultConfigSchema>, FaultConfig>(true);

/** Validate a fault config; throws an Error naming the bad field. */
export function parseFaults(input: unknown): FaultConfig {
  const r = FaultConfigSchema.safeParse(input ?? {});
  if (!r.success) throw new Error(`invalid faults: ${z.prettifyError(r.error)}`);
  return r.data;
}

/** The decision for one call. */
export interface FaultDecision {
  kind: FaultKind;
  /** Extra delay before processing (latency, or the slow delay). */
  delayMs: number;
  /** Delay after processing, before answering (`slowAfter`). */
  afterDelayMs: number;
}

/** Draws faults for calls, deterministically from the config's seed and the call index. */
export class FaultInjector {
  private config: FaultConfig = {};
  private seed: number;
  private calls = 0;
  private injected = 0;
  readonly counts: Record<FaultKind, number> = {
    none: 0,
    throttle: 0,
    throttle429: 0,
    unavailable: 0,
    reset: 0,
    resetAfter: 0,
    slow: 0,
    unavailableAfter: 0,
    slowAfter: 0,
  };

  constructor(private readonly defaultSeed: number) {
    this.seed = defaultSeed;
  }

  /** Replace the config and restart the call count (so the same config reproduces the same faults). */
  set(config: FaultConfig): void {
    this.config = config;
    this.seed = config.seed ?? this.defaultSeed;
    this.calls = 0;
    this.injected = 0;
  }

  get current(): FaultConfig {
    return this.config;
  }

  /** Decide what happens to one call of `action`. */
  decide(action: string): FaultDecision {
    const c = this.config;
    if (c.actions && !c.actions.includes(action)) return { kind: "none", delayMs: 0, afterDelayMs: 0 };
    const n = this.calls++;
    let delayMs = c.latencyMs ?? 0;
    if (c.latencyJitterMs) delayMs += Math.floor(unit(this.seed, "latency", n) * c.latencyJitterMs);
    let kind: FaultKind = "none";
    const budgetLeft = c.maxFaults === undefined || this.injected < c.maxFaults;
    if (c.sequence && n < c.sequence.length) {
      kind = c.sequence[n] as FaultKind;
    } else if (budgetLeft) {
      const r = unit(this.seed, "fault", n);
      let acc = 0;
      for (const k of FRACTION_KINDS) {
        acc += c[k] ?? 0;
        if (r < acc) {
          kind = k;
          break;
        }
      }
    }
    if (kind !== "none") this.injected++;
    this.counts[kind]++;
    if (kind === "slow") delayMs += c.slowMs ?? 30_000;
    return { kind, delayMs, afterDelayMs: kind === "slowAfter" ? (c.slowMs ?? 30_000) : 0 };
  }
}

/** The HTML page of an injected 503. */
export const UNAVAILABLE_HTML =
  "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n" +
  "<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>Tengine</center>\r\n</body>\r\n</html>\r\n";
