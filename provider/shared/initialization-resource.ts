/**
 * The outputs both initialization resources have (the initialization document, sdk/reports/initialization-outputs.ts,
 * with `caughtUpResult` for its `caughtUp`) and their constructor, over {@link DtsWaitResource}. Each room's class
 * declares its job's id inputs and its family's failed list.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { CaughtUpOutput } from "../../sdk/reports/initialization-outputs";
import type { CaughtUpOption } from "../../sdk/waiting/initialization-acceptors";
import { type DynamicResourceSpec, DtsWaitResource } from "./dynamic-resource";
import { INITIALIZATION_OUTPUT_KEYS } from "./initialization";

/** The outputs of a resource that waits for a job's first synchronization. `F` is its `failOn` options type. */
export abstract class InitializationResource<F> extends DtsWaitResource<F> {
  /** The caught-up gate asked for, when given. */
  declare public readonly caughtUp: pulumi.Output<CaughtUpOption | undefined>;

  /** `sync-job` or `dts-job`: the API family of the job. */
  declare public readonly family: pulumi.Output<string>;
  /** The job's `Status` in the last reply, as sent (`Synchronizing` in one family, `synchronizing` in the other). */
  declare public readonly jobStatus: pulumi.Output<string>;
  /** Where the job stood at the last reply: `not-started`, `precheck`, ..., `initialized`, `catching-up`, `caught-up`, `failed`. */
  declare public readonly stage: pulumi.Output<string>;
  /** A reply showed every phase the job runs `Finished` and the job in its steady state. */
  declare public readonly initialized: pulumi.Output<boolean>;
  declare public readonly incrementalStatus: pulumi.Output<string | undefined>;
  /** Incremental delay of the last reply, seconds (absent when unknown). */
  declare public readonly delaySeconds: pulumi.Output<number | undefined>;
  /** The caught-up gate's result, when `caughtUp` was asked. */
  declare public readonly caughtUpResult: pulumi.Output<CaughtUpOutput | undefined>;
  /** Why the failed tables or objects could not be read, when they could not. */
  declare public readonly failedLeftOut: pulumi.Output<string | undefined>;
  /** One line: why the wait (or an import's one look) ended as it did. */
  declare public readonly reason: pulumi.Output<string | undefined>;

  /** `resource.keys`: the room's user inputs and own outputs; the document's keys are added here. */
  protected constructor(resource: DynamicResourceSpec, name: string, args: object, opts: pulumi.CustomResourceOptions | undefined) {
    super({ ...resource, keys: [...resource.keys, ...INITIALIZATION_OUTPUT_KEYS] }, name, args, opts);
  }
}
