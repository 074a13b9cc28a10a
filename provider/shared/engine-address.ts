/**
 * The engine's address among a plugin's arguments. The engine starts every provider plugin (the native plugin, and
 * the dynamic-provider host alike) with its address as the one positional argument, possibly after `--logtostderr`,
 * `-v=<n>` and `--tracing <addr>`.
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
