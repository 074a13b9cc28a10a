/**
 * The provider object Pulumi serializes into the state (`__provider`, stored with every resource, in plaintext).
 *
 * Every method is a shim that loads the implementation **by package name** at run time, inside the
 * dynamic-provider host: `require("pulumi-dts-objects").__providerImpl`. Closure serialization copies local
 * modules by value and cannot copy clients or zod schemas, and a relative `require` would resolve against the
 * host's working directory (the user's program), so nothing here may reference a module-level value, an import or
 * a credential. The class has no fields; `configure` stores the stack config inside the implementation module,
 * keyed by this object, so the serialized text stays small and secret-free even after `configure`.
 *
 * Keep this file free of imports other than `import type`: anything referenced here is serialized (the methods
 * and `impl` only).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { SynchronizationObjectModificationInputs, SynchronizationObjectModificationOutputs } from "./types";

/**
 * Loads the implementation by package name from the host's working directory (the program directory), with an
 * error that says what to do when the program cannot resolve the package. Serialized by value with the methods.
 */
function impl(): any {
  try {
    return require("pulumi-dts-objects").__providerImpl;
  } catch (e) {
    throw new Error(`cannot load pulumi-dts-objects from ${process.cwd()}: add it to the program's package.json dependencies (${e})`);
  }
}

/**
 * The dynamic provider of {@link SynchronizationObjectModification}. Use the resource class; one shared instance
 * is created for all resources (so Pulumi serializes it once per program).
 */
export class SynchronizationObjectModificationProvider
  implements pulumi.dynamic.ResourceProvider<SynchronizationObjectModificationInputs, SynchronizationObjectModificationOutputs>
{
  /** Keeps the `dts:` stack config (credentials, region, endpoint) in the host process only. */
  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    impl().configure(this, req.config);
  }

  /** Validates the inputs (every problem named with its fix) and normalizes them. */
  async check(olds: any, news: any): Promise<pulumi.dynamic.CheckResult> {
    return impl().check(olds, news);
  }

  /** Replace on job/objects/direction/adoptTaskId/revision changes; update (re-wait) on wait/failOn/region/endpoint. */
  async diff(id: string, olds: any, news: any): Promise<pulumi.dynamic.DiffResult> {
    return impl().diff(id, olds, news);
  }

  /** Starts the modification task and blocks until it finished, failed or the deadline passed. */
  async create(inputs: any): Promise<pulumi.dynamic.CreateResult> {
    return impl().create(this, inputs);
  }

  /** Refresh: waits for the saved task and returns fresh outputs (and the inputs). */
  async read(id: string, props: any): Promise<pulumi.dynamic.ReadResult> {
    return impl().read(this, id, props);
  }

  /** Resumes waiting on the saved TaskId. */
  async update(id: string, olds: any, news: any): Promise<pulumi.dynamic.UpdateResult> {
    return impl().update(this, id, olds, news);
  }

  /** Removes the resource from the state only (a modification cannot be undone). */
  async delete(id: string, props: any): Promise<void> {
    return impl().delete(this, id, props);
  }
}
