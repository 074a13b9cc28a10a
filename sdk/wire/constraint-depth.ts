// The bound on `Constraints` nesting in `DescribeInitializationStatus` rows, kept apart from the zod schemas that use
// it so the SDK's public declarations export the number without naming zod (tests/matrix/public-types.test.ts).
/**
 * Deepest `Constraints` nesting accepted: DTS nests one level (a table's indexes and constraints); 8 leaves room. A
 * deeper chain is refused before it is parsed, so no recursion over it (zod's, the table listing's) goes as deep as
 * the server likes.
 */
export const MAX_CONSTRAINT_DEPTH = 8;

/** How deep `Constraints` nests in raw rows, counted with an explicit stack (no recursion), stopping past `limit`. */
export function constraintDepth(rows: unknown, limit: number): number {
  let deepest = 0;
  const stack: { value: unknown; depth: number }[] = [{ value: rows, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    // An array of rows, a lone row, or an XML wrapper `{StructureInitializationDetail: [...]}`.
    const list: unknown[] = [];
    if (Array.isArray(value)) for (const v of value) list.push(v);
    else if (value && typeof value === "object") {
      list.push(value);
      for (const v of Object.values(value as object)) {
        if (Array.isArray(v)) for (const x of v) list.push(x);
        else list.push(v);
      }
    }
    for (const row of list) {
      const inner = row && typeof row === "object" ? (row as { Constraints?: unknown }).Constraints : undefined;
      if (inner === undefined || inner === null || inner === "") continue;
      deepest = Math.max(deepest, depth + 1);
      if (deepest > limit) return deepest;
      stack.push({ value: inner, depth: depth + 1 });
    }
  }
  return deepest;
}
