/**
 * Why this file exists: `@pulumi/pulumi` 3.248.0's provider server (`provider/server.js`) hands the provider only
 * the URN and properties of Create/Read/Update/Delete: it drops the request's `timeout` (the resource's
 * `customTimeouts`, seconds), and its `read` crashes on a request without properties (what `pulumi import` sends:
 * `Cannot read properties of undefined (reading 'toJavaScript')`). The SDK offers no hook for either, so, like
 * configure-hook.ts (which calls {@link wrapOperationHandlers} when the service is registered), this wraps the
 * four handlers: each runs the SDK's handler inside `withOperation({timeoutSeconds})` (provider/shared/operation.ts, an
 * AsyncLocalStorage the shared waits read), and a Read without properties gets an empty property map.
 *
 * It depends on SDK internals, so it fails loudly: {@link assertRequestShape} throws when a request class has no
 * `getTimeout` (checked when the plugin starts), wrapping throws when a handler is missing, and
 * tests/native/request-hook.test.ts fails when the timeout stops arriving or when the SDK starts passing it itself.
 */
import { timeoutOf, withOperation } from "../shared/operation";

export { timeoutOf } from "../shared/operation";
import { sdkGrpc } from "./sdk-grpc";

type Handler = (call: any, callback: (...args: any[]) => void) => unknown;

/** The handlers that carry a `timeout`. */
export const TIMED_HANDLERS = ["create", "read", "update", "delete"] as const;
const REQUEST_CLASSES = { create: "CreateRequest", read: "ReadRequest", update: "UpdateRequest", delete: "DeleteRequest" } as const;

function providerProto(): any {
  return sdkGrpc().providerPb;
}

/** Throws when a request class of the SDK's protobuf code lost `getTimeout` (or the Read request its properties). */
export function assertRequestShape(proto: any = providerProto()): void {
  for (const op of TIMED_HANDLERS) {
    const cls = proto?.[REQUEST_CLASSES[op]];
    if (typeof cls?.prototype?.getTimeout !== "function") {
      throw new Error(
        `pulumi-resource-dts: @pulumi/pulumi's ${REQUEST_CLASSES[op]} has no getTimeout, so customTimeouts cannot be read. The SDK changed: see provider/native/request-hook.ts.`,
      );
    }
  }
  if (typeof proto.ReadRequest.prototype.setProperties !== "function" || typeof proto.ReadRequest.prototype.hasProperties !== "function") {
    throw new Error("pulumi-resource-dts: @pulumi/pulumi's ReadRequest lost setProperties/hasProperties; see provider/native/request-hook.ts.");
  }
}

/** Wraps create/read/update/delete of the SDK's provider service implementation (before it is registered). */
export function wrapOperationHandlers(implementation: Record<string, unknown>): void {
  assertRequestShape();
  const { Struct } = sdkGrpc();
  for (const op of TIMED_HANDLERS) {
    const original = implementation[op] as Handler | undefined;
    if (typeof original !== "function")
      throw new Error(`pulumi-resource-dts: the SDK's provider server has no ${op} handler; see provider/native/request-hook.ts`);
    implementation[op] = function (this: unknown, call: any, callback: (...args: any[]) => void) {
      // `pulumi import` reads with an id and no properties; the SDK's read would crash on them.
      if (op === "read" && call?.request && !call.request.hasProperties()) call.request.setProperties(new Struct());
      const timeoutSeconds = timeoutOf(call?.request);
      return withOperation(timeoutSeconds !== undefined ? { timeoutSeconds } : {}, () => original.call(implementation, call, callback));
    };
  }
}
