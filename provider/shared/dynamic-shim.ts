/**
 * The provider object Pulumi serializes into the state of every dynamic resource (`__provider`, stored with every
 * resource, in plaintext): each room's provider.ts is `class XProvider extends dynamicShim("__xProviderImpl") {}`.
 *
 * Every method is a shim that loads the room's implementation **by package name** at run time, inside the
 * dynamic-provider host: `require("pulumi-dts-objects")[implExport]` (a {@link ResourceImpl} the package entry point
 * exports). Closure serialization copies local modules by value and cannot copy clients or zod schemas, and a
 * relative `require` would resolve against the host's working directory (the user's program), so the serialized
 * code references nothing but `require`, the export's name (a string) and `this`. The object has no fields;
 * `configure` stores the stack config inside the implementation module, keyed by this object, so the serialized
 * text stays small and secret-free even after `configure`.
 *
 * Why a factory and not a base class imported by name: Pulumi serializes a class instance through its prototype
 * chain, by value. The class returned here is the base of the room's class (`Object.getPrototypeOf`), so it is
 * serialized with its methods and the closure they share (`impl`, `implExport`); the room's class has no constructor
 * and no member of its own, so its `extends` clause (the only place this module is named) is never part of the text.
 * A member that named an import would be: the serializer would capture the module object and emit a deep
 * `require` of it. Keep this file free of imports other than `import type`.
 *
 * The methods' docs are the same for every resource: what each does is its room's impl.ts.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ResourceImpl } from "./resource-impl";

/** The methods of a serialized dynamic provider: each calls the same method of the room's implementation. */
export interface DynamicShim {
  /** Keeps the `dts:` stack config (credentials, region, endpoint) in the host process only. */
  configure(req: pulumi.dynamic.ConfigureRequest): Promise<void>;
  /** Validates the inputs (every problem named with its fix) and normalizes them. */
  check(olds: any, news: any): Promise<pulumi.dynamic.CheckResult>;
  /** Replace on the inputs that name another job or change; update (wait or look again) on the others. */
  diff(id: string, olds: any, news: any): Promise<pulumi.dynamic.DiffResult>;
  /** Blocks until the wait ended (done or failed) or the deadline passed. */
  create(inputs: any): Promise<pulumi.dynamic.CreateResult>;
  /** Refresh: the same bounded wait, recording what it saw (and the inputs). */
  read(id: string, props: any): Promise<pulumi.dynamic.ReadResult>;
  /** Resumes (or re-waits after a changed option) from what the state saved. */
  update(id: string, olds: any, news: any): Promise<pulumi.dynamic.UpdateResult>;
  /** Removes the resource from the state only. */
  delete(id: string, props: any): Promise<void>;
}

/**
 * Makes `provider` (a room's provider class, declared empty and merged with {@link DynamicShim}) the shim of the
 * implementation the package entry point exports as `implExport`: puts the methods on its prototype, where the
 * serializer finds them (own members of the class's prototype, as if written in its body).
 */
export function dynamicShim(provider: abstract new () => DynamicShim, implExport: string): void {
  /**
   * Loads the implementation by package name from the host's working directory (the program directory), with an
   * error that says what to do when the program cannot resolve the package. Serialized by value with the methods.
   */
  function impl(): ResourceImpl {
    try {
      return require("pulumi-dts-objects")[implExport];
    } catch (e) {
      throw new Error(`cannot load pulumi-dts-objects from ${process.cwd()}: add it to the program's package.json dependencies (${e})`);
    }
  }

  class Methods implements DynamicShim {
    async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
      impl().configure(this, req.config);
    }
    async check(olds: any, news: any): Promise<pulumi.dynamic.CheckResult> {
      return impl().check(olds, news);
    }
    async diff(id: string, olds: any, news: any): Promise<pulumi.dynamic.DiffResult> {
      return impl().diff(id, olds, news);
    }
    async create(inputs: any): Promise<pulumi.dynamic.CreateResult> {
      return impl().create(this, inputs);
    }
    async read(id: string, props: any): Promise<pulumi.dynamic.ReadResult> {
      return impl().read(this, id, props);
    }
    async update(id: string, olds: any, news: any): Promise<pulumi.dynamic.UpdateResult> {
      return impl().update(this, id, olds, news);
    }
    async delete(id: string, props: any): Promise<void> {
      return impl().delete(this, id, props);
    }
  }
  // Non-enumerable, like methods written in a class body.
  for (const name of Object.getOwnPropertyNames(Methods.prototype)) {
    if (name !== "constructor") Object.defineProperty(provider.prototype, name, Object.getOwnPropertyDescriptor(Methods.prototype, name)!);
  }
}
