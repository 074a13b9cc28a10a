/**
 * Serves the native provider plugin: `provider.main` from `@pulumi/pulumi` with the Configure hook installed
 * first (see configure-hook.ts). The executable is `pulumi-resource-dts` (bin.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { packageVersion } from "../../cli/version";
import { assertConfigureHooked, installConfigureHook } from "./configure-hook";
import { NativeProvider } from "./provider";

/** Starts the gRPC server (prints its port on stdout, as the engine expects) and keeps serving. */
export async function serve(args: string[]): Promise<NativeProvider> {
  const provider = new NativeProvider(packageVersion(__dirname));
  installConfigureHook((config) => provider.configure(config));
  await pulumi.provider.main(provider, args);
  assertConfigureHooked();
  return provider;
}
