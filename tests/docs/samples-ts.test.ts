/**
 * Every TypeScript sample (```ts) of the README and docs/ type-checks against the package's published types
 * (dist/*.d.ts, the files `npm pack` ships), each as its own module, with the strict settings of a
 * `pulumi new typescript` project. A sample that names an input, an output or an SDK function the package no longer
 * has fails here.
 */
import * as path from "node:path";
import ts from "typescript";
import { ensureBuilt } from "../support/build";
import { type CodeBlock, codeBlocks, ROOT, sampleFiles } from "./markdown";

function samples(): CodeBlock[] {
  return sampleFiles()
    .flatMap((f) => codeBlocks(f))
    .filter((b) => b.lang === "ts" || b.lang === "typescript");
}

/** The package's entry points as a user resolves them, mapped to the built declarations. */
const PATHS: Record<string, string[]> = {
  "pulumi-dts-objects": [path.join(ROOT, "dist/provider/index.d.ts")],
  "pulumi-dts-objects/sdk": [path.join(ROOT, "dist/sdk/index.d.ts")],
  "pulumi-dts-objects/emulator": [path.join(ROOT, "dist/emulator/index.d.ts")],
  "pulumi-dts-objects/cli": [path.join(ROOT, "dist/cli/api.d.ts")],
};

/** Type-checks the samples as modules next to the repository's node_modules; returns the diagnostics per sample. */
function typeCheck(blocks: CodeBlock[]): string[] {
  const dir = path.join(ROOT, "tests", "docs", "__samples__");
  const sources = new Map(blocks.map((b, i) => [path.join(dir, `sample-${i}.ts`), `${b.code}\nexport {};\n`]));
  const options: ts.CompilerOptions = {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ES2022,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: ["node"],
    typeRoots: [path.join(ROOT, "node_modules", "@types")],
    noEmit: true,
    skipLibCheck: true,
    esModuleInterop: true,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    paths: PATHS,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, onError) => {
    const text = sources.get(path.resolve(name));
    return text !== undefined ? ts.createSourceFile(name, text, lang) : getSourceFile(name, lang, onError);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => sources.has(path.resolve(name)) || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => sources.get(path.resolve(name)) ?? readFile(name);
  const program = ts.createProgram([...sources.keys()], options, host);
  const names = [...sources.keys()];
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const i = d.file ? names.indexOf(path.resolve(d.file.fileName)) : -1;
    const where = i >= 0 ? `${blocks[i]!.file}:${blocks[i]!.line + 1 + d.file!.getLineAndCharacterOfPosition(d.start ?? 0).line}` : (d.file?.fileName ?? "");
    return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
  });
}

beforeAll(() => ensureBuilt());

test("the README and docs/ have TypeScript samples to check (README's first one included)", () => {
  const blocks = samples();
  expect(blocks.filter((b) => b.file === "README.md").length).toBeGreaterThanOrEqual(2);
  expect(new Set(blocks.map((b) => b.file)).size).toBeGreaterThanOrEqual(4);
});

test("every TypeScript sample type-checks against the package's declarations", () => {
  expect(typeCheck(samples())).toEqual([]);
}, 120_000);

test("a sample with a wrong input name or type fails the check", () => {
  const bad: CodeBlock = {
    file: "(test)",
    line: 1,
    lang: "ts",
    code: 'import { SynchronizationObjectModification } from "pulumi-dts-objects";\nnew SynchronizationObjectModification("x", { synchronizationJobId: "j", waitMinutes: 5 });\n',
  };
  const errors = typeCheck([bad]);
  expect(errors.join("\n")).toMatch(/waitMinutes/);
}, 120_000);
