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
import { PRECHECK_ITEM_NAMES } from "../sdk/types";
import { unit } from "./random";

/** The named scenarios. */
export const SCENARIO_NAMES = ["success", "precheck-failure", "structure-failure", "failed-tables", "never-finishes"] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

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

const nonNegInt = z.number().int().nonnegative();

/** A scenario in full: the name picks the behaviour, the rest tunes it. Validated with {@link ScenarioConfigSchema}. */
export const ScenarioConfigSchema = z.strictObject({
  /** Base behaviour. @default "success" */
  name: z.enum(SCENARIO_NAMES).optional(),
  /** `precheck-failure`: which item fails and what it says. */
  precheck: z
    .strictObject({
      item: z.enum(PRECHECK_ITEM_NAMES).optional(),
      errorMessage: z.string().optional(),
      repairMethod: z.string().optional(),
    })
    .optional(),
  /** `structure-failure`: the table that fails (default: `customer` if synced, else the first table). */
  structure: z.strictObject({ table: z.string().optional(), errorMessage: z.string().optional() }).optional(),
  /** `failed-tables`: which tables fail data initialization, and the phase status afterwards. */
  failedTables: z
    .strictObject({
      /** Table names (`table` or `db.table`); default: a seeded `fraction` of the tables, at least one. */
      tables: z.array(z.string()).optional(),
      /** @default 0.25 */
      fraction: z.number().min(0).max(1).optional(),
      errorMessage: z.string().optional(),
      /** Status of DataInitializationStatus once every table is done. @default "Finished" */
      phaseStatus: z.enum(["Finished", "Failed"]).optional(),
    })
    .optional(),
  /** `never-finishes`: where in data initialization the task stops, as a fraction of the phase. @default 0.5 */
  hold: z.strictObject({ at: z.number().min(0).max(1).optional() }).optional(),
  /** Overrides of {@link DEFAULT_DURATIONS}. */
  durations: z
    .strictObject({
      precheckItemMs: nonNegInt.optional(),
      structureTableMs: nonNegInt.optional(),
      dataRowsPerSecond: z.number().positive().optional(),
      dataTableOverheadMs: nonNegInt.optional(),
      dataParallelism: z.number().int().positive().optional(),
    })
    .optional(),
  /** Row counts: seeded range and fixed counts per `db.table` or `table`. */
  rows: z
    .strictObject({
      min: nonNegInt.optional(),
      max: nonNegInt.optional(),
      tables: z.record(z.string(), nonNegInt).optional(),
    })
    .optional(),
});
export type ScenarioConfig = z.infer<typeof ScenarioConfigSchema>;

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

/** What can happen to one API call. */
export const FAULT_KINDS = ["none", "throttle", "throttle429", "unavailable", "reset", "resetAfter", "slow", "unavailableAfter", "slowAfter"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

const fraction = z.number().min(0).max(1);

/**
 * The longest delay Node's timers honour (2^31 - 1 ms, about 24.8 days); a longer `setTimeout` fires at once,
 * so a larger `slowMs` would silently answer fast. Delays are checked against it, alone and summed.
 */
export const MAX_DELAY_MS = 2_147_483_647;
const delayMs = nonNegInt.max(MAX_DELAY_MS, `must be at most ${MAX_DELAY_MS} ms (Node's timer limit, about 24.8 days)`);
const FRACTION_KINDS = ["throttle", "throttle429", "unavailable", "reset", "resetAfter", "slow", "unavailableAfter", "slowAfter"] as const;

/**
 * Transport faults, seeded: call n (counted from the last `setFaults`) draws a fixed number from the seed, so a
 * run is reproducible. `sequence` is used first, one entry per call; then the fractions apply (in the order
 * throttle, throttle429, unavailable, reset, resetAfter, slow, unavailableAfter, slowAfter; their sum should be <= 1).
 */
export const FaultConfigSchema = z
  .strictObject({
    /** Seed for the draws. @default the emulator's seed */
    seed: z.number().int().optional(),
    /** Fraction answered HTTP 400 `Throttling.User`. */
    throttle: fraction.optional(),
    /** Fraction answered HTTP 429 `Throttling.Api`. */
    throttle429: fraction.optional(),
    /** Fraction answered HTTP 503 with an HTML page (as a load balancer would). */
    unavailable: fraction.optional(),
    /** Fraction whose connection is reset (TCP RST) before the call is processed: nothing happened. */
    reset: fraction.optional(),
    /**
     * Fraction processed normally (a ModifySynchronizationObject starts its task) whose connection is then reset
     * instead of answered: the client cannot know whether the call ran.
     */
    resetAfter: fraction.optional(),
    /** Fraction answered only after `slowMs` (past a client's timeout). */
    slow: fraction.optional(),
    /**
     * Fraction processed normally (a ModifySynchronizationObject starts its task) and then answered HTTP 503 with an
     * HTML page: a 5xx after the call ran.
     */
    unavailableAfter: fraction.optional(),
    /**
     * Fraction processed normally (a ModifySynchronizationObject starts its task) and then answered only after
     * `slowMs`: a client that times out first cannot know the call ran.
     */
    slowAfter: fraction.optional(),
    /** Delay of a slow response (`slow`: before the call is processed; `slowAfter`: after). @default 30000 */
    slowMs: delayMs.optional(),
    /** Added to every API response. @default 0 */
    latencyMs: delayMs.optional(),
    /** Plus a seeded uniform extra in [0, latencyJitterMs). @default 0 */
    latencyJitterMs: delayMs.optional(),
    /** Only these Actions are affected. @default all */
    actions: z.array(z.string()).optional(),
    /** The next calls get these faults, in order, before the fractions apply. */
    sequence: z.array(z.enum(FAULT_KINDS)).optional(),
    /** Stop injecting (except latency) after this many faults. */
    maxFaults: nonNegInt.optional(),
  })
  .superRefine((c, ctx) => {
    // The fractions are cumulative bands of one draw: past 1, the later kinds would silently get less than asked.
    const sum = FRACTION_KINDS.reduce((acc, k) => acc + (c[k] ?? 0), 0);
    if (sum > 1 + 1e-9) {
      const named = FRACTION_KINDS.filter((k) => c[k]).join(" + ");
      ctx.addIssue({ code: "custom", path: [], message: `${named} must add up to at most 1 (got ${sum})` });
    }
    const longest =
      (c.latencyMs ?? 0) +
      (c.latencyJitterMs ?? 0) +
      (c.slow || c.slowAfter || c.sequence?.includes("slow") || c.sequence?.includes("slowAfter") ? (c.slowMs ?? 30_000) : 0);
    const each = [c.latencyMs, c.latencyJitterMs, c.slowMs].every((d) => d === undefined || d <= MAX_DELAY_MS);
    if (each && longest > MAX_DELAY_MS) {
      ctx.addIssue({
        code: "custom",
        path: ["slowMs"],
        message: `latencyMs + latencyJitterMs + slowMs must be at most ${MAX_DELAY_MS} ms (Node's timer limit), got ${longest}`,
      });
    }
  });
export type FaultConfig = z.infer<typeof FaultConfigSchema>;

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
