/**
 * The package's public declarations compile in a user's TypeScript project: the tarball users get (`npm pack` with
 * its lifecycle scripts in a clean copy), installed with npm into a fresh project made from `pulumi new
 * typescript`'s own tsconfig.json (no `skipLibCheck`, no `esModuleInterop`), whose program imports every entry
 * point and uses the resources' Args types, type-checked by `tsc --noEmit` with each TypeScript major of
 * scripts/matrix.json (5 and 6; 6 with what the README asks of it). Both the template's tsconfig of today (module
 * nodenext) and the one it had until March 2026 (commonjs, moduleResolution node: what older projects and the
 * runtime matrix use) are checked. A failure prints the compiler's output.
 *
 * Why: `pulumi up` reports only the program's own errors, so declarations that import a dependency whose types do
 * not compile under the user's settings (zod's `.d.cts` files, 63 TS1259 without `esModuleInterop` under
 * TypeScript 5) pass the runtime matrix and still break a user's `tsc`, IDE or CI type-check. The public surface
 * therefore names no zod type: the program must not load zod's declarations at all.
 *
 * TypeScript compilers come from scripts/ensure-typescript.js (npm registry, cached outside the repo); the project's
 * other packages install like the matrix's (`npm install --prefer-offline`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ensureTypeScript } from "../../scripts/ensure-typescript";
import { MATRIX } from "../../scripts/matrix";
import { makeTempDir, REPO_ROOT, run } from "../../scripts/pulumi-env";
import { packCleanCopy } from "../support/matrix-pack";
import { TEMPLATE_TSCONFIG_COMMONJS, TEMPLATE_TSCONFIG_NODENEXT, tsconfigFor } from "../support/matrix-programs";

jest.setTimeout(300_000);

/**
 * A user's program: every entry point imported, the resources built from their Args types, SDK and emulator types
 * used. The `@ts-expect-error` lines prove the types are real (an `any` would make them unused directives, an error).
 */
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import {
  DtsJobInitialization,
  DtsJobModification,
  SynchronizationJobInitialization,
  SynchronizationObjectModification,
  getSynchronizationObjectModifyStatus,
  type DtsJobInitializationArgs,
  type DtsJobModificationArgs,
  type InitializationResource,
  type SynchronizationObjectModificationArgs,
} from "pulumi-dts-objects";
import * as sdk from "pulumi-dts-objects/sdk";
import { startEmulator, type EmulatorOptions, type FaultConfig, type StsCredential } from "pulumi-dts-objects/emulator";
import { CLI_PATH, ExitCode } from "pulumi-dts-objects/cli";

const config = new pulumi.Config();
const objectsArgs: SynchronizationObjectModificationArgs = {
  synchronizationJobId: config.require("jobId"),
  synchronizationObjects: [{ dbName: "shop", tableIncludes: [{ tableName: "customer" }, { tableName: "orders", newTableName: "orders_v2" }] }],
  wait: { timeoutMinutes: 120 },
};
export const objects = new SynchronizationObjectModification("shop-objects", objectsArgs);
export const taskId: pulumi.Output<string | undefined> = objects.taskId;

const jobArgs: DtsJobModificationArgs = {
  dtsJobId: config.require("dtsJobId"),
  dbList: { shop: { name: "shop", all: true } },
  wait: { timeoutMinutes: 60 },
};
export const job = new DtsJobModification("shop-job", jobArgs);

// The members the resources share are declared once in a base (InitializationResource, InitializationArgs,
// ModificationArgs): they keep each resource's own types.
const readyArgs: DtsJobInitializationArgs = {
  dtsJobId: config.require("dtsJobId"),
  wait: { timeoutMinutes: 24 * 60 },
  caughtUp: { maxDelaySeconds: 5 },
  failOn: { failedObjects: false },
};
export const ready = new DtsJobInitialization("shop-ready", readyArgs);
export const synced = new SynchronizationJobInitialization("shop-synced", { synchronizationJobId: config.require("jobId"), regionId: "cn-hangzhou" });
const gate = (r: InitializationResource<unknown>): pulumi.Output<string> => pulumi.interpolate\`\${r.stage} \${r.polls} \${r.initialized}\`;
export const gates = [gate(ready), gate(synced)];
export const acceptsFailedObjects: pulumi.Output<boolean | undefined> = ready.failOn.apply((f) => f?.failedObjects);
export const failedTableCount: pulumi.Output<number> = synced.failedTables.apply((t) => t.length);
// @ts-expect-error: a DtsJobInitialization's failOn takes failedObjects, not failedTables
const badFailOn: DtsJobInitializationArgs = { dtsJobId: "j", failOn: { failedTables: true } };
// @ts-expect-error: regionId is a string
const badRegion: SynchronizationObjectModificationArgs = { synchronizationJobId: "j", regionId: 5 };

// @ts-expect-error: synchronizationJobId is required
const missingJob: SynchronizationObjectModificationArgs = { synchronizationObjects: [{ dbName: "shop" }] };
// @ts-expect-error: a table is {tableName, newTableName?}
const badTable: SynchronizationObjectModificationArgs = { synchronizationJobId: "j", synchronizationObjects: [{ dbName: "d", tableIncludes: [{ table: "t" }] }] };

export async function lookups(client: sdk.DtsClient): Promise<string> {
  const status = await getSynchronizationObjectModifyStatus({ taskId: "t" });
  const detail: sdk.DtsJobDetail = sdk.DescribeDtsJobDetailResponse.parse({ RequestId: "r", Status: "synchronizing" });
  const reply: sdk.ResponseOf<"ModifyDtsJob"> = sdk.decodeResponse("ModifyDtsJob", "{}");
  const parsed = sdk.RESPONSE_SCHEMAS.DescribePreCheckStatus.safeParse({});
  const pages = parsed.success ? parsed.data.jobProgress.length : parsed.error.issues.length;
  const dbs: sdk.SynchronizationDatabase[] = sdk.SynchronizationObjectsInput.parse([{ dbName: "shop" }]);
  // @ts-expect-error: WireNumber parses to a number
  const notText: string = sdk.WireNumber.parse("1");
  const page = await client.describeInitializationStatus({ synchronizationJobId: "j" });
  return [status.status, detail.status, reply.requestId, pages, dbs.length, notText, page.dataInitializationDetails.length].join();
}

export async function emulator(): Promise<number> {
  const faults: FaultConfig = { throttle: 0.1, sequence: ["reset"] };
  const sts: StsCredential = { accessKeyId: "a", accessKeySecret: "s", securityToken: "t" };
  const options: EmulatorOptions = { scenario: { name: "failed-tables", failedTables: { fraction: 0.5 } }, faults, stsTokens: [sts] };
  const emu = await startEmulator(options);
  await emu.stop();
  return ExitCode.Done + CLI_PATH.length;
}
export const unused = [missingJob, badTable, badFailOn, badRegion];
`;

