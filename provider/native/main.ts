/**
 * Serves the native provider plugin: `provider.main` from `@pulumi/pulumi` with the Configure hook installed
 * first (see configure-hook.ts). The executable is `pulumi-resource-dts` (bin.ts).
 *
 * Progress lines: the engine hides the stderr of a native resource plugin (it shows it only when the plugin
 * crashes), unlike the dynamic-provider host's. So the shared implementation's progress and messages go to the
 * engine's Log service instead (`pulumi.log.info`, with the engine address the engine passed us), where the CLI
 * shows them as the dynamic resource's stderr lines are shown.
 */
import * as pulumi from "@pulumi/pulumi";
import { packageVersion } from "../../sdk/version";
import { providerImpl } from "../impl";
import { assertConfigureHooked, installConfigureHook } from "./configure-hook";
import { NativeProvider } from "./provider";

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

/** Starts the gRPC server (prints its port on stdout, as the engine expects) and keeps serving. */
export async function serve(args: string[]): Promise<NativeProvider> {
  const engine = engineAddressOf(args);
  if (engine) {
    // Where `pulumi.log` finds the engine (read when it first connects).
    process.env.PULUMI_NODEJS_ENGINE = engine;
    providerImpl.setHooks({
      log: (line) => {
        void pulumi.log.info(line);
      },
    });
  }
  const provider = new NativeProvider(packageVersion(__dirname));
  installConfigureHook((config) => provider.configure(config));
  await pulumi.provider.main(provider, args);
  assertConfigureHooked();
  return provider;
}
