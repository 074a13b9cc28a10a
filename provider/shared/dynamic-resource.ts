/**
 * What every resource's dynamic `Resource` class (each room's resource.ts) does the same way: its shared provider
 * instance and the properties its constructor passes. Each public class still declares its own typed outputs
 * (`declare public readonly x: pulumi.Output<T>`), whose TSDoc `npm run gen:docs` writes from the schema.
 */
import * as pulumi from "@pulumi/pulumi";

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

/**
 * The properties a resource's constructor passes to `pulumi.dynamic.Resource`: every input and output key
 * (`keys`) seeded as `undefined` (undefined values are not sent), so each exists as an `Output` on the resource and
 * the engine fills it from the provider's outputs; then the program's `args`, and `__resourceKey`
 * (`<project>/<stack>/<name>`: the resource's key in lines and ClientTokens).
 */
export function dynamicProps(name: string, args: object, keys: readonly string[]): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const key of keys) props[key] = undefined;
  return Object.assign(props, args, { __resourceKey: `${pulumi.getProject()}/${pulumi.getStack()}/${name}` });
}
