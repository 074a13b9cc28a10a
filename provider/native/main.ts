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
import { currentUrn } from "./urn-context";

/**
 * The engine's address among the plugin arguments (the engine may put `--logtostderr`, `-v=<n>` and
 * `--tracing <addr>` before it), or undefined.
 */
export function engineAddressOf(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--tracing") {
      i++;
      continue;
    }
    if (arg.startsWith("-")) continue;
    return arg;
  }
  return undefined;
}

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
    providerImpl.setHooks({
      log: (line) => {
        void pulumi.log.info(line, resourceOf(currentUrn()));
      },
      status: () => {
        const resource = resourceOf(currentUrn());
        // Outside a resource's call (none today) a status line would land on the stack's row: plain lines then.
        if (!resource) return undefined;
        // Stream 0, as pulumi-kubernetes' LogStatus: the display joins the messages of a non-zero stream.
        return (line) => {
          void pulumi.log.info(line, resource, undefined, true);
        };
      },
    });
  }
  const provider = new NativeProvider(packageVersion(__dirname));
  installConfigureHook((config) => provider.configure(config));
  await pulumi.provider.main(provider, args);
  assertConfigureHooked();
  return provider;
}
