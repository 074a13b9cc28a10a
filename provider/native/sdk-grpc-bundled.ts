/**
 * sdk-grpc.ts for the bundled release plugin (scripts/plugin-dist swaps it in): static requires, so the bundler
 * includes, once, the same `@grpc/grpc-js` and `proto/provider_grpc_pb` modules that `@pulumi/pulumi`'s server
 * imports. Not used in an npm install (the paths resolve from this package, not from the SDK's directory).
 */
import type { SdkGrpc } from "./sdk-grpc";

export function sdkGrpc(): SdkGrpc {
  return {
    origin: "the bundled @pulumi/pulumi",
    grpc: require("@grpc/grpc-js"),
    service: require("@pulumi/pulumi/proto/provider_grpc_pb").ResourceProviderService,
    providerPb: require("@pulumi/pulumi/proto/provider_pb"),
    Struct: require("google-protobuf/google/protobuf/struct_pb").Struct,
  };
}
