/**
 * What every resource implements: the one object its dynamic resource's serialized provider loads by package name
 * (`__providerImpl`, `__dtsJobProviderImpl`, ...) and the native plugin serves from its table of type tokens. The
 * methods and their signatures are a stable internal API (states keep serialized providers that call them): add,
 * never change. A new resource is a room with an `impl.ts` that satisfies this, and one row in the native table.
 *
 * Also the store of the `dts:` stack config read by `configure`: a WeakMap keyed by the provider object, inside this
 * module, so settings never become a field of a provider (a provider serialized after `configure` carries none).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { CheckResult } from "./check-result";
import { enableDynamicHost } from "./dynamic-host";
import { settingsFromConfig, type ProviderSettings } from "./settings";

/** The result of `read` (and of an import): an empty id removes the resource from the state. */
export interface ReadOutcome {
  id: string;
  props?: Record<string, unknown>;
  inputs?: Record<string, unknown>;
}

/** The methods of one resource, as both faces call them. */
export interface ResourceImpl {
  /** Version of this internal API. */
  readonly version: number;
  /** Reads the `dts:` stack config and keeps it for `provider`, in this process only. */
  configure(provider: object, config: pulumi.dynamic.Config | undefined): void;
  /** Validates and normalizes inputs: every problem named with its fix. */
  check(olds: Record<string, unknown> | undefined, news: Record<string, unknown>): CheckResult;
  /** Replace, update (re-wait) or no change. */
  diff(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): pulumi.dynamic.DiffResult;
  create(provider: object, inputs: Record<string, unknown>): Promise<{ id: string; outs: Record<string, unknown> }>;
  read(provider: object, id: string, props: Record<string, unknown>): Promise<ReadOutcome>;
  update(provider: object, id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<{ outs: Record<string, unknown> }>;
  /** Removes the resource from the state only: a modification cannot be undone. */
  delete(provider: object, id: string, props: Record<string, unknown>): Promise<void>;
  /** Whether a Read's properties are an import's (`pulumi import`: the id only, no stored inputs). */
  isImport(props: Record<string, unknown>): boolean;
  /** `pulumi import` (native plugin): adopts `id` with reads only, no wait. */
  import(provider: object, id: string, resourceKey: string | undefined): Promise<ReadOutcome>;
}

const settingsByProvider = new WeakMap<object, ProviderSettings>();

/**
 * Keeps the `dts:` stack config for `provider` (`configure` of every resource and of the native plugin). Inside the
 * dynamic-provider host (whose dynamic providers all call this first, when the host deserializes them at the first
 * Check) it also enables, once, the engine's Cancel, customTimeouts and the status on the resource's row
 * (dynamic-host/); elsewhere that is a no-op.
 */
export function configureSettings(provider: object, config: pulumi.dynamic.Config | undefined): void {
  enableDynamicHost();
  settingsByProvider.set(provider, settingsFromConfig(config));
}

/** The settings `configure` stored for `provider`, if any. */
export function storedSettings(provider: object | undefined): ProviderSettings | undefined {
  return provider ? settingsByProvider.get(provider) : undefined;
}

/** The settings of `provider`: what `configure` stored, else none (the environment's credentials and defaults). */
export function settingsOf(provider: object | undefined): ProviderSettings {
  return storedSettings(provider) ?? {};
}
