/**
 * The arguments both modification resources (SynchronizationObjectModification, DtsJobModification) take alike;
 * each room's `<Name>Args` extends {@link ModificationArgs} with its job's id, its object list and its `endpoint`
 * (SynchronizationObjectModification's description also names the default URL). Types only and part of the public
 * declarations: nothing here may bring in zod's declarations. The members' TSDoc is the schema's, written by
 * `npm run gen:docs` (scripts/gen-tsdoc.js follows an interface to what it extends).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { SynchronizationDirection } from "../../sdk/types";
import type { WaitOptions } from "./wait-options";

/** The arguments every modification resource takes alike. `F` is its `failOn` options type. */
export interface ModificationArgs<F> {
  /** `Forward` or `Reverse`, for two-way jobs only. A change replaces the resource. */
  synchronizationDirection?: pulumi.Input<SynchronizationDirection>;
  /** Region of the job; else stack config `dts:region`, else `cn-hangzhou`. */
  regionId?: pulumi.Input<string>;
  /** Deadline and polling pace. A change only re-waits (in-place update). */
  wait?: pulumi.Input<WaitOptions>;
  /** What counts as failure. A change only re-waits (in-place update). */
  failOn?: pulumi.Input<F>;
}
