/**
 * Property values as the engine sends them to a native provider: secrets and output values arrive wrapped in
 * signature objects (the SDK's provider server passes them through as they are), unknowns as a sentinel string.
 * The shared implementation expects plain values, so they are unwrapped once, at the gRPC boundary.
 */

/** The key of every special value. */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
/** `{[SIG_KEY]: SECRET_SIG, value}`: a secret. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** `{[SIG_KEY]: OUTPUT_VALUE_SIG, value?, secret?, dependencies?}`: an output value (no `value` = unknown). */
export const OUTPUT_VALUE_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
/** The string the engine sends where a value is unknown (preview). Same as provider/synchronization-object-modification/inputs.ts `UNKNOWN_VALUE`. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Deeply replaces secrets by their value and output values by their value (or the unknown sentinel). */
export function unwrapValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapValue);
  if (value && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    const sig = obj[SIG_KEY];
    if (sig === SECRET_SIG) return unwrapValue(obj.value);
    if (sig === OUTPUT_VALUE_SIG) return "value" in obj ? unwrapValue(obj.value) : UNKNOWN;
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, unwrapValue(v)]));
  }
  return value;
}

/** {@link unwrapValue} for a property map (a missing map is `{}`). */
export function unwrapProperties(props: Record<string, unknown> | undefined | null): Record<string, unknown> {
  return (props ? unwrapValue(props) : {}) as Record<string, unknown>;
}

/**
 * `<project>/<stack>/<name>` from a URN (`urn:pulumi:<stack>::<project>::<type>::<name>`): the `__resourceKey` the
 * dynamic resource class computes, so the ClientToken of a native resource equals that of a dynamic one with the
 * same project, stack and name.
 */
export function resourceKeyFromUrn(urn: string): string {
  const parts = urn.split("::");
  if (parts.length < 4 || !parts[0]!.startsWith("urn:pulumi:")) throw new Error(`malformed URN ${JSON.stringify(urn)}`);
  const stack = parts[0]!.slice("urn:pulumi:".length);
  const project = parts[1]!;
  const name = parts.slice(3).join("::");
  return `${project}/${stack}/${name}`;
}
