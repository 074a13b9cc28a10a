/**
 * The zod schema of a new job's life in the emulator (control API, bin flag, config file). Internal: the public
 * declarations use the plain types of `initialization-life.ts`, checked here at compile time to equal what this
 * schema parses, so a program using `pulumi-dts-objects/emulator` never compiles zod's declarations.
 */
import { z } from "zod";
import { sameType } from "../sdk/wire/parser";
import { INITIALIZATION_FAILURES, type InitializationLife, type InitializationLifeInput } from "./initialization-life";

/** How a new job lives (control API `POST /_emulator/initialization-jobs`, bin `--initialization-job`). Virtual seconds. */
export const InitializationLifeSchema = z.strictObject({
  /** Seconds the job stays NotStarted. @default 0 */
  startAfterSeconds: z.number().min(0).default(0),
  /** `false`: the job never starts by itself (autoStartModulesAfterConfig `none`). @default true */
  autoStart: z.boolean().default(true),
  precheckSeconds: z.number().positive().default(10),
  structureSeconds: z.number().positive().default(20),
  dataSeconds: z.number().positive().default(60),
  tables: z.number().int().min(1).max(1000).default(4),
  rowsPerTable: z.number().int().min(1).default(1000),
  migrationMode: z
    .strictObject({
      structureInitialization: z.boolean().default(true),
      dataInitialization: z.boolean().default(true),
      dataSynchronization: z.boolean().default(true),
    })
    .default({ structureInitialization: true, dataInitialization: true, dataSynchronization: true }),
  failure: z.enum(INITIALIZATION_FAILURES).optional(),
  /** Tables whose data initialization fails with `failure: "data"` (the last ones). @default 1 */
  failedTables: z.number().int().min(1).default(1),
  /** Incremental delay when incremental synchronization starts, seconds. @default 60 */
  initialDelaySeconds: z.number().min(0).default(60),
  /** Seconds of delay gone per virtual second. @default 1 */
  delayFallPerSecond: z.number().min(0).default(1),
  floorDelaySeconds: z.number().min(0).default(0),
  /** The delay never falls (a stalled catch-up). @default false */
  stall: z.boolean().default(false),
});

sameType<z.output<typeof InitializationLifeSchema>, InitializationLife>(true);
sameType<z.input<typeof InitializationLifeSchema>, InitializationLifeInput>(true);
