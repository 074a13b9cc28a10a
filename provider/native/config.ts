/**
 * The provider configuration of the native plugin, from the engine's `Configure` request, in the shape the shared
 * implementation reads (`get("dts:<key>")`, like `pulumi.dynamic.Config`), so both faces read the same `dts:*` keys
 * through one `settingsFromConfig` (provider/synchronization-object-modification/impl.ts).
 *
 * The request carries the config twice: `args` (keys without namespace, secrets wrapped; the current protocol)
 * and the deprecated `variables` (`dts:config:<key>` -> string). `args` wins.
 */
import { PACKAGE_NAME } from "./schema";
import { unwrapValue } from "./wire";

/** What a Configure request carries, decoded from protobuf. */
export interface ConfigureVariables {
  /** `ConfigureRequest.args` as JavaScript (may be absent). */
  args?: Record<string, unknown>;
  /** `ConfigureRequest.variables`. */
  variables?: Record<string, string>;
}

/** A read-only view of the `dts:*` config with `get("dts:<key>")`. Values are strings; never logged. */
export class NativeConfig {
  private readonly values = new Map<string, string>();

  constructor(request: ConfigureVariables) {
    for (const [key, value] of Object.entries(request.variables ?? {})) {
      const prefix = `${PACKAGE_NAME}:config:`;
      if (key.startsWith(prefix)) this.values.set(`${PACKAGE_NAME}:${key.slice(prefix.length)}`, value);
      else if (key.startsWith(`${PACKAGE_NAME}:`)) this.values.set(key, value);
    }
    for (const [key, raw] of Object.entries(request.args ?? {})) {
      if (key === "version") continue;
      const value = unwrapValue(raw);
      if (value === undefined || value === null) continue;
      this.values.set(`${PACKAGE_NAME}:${key}`, typeof value === "string" ? value : JSON.stringify(value));
    }
  }

  /** The value of `dts:<key>`, or undefined. */
  get(key: string): string | undefined {
    return this.values.get(key);
  }

  /** The keys that are set (tests, diagnostics). */
  keys(): string[] {
    return [...this.values.keys()].sort();
  }
}
