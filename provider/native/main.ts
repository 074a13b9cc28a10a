/**
 * Serves the native provider plugin: `provider.main` from `@pulumi/pulumi` with the Configure hook installed
 * first (see configure-hook.ts). The executable is `pulumi-resource-dts` (bin.ts).
 *
 * Progress lines: the engine hides the stderr of a native resource plugin (it shows it only when the plugin
 * crashes), unlike the dynamic-provider host's. So the shared implementation's progress and messages go to the
 * engine's Log service instead (`pulumi.log.info`, with the engine address the engine passed us), tied to the URN
 * of the resource the call serves (urn-context.ts): phase changes, failed items, retries and the verdict as normal
 * lines under the resource, and the wait's status (phase, percent, counter, time left) as ONE ephemeral line on
 * the resource's row (`pulumi.log.info(msg, resource, streamId, true)`, as pulumi-kubernetes' LogStatus), replaced
 * by each reply and cleared (empty message) when the wait ends, so it does not pile up in the final Diagnostics.
 */
import * as pulumi from "@pulumi/pulumi";
import { packageVersion } from "../../sdk/version";
import { providerImpl } from "../synchronization-object-modification/impl";
import { assertConfigureHooked, installConfigureHook } from "./configure-hook";
import { NativeProvider } from "./provider";
import { engineAddressOf } from "../shared/engine-address";
import { engineLogHooks } from "../shared/engine-log-hooks";

export { engineAddressOf } from "../shared/engine-address";

/**
 * A stand-in resource for a URN, as `pulumi.log` wants one (it reads only `urn`): the SDK's `DependencyResource`,
 * which registers nothing (the provider SDK uses it for references it receives).
 */
export function resourceOf(urn: string | undefined): pulumi.Resource | undefined {
  return urn ? new pulumi.DependencyResource(urn) : undefined;
}

/** Starts the gRPC server (prints its port on stdout, as the engine expects) and keeps serving. */
export async function serve(args: string[]): Promise<NativeProvider> {
  const engine = engineAddressOf(args);
  if (engine) {
    // Where `pulumi.log` finds the engine (read when it first connects).
    process.env.PULUMI_NODEJS_ENGINE = engine;
    // The shared rule (engine-log-hooks.ts): lines and the status of a resource's call tied to its URN.
    providerImpl.setHooks(
      engineLogHooks(
        // Stream 0, as pulumi-kubernetes' LogStatus: the display joins the messages of a non-zero stream.
        (message, urn, ephemeral) => void pulumi.log.info(message, resourceOf(urn), undefined, ephemeral),
        (line) => void pulumi.log.info(line),
      ),
    );
  }
  const provider = new NativeProvider(packageVersion(__dirname));
  installConfigureHook((config) => provider.configure(config));
  await pulumi.provider.main(provider, args);
  assertConfigureHooked();
  return provider;
}
