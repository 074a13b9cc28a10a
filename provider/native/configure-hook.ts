/**
 * Why this file exists: `@pulumi/pulumi` 3.248.0's provider server (`provider/server.js`, `Server.configure`)
 * answers the engine's `Configure` request without handing its `args`/`variables` to the provider object (its
 * `Provider` interface has no `configure`), and `new pulumi.Config("dts")` stays empty in a plugin process. The
 * `dts:*` keys (credentials, region, endpoint) are the provider's configuration, so we need that request.
 *
 * The SDK offers no hook for it, so this module wraps the `configure` handler of the ResourceProvider service
 * when `provider.main` registers it with `@grpc/grpc-js` (the copy `@pulumi/pulumi` resolves: sdk-grpc.ts), records the
 * request, then lets the SDK's handler answer as before. Everything else is the SDK's.
 *
 * It depends on SDK internals, so it fails loudly, never silently:
 * - {@link installConfigureHook} throws when the pieces it wraps are missing;
 * - {@link assertConfigureHooked} (called right after `provider.main`) throws when the service was registered
 *   without passing through the hook (the SDK changed how it serves);
 * - tests/native/configure-hook.test.ts runs the plugin over gRPC and fails when the config stops arriving, and
 *   fails when the SDK's own `configure` starts reading the request (then this file should give way to it).
 */
import type { ConfigureVariables } from "./config";
import { wrapOperationHandlers } from "./request-hook";
import { sdkGrpc } from "./sdk-grpc";

type Handler = (call: any, callback: (...args: any[]) => void) => unknown;

let hooked = false;
let installed = false;

/** The request's config, as plain JavaScript. */
export function readConfigureRequest(request: any): ConfigureVariables {
  const args = request?.getArgs?.()?.toJavaScript?.() as Record<string, unknown> | undefined;
  const variables: Record<string, string> = {};
  const map = request?.getVariablesMap?.();
  if (map) for (const [k, v] of map.entries() as Iterable<[string, string]>) variables[k] = v;
  return { ...(args ? { args } : {}), variables };
}

/**
 * Wraps `configure` of the ResourceProvider service registered after this call; `onConfigure` gets each
 * Configure request's config before the SDK answers it. An error from `onConfigure` fails the Configure call.
 */
export function installConfigureHook(onConfigure: (config: ConfigureVariables) => void): void {
  if (installed) throw new Error("the Configure hook is already installed");
  const { origin, grpc, service } = sdkGrpc();
  const Server = grpc?.Server;
  if (typeof Server?.prototype?.addService !== "function" || !service?.configure) {
    throw new Error(
      `pulumi-resource-dts: ${origin} no longer has the gRPC pieces this plugin reads its configuration through ` +
        `(@grpc/grpc-js Server.addService, proto/provider_grpc_pb ResourceProviderService.configure). See provider/native/configure-hook.ts.`,
    );
  }
  const addService = Server.prototype.addService as (this: unknown, s: unknown, impl: Record<string, unknown>) => void;
  Server.prototype.addService = function (this: unknown, svc: unknown, implementation: Record<string, unknown>) {
    if (svc === service) {
      const original = implementation.configure as Handler | undefined;
      if (typeof original !== "function") {
        throw new Error("pulumi-resource-dts: the SDK's provider server has no configure handler; see provider/native/configure-hook.ts");
      }
      implementation.configure = function (this: unknown, call: any, callback: (...args: any[]) => void) {
        try {
          onConfigure(readConfigureRequest(call.request));
        } catch (error) {
          callback(error);
          return;
        }
        return original.call(implementation, call, callback);
      };
      // The same registration carries customTimeouts and the import fix (request-hook.ts).
      wrapOperationHandlers(implementation);
      hooked = true;
    }
    return addService.call(this, svc, implementation);
  };
  installed = true;
}

/** Throws when the provider service was served without the hook (call after `provider.main` resolved). */
export function assertConfigureHooked(): void {
  if (!hooked) {
    throw new Error(
      "pulumi-resource-dts: @pulumi/pulumi served the provider without passing its Configure handler through this plugin's hook, " +
        "so the dts:* configuration (credentials, region, endpoint) would be lost. The SDK changed: see provider/native/configure-hook.ts.",
    );
  }
}
