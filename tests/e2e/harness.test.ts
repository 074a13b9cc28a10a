/**
 * The harness itself, with a trivial inline dynamic resource: the real CLI and engine, an isolated local backend,
 * a secret config value read in the provider's configure(), partial-failure state and outputs.
 */
import { PulumiProject, ENSURE_PULUMI_TIMEOUT_MS, pulumiBin } from "./pulumi-harness";

const TSCONFIG = JSON.stringify({
  compilerOptions: {
    strict: true, target: "ES2022", module: "commonjs", moduleResolution: "node",
    esModuleInterop: true, ignoreDeprecations: "6.0", skipLibCheck: true,
  },
});

const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";

interface Ins { value: string; fail?: boolean }
// State set in configure() must live on the provider object: a module-level \`let\` is captured by value per
// serialized function, so an assignment in configure() would not be seen by create().
const provider: pulumi.dynamic.ResourceProvider<Ins, any> & { token?: string } = {
  async configure(req: pulumi.dynamic.ConfigureRequest) {
    provider.token = req.config.get("harness:token");
  },
  async create(inputs: Ins) {
    console.error("harness-progress: creating " + inputs.value);
    if (inputs.fail) {
      const message = "harness failure for " + inputs.value;
      throw Object.assign(new Error(message), {
        id: "id-" + inputs.value,
        properties: { value: inputs.value, __provider: (inputs as any).__provider },
        reasons: [message],
      });
    }
    return { id: "id-" + inputs.value, outs: { value: inputs.value, tokenLength: (provider.token ?? "").length } };
  },
  async update(id: string, _olds: any, news: Ins) {
    if (news.fail) {
      const message = "harness failure for " + news.value;
      throw Object.assign(new Error(message), {
        id,
        properties: { value: news.value, __provider: (news as any).__provider },
        reasons: [message],
      });
    }
    return { outs: { value: news.value, tokenLength: (provider.token ?? "").length } };
  },
};

class Thing extends pulumi.dynamic.Resource {
  declare readonly value: pulumi.Output<string>;
  declare readonly tokenLength: pulumi.Output<number>;
  constructor(name: string, args: { value: string; fail?: boolean }) {
    super(provider, name, { ...args, tokenLength: undefined }, {}, "harness", "Thing");
  }
}
const cfg = new pulumi.Config();
const t = new Thing("thing", { value: cfg.require("value"), fail: cfg.getBoolean("fail") });
export const value = t.value;
export const tokenLength = t.tokenLength;
`;

const files = {
  "Pulumi.yaml": "name: harness\nruntime: nodejs\n",
  "tsconfig.json": TSCONFIG,
  "package.json": JSON.stringify({ name: "harness", private: true }),
  "index.ts": PROGRAM,
};

jest.setTimeout(180_000);

beforeAll(async () => {
  await pulumiBin();
}, ENSURE_PULUMI_TIMEOUT_MS);

test("harness: up, outputs, secret config, partial failure, export, destroy", async () => {
  const p = await PulumiProject.create({ files, label: "harness" });
  try {
    await p.setConfig("value", "one");
    await p.setConfig("harness:token", "s3cr3t-token-value", { secret: true });
    const up = await p.up();
    expect(up.output).toContain("harness-progress: creating one");
    expect(await p.outputs()).toEqual({ value: "one", tokenLength: 18 });

    const { text } = await p.exportStack();
    expect(text).not.toContain("s3cr3t-token-value");

    await p.setConfig("value", "two");
    await p.setConfig("fail", "true");
    const failed = await p.up({ allowFailure: true });
    expect(failed.code).not.toBe(0);
    expect(failed.output).toContain("harness failure for two");
    const res = (await p.resources()).find((r) => r.type === "pulumi-nodejs:dynamic/harness:Thing");
    expect(res?.id).toBe("id-one");

    await p.destroy();
    expect((await p.resources()).filter((r) => r.type !== "pulumi:pulumi:Stack")).toEqual([]);
  } finally {
    await p.cleanup();
  }
});
