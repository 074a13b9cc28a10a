// Types for scripts/matrix-bump.js (used by tests/matrix/scripts.test.ts).
import type { Matrix } from "./matrix";

export declare function bumped(matrix: Matrix, versionsOf: (pkg: string) => string[], nodePkg?: string): { next: Matrix; changes: string[] };
export declare function newest(versions: string[], major: string | number, pkg: string): string;
export declare function compare(a: string, b: string): number;
