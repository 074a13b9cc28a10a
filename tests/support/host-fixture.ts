/**
 * The fixture of the files that drive the real dynamic-provider host over gRPC (tests/dynamic/host*.test.ts): dist/
 * built, one emulator for the file, one program directory that resolves the package, the serialized provider of
 * the built package (as a program that imports "pulumi-dts-objects" makes it), and the hosts the file starts, all
 * stopped and removed in afterAll. No Pulumi CLI: `npm run test:quick` runs these files.
 */
import * as path from "node:path";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { ensureBuilt } from "./build";
import { type EngineLogServer, startEngineLogServer } from "./engine-log-server";
import { createProgramDir, DynamicProviderHost, type HostOptions, type ProgramDir, REPO_ROOT, secretValue, serializeProvider } from "./provider-client";

export interface HostFixture {
  readonly emu: EmulatorHandle;
  readonly program: ProgramDir;
  /** The `__provider` input of the built package's dynamic resource. */
  readonly providerText: string;
  /** The stand-in engine Log service every host gets as its engine address (with `engineLog`). */
  readonly engine: EngineLogServer;
  /** Starts a host in the program directory (stopped in afterAll); configured with `config` when given. */
  start(config?: Record<string, unknown>, opts?: Omit<HostOptions, "cwd">): Promise<DynamicProviderHost>;
  /** The stack config of a program against the emulator: its key pair (the secret wrapped), endpoint and region. */
  config(): Record<string, unknown>;
  /** Runs `fn` in afterAll, once the hosts stopped and the program directory is removed. */
  onCleanup(fn: () => unknown): void;
}

/**
 * Registers the file's beforeAll and afterAll; `seed` seeds the emulator (`timeScale`: its clock, default 300),
 * `programPrefix` names the temp dir; `engineLog`: a stand-in engine Log service (engine-log-server.ts) whose address
 * every host gets as its engine address (the seam of provider/shared/dynamic-host sends the lines of a call there).
 */
export function useHost(opts: { seed: number; programPrefix?: string; timeScale?: number; engineLog?: boolean }): HostFixture {
  let emu: EmulatorHandle | undefined;
  let engine: EngineLogServer | undefined;
  let program: ProgramDir | undefined;
  let providerText: string | undefined;
  const hosts: DynamicProviderHost[] = [];
  const cleanups: (() => unknown)[] = [];
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the host fixture is set up in beforeAll: read it inside a test or a later hook");
    return value;
  };
  const fixture: HostFixture = {
    get emu() {
      return ready(emu);
    },
    get program() {
      return ready(program);
    },
    get providerText() {
      return ready(providerText);
    },
    get engine() {
      return ready(engine);
    },
    async start(config, hostOpts = {}) {
      const host = await DynamicProviderHost.start({ ...(engine ? { engineAddress: engine.address } : {}), ...hostOpts, cwd: fixture.program.dir });
      hosts.push(host);
      if (config) await host.configure(config);
      return host;
    },
    config: () => ({
      "dts:accessKeyId": fixture.emu.accessKeyId,
      "dts:accessKeySecret": secretValue(fixture.emu.accessKeySecret),
      "dts:endpoint": fixture.emu.url,
      "dts:region": "cn-hangzhou",
    }),
    onCleanup(fn) {
      cleanups.push(fn);
    },
  };
  beforeAll(async () => {
    ensureBuilt();
    emu = await startEmulator({ timeScale: opts.timeScale ?? 300, seed: opts.seed });
    if (opts.engineLog) engine = await startEngineLogServer();
    program = await createProgramDir(opts.programPrefix);
    const dist = require(path.join(REPO_ROOT, "dist", "provider")) as typeof import("../../provider");
    providerText = await serializeProvider(dist.getProvider());
  }, 300_000);
  afterAll(async () => {
    // A host a test killed has ended already: stop() then only closes the client.
    for (const host of hosts) await host.stop();
    await engine?.stop();
    await emu?.stop();
    await program?.cleanup();
    for (const fn of cleanups) await fn();
  });
  return fixture;
}
