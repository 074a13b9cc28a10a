/**
 * Secrets across the native plugin's gRPC boundary. The SDK's provider server answers Configure with
 * `acceptSecrets: true`, so the engine sends secret inputs wrapped and trusts the provider to return them wrapped:
 * it does not re-mark outputs itself (it does only for providers that do not accept secrets, like the
 * dynamic-provider host). The shared implementation works on plain values (wire.ts unwraps them), so this module
 * notes which properties held a secret on the way in and wraps the same properties again on the way out.
 *
 * The rule (README "Secrets"): a top-level property that holds a secret anywhere (e.g. `revision`, or one
 * `dbName` inside `synchronizationObjects`) is secret as a whole in what the provider returns: the checked inputs,
 * the outputs (the input copies) and the partial state of a failure. The status outputs that name the objects'
 * tables (`failedTables`) are secret too when `synchronizationObjects` is.
 */
import { OUTPUT_VALUE_SIG, SECRET_SIG, SIG_KEY } from "./wire";

/** Outputs derived from an input: secret when that input is. */
const DERIVED: Record<string, readonly string[]> = {
  synchronizationObjects: ["failedTables"],
  // DtsJobModification: the failed objects name the list's databases and tables.
  dbList: ["failedObjects"],
};

/** True when `value` holds a secret (a secret value, or an output value marked secret) at any depth. */
export function containsSecret(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(containsSecret);
  if (value && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    if (obj[SIG_KEY] === SECRET_SIG) return true;
    if (obj[SIG_KEY] === OUTPUT_VALUE_SIG) return obj.secret === true || containsSecret(obj.value);
    return Object.values(obj).some(containsSecret);
  }
  return false;
}

/** The top-level properties of `props` (as the engine sent them, still wrapped) that hold a secret. */
export function secretKeys(...sources: (Record<string, unknown> | undefined | null)[]): Set<string> {
  const keys = new Set<string>();
  for (const props of sources) {
    for (const [key, value] of Object.entries(props ?? {})) {
      if (!containsSecret(value)) continue;
      keys.add(key);
      for (const derived of DERIVED[key] ?? []) keys.add(derived);
    }
  }
  return keys;
}

/** A secret value as the engine reads it from a provider that accepts secrets. */
export function secret(value: unknown): Record<string, unknown> {
  return { [SIG_KEY]: SECRET_SIG, value };
}

/** `props` with every property named in `keys` wrapped as a secret (absent ones stay absent). */
export function wrapSecrets<T extends Record<string, unknown> | undefined>(props: T, keys: ReadonlySet<string>): T {
  if (!props || keys.size === 0) return props;
  const out: Record<string, unknown> = { ...props };
  for (const key of keys) if (out[key] !== undefined && !containsSecret(out[key])) out[key] = secret(out[key]);
  return out as T;
}

/**
 * Runs `fn`; an error carrying partial state (`properties`, see provider/shared/incomplete-error.ts) gets its properties
 * wrapped too, so a failure or a deadline does not store a secret in plain text either.
 */
export async function keepingSecrets<R>(keys: ReadonlySet<string>, fn: () => Promise<R>): Promise<R> {
  try {
    return await fn();
  } catch (error) {
    if (keys.size > 0 && error && typeof error === "object" && "properties" in error) {
      const e = error as { properties?: Record<string, unknown> };
      if (e.properties) e.properties = wrapSecrets(e.properties, keys);
    }
    throw error;
  }
}
