/**
 * Helpers for calling the provider's methods directly (in-process) against the emulator.
 *
 * The provider's serialized methods `require("pulumi-dts-objects")` by package name; inside jest each test file
 * maps that name to the TypeScript sources with
 * `jest.mock("pulumi-dts-objects", () => jest.requireActual("../../provider"), { virtual: true })`, so these
 * tests exercise the same shims as the host, on the sources. The host tests (tests/dynamic/host*.test.ts) resolve the name for real.
 */
import type { EmulatorHandle } from "../../emulator";
import type { ScenarioInput } from "../../emulator";

/** The emulator's speed-up for provider tests: precheck ~0.1 s, a table's data ~0.2 s. */
export const TIME_SCALE = 300;

/** Fast polling for tests (seconds). */
export const FAST_WAIT = { minDelaySeconds: 0.05, maxDelaySeconds: 0.2 } as const;

/** A `dynamic.Config` over a plain map, like the host's (`ns:key` lookups). */
export function configOf(values: Record<string, string>): { get(key: string): string | undefined; require(key: string): string } {
  return {
    get: (key) => values[key],
    require: (key) => {
      const v = values[key];
      if (v === undefined) throw new Error(`Missing required configuration key: ${key}`);
      return v;
    },
  };
}

/** Stack config pointing at the emulator with its demo key. */
export function emulatorConfig(emu: EmulatorHandle): Record<string, string> {
  return { "dts:accessKeyId": emu.accessKeyId, "dts:accessKeySecret": emu.accessKeySecret, "dts:endpoint": emu.url, "dts:region": "cn-hangzhou" };
}

let counter = 0;

/** Inputs as `check` stores them, for a fresh job with the given scenario. */
export function inputsFor(
  emu: EmulatorHandle,
  opts: { scenario?: ScenarioInput; tables?: string[]; db?: string; extra?: Record<string, unknown>; name?: string } = {},
): { jobId: string; inputs: Record<string, unknown> } {
  const jobId = emu.createJob(opts.scenario ? { scenario: opts.scenario } : {});
  const name = opts.name ?? `objs-${++counter}`;
  const inputs: Record<string, unknown> = {
    synchronizationJobId: jobId,
    synchronizationObjects: [
      { dbName: opts.db ?? "dtstestdata", tableIncludes: (opts.tables ?? ["customer", "orders", "items"]).map((t) => ({ tableName: t })) },
    ],
    wait: { timeoutMinutes: 1, ...FAST_WAIT },
    __resourceKey: `proj/dev/${name}`,
    __provider: "serialized-provider-placeholder",
    ...opts.extra,
  };
  return { jobId, inputs };
}

/** Inputs as the engine hands them to create: `news` (with a fast one-minute wait) through `impl.check`, which must accept them. */
export function checkedInputs(
  impl: { check(olds: undefined, news: Record<string, unknown>): { inputs?: Record<string, unknown>; failures?: unknown[] } },
  news: Record<string, unknown>,
  name: string,
): Record<string, unknown> {
  const r = impl.check(undefined, { wait: { timeoutMinutes: 1, ...FAST_WAIT }, ...news, __resourceKey: `proj/dev/${name}` });
  expect(r.failures).toEqual([]);
  return { ...r.inputs, __provider: "serialized-provider-placeholder" };
}

/** Awaits a promise that must reject; returns the error. */
export async function rejection(p: Promise<unknown>): Promise<Error & Record<string, any>> {
  try {
    await p;
  } catch (e) {
    return e as Error & Record<string, any>;
  }
  throw new Error("expected a rejection");
}

/** A provider class of any resource: `configure` takes the host's `ConfigureRequest`. */
export type ConfigurableProvider = { configure(req: { config: ReturnType<typeof configOf> }): Promise<void> };

/** A configured provider object (fresh, so settings do not leak between files). */
export async function configuredProvider<P extends ConfigurableProvider>(Provider: new () => P, config: Record<string, string>): Promise<P> {
  const provider = new Provider();
  await provider.configure({ config: configOf(config) });
  return provider;
}
