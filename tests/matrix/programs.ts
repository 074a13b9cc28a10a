/**
 * The fresh user projects of the runtime matrix: a package.json depending on the tarball and the cell's pinned
 * `@pulumi/pulumi` (and TypeScript), and the program. The TypeScript program is the README's own example ("Use it in
 * your Pulumi project"), so the README stays true; the job id comes from stack config instead of its literal, so
 * one program serves a succeeding and a failing job.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { cellVersions, type MatrixCell } from "../../scripts/matrix";
import { REPO_ROOT } from "../../scripts/pulumi-env";

/** The README example, with its literal job id read from stack config (`jobId`). */
export function readmeProgram(): string {
  const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
  const section = readme.indexOf("## Use it in your Pulumi project");
  if (section < 0) throw new Error('README.md has no "## Use it in your Pulumi project" section');
  const m = /```ts\n([\s\S]*?)```/.exec(readme.slice(section));
  if (!m) throw new Error('README.md: no ```ts block in the "Use it in your Pulumi project" section');
  const program = m[1]!;
  if (!/from "pulumi-dts-objects"/.test(program)) throw new Error('README.md\'s example does not import "pulumi-dts-objects"');
  if (!/import \* as pulumi from "@pulumi\/pulumi"/.test(program)) throw new Error("README.md's example does not import @pulumi/pulumi as pulumi");
  const withConfig = program.replace(/synchronizationJobId:\s*"[^"]+"/, 'synchronizationJobId: new pulumi.Config().require("jobId")');
  if (withConfig === program) throw new Error("README.md's example has no literal synchronizationJobId");
  return withConfig;
}

/** Outputs every matrix program adds: what it ran on, as seen from inside the program. */
const TS_PROBES = `
// Added by the runtime matrix: what the program ran on.
export const runtime = process.version;
export const pulumiSdkVersion: string = require("@pulumi/pulumi/package.json").version;
`;

/** The README example as an ES module in plain JavaScript (`"type": "module"`). */
export const ESM_PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { createRequire } from "node:module";
import { SynchronizationObjectModification } from "pulumi-dts-objects";

const objects = new SynchronizationObjectModification("shop-objects", {
  synchronizationJobId: new pulumi.Config().require("jobId"),
  synchronizationObjects: [
    { dbName: "shop", tableIncludes: [{ tableName: "customer" }, { tableName: "orders", newTableName: "orders_v2" }] },
    { dbName: "crm" },
  ],
  wait: { timeoutMinutes: 120 },
});

export const taskId = objects.taskId;
export const dataInitialization = objects.dataInitialization;
export const failedTables = objects.failedTables;
export const runtime = process.version;
export const pulumiSdkVersion = createRequire(import.meta.url)("@pulumi/pulumi/package.json").version;
`;

/**
 * tsconfig.json as `pulumi new typescript` wrote it until March 2026 (pulumi/templates typescript/tsconfig.json
 * before commit 81e65225 "Use moduleResolution: nodenext"): CommonJS, `moduleResolution: node`, no
 * `esModuleInterop`, no `skipLibCheck`. Projects made then still have it; the matrix programs use it.
 */
export const TEMPLATE_TSCONFIG_COMMONJS = {
  compilerOptions: {
    strict: true,
    outDir: "bin",
    target: "es2020",
    module: "commonjs",
    moduleResolution: "node",
    sourceMap: true,
    experimentalDecorators: true,
    pretty: true,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
  },
  files: ["index.ts"],
};

/** tsconfig.json as `pulumi new typescript` writes it today (pulumi/templates typescript/tsconfig.json). */
export const TEMPLATE_TSCONFIG_NODENEXT = {
  compilerOptions: { ...TEMPLATE_TSCONFIG_COMMONJS.compilerOptions, module: "nodenext", moduleResolution: "nodenext" },
  files: ["index.ts"],
};

type TsConfig = typeof TEMPLATE_TSCONFIG_COMMONJS | typeof TEMPLATE_TSCONFIG_NODENEXT;

/** `tsconfig` for TypeScript `major`: as is for 5; for 6 with what the README's Troubleshooting says TypeScript 6 needs. */
export function tsconfigFor(major: string, tsconfig: TsConfig): Record<string, unknown> {
  if (major === "5") return tsconfig;
  if (major === "6") return { ...tsconfig, compilerOptions: { ...tsconfig.compilerOptions, ignoreDeprecations: "6.0", types: ["node"] } };
  throw new Error(`tests/matrix/programs.ts: no tsconfig for TypeScript ${major}`);
}

/** The files of a fresh project for `cell`, depending on the tarball at `tarball` (absolute path). */
export function projectFiles(cell: MatrixCell, tarball: string, name: string): Record<string, string> {
  const v = cellVersions(cell);
  const json = (o: unknown) => `${JSON.stringify(o, null, 2)}\n`;
  const dependencies = { "@pulumi/pulumi": v.pulumi, "pulumi-dts-objects": `file:${tarball}` };
  const pulumiYaml = `name: ${name}\nruntime: nodejs\ndescription: A user's project (runtime matrix)\n`;
  if (cell.program === "esm") {
    return {
      "package.json": json({ name, private: true, type: "module", main: "index.js", dependencies }),
      "Pulumi.yaml": pulumiYaml,
      "index.js": ESM_PROGRAM,
    };
  }
  const tsconfig = tsconfigFor(cell.typescript!, TEMPLATE_TSCONFIG_COMMONJS);
  return {
    "package.json": json({
      name,
      private: true,
      main: "index.ts",
      dependencies,
      devDependencies: { typescript: v.typescript, "@types/node": v.typesNode },
    }),
    "Pulumi.yaml": pulumiYaml,
    "tsconfig.json": json(tsconfig),
    "index.ts": readmeProgram() + TS_PROBES,
  };
}
