// Types for scripts/matrix.js (used by tests/matrix).

/** scripts/matrix.json: the pinned runtime matrix. */
export interface Matrix {
  node: Record<string, string>;
  pulumi: Record<string, string>;
  typescript: Record<string, string>;
  typesNode: Record<string, string>;
  cells: MatrixCell[];
}

export interface MatrixCell {
  /** A key of `node` (the major). */
  node: string;
  /** A key of `pulumi` ("node20" or "newest"). */
  pulumi: string;
  /** typescript: a CommonJS TypeScript program compiled by TypeScript `typescript`; esm: JavaScript, "type": "module". */
  program: "typescript" | "esm";
  /** A key of `typescript` (the major), for typescript programs. */
  typescript?: string;
}

/** The pinned versions a cell runs with. */
export interface CellVersions {
  node: string;
  pulumi: string;
  typescript?: string;
  typesNode?: string;
}

export declare const MATRIX: Matrix;
export declare const MATRIX_PATH: string;
export declare const TABLE_BEGIN: string;
export declare const TABLE_END: string;
export declare function cellVersions(cell: MatrixCell, matrix?: Matrix): CellVersions;
export declare function cellName(cell: MatrixCell, matrix?: Matrix): string;
export declare function versionsTable(matrix?: Matrix): string;
export declare function replaceVersionsTable(readme: string, matrix?: Matrix): string;
export declare function readmeVersionsTable(readme: string): string | undefined;
