/**
 * The set-up the in-process provider tests (tests/provider/) share: one emulator per file (time-scaled), optionally
 * a proxy in front of it that refuses one action with Forbidden.RAM, one configured provider, and the progress lines
 * of the current test. Everything starts in beforeAll (a component that does not start fails the file) and is
 * released in afterAll, the provider hooks included.
 */
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from "../../emulator";
import { __providerImpl } from "../../provider";
import { configuredProvider, emulatorConfig, TIME_SCALE, type ConfigurableProvider } from "./provider";
import { useRefusingProxy, type RefusingProxy } from "./refusing-proxy";

/** The provider test hooks (log, status, now, client options). */
export type ProviderHooks = Parameters<typeof __providerImpl.setHooks>[0];

export interface ProviderFixtureOptions<P> {
  /** The emulator's options; `timeScale` defaults to TIME_SCALE. */
  emulator: EmulatorOptions;
  /** The provider class configured in beforeAll (against the proxy when there is one). */
  Provider?: new () => P;
  /** A proxy in front of the emulator refusing the action `refused` before each test (none: every call forwarded). */
  proxy?: { refused?: string };
}

export interface ProviderFixture<P> {
  emu: EmulatorHandle;
  /** The provider configured in beforeAll (only with `Provider`). */
  provider: P;
  /** The refusing proxy (only with `proxy`). */
  proxy: RefusingProxy;
  /** The progress lines logged during the current test. */
  lines: string[];
  /** Stack config pointing at the proxy when there is one, else at the emulator. */
  config(): Record<string, string>;
  /** A fresh provider of `Provider` configured with config() (a second resource, or one left unconfigured by a test). */
  configure<Q extends ConfigurableProvider>(Provider: new () => Q): Promise<Q>;
  /** Sets the provider hooks to `extra` plus the log collecting into `lines`; returns the previous hooks. */
  setHooks(extra?: ProviderHooks): ProviderHooks;
}

export function useProviderFixture<P extends ConfigurableProvider = ConfigurableProvider>(options: ProviderFixtureOptions<P>): ProviderFixture<P> {
  const unset = (what: string) => () => {
    throw new Error(`the fixture has no ${what}: pass it to useProviderFixture`);
  };
  const fx = {
    lines: [] as string[],
    config: () => ({ ...emulatorConfig(fx.emu), ...(options.proxy ? { "dts:endpoint": fx.proxy.url } : {}) }),
    configure: <Q extends ConfigurableProvider>(Provider: new () => Q) => configuredProvider(Provider, fx.config()),
    setHooks: (extra: ProviderHooks = {}) => __providerImpl.setHooks({ log: (l: string) => void fx.lines.push(l), ...extra }),
  } as ProviderFixture<P>;
  if (!options.Provider) Object.defineProperty(fx, "provider", { get: unset("Provider") });
  if (!options.proxy) Object.defineProperty(fx, "proxy", { get: unset("proxy") });

  beforeAll(async () => {
    fx.emu = await startEmulator({ timeScale: TIME_SCALE, ...options.emulator });
  });
  if (options.proxy) fx.proxy = useRefusingProxy(() => fx.emu.url, options.proxy.refused);
  beforeAll(async () => {
    if (options.Provider) fx.provider = await fx.configure(options.Provider);
    fx.setHooks();
  });
  beforeEach(() => {
    fx.lines = [];
  });
  afterAll(async () => {
    __providerImpl.setHooks({});
    await fx.emu?.stop();
  });
  return fx;
}
