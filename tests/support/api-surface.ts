/**
 * The names each public entry point exports (values and types), read with the TypeScript checker from the sources:
 * the package root, `./sdk`, `./emulator` and `./cli`. `tests/matrix/api-surface.test.ts` compares them with the
 * committed report `tests/matrix/api-surface.json`, so a move or a refactor that drops or renames an exported name
 * fails loudly. Regenerate the report on purpose: `UPDATE_API_SURFACE=1 npx jest tests/matrix/api-surface`.
 */
import { join } from "node:path";
import ts from "typescript";

/** The entry points as package.json's `exports` name them, with the source file each one compiles from. */
export const ENTRY_POINTS: Record<string, string> = {
  ".": "provider/index.ts",
  "./sdk": "sdk/index.ts",
  "./emulator": "emulator/index.ts",
  "./cli": "cli/api.ts",
};

/** For each entry point, its exported names, sorted, each tagged `value`, `type` or `value+type`. */
export function apiSurface(root: string): Record<string, string[]> {
  const files = Object.values(ENTRY_POINTS).map((f) => join(root, f));
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    esModuleInterop: true,
    resolveJsonModule: true,
    types: ["node"],
  });
  const checker = program.getTypeChecker();
  const out: Record<string, string[]> = {};
  for (const [entry, file] of Object.entries(ENTRY_POINTS)) {
    const source = program.getSourceFile(join(root, file));
    if (!source) throw new Error(`${file}: not found`);
    const moduleSymbol = checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`${file}: not a module`);
    out[entry] = checker
      .getExportsOfModule(moduleSymbol)
      .map((s) => {
        const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
        const value = (target.flags & ts.SymbolFlags.Value) !== 0;
        const type = (target.flags & (ts.SymbolFlags.Type | ts.SymbolFlags.Namespace)) !== 0;
        return `${s.getName()} (${value && type ? "value+type" : value ? "value" : "type"})`;
      })
      .sort();
  }
  return out;
}
