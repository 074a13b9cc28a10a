// Types for scripts/ensure-typescript.js (used by tests/matrix).

export declare function resolveTypeScriptVersion(spec: string): string;
export declare function ensureTypeScript(spec: string, options?: { onProgress?: (line: string) => void; env?: NodeJS.ProcessEnv }): string;
