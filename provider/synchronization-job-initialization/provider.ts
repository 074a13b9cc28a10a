/**
 * The provider object Pulumi serializes into the state of a `SynchronizationJobInitialization` (written the way
 * provider/synchronization-object-modification/provider.ts explains): every method loads the implementation by
 * package name inside the dynamic-provider host (`require("pulumi-dts-objects").__synchronizationJobInitializationProviderImpl`);
 * the class has no fields and captures no client or credential.
 *
 * Keep this file free of imports other than `import type`.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { SynchronizationJobInitializationInputs, SynchronizationJobInitializationOutputs } from "./types";

/** Loads the package from the program's directory, with an error that says what to do. Serialized by value. */
function pkg(): any {
  try {
    return require("pulumi-dts-objects");
  } catch (e) {
    throw new Error(`cannot load pulumi-dts-objects from ${process.cwd()}: add it to the program's package.json dependencies (${e})`);
  }
}

/** The dynamic provider of {@link SynchronizationJobInitialization}; one shared instance for all resources. */
export class SynchronizationJobInitializationProvider
  implements pulumi.dynamic.ResourceProvider<SynchronizationJobInitializationInputs, SynchronizationJobInitializationOutputs>
{
  /** Keeps the `dts:` stack config (credentials, region, endpoint) in the host process only. */
  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    pkg().__synchronizationJobInitializationProviderImpl.configure(this, req.config);
  }

  /** Validates the inputs (every problem named with its fix). */
  async check(olds: any, news: any): Promise<pulumi.dynamic.CheckResult> {
    return pkg().__synchronizationJobInitializationProviderImpl.check(olds, news);
  }

  /** Replace on the job; update (look again) on the other inputs or while not succeeded. */
  async diff(id: string, olds: any, news: any): Promise<pulumi.dynamic.DiffResult> {
    return pkg().__synchronizationJobInitializationProviderImpl.diff(id, olds, news);
  }

  /** Blocks until the job's first synchronization is done (and caught up, when asked), failed, or the deadline. */
  async create(inputs: any): Promise<pulumi.dynamic.CreateResult> {
    return pkg().__synchronizationJobInitializationProviderImpl.create(this, inputs);
  }

  /** Refresh: the same bounded wait, recording what it saw. */
  async read(id: string, props: any): Promise<pulumi.dynamic.ReadResult> {
    return pkg().__synchronizationJobInitializationProviderImpl.read(this, id, props);
  }

  /** Resume (or a changed option): looks at the job again. */
  async update(id: string, olds: any, news: any): Promise<pulumi.dynamic.UpdateResult> {
    return pkg().__synchronizationJobInitializationProviderImpl.update(this, id, olds, news);
  }

  /** Removes the resource from the state only. */
  async delete(id: string, props: any): Promise<void> {
    return pkg().__synchronizationJobInitializationProviderImpl.delete(this, id, props);
  }
}
