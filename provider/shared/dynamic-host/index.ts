/**
 * The dynamic resources' way to the engine, enabled when the package loads inside `@pulumi/pulumi`'s dynamic-provider
 * host (from `providerImpl.configure`, which the host calls when it first deserializes one of our providers: at the
 * first Check, before any Create/Update of that host). Once per process:
 * - the per-call seam (seam.ts): the engine's Cancel ends every wait (as a partial failure keeping the TaskId / the
 *   DtsJob plan), each operation gets its URN and `customTimeouts`;
 * - a private connection to the engine's Log service (engine-log.ts) and the shared hooks (../engine-log-hooks.ts):
 *   lines of a call the seam saw are tied to its resource, and the wait's status is an ephemeral line on its row.
 *
 * Calls the seam did not see (the Reads a refresh sends before our code has loaded in a fresh host) keep today's
 * path: no URN (lines on stderr, under the stack) and no customTimeouts; Cancel still reaches their waits.
 * When the seam is missing or has another shape, everything works as before and one line on stderr says why.
 */
import { hooks, setHooks } from "../runtime";
import { engineAddressOf } from "../engine-address";
import { engineLogHooks } from "../engine-log-hooks";
import { connectEngineLog } from "./engine-log";
import { installSeam } from "./seam";

/** What {@link enableDynamicHost} found. */
export interface DynamicHostState {
  /** This process is the dynamic-provider host. */
  host: boolean;
  /** The per-call seam is in place (Cancel, URN, customTimeouts). */
  seam: boolean;
  /** Lines of a seen call go to the engine's Log service, tied to the resource. */
  engineLog: boolean;
  /** Why something is not in place (said once on stderr). */
  problems: string[];
}

/** The opt-out: `PULUMI_DTS_OBJECTS_DYNAMIC_SEAM=off` in the environment of `pulumi` keeps today's behaviour. */
export const SEAM_SWITCH = "PULUMI_DTS_OBJECTS_DYNAMIC_SEAM";

const HOST_MAIN = /^(.*[\\/]@pulumi[\\/]pulumi)[\\/]cmd[\\/]dynamic-provider[\\/]index\.js$/;

/** The `@pulumi/pulumi` directory of the dynamic-provider host whose entry point is `mainFilename`, else undefined. */
export function dynamicHostPulumiDir(mainFilename: string | undefined): string | undefined {
  return mainFilename ? HOST_MAIN.exec(mainFilename)?.[1] : undefined;
}

let state: DynamicHostState | undefined;

/** The one line that says what the dynamic resources run without, and why. */
export function degradedLine(seam: boolean, problems: readonly string[]): string {
  const without = seam
    ? "the status on their row (they print plain lines)"
    : "the engine's Cancel, customTimeouts and the status on their row (they wait up to wait.timeoutMinutes and print plain lines)";
  return `[dts-objects] the dynamic resources run without ${without}: ${problems.join("; ")}. See docs/dynamic-and-native.md.`;
}

/**
 * Enables the seam and the engine log once per process when `mainFilename` is the dynamic-provider host's entry
 * point; a no-op elsewhere (the native plugin, a program, tests). `say` gets the one line when something is
 * missing.
 */
export function enableDynamicHost(
  mainFilename: string | undefined = require.main?.filename,
  args: readonly string[] = process.argv.slice(2),
  say: (line: string) => void = (line) => console.error(line),
  env: NodeJS.ProcessEnv = process.env,
): DynamicHostState {
  if (state) return state;
  const pulumiDir = dynamicHostPulumiDir(mainFilename);
  if (!pulumiDir) {
    state = { host: false, seam: false, engineLog: false, problems: [] };
    return state;
  }
  const current: DynamicHostState = { host: true, seam: false, engineLog: false, problems: [] };
  state = current;
  if (env[SEAM_SWITCH] === "off") {
    current.problems.push(`turned off by ${SEAM_SWITCH}=off`);
    say(degradedLine(false, current.problems));
    return current;
  }
  let grpc: any;
  try {
    grpc = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] }));
  } catch (error) {
    current.problems.push(`cannot load the host's @grpc/grpc-js (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`);
  }
  if (grpc) {
    // A handler of another shape is found at its first call, later: said then, once.
    const problem = installSeam(grpc, (why) => say(degradedLine(false, [why])));
    if (problem) current.problems.push(problem);
    else current.seam = true;
  }
  const address = engineAddressOf(args);
  if (current.seam && address) {
    try {
      const fallback = (line: string) => console.error(line);
      setHooks({ ...hooks(), ...engineLogHooks(connectEngineLog(pulumiDir, grpc, address, fallback), fallback) });
      current.engineLog = true;
    } catch (error) {
      current.problems.push(`no connection to the engine's log service (${error instanceof Error ? error.message : String(error)})`);
    }
  } else if (current.seam) current.problems.push("the host got no engine address");
  if (current.problems.length > 0) say(degradedLine(current.seam, current.problems));
  return current;
}

/** Forgets the state (tests of {@link enableDynamicHost} in one process). */
export function resetDynamicHostState(): void {
  state = undefined;
}
