/**
 * Every Go sample (```go) of the README and docs/ is a whole program that `go vet` (which type-checks it) accepts
 * against the generated Go SDK (scripts/gen-sdk/run -> sdks/go/dts) and github.com/pulumi/pulumi/sdk/v3, with the
 * go.mod of tests/native/go-program (the same pins and go.sum; a `replace` to the generated SDK, as users are told to
 * write), and that is gofmt-formatted. The samples are packages of one module, vetted in one run; a failure names
 * the sample's `file:line`. A missing Go toolchain fails the test, it never skips it. (.NET: generated only, no NuGet
 * here, so no .NET sample is compiled: the docs say so where .NET appears.)
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ensureBuilt } from "../support/build";
import { type CodeBlock, codeBlocks, ROOT, sampleFiles } from "../support/markdown";
import { runCommand } from "../support/python-env";

/** Cold: `go vet` compiles github.com/pulumi/pulumi/sdk/v3 once on 2 busy cores. */
const COLD_MS = 15 * 60 * 1000;
const GO_PROGRAM = path.join(ROOT, "tests", "native", "go-program");
const env = { ...process.env, GOFLAGS: "-mod=readonly", GOSUMDB: process.env.GOSUMDB ?? "off", CGO_ENABLED: "0" };

let dir: string;

/** tests/native/go-program's go.mod under another module name, its `replace` pointing at this checkout's sdks/go/dts. */
function goMod(): string {
  const text = fs.readFileSync(path.join(GO_PROGRAM, "go.mod"), "utf8");
  const replaced = text
    .replace(/^module .*$/m, "module pulumi-dts-objects.local/doc-samples")
    .replace(
      /^replace github\.com\/pulumi-dts-objects\/sdk\/go\/dts => .*$/m,
      `replace github.com/pulumi-dts-objects/sdk/go/dts => ${path.join(ROOT, "sdks", "go", "dts")}`,
    );
  if (!replaced.includes(path.join(ROOT, "sdks", "go", "dts"))) throw new Error("tests/native/go-program/go.mod has no replace of the generated SDK");
  return replaced;
}

beforeAll(async () => {
  ensureBuilt();
  const gen = await runCommand("bash", [path.join(ROOT, "scripts", "gen-sdk", "run")], { cwd: ROOT });
  if (gen.code !== 0) throw new Error(`scripts/gen-sdk/run failed (exit ${gen.code}):\n${gen.output}`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "dts-doc-go-"));
  fs.writeFileSync(path.join(dir, "go.mod"), goMod());
  fs.copyFileSync(path.join(GO_PROGRAM, "go.sum"), path.join(dir, "go.sum"));
}, COLD_MS);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const samples = () =>
  sampleFiles()
    .flatMap((f) => codeBlocks(f))
    .filter((b) => b.lang === "go");

/** Writes each block as package `<name>_<i>` of the module; returns the package dirs with their blocks. */
function writePackages(blocks: CodeBlock[], name: string): Map<string, CodeBlock> {
  const out = new Map<string, CodeBlock>();
  blocks.forEach((b, i) => {
    const pkg = `${name}_${i}`;
    fs.mkdirSync(path.join(dir, pkg), { recursive: true });
    fs.writeFileSync(path.join(dir, pkg, "main.go"), b.code);
    out.set(pkg, b);
  });
  return out;
}

/** `go vet` and `gofmt -l` of `packages`; each problem line rewritten to the sample's `file:line`. */
async function check(packages: Map<string, CodeBlock>): Promise<string[]> {
  const where = (line: string) =>
    line.replace(/(?:\.\/)?(\w+)\/main\.go:(\d+)(?::\d+)?/g, (m, pkg: string, n: string) => {
      const b = packages.get(pkg);
      return b ? `${b.file}:${b.line + Number(n)}` : m;
    });
  const problems: string[] = [];
  const vet = await runCommand("nice", ["go", "vet", ...[...packages.keys()].map((p) => `./${p}`)], { cwd: dir, env });
  if (vet.code !== 0) problems.push(`go vet (exit ${vet.code}):\n${vet.output.split("\n").map(where).join("\n")}`);
  const fmt = await runCommand("gofmt", ["-l", ...packages.keys()], { cwd: dir, env });
  if (fmt.code !== 0 || fmt.output.trim() !== "") problems.push(`not gofmt-formatted: ${fmt.output.trim().split("\n").map(where).join(", ")}`);
  return problems;
}

test("there is a Go sample for SynchronizationObjectModification, a whole program", () => {
  const blocks = samples();
  expect(blocks.map((b) => b.file)).toContain("docs/synchronization-object-modification.md");
  for (const b of blocks)
    expect({ at: `${b.file}:${b.line}`, main: /^package main\b/m.test(b.code) && /func main\(\)/.test(b.code) }).toEqual({
      at: `${b.file}:${b.line}`,
      main: true,
    });
});

test(
  "every Go sample compiles (go vet) against the generated Go SDK and is gofmt-formatted",
  async () => {
    expect(await check(writePackages(samples(), "sample"))).toEqual([]);
  },
  COLD_MS,
);

test(
  "the check fails on a sample that misnames a field, naming the sample and the field",
  async () => {
    const good = samples().find((b) => b.file === "docs/synchronization-object-modification.md")!;
    const bad: CodeBlock = { ...good, code: good.code.replace("SynchronizationJobId:", "SynchronizationJobID:") };
    expect(bad.code).not.toBe(good.code);
    const problems = (await check(writePackages([bad], "bad"))).join("\n");
    expect(problems).toMatch(/SynchronizationJobID/);
    expect(problems).toContain(`${good.file}:`);
  },
  COLD_MS,
);