const TSCONFIGS = { nodenext: TEMPLATE_TSCONFIG_NODENEXT, commonjs: TEMPLATE_TSCONFIG_COMMONJS } as const;

let root: string;
let project: string;

beforeAll(async () => {
  root = makeTempDir("pulumi-dts-types-");
  expect(path.relative(REPO_ROOT, root).startsWith("..")).toBe(true);
  const packed = await packCleanCopy(root);
  project = path.join(root, "project");
  fs.mkdirSync(project);
  const json = (o: unknown) => `${JSON.stringify(o, null, 2)}\n`;
  // The Node-20 pins (this repository's Node): @pulumi/pulumi is the package's peer dependency, its types are part of
  // the resources' types.
  fs.writeFileSync(
    path.join(project, "package.json"),
    json({
      name: "public-types",
      private: true,
      main: "index.ts",
      dependencies: { "@pulumi/pulumi": MATRIX.pulumi.node20, "pulumi-dts-objects": `file:${packed.tarball}` },
      devDependencies: { "@types/node": MATRIX.typesNode["20"] },
    }),
  );
  fs.writeFileSync(path.join(project, "index.ts"), PROGRAM);
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  const r = await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], {
    cwd: project,
    env: { ...env, npm_config_update_notifier: "false" },
    timeoutMs: 600_000,
  });
  if (r.code !== 0) throw new Error(`npm install in ${project} failed (exit ${r.code}):\n${r.output.slice(-4000)}`);
}, 900_000);

afterAll(() => {
  if (root && !process.env.E2E_KEEP) fs.rmSync(root, { recursive: true, force: true });
});

describe.each(Object.keys(MATRIX.typescript).map((major) => [major, MATRIX.typescript[major]!] as const))("TypeScript %s (%s)", (major, version) => {
  let tsc: string;
  beforeAll(() => {
    tsc = ensureTypeScript(version, { onProgress: (l) => process.stderr.write(`${l}\n`) });
  }, 600_000);

  test.each(Object.keys(TSCONFIGS) as (keyof typeof TSCONFIGS)[])(
    "pulumi new typescript's tsconfig (%s): tsc --noEmit passes, and no zod declaration is loaded",
    async (kind) => {
      const config = `tsconfig.${kind}.ts${major}.json`;
      const tsconfig = tsconfigFor(major, TSCONFIGS[kind]);
      expect(JSON.stringify(tsconfig)).not.toMatch(/skipLibCheck|esModuleInterop/);
      fs.writeFileSync(path.join(project, config), `${JSON.stringify(tsconfig, null, 2)}\n`);
      const r = await run(process.execPath, [tsc, "--noEmit", "-p", config, "--pretty", "false", "--listFiles"], { cwd: project, timeoutMs: 240_000 });
      const files = r.stdout.split("\n").filter((l) => l.startsWith("/"));
      const diagnostics = r.output
        .split("\n")
        .filter((l) => l.trim() && !l.startsWith("/"))
        .join("\n");
      if (r.code !== 0) throw new Error(`tsc ${version} --noEmit -p ${config} failed (exit ${r.code}):\n${diagnostics.slice(0, 8000)}`);
      expect(diagnostics).toBe("");
      // The program really read the package's declarations of every entry point, and none of zod's.
      for (const entry of ["provider/index", "sdk/index", "emulator/index", "cli/api"]) {
        expect(files).toContain(path.join(fs.realpathSync(project), "node_modules", "pulumi-dts-objects", "dist", `${entry}.d.ts`));
      }
      expect(files.filter((f) => f.includes("/node_modules/zod/"))).toEqual([]);
    },
  );
});
