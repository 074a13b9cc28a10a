// Types for scripts/pulumi-env.js (used by the e2e tests).

export declare const REPO_ROOT: string;
export declare const PULUMI_VERSION: string;

export interface RunResult {
  code: number;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Both streams interleaved in arrival order. */
  output: string;
  durationMs: number;
  timedOut: boolean;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
  onLine?: (line: string, stream: "stdout" | "stderr") => void;
  timeoutMs?: number;
}

export declare function ensurePulumi(options?: { onProgress?: (line: string) => void }): Promise<string>;
export declare function pulumiEnv(options: {
  binDir: string;
  workDir: string;
  passphrase?: string;
  extra?: Record<string, string>;
  keepCloudCredentials?: boolean;
}): NodeJS.ProcessEnv;
export declare function linkProgramDeps(programDir: string, options?: { withTypeScript?: boolean }): string;
export declare function symlinkForce(target: string, link: string): void;
export declare function assertBuilt(): void;
export declare function assertFreshBuild(): void;
export declare function lineSplitter(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void;
export declare function run(command: string, args: string[], options?: RunOptions): Promise<RunResult>;
export declare function makeTempDir(prefix?: string): string;
export declare function pulumiVersion(binDir: string): string;
