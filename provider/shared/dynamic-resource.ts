/**
 * What every resource's dynamic `Resource` class (each room's resource.ts) shares: the outputs every resource has
 * (the connection options given, the three phases, the wait's times and count) and the constructor. Each public
 * class extends {@link DtsWaitResource} (or {@link InitializationResource}, initialization-resource.ts) and declares
 * the outputs of its own.
 *
 * Pulumi makes an output of every property passed to the constructor: every declared output (the room gives their
 * keys) is passed as `undefined` (undefined values are not sent), so it exists as an `Output` on the resource and the
 * engine fills it from the provider's outputs.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PhaseOutput, PrecheckOutput } from "../../sdk/reports/sync-job-outputs";
import type { WaitOptions } from "./wait-options";

/**
 * A getter of one lazily made instance: each room's `get...Provider()` returns the same provider object for all its
 * resources, so Pulumi serializes it once per program.
 */
export function oneInstance<T>(make: () => T): () => T {
  let instance: T | undefined;
  return () => {
    instance ??= make();
    return instance;
  };
}

/** What a room's class tells the shared constructor. */
export interface DynamicResourceSpec {
  /** The room's shared provider instance. */
  provider: pulumi.dynamic.ResourceProvider;
  /** The resource's type name (`DtsJobModification`): the token is `pulumi-nodejs:dynamic/dts:<type>`. */
  type: string;
  /** Every input and output key of the resource (each seeded as `undefined`). */
  keys: readonly string[];
}

/**
 * The outputs every resource has. `F` is the resource's `failOn` options type.
 */
export abstract class DtsWaitResource<F> extends pulumi.dynamic.Resource {
  /** Region of the job, when given. */
  declare public readonly regionId: pulumi.Output<string | undefined>;
  /** Service URL, when given. */
  declare public readonly endpoint: pulumi.Output<string | undefined>;
  /** The wait options (deadline and polling pace), when given. */
  declare public readonly wait: pulumi.Output<WaitOptions | undefined>;
  /** What counts as failure, when given. */
  declare public readonly failOn: pulumi.Output<F | undefined>;

  /** Precheck: status, percent, every item, and the failed items with error message and repair method. */
  declare public readonly precheck: pulumi.Output<PrecheckOutput>;
  /**
   * Structure initialization: status, percent, tables done, error message (`Skipped`, this package's word, when an
   * initialization resource's job does not run it).
   */
  declare public readonly structureInitialization: pulumi.Output<PhaseOutput>;
  /** Data initialization: status, percent, rows copied, error message (`Skipped` as for structure initialization). */
  declare public readonly dataInitialization: pulumi.Output<PhaseOutput>;
  /** ISO 8601: when the wait these outputs describe started (a task's start, when the resource started one). */
  declare public readonly startedAt: pulumi.Output<string>;
  /** ISO 8601: when a wait saw the end (success or failure); undefined while unfinished. */
  declare public readonly finishedAt: pulumi.Output<string | undefined>;
  /** ISO 8601: estimated finish, as of the last status of a wait that ended unfinished; absent when finished or unknown. */
  declare public readonly estimatedFinishAt: pulumi.Output<string | undefined>;
  /** Status calls made for this resource (over every create, update and refresh of the wait they describe). */
  declare public readonly polls: pulumi.Output<number>;

  /**
   * @param resource - the room's provider, type name and every input and output key.
   * @param name - the resource name; `<project>/<stack>/<name>` is the resource key (ClientToken, lines).
   */
  protected constructor(resource: DynamicResourceSpec, name: string, args: object, opts: pulumi.CustomResourceOptions | undefined) {
    const props: Record<string, unknown> = {};
    for (const key of resource.keys) props[key] = undefined;
    Object.assign(props, args, { __resourceKey: `${pulumi.getProject()}/${pulumi.getStack()}/${name}` });
    super(resource.provider, name, props, opts, "dts", resource.type);
  }
}
