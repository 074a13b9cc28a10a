/**
 * The public types both initialization resources share; each room's types.ts extends them with its job's id inputs,
 * its `caughtUp` argument (described with its family's delay source) and its family's failed list:
 * {@link InitializationArgs} (what a program passes), {@link InitializationCommonInputs} (what `check` stores) and
 * {@link InitializationDocumentOutputs} (the initialization document as outputs). Types only and part of the public
 * declarations: nothing here may bring in zod's declarations. The `*Args` members' TSDoc is the schema's, written by
 * `npm run gen:docs` (scripts/gen-tsdoc.js follows an interface to what it extends).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { CaughtUpOutput, InitializationOutputs } from "../../sdk/reports/initialization-outputs";
import type { CaughtUpOption } from "../../sdk/waiting/initialization-acceptors";
import type { WaitOptions } from "./wait-options";

/** The arguments every initialization resource takes alike. `F` is its `failOn` options type. */
export interface InitializationArgs<F> {
  /** Region of the job; else stack config `dts:region`, else `cn-hangzhou`. */
  regionId?: pulumi.Input<string>;
  /** Service URL (the emulator, or a private endpoint); else stack config `dts:endpoint`. */
  endpoint?: pulumi.Input<string>;
  /** Deadline and polling pace. A change only looks again (in-place update). */
  wait?: pulumi.Input<WaitOptions>;
  /** What counts as failure. A change only looks again (in-place update). */
  failOn?: pulumi.Input<F>;
}

/** The inputs every initialization resource stores after `check` besides the job's id. `F` is its `failOn` options type. */
export interface InitializationCommonInputs<F = unknown> {
  regionId?: string;
  endpoint?: string;
  wait?: WaitOptions;
  caughtUp?: CaughtUpOption;
  failOn?: F;
  /** `<project>/<stack>/<resource name>`. @internal */
  __resourceKey?: string;
  /** Kept for the shared input rules (no ClientToken: nothing is written). @internal */
  __tokenSalt?: string;
}

/**
 * The initialization document (sdk/reports/initialization-outputs.ts) as outputs: the job's id is an input already,
 * and the document's `caughtUp` (the gate's result) is `caughtUpResult`, since `caughtUp` is the input that asks for it.
 */
export interface InitializationDocumentOutputs extends Omit<InitializationOutputs, "synchronizationJobId" | "dtsJobId" | "caughtUp"> {
  caughtUpResult?: CaughtUpOutput;
}
