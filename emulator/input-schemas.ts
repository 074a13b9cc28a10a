/**
 * The zod schemas of the emulator's inputs: scenarios, faults and STS credentials. Internal: the public
 * declarations (`scenarios.ts`, `keys.ts`) write the types out in plain TypeScript and check at compile time that
 * they equal what these schemas parse to, so a program using `pulumi-dts-objects/emulator` never compiles zod's
 * declarations.
 */
import { z } from "zod";
import { PRECHECK_ITEM_NAMES } from "../sdk/types";
import { FAULT_KINDS, FRACTION_KINDS, MAX_DELAY_MS, SCENARIO_NAMES } from "./scenario-names";

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

const fraction = z.number().min(0).max(1);
const delayMs = nonNegInt.max(MAX_DELAY_MS, `must be at most ${MAX_DELAY_MS} ms (Node's timer limit, about 24.8 days)`);

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

/** One STS credential: the temporary key pair and the token issued with it. */
export const StsCredentialSchema = z.strictObject({
  accessKeyId: z.string().min(1, "accessKeyId must not be empty"),
  accessKeySecret: z.string().min(1, "accessKeySecret must not be empty"),
  securityToken: z.string().min(1, "securityToken must not be empty"),
  /** ISO 8601 time after which the token is rejected as expired. @default never */
  expiration: z
    .string()
    .refine((s) => !Number.isNaN(Date.parse(s)), "expiration must be an ISO 8601 time, e.g. 2030-01-01T00:00:00Z")
    .optional(),
});
