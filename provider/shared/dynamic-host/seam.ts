/**
 * The per-call seam of the dynamic-provider host. `@pulumi/pulumi`'s host (`cmd/dynamic-provider/index.js`, 3.248
 * to 3.276 at least) hands a dynamic provider's methods neither the request's URN nor its `timeout`
 * (`customTimeouts`), and answers the engine's Cancel with a no-op. No supported API offers them
 * (../shared/research/dynamic-host.md). But @grpc/grpc-js looks a method's handler up on EVERY call through
 * `Server.prototype._retrieveHandler(path)`: wrapping that method on the host's own grpc-js copy, once our code has
 * loaded in the host (the host loads it at Check, which the engine always sends before Create/Update), makes each
 * later call go through {@link wrapHandler}:
 * - Cancel: the package's process-wide cancellation (provider/operation.ts, as the native face), then the host's own
 *   no-op handler;
 * - Create/Read/Update/Delete: the host's handler runs inside `withOperation({timeoutSeconds})` and `withUrn(urn)`
 *   (AsyncLocalStorages of this package: other dynamic providers in the host see nothing of them).
 *
 * `_retrieveHandler` is private API: {@link installSeam} refuses (and says why) when it or a handler has another
 * shape; tests/dynamic/seam-guard.test.ts fails when @grpc/grpc-js or @pulumi/pulumi change it.
 */
import { cancelOperations, timeoutOf, withOperation } from "../operation";
import { withUrn } from "../urn-context";

/** A grpc-js server handler, as `_retrieveHandler` returns it (`{func, type, serialize, deserialize, path}`). */
export interface GrpcHandler {
  func: (call: any, callback: (...args: any[]) => void) => unknown;
  type: string;
  [key: string]: unknown;
}

/** The gRPC service whose calls are wrapped; its methods as grpc-js names them in the call path. */
export const SERVICE_PATH = "/pulumirpc.ResourceProvider/";
/** Methods that carry a URN and a `timeout` (the request classes' `getUrn`/`getTimeout`). */
export const OPERATION_METHODS = ["Create", "Read", "Update", "Delete"] as const;

/** Why the seam is not in place, or undefined when it is. */
export type SeamProblem = string | undefined;

/** The prototypes this copy of the package wrapped (another copy in the same host wraps on top, for its own waits). */
const wrappedBy = new WeakSet<object>();

/**
 * A handler that runs `handler` for the call at `path` with what the engine sent: Cancel first cancels every wait of
 * this package; an operation runs with its URN and timeout. Other paths and handlers of another shape are returned
 * as they are (`onOddShape` is told once per path, so the caller can say why).
 */
export function wrapHandler(path: string, handler: GrpcHandler | null | undefined, onOddShape?: (why: string) => void): GrpcHandler | null | undefined {
  if (!handler || !path.startsWith(SERVICE_PATH)) return handler;
  const method = path.slice(SERVICE_PATH.length);
  const isOperation = (OPERATION_METHODS as readonly string[]).includes(method);
  if (method !== "Cancel" && !isOperation) return handler;
  if (typeof handler.func !== "function" || handler.type !== "unary") {
    onOddShape?.(`the handler of ${path} is not a unary {func} (type ${String(handler.type)})`);
    return handler;
  }
  const original = handler.func;
  if (method === "Cancel") {
    return {
      ...handler,
      func(call, callback) {
        cancelOperations();
        return original.call(this, call, callback);
      },
    };
  }
  return {
    ...handler,
    func(call, callback) {
      const request = call?.request;
      if (typeof request?.getUrn !== "function" || typeof request?.getTimeout !== "function") {
        onOddShape?.(`the ${method} request has no getUrn/getTimeout`);
        return original.call(this, call, callback);
      }
      const urn: unknown = request.getUrn();
      const timeoutSeconds = timeoutOf(request);
      const run = () => original.call(this, call, callback);
      return withOperation(timeoutSeconds !== undefined ? { timeoutSeconds } : {}, () => (typeof urn === "string" && urn !== "" ? withUrn(urn, run) : run()));
    },
  };
}

/**
 * Wraps `grpc.Server.prototype._retrieveHandler` of the grpc-js module `grpc` (the host's copy), once per copy of
 * this package (another copy wraps on top, for its own waits). Returns why it could not, or undefined. Wrapped handlers are cached per original handler, so a call
 * costs one WeakMap lookup more.
 */
export function installSeam(grpc: any, onOddShape?: (why: string) => void): SeamProblem {
  const prototype = grpc?.Server?.prototype;
  const original = prototype?._retrieveHandler;
  if (typeof original !== "function") return "@grpc/grpc-js has no Server.prototype._retrieveHandler (private API changed)";
  if (original.length !== 1) return `@grpc/grpc-js's Server.prototype._retrieveHandler takes ${original.length} arguments, not 1 (private API changed)`;
  if (wrappedBy.has(prototype)) return undefined;
  const cache = new WeakMap<object, GrpcHandler | null | undefined>();
  const told = new Set<string>();
  const odd = (why: string) => {
    if (told.has(why)) return;
    told.add(why);
    onOddShape?.(why);
  };
  const wrapped = function (this: unknown, path: string) {
    const handler = original.call(this, path) as GrpcHandler | null | undefined;
    if (!handler || typeof handler !== "object") return handler;
    let result = cache.get(handler);
    if (result === undefined) {
      result = wrapHandler(path, handler, odd);
      cache.set(handler, result);
    }
    return result;
  };
  prototype._retrieveHandler = wrapped;
  wrappedBy.add(prototype);
  return undefined;
}
