/**
 * The provider's stack config (`dts:` namespace): the keys, the defaults, and reading them into settings. Never
 * throws, never logs a value; the settings live only in resource-impl.ts's store (never a field of the provider).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { DtsCredentials } from "../../sdk/client/credentials";

export { DEFAULT_TIMEOUT_MINUTES } from "../../sdk/wait-settings";
/** Default pause between percent lines while nothing changes, seconds. */
export const DEFAULT_PROGRESS_INTERVAL_SECONDS = 30;

/** Stack config keys read by `configure` (namespace `dts`). */
export const CONFIG_KEYS = {
  accessKeyId: "dts:accessKeyId",
  accessKeySecret: "dts:accessKeySecret",
  securityToken: "dts:securityToken",
  region: "dts:region",
  endpoint: "dts:endpoint",
  progressIntervalSeconds: "dts:progressIntervalSeconds",
} as const;

/** What `configure` found in the stack config. Lives only in this module's memory. */
export interface ProviderSettings {
  /** From `dts:accessKeyId` + `dts:accessKeySecret` (+ `dts:securityToken`); absent = the SDK's environment/chain. */
  credentials?: DtsCredentials;
  /** Set when the config is half there (an id without a secret): reported on first use, not in `configure`. */
  credentialsProblem?: string;
  /** `dts:region`: used when the resource has no `regionId`. */
  regionId?: string;
  /** `dts:endpoint`: used when the resource has no `endpoint`. */
  endpoint?: string;
  /** `dts:progressIntervalSeconds`: pause between percent lines while nothing changes. @default 30 */
  progressIntervalSeconds?: number;
}

function readConfig(config: pulumi.dynamic.Config | undefined, key: string): string | undefined {
  try {
    const value = config?.get(key);
    return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
  } catch {
    // The host's Config throws when the engine sent no Configure request: no stack config then.
    return undefined;
  }
}

/** Reads the `dts:` stack config into settings. Never throws; never logs a value. */
export function settingsFromConfig(config: pulumi.dynamic.Config | undefined): ProviderSettings {
  const settings: ProviderSettings = {};
  const id = readConfig(config, CONFIG_KEYS.accessKeyId);
  const secret = readConfig(config, CONFIG_KEYS.accessKeySecret);
  const token = readConfig(config, CONFIG_KEYS.securityToken);
  if (id && secret) settings.credentials = { accessKeyId: id, accessKeySecret: secret, ...(token ? { securityToken: token } : {}) };
  else if (id || secret) {
    const missing = id ? CONFIG_KEYS.accessKeySecret : CONFIG_KEYS.accessKeyId;
    const command = id ? `pulumi config set --secret ${CONFIG_KEYS.accessKeySecret} <secret>` : `pulumi config set ${CONFIG_KEYS.accessKeyId} <id>`;
    settings.credentialsProblem = `Stack config ${missing} is not set while ${id ? CONFIG_KEYS.accessKeyId : CONFIG_KEYS.accessKeySecret} is: set it (${command}) or remove both to use the environment's credentials.`;
  }
  const region = readConfig(config, CONFIG_KEYS.region);
  if (region) settings.regionId = region;
  const endpoint = readConfig(config, CONFIG_KEYS.endpoint);
  if (endpoint) settings.endpoint = endpoint;
  const interval = Number(readConfig(config, CONFIG_KEYS.progressIntervalSeconds));
  if (Number.isFinite(interval) && interval > 0) settings.progressIntervalSeconds = interval;
  return settings;
}
