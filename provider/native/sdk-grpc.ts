/**
 * The pieces of `@pulumi/pulumi`'s provider server that configure-hook.ts and request-hook.ts use: the `@grpc/grpc-js`
 * copy the SDK serves with, its `ResourceProviderService` definition, its request classes and protobuf `Struct`. In an npm install they are resolved from the SDK's own
 * directory (a nested `@grpc/grpc-js` would be another copy, whose `Server` the SDK never uses). The release plugin
 * (scripts/plugin-dist) is one bundled file with no node_modules to resolve from: there this module is swapped for
 * sdk-grpc-bundled.ts, whose static requires the bundler resolves to the very modules the SDK's code imports.
 */
import * as path from "node:path";

export interface SdkGrpc {
  /** Where the pieces came from (for error messages). */
  readonly origin: string;
  readonly grpc: any;
  readonly service: any;
  /** `proto/provider_pb`: the request classes request-hook.ts reads `timeout` from. */
  readonly providerPb: any;
  /** google-protobuf's `Struct`, the copy the SDK's requests are built with (request-hook.ts fills an empty Read). */
  readonly Struct: any;
}

export function sdkGrpc(): SdkGrpc {
  const dir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  return {
    origin: `@pulumi/pulumi at ${dir}`,
    grpc: require(require.resolve("@grpc/grpc-js", { paths: [dir] })),
    service: require(path.join(dir, "proto", "provider_grpc_pb")).ResourceProviderService,
    providerPb: require(path.join(dir, "proto", "provider_pb")),
    Struct: require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [dir] })).Struct,
  };
}
