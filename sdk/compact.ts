/**
 * A copy without `undefined` members, at any depth (the Pulumi host's `Struct.fromJavaScript` rejects
 * `undefined`; the emulator's JSON and XML bodies leave such fields out).
 *
 * @example
 * ```ts
 * compact({ wait: { timeoutMinutes: 5, minDelaySeconds: undefined } }) // { wait: { timeoutMinutes: 5 } }
 * ```
 */
export function compact<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => compact(v)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, compact(v)]),
    ) as T;
  }
  return value;
}
