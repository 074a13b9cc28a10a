// Types for scripts/ensure-node.js (used by tests/matrix).

export declare function cacheRoot(env?: NodeJS.ProcessEnv): string;
export declare function platformPackage(platform?: string, arch?: string): string;
export declare function resolveVersion(spec: string): string;
export declare function ensureNode(spec: string, options?: { onProgress?: (line: string) => void; env?: NodeJS.ProcessEnv }): string;
export declare function installIntoCache(options: {
  tool: string;
  spec: string;
  dir: string;
  env?: NodeJS.ProcessEnv;
  hint?: string;
  problem: (dir: string) => string | undefined;
}): void;
