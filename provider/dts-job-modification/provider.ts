/**
 * The provider object Pulumi serializes into the state of a `DtsJobModification` (written the way
 * provider/synchronization-object-modification/provider.ts explains): every method loads the implementation by package name inside the dynamic-provider host
 * (`require("pulumi-dts-objects").__dtsJobProviderImpl`), the class has no fields and captures no client or
 * credential. `configure` keeps the `dts:` stack config in the shared settings store (provider/shared/resource-impl.ts), keyed
 * by this object.
 *
 * Keep this file free of imports other than `import type`.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { DtsJobModificationInputs, DtsJobModificationOutputs } from "./types";

/** Loads the package from the program's directory, with an error that says what to do. Serialized by value. */
function pkg(): any {
  try {
    return require("pulumi-dts-objects");
  } catch (e) {
    throw new Error(`cannot load pulumi-dts-objects from ${process.cwd()}: add it to the program's package.json dependencies (${e})`);
  }
}

/** The dynamic provider of {@link DtsJobModification}; one shared instance for all resources. */
export class DtsJobModificationProvider implements pulumi.dynamic.ResourceProvider<DtsJobModificationInputs, DtsJobModificationOutputs> {
  /** Keeps the `dts:` stack config (credentials, region, endpoint) in the host process only. */
  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    pkg().__providerImpl.configure(this, req.config);
  }

  /** Validates the inputs (every problem named with its fix) and normalizes `dbList`. */
  async check(olds: any, news: any): Promise<pulumi.dynamic.CheckResult> {
    return pkg().__dtsJobProviderImpl.check(olds, news);
  }

  /** Replace on job/instance/dbList/waitOnly/direction; update (re-wait) on wait/failOn/region/endpoint. */
  async diff(id: string, olds: any, news: any): Promise<pulumi.dynamic.DiffResult> {
    return pkg().__dtsJobProviderImpl.diff(id, olds, news);
  }

  /** Decides from the job state (at most one ModifyDtsJob) and blocks until the change ended or the deadline. */
  async create(inputs: any): Promise<pulumi.dynamic.CreateResult> {
    return pkg().__dtsJobProviderImpl.create(this, inputs);
  }

  /** Refresh: waits for a known unfinished change, else reads the job once. */
  async read(id: string, props: any): Promise<pulumi.dynamic.ReadResult> {
    return pkg().__dtsJobProviderImpl.read(this, id, props);
  }

  /** Resumes the same change (never a second write for it). */
  async update(id: string, olds: any, news: any): Promise<pulumi.dynamic.UpdateResult> {
    return pkg().__dtsJobProviderImpl.update(this, id, olds, news);
  }

  /** Removes the resource from the state only. */
  async delete(id: string, props: any): Promise<void> {
    return pkg().__dtsJobProviderImpl.delete(this, id, props);
  }
}
