/**
 * The outputs both initialization resources' classes declare alike (each room's resource.ts extends
 * {@link InitializationResource}): the connection and wait inputs they store, and the initialization document
 * (sdk/reports/initialization-outputs.ts) with its gate's result as `caughtUpResult`. Each class declares its job's id
 * inputs, its `caughtUp` (whose description names its family's delay source) and its family's failed list.
 *
 * Types only at run time (every member is a `declare`d field): the engine fills them from the provider's outputs, which
 * the room's constructor seeds (dynamicProps). Part of the public declarations: it imports nothing that brings in zod.
 * Their TSDoc is the schema's, written by `npm run gen:docs` (scripts/gen-tsdoc.js follows a class to its base).
 */
import * as pulumi from "@pulumi/pulumi";
import type { CaughtUpOutput } from "../../sdk/reports/initialization-outputs";
import type { PhaseOutput, PrecheckOutput } from "../../sdk/reports/sync-job-outputs";
import type { WaitOptions } from "./wait-options";

/** A resource that waits for a DTS job's first synchronization. `F` is its `failOn` options type. */
export abstract class InitializationResource<F> extends pulumi.dynamic.Resource {
  /** Region of the job; else stack config `dts:region`, else `cn-hangzhou`. */
  declare public readonly regionId: pulumi.Output<string | undefined>;
  /** Service URL (the emulator, or a private endpoint); else stack config `dts:endpoint`. */
  declare public readonly endpoint: pulumi.Output<string | undefined>;
  /** Deadline and polling pace. A change only looks again (in-place update). */
  declare public readonly wait: pulumi.Output<WaitOptions | undefined>;
  /** What counts as failure. A change only looks again (in-place update). */
  declare public readonly failOn: pulumi.Output<F | undefined>;

  /** `sync-job` or `dts-job`: the API family of the job. */
  declare public readonly family: pulumi.Output<string>;
  /** The job's `Status` in the last reply, as sent (`Unknown` before any reply). */
  declare public readonly jobStatus: pulumi.Output<string>;
  /**
   * Where the job stood at the last reply: `not-started`, `precheck`, `structure-initialization`,
   * `data-initialization`, `starting-synchronization`, `initialized`, `catching-up`, `caught-up`, `failed` (`unknown`
   * before any reply).
   */
  declare public readonly stage: pulumi.Output<string>;
  /** A reply showed every phase the job runs `Finished` and the job in its steady state (`synchronizing`). */
  declare public readonly initialized: pulumi.Output<boolean>;
  /** Precheck: status, percent, every item, and the failed items with error message and repair method. */
  declare public readonly precheck: pulumi.Output<PrecheckOutput>;
  /** Structure initialization: status, percent, error message; `Skipped` when the job's migration mode turns it off (this package's word, not a DTS value). */
  declare public readonly structureInitialization: pulumi.Output<PhaseOutput>;
  /** Data initialization: status, percent, rows copied, error message; `Skipped` when the job's migration mode turns it off. */
  declare public readonly dataInitialization: pulumi.Output<PhaseOutput>;
  /** The incremental phase's status as sent, when the reply had its block. */
  declare public readonly incrementalStatus: pulumi.Output<string | undefined>;
  /** Incremental delay of the last reply, seconds; absent when unknown (never 0 for unknown). */
  declare public readonly delaySeconds: pulumi.Output<number | undefined>;
  /** The caught-up gate's result, when `caughtUp` was asked. */
  declare public readonly caughtUpResult: pulumi.Output<CaughtUpOutput | undefined>;
  /** Why the failed tables or objects could not be read, when they could not. */
  declare public readonly failedLeftOut: pulumi.Output<string | undefined>;
  /** One line: why the wait (or the import's one look) ended as it did. */
  declare public readonly reason: pulumi.Output<string | undefined>;
  /** ISO 8601: when this resource started waiting (a wait after an ended one starts again). */
  declare public readonly startedAt: pulumi.Output<string>;
  /** ISO 8601: when a wait saw the job initialized (and caught up, when asked) or failed; absent while unfinished. */
  declare public readonly finishedAt: pulumi.Output<string | undefined>;
  /** ISO 8601: estimated end of the data initialization as of the last reply of a wait that ended unfinished; absent when finished or unknown. */
  declare public readonly estimatedFinishAt: pulumi.Output<string | undefined>;
  /** Status calls made for this resource since it started waiting. */
  declare public readonly polls: pulumi.Output<number>;
}
