// Types for scripts/gen-tsdoc.js (used by tests/docs/ and tests/native/schema.test.ts).
import type { Schema } from "./gen-docs";

export interface TsdocChange {
  /** The source file, relative to the repository root. */
  file: string;
  /** The file as `npm run gen:docs` writes it. */
  expected: string;
  /** The file as it is. */
  actual: string;
  /** The members whose comment differs from the schema. */
  members: string[];
}
export interface TsdocTarget {
  owner: string;
  kind: "interface" | "class";
  name: string;
  props: Record<string, unknown>;
  differences: Record<string, { absent?: string; note?: string }>;
}
export declare function plan(schema: Schema, root?: string, read?: (file: string) => string): { changes: TsdocChange[]; problems: string[] };
export declare function targets(schema: Schema): TsdocTarget[];
export declare function locate(kind: "interface" | "class", name: string, root?: string): string;
/** The property members of a declaration, inherited ones included: name -> the file declaring it, optional or not. */
export declare function membersOf(kind: "interface" | "class", name: string, root?: string): Map<string, { file: string; optional: boolean }>;
export declare function commentText(comment: string): string;
export declare const TYPE_INTERFACES: Record<string, string | { none: string }>;
export declare const TS_DIFFERENCES: Record<string, Record<"inputs" | "outputs", Record<string, { absent?: string; note?: string }>>>;
