/**
 * A private connection from the dynamic-provider host to the engine's Log service. The host is not connected to
 * it: its engine address is its argument, `PULUMI_NODEJS_ENGINE` is unset, and the runtime's settings were built
 * before our code loaded, so `pulumi.log` there prints to stdout (which the engine shows under the stack). Changing
 * the runtime's global settings (`runtime.resetOptions`) would connect it, but for every other dynamic provider in the
 * same host too; this client is ours only, built from the host's own `proto/engine_grpc_pb` and grpc-js copy.
 * Messages are sent one after the other, in order (as `pulumi.log` does).
 */
import * as path from "node:path";
import type { EngineSend } from "../engine-log-hooks";

/** Connects to the engine at `address` with the protobuf code of the `@pulumi/pulumi` in `pulumiDir`. */
export function connectEngineLog(pulumiDir: string, grpc: any, address: string, fallback: (line: string) => void): EngineSend {
  const engineGrpc = require(path.join(pulumiDir, "proto", "engine_grpc_pb"));
  const engineProto = require(path.join(pulumiDir, "proto", "engine_pb"));
  if (typeof engineGrpc?.EngineClient !== "function" || typeof engineProto?.LogRequest !== "function" || engineProto?.LogSeverity?.INFO === undefined) {
    throw new Error(`@pulumi/pulumi at ${pulumiDir} has no EngineClient/LogRequest/LogSeverity.INFO in proto/engine_*_pb`);
  }
  const client = new engineGrpc.EngineClient(address, grpc.credentials.createInsecure());
  let last: Promise<void> = Promise.resolve();
  return (message, urn, ephemeral) => {
    const request = new engineProto.LogRequest();
    request.setSeverity(engineProto.LogSeverity.INFO);
    request.setMessage(message);
    request.setUrn(urn);
    request.setStreamid(0);
    request.setEphemeral(ephemeral);
    last = last.then(
      () =>
        new Promise<void>((resolve) => {
          client.log(request, (error: unknown) => {
            // Undelivered: a normal line goes to stderr as before (a status line is stale by then).
            if (error && !ephemeral && message) fallback(message);
            resolve();
          });
        }),
    );
  };
}
